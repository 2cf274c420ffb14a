"""An action's follow-ups count in the order they were made, whatever the clocks say.

Two commands run back to back within one second, a meeting whose follow-up meets a change made
from another shell, records of earlier versions beside new ones, and a killed meeting beside a
clone's meeting of the same title and second. Records made apart in two clones are in
tests/test_sync.py.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.clock import now
from emptychair.core.ledger import build, order, record_id
from emptychair.core.minutes import FollowUp
from emptychair.files.folder import Folder
from emptychair.terminal.run import run_meeting

from .conftest import CET, ROOT, Clock, meet, pipe_keys, screen
from .history import CHAIR_ACTION, ITEM_ACTION, meeting, monday, write
from .person import EXE
from .test_readmodel import LATER, check
from .test_readside import cli
from .test_recording import CHILD, START, agenda

ENTER = "\r"
ONE_SECOND = datetime(2026, 11, 24, 10, 0, 0, tzinfo=CET)
# after the follow-up's last key: nothing for the chair, #end in the first item, nothing at the
# closing; each key answered with the Enter a person types after it by habit (dropped)
SHORT_REST = ENTER + ENTER + "#end" + ENTER + "y" + ENTER + ENTER + ENTER


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)))
    return tmp_path


@pytest.fixture
def one_second(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command reads the same second off the clock, as two run back to back so often do."""
    monkeypatch.setattr("emptychair.clock.now", lambda: ONE_SECOND)


def act(folder: Path, *args: str) -> tuple[int, str]:
    code, out, err = cli("actions", *args, "--minutes", str(folder))
    return code, out + err


def standing(folder: Path) -> dict[str, dict[str, object]]:
    code, said = act(folder, "--json", "--all")
    assert code == 0, said
    return {row["id"]: row for row in json.loads(said)["actions"]}


def records(folder: Path) -> list[dict[str, object]]:
    return [
        r
        for p in sorted(folder.glob("*.followup.toml"))
        for r in tomllib.loads(p.read_text("utf-8"))["followups"]
    ]


# --- two commands within one second ------------------------------------------------------------


def test_reassign_then_done_in_one_second_is_done(folder: Path, one_second: None) -> None:
    assert act(folder, "reassign", "it1bbb", "Chris")[0] == 0
    assert act(folder, "done", "it1bbb", "--note", "shipped")[0] == 0
    row = standing(folder)["it1bbb"]
    assert (row["status"], row["owner"], row.get("conflict")) == ("done", "Chris", [])
    assert "it1bbb" not in act(folder)[1]  # no longer listed as open
    first, second = sorted(records(folder), key=lambda r: int(str(r["rev"])))
    assert first["at"] == second["at"]  # one second: the clock cannot tell which came first
    assert second["after"] == [first["id"]] and (first["rev"], second["rev"]) == (1, 2)


def test_the_last_of_four_due_dates_in_one_second_stays(folder: Path, one_second: None) -> None:
    dates = ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]
    for day in dates:  # in the old order the file names' random letters chose among them
        assert act(folder, "due", "ch1aaa", day)[0] == 0
    assert len({r["at"] for r in records(folder)}) == 1
    assert standing(folder)["ch1aaa"]["due"] == dates[-1]
    check(folder, LATER)  # the read model says what the core says


def test_the_installed_command_run_back_to_back(folder: Path) -> None:
    def run(*args: str) -> None:
        done = subprocess.run([str(EXE), "actions", *args, "--minutes", str(folder)], capture_output=True)
        assert done.returncode == 0, done.stderr

    run("reassign", "it1bbb", "Chris")
    run("done", "it1bbb")
    row = standing(folder)["it1bbb"]
    assert (row["status"], row["owner"]) == ("done", "Chris")


# --- the order itself ----------------------------------------------------------------------------


def loose(folder: Path, *found: FollowUp) -> None:
    for record in found:
        Folder(folder).write_followups((record,), record.at)


def test_records_of_earlier_versions_keep_their_order_and_come_before_the_ones_that_saw_them(
    folder: Path,
) -> None:
    at = monday(1)
    old_done = FollowUp("it1bbb", at, "done")
    old_open = FollowUp("it1bbb", at, "open", owner="Chris")  # one second: "done" < "open", as before
    loose(folder, old_done, old_open)
    assert standing(folder)["it1bbb"]["status"] == "open"
    reopened = FollowUp("it1bbb", at - timedelta(days=9), "done", note="clock a week behind")
    loose(folder, replace_seen(reopened, [old_open], "newrecord2"))
    row = standing(folder)["it1bbb"]
    assert (row["status"], row["owner"], row["conflict"]) == ("done", "Chris", [])
    check(folder, LATER)


def replace_seen(record: FollowUp, seen: list[FollowUp], rid: str) -> FollowUp:
    from dataclasses import replace

    return replace(record, id=rid, after=tuple(record_id(f) for f in seen), rev=1 + max(f.rev for f in seen))


def test_records_that_did_not_see_each_other_are_a_conflict_until_one_sees_both(folder: Path) -> None:
    base = FollowUp("ch1aaa", monday(1), "open", owner="Chris", id="basebasexy", rev=1)
    apart_a = FollowUp(
        "ch1aaa", monday(1) + timedelta(days=3), "done", id="zzzzzzzzz2", after=(base.id,), rev=2
    )
    apart_b = FollowUp(
        "ch1aaa",
        monday(1) + timedelta(days=1),
        "open",
        owner="Dewi",
        id="aaaaaaaaa2",
        after=(base.id,),
        rev=2,
    )
    loose(folder, base, apart_a, apart_b)
    row = standing(folder)["ch1aaa"]
    # the same rev: by id, in every clone; each record applied in that order, the last word wins
    assert (row["status"], row["owner"]) == ("done", "Dewi")
    assert row["conflict"] == [
        {"status": "open", "owner": "Dewi", "due": None},
        {"status": "done", "owner": "Chris", "due": None},
    ]
    listed = act(folder)[1]  # closed by the rule, yet listed: nobody has settled it
    assert "ch1aaa" in listed and "changed in two places at once: open, Dewi | done, Chris" in listed
    check(folder, LATER)
    assert act(folder, "reopen", "ch1aaa", "--note", "Dewi is on it")[0] == 0  # sees both: settles it
    row = standing(folder)["ch1aaa"]
    assert (row["status"], row["owner"], row["conflict"]) == ("open", "Dewi", [])
    check(folder, LATER)


def test_an_old_record_that_a_new_one_did_not_see_is_a_conflict() -> None:
    new = FollowUp("it1bbb", monday(1), "done", id="seennothin", rev=1)
    old = FollowUp("it1bbb", monday(2), "dropped", note="an earlier version, later")
    ledger = build([("m", meeting(0, actions=(ITEM_ACTION,)))], [old, new])
    t = ledger.find("it1bbb")
    assert t.action.status == "done" and [s.status for s in t.conflict] == ["dropped", "done"]
    assert t.seen == ((record_id(old), "seennothin"), 2)  # what the next record follows: both


def test_the_order_does_not_depend_on_the_order_read_or_the_clocks() -> None:
    d = FollowUp("it1bbb", monday(0), "open", note="of an earlier version", owner="Bram")
    a = FollowUp("it1bbb", monday(5), "done", id="aaaa", after=(record_id(d),), rev=1)
    b = FollowUp("it1bbb", monday(1), "open", owner="Dewi", id="bbbb", after=("aaaa",), rev=2)
    c = FollowUp("it1bbb", monday(3), "open", due=date(2026, 12, 1), id="cccc", after=("aaaa",), rev=2)
    past = [("m", meeting(0, actions=(ITEM_ACTION,)))]
    seen = {build(past, list(p)).find("it1bbb") for p in itertools.permutations([a, b, c, d])}
    assert len(seen) == 1
    (t,) = seen
    assert [r.id for r in t.history] == ["", "aaaa", "bbbb", "cccc"] == [r.id for r in order([c, b, a, d])]
    assert (t.action.owner, t.action.due, len(t.conflict)) == ("Dewi", date(2026, 12, 1), 2)


# --- the meeting's follow-up and another shell ---------------------------------------------------


def test_a_follow_up_reads_again_what_another_shell_recorded_during_the_meeting(
    team: Path, keys: PipeInput
) -> None:
    write(team / "minutes", meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)))
    # the follow-up asks it1bbb (Anna, overdue) first, then ch1aaa (Bram)
    drafts = team / "minutes" / ".drafts"

    def other_shell(*args: str) -> None:
        done = subprocess.run(
            [str(EXE), "actions", *args, "--minutes", str(team / "minutes")], capture_output=True
        )
        assert done.returncode == 0, done.stderr

    def room() -> None:
        try:
            deadline = time.monotonic() + 20
            while not any(drafts.glob("*.toml")) and time.monotonic() < deadline:
                time.sleep(0.02)  # the attendance is saved: the follow-up waits for its first key
            other_shell("done", "it1bbb", "--note", "fixed from my desk")
            other_shell("reassign", "ch1aaa", "Chris")
            keys.send_text("o")  # still open: pressed after the other shell closed it
            keys.send_text("p")  # asked again with how it stands now: pass, it stays done
            keys.send_text("d")  # the chair's action, reassigned meanwhile: asked again, then done
            keys.send_text("d")
            keys.send_text(SHORT_REST)
        finally:
            keys.close()

    keys.send_text(ENTER + ENTER)  # everyone on the list present, no guests
    helper = threading.Thread(target=room)
    helper.start()
    out, shown = screen()
    written = run_meeting(team / "agenda.toml", out, out, clock=now)
    helper.join()
    said = shown.getvalue()
    assert written is not None, said
    rows = standing(team / "minutes")
    assert (rows["it1bbb"]["status"], rows["it1bbb"].get("conflict")) == ("done", [])
    assert (rows["ch1aaa"]["status"], rows["ch1aaa"]["owner"], rows["ch1aaa"]["conflict"]) == (
        "done",
        "Chris",
        [],
    )
    followups = tomllib.loads(written.read_text("utf-8"))["followups"]
    assert [(f["action"], f["status"]) for f in followups] == [("ch1aaa", "done")]
    (reassigned,) = [r for r in records(team / "minutes") if r["action"] == "ch1aaa"]
    assert followups[0]["after"] == [reassigned["id"]]  # after what was written meanwhile
    assert "followed up elsewhere during the meeting; it now stands: done · Anna" in said
    assert "followed up elsewhere during the meeting; it now stands: open · Chris" in said


# --- a killed meeting and a clone's meeting of the same title and second ---------------------------


def test_a_killed_meeting_is_resumed_though_a_clone_held_one_of_the_same_title_that_second(
    tmp_path: Path, keys: PipeInput
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    typed = ENTER + ENTER + "first" + ENTER + "second" + ENTER
    child = subprocess.Popen(  # 09:00:00 here: killed after two lines
        [sys.executable, "-u", "-c", CHILD, str(agenda(here)), typed],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:  # each line is echoed after the draft holding it was saved
        if "second" in line:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    (draft,) = (here / "minutes" / ".drafts").iterdir()
    assert tomllib.loads(draft.read_text("utf-8"))["started"] == START

    theirs, _ = meet(
        agenda(there), keys, [ENTER, ENTER, "from there" + ENTER, ENTER, ENTER, ENTER], Clock(START)
    )
    assert theirs is not None and theirs["started"] == START and theirs["title"] == "Weekly"
    for path in (there / "minutes").glob("*.toml"):  # the clones share their files, as a pull does
        (here / "minutes" / path.name).write_bytes(path.read_bytes())

    with pipe_keys() as pipe:  # Enter: resume; then on to the end
        ours, said = meet(
            here / "agenda.toml", pipe, [ENTER, ENTER, ENTER, ENTER], Clock(START + timedelta(hours=1), 0)
        )
    assert "written already" not in said
    assert ours is not None and ours["items"][0]["notes"] == ["first", "second"]
    assert len(list((here / "minutes").glob("*.toml"))) == 2 and not draft.exists()
