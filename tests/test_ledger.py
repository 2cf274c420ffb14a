from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from emptychair.core.ledger import build
from emptychair.core.minutes import Action, FollowUp
from emptychair.errors import EmptyChairError
from emptychair.files.folder import Folder

from .history import CHAIR_ACTION, ITEM_ACTION, meeting, monday, read, write


def test_actions_are_created_carried_reassigned_and_closed(tmp_path: Path) -> None:
    third = Action("th1rdd", "Call Jansen", "Chris")
    write(
        tmp_path,
        meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)),
        meeting(1, followups=(FollowUp("it1bbb", monday(1), "open", owner="Chris", due=date(2026, 11, 13)),)),
        meeting(2, actions=(third,), followups=(FollowUp("it1bbb", monday(2), "done", note="shipped"),)),
        meeting(3, followups=(FollowUp("th1rdd", monday(3), "dropped", note="customer left"),)),
    )
    ledger, meetings, problems = read(tmp_path)
    assert problems == [] and len(meetings) == 4
    by_id = {t.action.id: t for t in ledger.actions}
    item = by_id["it1bbb"]
    assert (item.action.status, item.action.owner, item.action.due) == ("done", "Chris", date(2026, 11, 13))
    assert (item.origin, item.source, item.age, item.closed) == ("item", "Feedback", 2, monday(2))
    assert [h.note for h in item.history] == ["", "shipped"]
    chair = by_id["ch1aaa"]
    assert (chair.origin, chair.source, chair.age, chair.is_open) == ("chair", "irritates", 3, True)
    assert chair.question == "Which of our behaviours irritates our customer?"
    assert by_id["th1rdd"].action.status == "dropped" and by_id["th1rdd"].age == 1
    assert [t.action.id for t in ledger.open()] == ["ch1aaa"]


def test_follow_ups_between_meetings_count(tmp_path: Path) -> None:
    write(tmp_path, meeting(0, actions=(ITEM_ACTION,)))
    Folder(tmp_path).write_followups((FollowUp("it1bbb", monday(0) + timedelta(days=2), "done"),), monday(0))
    ledger, _, problems = read(tmp_path)
    assert problems == []
    assert ledger.find("it1").action.status == "done"


def test_follow_ups_from_two_clones_merge_without_losing_either(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    write(origin, meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)))
    clone_a, clone_b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(origin, clone_a)
    shutil.copytree(origin, clone_b)
    a = Folder(clone_a).write_followups(
        (FollowUp("it1bbb", monday(0) + timedelta(days=1), "done"),), monday(0)
    )
    b = Folder(clone_b).write_followups(
        (FollowUp("ch1aaa", monday(0) + timedelta(days=2), "open", owner="Chris"),), monday(0)
    )
    assert a.name != b.name  # two people, the same minute: still two files
    for source in (clone_a, clone_b):  # what a merge of both clones holds: every file of both
        for path in source.glob("*.toml"):
            target = origin / path.name
            assert not target.exists() or target.read_bytes() == path.read_bytes()  # no conflict
            shutil.copy(path, target)
    ledger, _, problems = read(origin)
    assert problems == []
    assert ledger.find("it1bbb").action.status == "done"
    assert ledger.find("ch1aaa").action.owner == "Chris"


def test_the_later_of_two_follow_ups_wins_in_every_clone(tmp_path: Path) -> None:
    early = FollowUp("it1bbb", monday(0) + timedelta(days=1), "done")
    late = FollowUp("it1bbb", monday(0) + timedelta(days=2), "open", note="reopened")
    past = [("m", meeting(0, actions=(ITEM_ACTION,)))]
    assert build(past, [early, late]) == build(past, [late, early])
    assert build(past, [late, early]).find("it1bbb").action.status == "open"


def test_a_follow_up_of_an_unknown_action_is_reported(tmp_path: Path) -> None:
    write(tmp_path, meeting(0, followups=(FollowUp("gh0stx", monday(0), "done"),)))
    _, _, problems = read(tmp_path)
    assert [p.message for p in problems] == ["a follow-up of 2026-10-26 names unknown action 'gh0stx'"]


def test_a_broken_file_is_skipped_and_the_rest_counts(tmp_path: Path) -> None:
    write(tmp_path, meeting(0, actions=(ITEM_ACTION,)))
    (tmp_path / "2026-11-01T000000-x.followup.toml").write_text("[[followups]\naction =", encoding="utf-8")
    ledger, _, problems = read(tmp_path)
    assert [t.action.id for t in ledger.open()] == ["it1bbb"]
    assert problems[0].message.startswith("2026-11-01T000000-x.followup.toml:1:")


@pytest.mark.parametrize(
    ("said", "message"),
    [
        ("zzz", "no action with id 'zzz'"),
        ("it1bbx", "no action with id 'it1bbx'; closest: it1bbb"),
        ("", "no action id given; emptychair actions lists them"),  # an empty start matches every id
    ],
)
def test_wrong_ids_name_the_closest(said: str, message: str) -> None:
    ledger = build([("m", meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)))])
    with pytest.raises(EmptyChairError) as caught:
        ledger.find(said)
    assert caught.value.message == message


def test_a_link_made_beside_a_close_is_no_conflict_and_changes_no_state(tmp_path: Path) -> None:
    """A push in one clone and a done in another, neither seeing the other: the link only says
    where the action lives, so the action is done, linked, and not in conflict; the read model
    says the same as the ledger."""
    past = [("m", meeting(0, actions=(ITEM_ACTION,)))]
    made = build(past).find("it1bbb")
    at = monday(0) + timedelta(days=1)
    done = made.next_record("rec0done00", at, "done", note="sent")
    link = made.next_record("rec0link00", at, "open", link="https://tracker.example/issues/7")
    for records in ([done, link], [link, done]):
        t = build(past, records).find("it1bbb")
        assert (t.action.status, t.link, t.conflict) == ("done", "https://tracker.example/issues/7", ())
        assert t.closed == at
    write(tmp_path, past[0][1])
    Folder(tmp_path).write_followups((done, link), at)
    t = read(tmp_path)[0].find("it1bbb")
    assert (t.action.status, t.link, t.conflict, t.closed) == (
        "done",
        "https://tracker.example/issues/7",
        (),
        at,
    )
