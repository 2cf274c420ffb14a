"""Faults a real meeting meets: a terminal that goes away, odd bytes, a full disk, a kill at the
wrong moment, a lock file that is not what it should be. Each is made to happen for real."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import pexpect

from .history import four_weeks
from .test_e2e import DOWN, attend, end_meeting, into_first_item, line, spawn


def close_window(child: pexpect.spawn) -> int:
    """Close the pty's master end, as closing the terminal window does; the exit status."""
    child.ptyproc.fileobj.close()
    status = child.wait()
    assert isinstance(status, int)
    return status


def the_draft(team: Path) -> dict[str, Any]:
    (path,) = (team / "minutes" / ".drafts").glob("*.toml")
    return tomllib.loads(path.read_text("utf-8"))


def kinds(draft: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in draft["events"]]


# --- 1. the terminal window is closed ---------------------------------------------------------


def test_a_closed_window_keeps_the_half_typed_line_and_the_pause(team: Path) -> None:
    child = spawn(team)
    into_first_item(child)
    line(child, "first note")
    child.expect("note: first note")
    child.send("half a sentence")
    child.expect("half a sentence")
    assert close_window(child) == 129  # as SIGHUP: no traceback (that would be 1)

    draft = the_draft(team)
    assert draft["pending"] == "half a sentence"
    assert kinds(draft)[-2:] == ["note", "pause"]

    child = spawn(team)  # and the meeting goes on from there
    child.expect("Resume it")
    line(child, "")
    child.expect("half a sentence")
    line(child, " finished")
    child.expect("note: half a sentence finished")
    end_meeting(child)
    (path,) = (team / "minutes").glob("*.toml")
    assert tomllib.loads(path.read_text("utf-8"))["items"][0]["notes"] == [
        "first note",
        "half a sentence finished",
    ]


def test_a_closed_window_during_a_choice_keeps_what_was_said(team: Path) -> None:
    child = spawn(team)
    attend(child)
    child.expect("The team's answer")
    line(child, "They wait a week")
    child.expect("How would the customer rate us on this")
    assert close_window(child) == 129
    draft = the_draft(team)
    assert kinds(draft)[-2:] == ["answer", "pause"]
    assert draft["events"][-2]["text"] == "They wait a week"


def test_a_closed_window_during_the_follow_up_keeps_the_half_typed_change(team: Path) -> None:
    four_weeks(team / "minutes")
    child = spawn(team)
    child.expect("Budget")  # take up the item the last meeting did not reach
    line(child, "")
    attend(child)
    child.expect("Follow-up 1 of 2")
    child.send(DOWN + "\r")  # still open
    child.expect("New owner, due date or a note")
    child.send("@chris due:friday waiting for fin")
    child.expect("waiting for fin")
    assert close_window(child) == 129
    draft = the_draft(team)
    assert draft["pending"] == "@chris due:friday waiting for fin"
    assert kinds(draft)[-2:] == ["attend", "pause"]


# --- 3. a byte that is not UTF-8 ----------------------------------------------------------------


def test_a_byte_that_is_not_utf8_is_kept_readable(team: Path) -> None:
    child = spawn(team)
    child.codec_errors = "replace"  # the screen echoes the odd byte as it came
    child._decoder.errors = "replace"
    into_first_item(child)
    os.write(child.child_fd, b"caf\xe9 on the corner\r")  # a Latin-1 terminal types "café"
    child.expect("note: café on the corner")
    child.send("na")  # waits a moment, as a person does, for the next prompt to take the keys
    os.write(child.child_fd, b"\xef")
    child.send("ve")
    child.expect("ve")
    child.sendcontrol("c")
    child.expect("What now")
    child.send(DOWN + "\r")  # save and stop: the half-typed text goes into the draft too
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    draft = the_draft(team)
    assert draft["pending"] == "naïve"
    assert [e.get("text") for e in draft["events"] if e["kind"] == "note"] == ["café on the corner"]
