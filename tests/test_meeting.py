from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from emptychair.core.meeting import (
    CHAIR,
    CLOSING,
    ITEM,
    ROUND,
    ActionTaken,
    Answered,
    Assigned,
    Attended,
    Back,
    CustomerSaid,
    Ended,
    Entered,
    Event,
    Meeting,
    Next,
    Parked,
    Paused,
    Rated,
    Recognized,
    Resumed,
    Skipped,
    Stays,
    TopicAdded,
    Undone,
    VoteAsked,
    VoteCast,
    apply,
    chair_steps,
    replay,
    start,
    take_back,
    to_minutes,
)
from emptychair.core.minutes import Action
from emptychair.core.questions import choose
from emptychair.core.quotes import Heard
from emptychair.core.vote import Ballot
from emptychair.files.config import load_agenda, shipped
from emptychair.files.draft import draft_of, dump_draft, load_draft

from .conftest import CET, EXAMPLE

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=CET)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def begin(path: Path = EXAMPLE) -> Meeting:
    agenda = load_agenda(path)
    questions = choose(shipped("en").standard(), [], chair_steps(agenda))
    return start(agenda, questions, T0)


def attend(m: Meeting) -> Meeting:
    return apply(m, Attended(at(1), present=("Anna", "Bram"), guests=("Eve",)))


def test_steps_follow_the_agenda() -> None:
    m = begin()
    kinds = [(s.kind, s.item, s.moment) for s in m.steps]
    assert kinds == [
        ("attendance", None, ""),
        ("chair", None, "opening"),
        ("item", 0, ""),
        ("item", 1, ""),
        ("chair", 1, "after-item"),
        ("item", 2, ""),
        ("chair", None, "closing"),
        ("closing", None, ""),
    ]
    assert [q.id for q in m.questions] == ["irritates", "attention", "communication"]


def test_a_whole_meeting_becomes_minutes() -> None:
    m = attend(begin())
    assert m.step.kind == CHAIR and m.chair[0].asked
    m = apply(m, Answered(at(2), "We make them log in"))
    m = apply(m, ActionTaken(at(3), Action("aaa222", "Mail invoices", "Bram")))
    m = apply(m, Next(at(4)))
    assert m.step.kind == ITEM and m.clock_since == at(4)
    m = apply(m, Entered(at(5), "note", "FAQ works"))
    m = apply(m, Entered(at(6), "decision", "Answer within a day"))
    m = apply(m, Entered(at(6), "link", "https://example.org"))
    m = apply(m, Next(at(10)))
    m = apply(m, Skipped(at(10)))  # the chair after item 2 is passed over: nothing was said in it
    m = apply(m, Entered(at(12), "info", "Portal down"))
    m = apply(m, Next(at(25)))
    m = apply(m, Answered(at(26), "They feel heard"))
    m = apply(m, Next(at(27)))
    assert m.step.kind == CLOSING
    m = apply(m, Next(at(28)))
    assert m.finished
    minutes = to_minutes(m)
    assert minutes.started == T0 and minutes.ended == at(28)
    assert minutes.present == ("Anna", "Bram") and minutes.guests == ("Eve",)
    assert minutes.absent == ("Chris", "Dewi")
    first, second, third = minutes.items
    assert (first.notes, first.decisions, first.links) == (
        ("FAQ works",),
        ("Answer within a day",),
        ("https://example.org",),
    )
    assert (first.planned_minutes, first.actual_minutes, first.status) == (5, 6, "done")
    assert second.status == "skipped" and second.actual_minutes == 0
    assert third.notes == ("Portal down",) and third.actual_minutes == 15
    assert [(c.moment, c.after_item, c.question_id, c.answer) for c in minutes.chair] == [
        ("opening", "", "irritates", "We make them log in"),
        ("closing", "", "attention", "They feel heard"),  # the question the skipped item did not use
    ]
    assert minutes.chair[0].actions == (Action("aaa222", "Mail invoices", "Bram"),)


def into_first_item(m: Meeting) -> Meeting:
    m = attend(m)
    return apply(m, Next(at(2)))


def test_undo_takes_back_the_last_entry_of_the_step() -> None:
    m = into_first_item(begin())
    m = apply(m, Entered(at(3), "note", "one"))
    m = apply(m, ActionTaken(at(3), Action("bbb333", "two")))
    m = apply(m, Entered(at(3), "decision", "three"))
    m = apply(m, Undone(at(4)))
    m = apply(m, Undone(at(4)))
    item = m.items[0]
    assert (item.notes, item.actions, item.decisions) == (("one",), (), ())
    m = apply(m, Undone(at(4)))
    m = apply(m, Undone(at(4)))  # nothing left: no change
    assert m.items[0].notes == ()


def undo(m: Meeting, when: float = 9) -> Meeting:
    """#undo as the prompt types it: what it takes back is the last thing typed in the step."""
    done = take_back(m, at(when))
    assert isinstance(done, Undone), done
    return apply(m, done)


def test_undo_takes_back_asides_too_in_the_order_they_were_typed() -> None:
    m = into_first_item(begin())
    m = apply(m, Entered(at(3), "note", "one"))
    m = apply(m, Parked(at(3), "office move"))
    m = apply(m, CustomerSaid(at(3), Heard("hrd111", "It takes too long", "nps", "3")))
    before_topic = m
    m = apply(m, TopicAdded(at(4), "Hold music", 5))
    m = apply(m, Entered(at(5), "decision", "two"))
    m = undo(m)
    assert m.items[0].decisions == () and m.agenda.items[1].title == "Hold music"
    m = undo(m)  # the topic: the agenda, the items and every step as they were before it
    assert (m.agenda, m.items, m.steps, m.position) == (
        before_topic.agenda,
        before_topic.items,
        before_topic.steps,
        before_topic.position,
    )
    m = undo(m)
    assert m.heard == () and m.parked == ("office move",)
    m = undo(m)
    assert m.parked == () and m.items[0].notes == ("one",)
    m = undo(m)
    assert m.items[0] == into_first_item(begin()).items[0]
    assert replay(begin(), m.events) == m  # the draft's events rebuild it, #undo and all
    m = apply(m, Ended(at(10)))
    m = apply(m, Next(at(11)))
    minutes = to_minutes(apply(m, Next(at(12))))
    assert [i.title for i in minutes.items] == [i.title for i in begin().agenda.items]
    assert (minutes.parked, minutes.heard, minutes.items[0].notes) == ((), (), ())


def test_a_draft_keeps_which_aside_an_undo_took_back() -> None:
    m = into_first_item(begin())
    m = apply(m, Entered(at(3), "note", "one"))
    m = apply(m, Parked(at(3), "office move"))
    m = apply(m, TopicAdded(at(3), "Hold music", 5))
    m = undo(undo(m))
    text = dump_draft(draft_of(m))
    assert text.count('what = "topic"') == 1 and text.count('what = "park"') == 1
    again = load_draft(text, "draft.toml").meeting()
    assert again == m and (again.items[0].notes, again.parked) == (("one",), ())


def test_an_undone_park_is_the_one_typed_in_this_item() -> None:
    """Parked from two items: #undo back in the first takes back its own, not the one typed later."""
    m = into_first_item(begin())
    m = apply(m, Parked(at(3), "office move"))
    m = apply(m, Next(at(4)))
    m = apply(m, Parked(at(5), "parking fees"))
    m = apply(m, CustomerSaid(at(5), Heard("hrd222", "Too slow")))
    m = apply(m, Back(at(6)))
    m = apply(m, CustomerSaid(at(6), Heard("hrd333", "Friendly")))
    m = undo(m)
    assert [h.text for h in m.heard] == ["Too slow"]
    m = undo(m)
    assert m.parked == ("parking fees",)
    m = apply(m, Next(at(7)))
    m = undo(m)
    assert m.heard == () and m.parked == ("parking fees",)
    m = undo(m)
    assert m.parked == () and replay(begin(), m.events) == m


def test_a_topic_added_in_a_closing_round_turn_is_taken_back_with_its_steps() -> None:
    agenda = replace(begin().agenda, closing_round=True)
    m = start(agenda, begin().questions, T0)
    m = attend(m)
    m = apply(apply(m, Next(at(2))), Ended(at(2)))  # through the first item on to the round
    assert m.step.kind == ROUND
    turns = (m.agenda, m.items, m.steps, m.position)
    m = apply(m, TopicAdded(at(3), "Hiring", 2))
    assert m.steps[m.position + 1].item == m.step.index - 1  # right after this turn, before the round
    m = undo(m)
    assert (m.agenda, m.items, m.steps, m.position) == turns


def test_an_added_topic_already_taken_up_stays() -> None:
    m = into_first_item(begin())
    m = apply(m, TopicAdded(at(3), "Hold music", 5))
    m = apply(m, Next(at(4)))  # into Hold music: its clock runs
    m = apply(m, Back(at(6)))
    assert m.step.index == 0
    assert take_back(m, at(7)) == Stays("taken_up", "Hold music")
    with pytest.raises(ValueError):
        apply(m, Undone(at(7), "topic"))
    m = apply(m, Entered(at(7), "note", "after it"))
    m = undo(m)  # an entry typed after it is taken back as ever
    assert m.items[0].notes == () and take_back(m, at(8)) == Stays("taken_up", "Hold music")


def test_a_round_of_dots_held_in_an_item_is_not_taken_back_nor_what_came_before() -> None:
    m = into_first_item(begin())
    m = apply(m, Entered(at(3), "note", "kept"))
    m = apply(m, VoteAsked(at(4)))
    m = apply(m, VoteCast(at(4), Ballot("Anna", (2,))))
    m = apply(m, Undone(at(4)))  # under way: the last person's dots
    assert m.vote is not None and m.vote.ballots == ()
    for person in ("Anna", "Bram", "Eve"):
        m = apply(m, VoteCast(at(5), Ballot(person, (2,))))
    assert m.vote is None
    assert take_back(m, at(6)) == Stays("vote")
    assert m.items[0].notes == ("kept",)


def test_an_undo_from_a_draft_of_before_takes_back_the_entry_as_it_did() -> None:
    """An #undo written before asides could be taken back names none: replayed, it takes back the
    item's last entry, as the room saw it do; the aside typed after it is then the last thing typed."""
    m = into_first_item(begin())
    m = apply(m, Entered(at(3), "note", "one"))
    m = apply(m, Parked(at(3), "office move"))
    m = apply(m, Undone(at(4)))
    assert (m.items[0].notes, m.parked) == ((), ("office move",))
    m = undo(m)
    assert m.parked == ()


def test_ending_early_keeps_unreached_items_and_still_closes() -> None:
    m = into_first_item(begin())
    m = apply(m, Entered(at(3), "note", "talked"))
    m = apply(m, Ended(at(4)))
    assert m.step.moment == "closing" and not m.finished
    m = apply(m, Next(at(5)))
    m = apply(m, Next(at(6)))
    minutes = to_minutes(m)
    assert [i.status for i in minutes.items] == ["done", "not reached", "not reached"]
    assert [c.moment for c in minutes.chair] == ["opening", "closing"]  # the after-item chair was not reached
    # the question meant for the step that was not reached is the next one the chair asks
    assert minutes.chair[1].question_id == "attention"


def test_pause_and_resume_count_only_time_in_the_item() -> None:
    m = into_first_item(begin())
    m = apply(m, Paused(at(5)))  # 3 minutes in
    assert m.item_seconds(at(60)) == 180
    m = apply(m, Resumed(at(60)))
    assert m.item_seconds(at(61)) == 240
    m = apply(m, Next(at(62)))
    m = apply(m, Ended(at(63)))
    assert m.items[0].seconds == 300


def test_owners_can_be_filled_in_later() -> None:
    m = into_first_item(begin())
    m = apply(m, ActionTaken(at(3), Action("ccc444", "call")))
    m = apply(m, Assigned(at(4), Action("ccc444", "call", "Eve")))
    assert m.items[0].actions == (Action("ccc444", "call", "Eve"),)


def test_replaying_the_events_rebuilds_the_same_meeting() -> None:
    m = into_first_item(begin())
    m = apply(m, Entered(at(3), "note", "one"))
    m = apply(m, Skipped(at(4)))
    assert replay(begin(), m.events) == m


@pytest.mark.parametrize(
    "event",
    [Answered(at(1), "x"), Entered(at(1), "note", "x"), Next(at(1)), Undone(at(1)), Rated(at(1), "red")],
)
def test_events_that_do_not_fit_the_step_are_bugs(event: Event) -> None:
    with pytest.raises(ValueError):
        apply(begin(), event)


def test_the_chair_can_speak_after_every_item(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text(
        EXAMPLE.read_text("utf-8").replace("closing = true", "closing = true\nafter_every_item = true")
    )
    moments = [(s.moment, s.item) for s in begin(path).steps if s.kind == "chair"]
    assert moments == [
        ("opening", None),
        ("after-item", 0),
        ("after-item", 1),
        ("after-item", 2),
        ("closing", None),
    ]


def test_the_chair_speaks_when_its_minutes_have_passed(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text(
        EXAMPLE.read_text("utf-8")
        .replace("closing = true", "closing = true\nevery_minutes = 8")
        .replace("chair_after = true", "chair_after = false")
    )
    m = attend(begin(path))  # the chair at the opening speaks at minute 1
    m = apply(m, Next(at(2)))
    m = apply(m, Next(at(6)))  # item 1 ends 5 minutes after the chair spoke: passed over
    assert m.step.kind == "item" and m.step.item == 1
    m = apply(m, Next(at(12)))  # item 2 ends 11 minutes after: the chair speaks
    assert (m.step.kind, m.step.moment) == ("chair", "timed")
    m = apply(m, Answered(at(13), "better"))
    m = apply(m, Rated(at(13), "green"))
    m = apply(m, Next(at(14)))
    m = apply(m, Next(at(20)))  # item 3 → the closing chair
    m = apply(m, Next(at(21)))
    m = apply(m, Recognized(at(22), "Dewi", "answered on Sunday"))
    m = apply(m, Recognized(at(22)))
    m = apply(m, Next(at(23)))
    minutes = to_minutes(m)
    assert [(c.moment, c.after_item, c.rating) for c in minutes.chair] == [
        ("opening", "", ""), ("timed", "Invoice portal complaints", "green"), ("closing", "", ""),
    ]  # fmt: skip
    assert [(r.person, r.text) for r in minutes.recognition] == [("Dewi", "answered on Sunday")]
