"""A person at the installed emptychair in a pseudo-terminal: start it, type lines, walk a meeting."""

from __future__ import annotations

import os
import re
import sys
import termios
import time
import tomllib
from pathlib import Path

import pexpect

from .keys import ENTER

EXE = Path(sys.executable).with_name("emptychair")


ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def spawn(team: Path, *args: str, term: str = "xterm") -> pexpect.spawn:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": term, "NO_COLOR": "1", "COLUMNS": "120"}
    return typing(
        pexpect.spawn(
            str(EXE),
            ["run", *args],
            cwd=str(team),
            env=env,
            encoding="utf-8",
            timeout=10,
            dimensions=(40, 120),
        )
    )


def typing(child: pexpect.spawn) -> pexpect.spawn:
    """Keys go in when the program listens for them, as a person types at a prompt that is there.

    pexpect sleeps 50 ms before every send instead (about half of these tests' time), and even that
    is a guess: a key sent while the terminal is still in line mode waits for Enter there, and a
    Ctrl-C then is a signal that throws the line away. A prompt reads keys one by one (line mode
    off), so each send waits until the terminal is out of line mode."""
    child.delaybeforesend = None
    send = child.send
    quick_close(child)

    def when_listening(text: str) -> int:
        listening(child)
        sent: int = send(text)
        return sent

    child.send = when_listening
    return child


def quick_close(child: pexpect.spawn) -> None:
    """Closing the terminal of a program that has ended waits no 0.1 s for it to end.

    ptyprocess sleeps that long after closing the master "to give the kernel time", even when the
    program is long gone (most of these tests end with EOF): a tenth of a second a test. A program
    still running when its terminal closes is given the time as before."""
    proc = child.ptyproc
    close = proc.close

    def closing(force: bool = True) -> None:
        if not proc.closed and not proc.isalive():
            proc.delayafterclose = 0
        close(force)

    proc.close = closing


def listening(child: pexpect.spawn, wait: float = 2.0) -> None:
    """Until the program's terminal is out of line mode (ICANON off), for at most `wait` seconds."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            local = termios.tcgetattr(child.child_fd)[3]  # the master reports the terminal's modes
        except (termios.error, OSError):
            return  # the terminal was closed: the test says what a key is then
        if not local & termios.ICANON:
            return
        time.sleep(0.002)


def line(child: pexpect.spawn, text: str) -> None:
    child.send(text + ENTER)


def end_meeting(child: pexpect.spawn) -> None:
    """#end in an item, then through the closing with nothing more to say, to the written minutes."""
    line(child, "#end")
    child.expect("End the meeting now")
    child.send("y" + ENTER)  # answered by the key; the Enter typed by habit after it is dropped
    child.expect("Our answer, in the customer's words")
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
    child.expect("Our answer, in the customer's words")
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
