"""The installed emptychair in a pseudo-terminal, typed at as a person would."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tomllib
from pathlib import Path

import pexpect
import pytest

from .conftest import EXAMPLE

EXE = Path(sys.executable).with_name("emptychair")
DOWN = "\x1b[B"


@pytest.fixture
def team(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "agenda.toml")
    return tmp_path


def spawn(team: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "120"}
    child = pexpect.spawn(
        str(EXE), ["run", *args], cwd=str(team), env=env, encoding="utf-8", timeout=10, dimensions=(40, 120)
    )
    return child


def line(child: pexpect.spawn, text: str) -> None:
    child.send(text + "\r")


def attend(child: pexpect.spawn) -> None:
    child.expect("Who is present")
    line(child, "")
    child.expect("Guests")
    line(child, "")


def test_a_whole_meeting_on_the_example_agenda(team: Path) -> None:
    child = spawn(team)
    attend(child)
    child.expect("The customer on the empty chair asks")
    child.expect("Which of our behaviours irritates our customer?")
    child.expect("The team's answer")
    line(child, "They wait a week for an answer")
    child.expect("What do we change about that behaviour?")
    line(child, "answer every mail within a day @dewi due:friday")
    child.expect("due Fri 27 Nov")
    line(child, "")
    child.expect("Item 1 of 3")
    line(child, "#agreed no gossip about customers, ever")
    child.expect("decision")
    line(child, "")
    child.expect("Item 2 of 3")
    line(child, "#action @an call the three customers due:2026-12-01")
    child.expect("due Tue 01 Dec 2026")
    line(child, "")
    child.expect("At which moments should our customer get more attention from us?")
    line(child, "")
    child.expect("Item 3 of 3")
    line(child, "")
    child.expect("How does our customer experience the way we communicate?")
    line(child, "Too formal")
    line(child, "")
    child.expect("Summary")
    child.expect("Minutes written to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    (path,) = (team / "minutes").glob("*.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["title"] == "Weekly support meeting"
    assert data["present"] == ["Anna", "Bram", "Chris", "Dewi"] and data["guests"] == []
    assert data["items"][0]["decisions"] == ["no gossip about customers, ever"]
    (call,) = data["items"][1]["actions"]
    assert (call["text"], call["owner"], str(call["due"])) == (
        "call the three customers",
        "Anna",
        "2026-12-01",
    )
    assert [c["answer"] for c in data["chair"]] == ["They wait a week for an answer", "", "Too formal"]
    (mail,) = data["chair"][0]["actions"]
    assert (mail["text"], mail["owner"]) == ("answer every mail within a day", "Dewi")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGHUP, 129), (signal.SIGTERM, 143)])
def test_a_closed_terminal_loses_nothing(team: Path, signum: int, code: int) -> None:
    child = spawn(team)
    attend(child)
    child.expect("The team's answer")
    line(child, "")
    child.expect("Item 1 of 3")
    line(child, "first note")
    child.expect("note: first note")
    child.send("half a sentence")
    child.expect("half a sentence")
    child.kill(signum)
    child.expect(pexpect.EOF)
    child.close()
    assert (child.exitstatus, child.signalstatus) == (code, None)

    (draft,) = (team / "minutes" / ".drafts").iterdir()
    assert tomllib.loads(draft.read_text("utf-8"))["pending"] == "half a sentence"

    child = spawn(team)
    child.expect("Resume it")
    line(child, "")
    child.expect("half a sentence")
    line(child, " finished")
    child.expect("note: half a sentence finished")
    line(child, "#end")
    child.expect("End the meeting now")
    line(child, "y")
    child.expect("The team's answer")
    line(child, "")
    child.expect("Minutes written to")
    child.expect(pexpect.EOF)
    (path,) = (team / "minutes").glob("*.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["items"][0]["notes"] == ["first note", "half a sentence finished"]
    assert not draft.exists()


def into_first_item(child: pexpect.spawn) -> None:
    attend(child)
    child.expect("The team's answer")
    line(child, "")
    child.expect("Item 1 of 3")


def test_ctrl_c_then_save_and_stop(team: Path) -> None:
    child = spawn(team)
    into_first_item(child)
    line(child, "kept note")
    child.expect("note: kept note")
    child.send("typed before ctrl-c")
    child.expect("ctrl-c")
    child.sendcontrol("c")
    child.expect("What now")
    child.send(DOWN + "\r")
    child.expect("Saved. Continue later with: emptychair run")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (draft,) = (team / "minutes" / ".drafts").iterdir()
    saved = tomllib.loads(draft.read_text("utf-8"))
    assert saved["pending"] == "typed before ctrl-c"
    assert [e.get("text") for e in saved["events"] if e["kind"] == "note"] == ["kept note"]


def test_kill_9_keeps_every_completed_entry_and_the_lock_is_taken_over(team: Path) -> None:
    holder = spawn(team)
    into_first_item(holder)
    line(holder, "first")
    holder.expect("note: first")
    line(holder, "#agreed second")
    holder.expect("decision: second")

    second = spawn(team)  # the folder is held: refused, with who holds it
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 2
    assert f"a meeting is already running on minutes (host {os.uname().nodename}, pid {holder.pid}" in (
        second.before.replace("\r\n", " ").replace("\n", " ")
    )

    holder.send("not finished")
    holder.expect("not finished")
    holder.kill(signal.SIGKILL)
    holder.expect(pexpect.EOF)
    holder.close()

    child = spawn(team, "--resume")  # the dead holder's lock is free again
    child.expect("Item 1 of 3")
    line(child, "#end")
    child.expect("End the meeting now")
    line(child, "y")
    child.expect("The team's answer")
    line(child, "")
    child.expect("Minutes written to")
    child.expect(pexpect.EOF)
    (path,) = (team / "minutes").glob("*.toml")
    item = tomllib.loads(path.read_text("utf-8"))["items"][0]
    assert (item["notes"], item["decisions"]) == (["first"], ["second"])
