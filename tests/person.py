"""A person at the installed emptychair in a pseudo-terminal: start it, type lines, walk a meeting."""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

import pexpect

from .keys import ENTER

EXE = Path(sys.executable).with_name("emptychair")


ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def spawn(team: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "120"}
    child = pexpect.spawn(
        str(EXE), ["run", *args], cwd=str(team), env=env, encoding="utf-8", timeout=10, dimensions=(40, 120)
    )
    return child


def line(child: pexpect.spawn, text: str) -> None:
    child.send(text + ENTER)


def end_meeting(child: pexpect.spawn) -> None:
    """#end in an item, then through the closing with nothing more to say, to the written minutes."""
    line(child, "#end")
    child.expect("End the meeting now")
    line(child, "y")
    child.expect("Our answer, on the customer's behalf")
    line(child, "")
    child.expect("@name what they did")
    line(child, "")
    child.expect("Minutes written to")
    child.expect(pexpect.EOF)


def attend(child: pexpect.spawn) -> None:
    child.expect("Who is present")
    line(child, "")
    child.expect("Guests")
    line(child, "")


def into_first_item(child: pexpect.spawn) -> None:
    attend(child)
    child.expect("Our answer, on the customer's behalf")
    line(child, "")
    child.expect("Item 1 of 3")


def resume_and_finish(team: Path, pending: str, rest: str) -> dict[str, object]:
    """Resume the stopped meeting, find the half-typed `pending` line waiting, finish it with `rest`,
    end the meeting and return the first item of the minutes written."""
    child = spawn(team)
    child.expect("Resume this meeting")
    line(child, "")
    child.expect(pending)
    line(child, rest)
    child.expect(f"note: {pending}{rest}")
    end_meeting(child)
    (path,) = (team / "minutes").glob("*.toml")
    item: dict[str, object] = tomllib.loads(path.read_text("utf-8"))["items"][0]
    return item
