"""The minutes record what happened: skipped items, time spent (also across a kill), overruns,
what was typed with a colon or two owners, impossible dates, and the chair's rotation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

from prompt_toolkit.input import PipeInput

from .conftest import CET, ROOT, Clock, meet, pipe_keys
from .history import four_weeks

ENTER, CTRL_C, DOWN = "\r", "\x03", "\x1b[B"
START = datetime(2026, 11, 23, 9, 0, tzinfo=CET)

AGENDA = """
title = "Weekly"
team = "Support"
language = "en"
attendees = ["Anna", "Bram"]

[chair]
opening = false
closing = false
recognition = false
{chair}

[[items]]
title = "Round the table"
minutes = {minutes}

[[items]]
title = "Planning"
minutes = 10
"""


def agenda(folder: Path, chair: str = "", minutes: int = 5) -> Path:
    path = folder / "agenda.toml"
    path.write_text(AGENDA.format(chair=chair, minutes=minutes), encoding="utf-8")
    return path


def test_a_skipped_item_is_recorded_as_skipped_with_what_was_said(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    typed = [ENTER, ENTER, "the portal is slow" + ENTER, "#agreed: look at it" + ENTER, "#skip" + ENTER]
    data, _ = meet(agenda(tmp_path), keys, [*typed, ENTER, ENTER], clock)  # an empty item: Enter twice
    assert data is not None
    first, second = data["items"]
    assert first["status"] == "skipped"
    assert (first["notes"], first["decisions"]) == (["the portal is slow"], ["look at it"])
    assert second["status"] == "done"


def test_an_overrun_shows_in_the_minutes_the_echo_and_the_summary(tmp_path: Path, keys: PipeInput) -> None:
    # the clock moves 18.75 s a reading: the first item, of one minute, runs 1:15
    typed = [ENTER, ENTER, "one" + ENTER, ENTER, ENTER, ENTER]
    data, text = meet(agenda(tmp_path, minutes=1), keys, typed, Clock(START, 18.75))  # type: ignore[arg-type]
    assert data is not None
    over, planning = data["items"]
    assert (over["planned_minutes"], over["actual_minutes"]) == (1, 2)  # 1:15 of 1 is not "1 of 1"
    assert (planning["planned_minutes"], planning["actual_minutes"]) == (10, 1)  # within its time
    assert "⏱ over its time by 0:15" in text
    assert "· 2 of 1 min" in text  # the line that ends the item says what the minutes say
    assert "Round the table  2 of 1 min" in text  # the summary


def test_markers_take_a_colon_and_an_action_takes_one_owner(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    typed = [
        ENTER,
        ENTER,
        "#agreed: answer within a day" + ENTER,
        "#info: the portal is down" + ENTER,
        "#link: https://example.org/status" + ENTER,
        "#action: @bram call the customer @anna" + ENTER,  # refused: the line comes back
        "\b" * len(" @anna") + ENTER,
        "#actie: @an mail the list due:31 feb" + ENTER,  # refused: no such day
        "\b" * len("31 feb") + "26 feb" + ENTER,
        ENTER,
        ENTER,  # nothing noted in the second item: Enter again moves on
        ENTER,
    ]
    data, text = meet(agenda(tmp_path), keys, typed, clock)
    assert data is not None
    first = data["items"][0]
    assert first["decisions"] == ["answer within a day"]
    assert first["notes"] == ["the portal is down"]  # stored as said, without the marker
    assert first["links"] == ["https://example.org/status"]
    call, mail = first["actions"]
    assert (call["text"], call["owner"]) == ("call the customer", "Bram")
    assert (mail["text"], mail["owner"], mail["due"]) == ("mail the list", "Anna", date(2027, 2, 26))
    assert "an action has one owner: @bram or @anna?" in text
    assert "'31 feb' is not a date: February has 28 days in 2027" in text


def test_a_follow_up_takes_one_new_owner(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path)
    four_weeks(tmp_path / "minutes")
    typed = [
        ENTER,  # take up "Budget" again
        ENTER,
        ENTER,
        "d",  # the FAQ, overdue: done
        "o",  # the chair's action: still open
        "@bram waiting for finance @anna" + ENTER,  # refused: the line comes back
        "\b" * len(" @anna") + ENTER,
        "#end" + ENTER,
        "y",
    ]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    still = data["followups"][1]
    assert (still["status"], still["owner"], still["note"]) == ("open", "Bram", "waiting for finance")
    assert "an action has one owner: @bram or @anna?" in text


def test_the_chair_every_so_many_minutes_runs_and_resumes(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path, chair="every_minutes = 1")
    # the clock moves 30 s a reading: after the first item a minute has passed, and the chair speaks
    data, text = meet(
        path, keys, [ENTER, ENTER, "one" + ENTER, ENTER, "They wait" + CTRL_C, DOWN + ENTER], clock
    )
    assert data is None and "after “Round the table”" in text
    with pipe_keys() as pipe:  # resumed at the chair, which must not fail on the timed step
        data, text = meet(path, pipe, [" too long" + ENTER, ENTER, ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    (timed,) = data["chair"]
    assert (timed["moment"], timed["after_item"], timed["answer"]) == (
        "timed",
        "Round the table",
        "They wait too long",
    )
    assert timed["question_id"] == "irritates"


CHILD = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rich.console import Console

from emptychair.terminal.run import run_meeting
from tests.conftest import Clock, pipe_keys

with pipe_keys() as keys:
    keys.send_text(sys.argv[2])  # the pipe stays open: the meeting waits at the next prompt
    start = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    out = Console(file=sys.stdout, width=100, color_system=None)
    run_meeting(Path(sys.argv[1]), out, Console(file=sys.stderr), clock=Clock(start, 60))
"""


def test_time_spent_survives_a_kill(tmp_path: Path, keys: PipeInput) -> None:
    path = agenda(tmp_path)
    typed = ENTER + ENTER + "first" + ENTER + "second" + ENTER
    child = subprocess.Popen(
        [sys.executable, "-u", "-c", CHILD, str(path), typed],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    for shown in child.stdout:  # each line is echoed after the draft holding it was saved
        if "second" in shown:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    (draft,) = (tmp_path / "minutes" / ".drafts").iterdir()
    events = tomllib.loads(draft.read_text("utf-8"))["events"]
    assert [e["kind"] for e in events] == ["attend", "note", "note"]  # no pause: nothing ran after the kill
    spent = events[-1]["at"] - events[0]["at"]
    assert spent >= timedelta(minutes=2)

    later = Clock(START + timedelta(hours=1), 0)  # time stands still after the resume
    data, _ = meet(path, keys, [ENTER, ENTER, ENTER], later, resume=True)
    assert data is not None
    assert data["items"][0]["actual_minutes"] == spent.total_seconds() // 60


def test_the_chair_asks_the_least_recently_asked_across_meetings(tmp_path: Path, clock: Clock) -> None:
    path = agenda(tmp_path, chair='themes = ["standard"]')
    chair_thrice = "opening = true\nclosing = true\n"  # and after the first item: three of four a meeting
    text = path.read_text("utf-8").replace("opening = false\nclosing = false\n", chair_thrice)
    path.write_text(text.replace("minutes = 5\n", "minutes = 5\nchair_after = true\n"), "utf-8")
    asked = []
    for _ in range(3):  # a new team
        with pipe_keys() as pipe:
            # an answer (a dodge is not asked), no rating, no action
            answered = ["said" + ENTER, ENTER, ENTER]
            typed = [ENTER, ENTER, *answered, ENTER, ENTER, *answered, ENTER, ENTER, *answered]
            data, _ = meet(path, pipe, typed, clock)  # Enter twice for each empty item
        assert data is not None
        asked.append([c["question_id"] for c in data["chair"]])
    assert asked == [
        ["irritates", "attention", "communication"],
        ["valued", "irritates", "attention"],  # never asked first, then the oldest
        ["communication", "valued", "irritates"],
    ]
