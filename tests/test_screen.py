"""`emptychair screen` in a pseudo-terminal of its own, beside a meeting that runs in another."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pexpect
from prompt_toolkit.input import PipeInput
from rich.console import Console

from emptychair.app.watch import Running, Waiting, Watcher
from emptychair.core.meeting import Attended, Entered, Next, OpenAction, Resumed, apply
from emptychair.core.minutes import Action
from emptychair.files.draft import load_draft
from emptychair.locale import catalogue
from emptychair.terminal import bigtext
from emptychair.terminal.run import run_meeting
from emptychair.terminal.screen import time_bar, view

from .conftest import Clock, screen
from .keys import CTRL_C, DOWN, ENTER
from .person import EXE, attend, end_meeting, line, spawn, typing


def spawn_screen(team: Path, rows: int = 30, cols: int = 100) -> pexpect.spawn:
    """The screen as the room sees it: sized by its terminal alone (no COLUMNS or LINES)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env |= {"TERM": "xterm", "NO_COLOR": "1"}
    return typing(
        pexpect.spawn(
            str(EXE),
            ["screen"],
            cwd=str(team),
            env=env,
            encoding="utf-8",
            timeout=10,
            dimensions=(rows, cols),
        )
    )


def drawn(text: str) -> str:
    """A pattern for `text` as drawn, where a change of style (bold, dim) may come between two letters."""
    return "(?:\x1b\\[[0-9;]*m)*".join(re.escape(c) for c in text)


def bottom_border(width: int) -> str:
    return "╰" + "─" * (width - 2) + "╯"


def test_the_screen_follows_a_meeting_from_start_to_summary(team: Path) -> None:
    view = spawn_screen(team)
    view.expect("Waiting for a meeting on minutes")

    chair = spawn(team)
    attend(chair)
    view.expect(
        "With the customer on the empty chair, we ask ourselves"
    )  # the chair's question fills the screen
    view.expect("Which of our behaviours irritates our customer?")
    chair.expect("Our answer, in the customer's words")
    line(chair, "They wait a week for an answer")
    view.expect("→ They wait a week for an answer")
    chair.expect("What colour would the customer give us here")
    chair.send("a")  # the letter chooses at once
    chair.expect("did we ask them")
    chair.send("y" + ENTER)  # we know what the customer needs (the Enter typed by habit: dropped)
    view.expect("What do we change about that behaviour?")
    chair.expect("What do we change about that behaviour?")
    line(chair, "")

    view.expect("Item 1 of 3")
    view.expect("Round the table")
    view.expect(drawn(bigtext.block_letters("Round the table")[0]))  # readable across the room
    view.expect("presented by Anna")
    view.expect(r"started \d\d:\d\d · (?:\x1b\[[0-9;]*m)*now \d\d:\d\d")  # the clock, labelled
    view.expect(r"[45]:\d\d left")
    view.expect(bottom_border(100))
    chair.expect("Item 1 of 3")
    line(chair, "#agreed no gossip about customers, ever")
    view.expect("decision: no gossip about customers, ever")
    line(chair, "#action @an call the three customers")
    view.expect(drawn("action: call the three customers · Anna"))

    view.setwinsize(20, 60)  # a smaller pane: drawn again to its size, the lines still there
    view.expect(bottom_border(60))
    view.expect(drawn("action: call the three customers · Anna"))

    chair.expect("action")
    end_meeting(chair)
    view.expect("The meeting has ended · minutes in")
    view.expect("Summary")
    view.expect("no gossip about customers, ever")
    view.sendintr()
    view.expect("Summary")  # printed again outside the alternate screen: it stays in view
    view.expect(pexpect.EOF)
    view.close()
    assert view.exitstatus == 0
    assert "Traceback" not in str(view.before)


def stopped_in_first_item(team: Path, keys: PipeInput, clock: Clock) -> Path:
    """A meeting saved and stopped in its first item with one note: its draft."""
    typed = [ENTER, ENTER, ENTER, "a first note" + ENTER, CTRL_C, DOWN + ENTER]
    keys.send_text("".join(typed))
    keys.close()
    out, _ = screen()
    assert run_meeting(team / "agenda.toml", out, screen()[0], clock=clock) is None
    (draft,) = (team / "minutes" / ".drafts").iterdir()
    return draft


def test_the_screen_follows_a_resume(team: Path, keys: PipeInput, clock: Clock) -> None:
    stopped_in_first_item(team, keys, clock)
    view = spawn_screen(team)
    view.expect("Round the table")
    view.expect("note: a first note")
    view.expect("paused")  # saved and stopped: its clock stands still

    chair = spawn(team, "--resume")
    chair.expect("Item 1 of 3")
    view.expect(r"\d:\d\d left(?:\x1b\[[0-9;]*m)* +│")  # the clock runs again: no longer paused
    line(chair, "said after the break")
    view.expect("note: said after the break")
    end_meeting(chair)
    view.expect("The meeting has ended")
    view.sendintr()
    view.expect(pexpect.EOF)
    view.close()
    assert view.exitstatus == 0


def test_a_draft_written_halfway_or_unreplayable_leaves_the_last_whole_one(
    team: Path, keys: PipeInput, clock: Clock
) -> None:
    draft = stopped_in_first_item(team, keys, clock)
    whole = draft.read_text("utf-8")
    watcher = Watcher(team / "minutes", "en")
    assert watcher.poll()
    shown = watcher.state
    assert isinstance(shown, Running) and shown.meeting.items[0].notes == ("a first note",)

    draft.write_text(whole[: len(whole) // 2], "utf-8")  # a writer that stopped halfway
    assert not watcher.poll() and watcher.state == shown
    events = whole.index("[[events]]")
    draft.write_text(whole[:events] + '[[events]]\nkind = "next"\nat = 2026-11-23T09:00:00+01:00\n', "utf-8")
    assert not watcher.poll() and watcher.state == shown  # whole TOML, but a meeting that cannot be replayed
    draft.write_text(whole.replace("a first note", "a second look"), "utf-8")
    assert watcher.poll()
    assert isinstance(watcher.state, Running) and watcher.state.meeting.items[0].notes == ("a second look",)

    draft.unlink()  # discarded: no minutes came
    assert watcher.poll()
    after: object = watcher.state  # read again: the narrowing above no longer holds
    assert after == Waiting(team / "minutes", "en", catalogue("en")["screen_gone"])


def test_the_time_bar_turns_yellow_then_red(team: Path, keys: PipeInput, clock: Clock) -> None:
    draft = load_draft(stopped_in_first_item(team, keys, clock).read_text("utf-8"), "draft")
    meeting = draft.meeting()
    at = clock()
    meeting = apply(meeting, Resumed(at))
    spent = meeting.item_seconds(at)  # the five minute box, partly used before the stop

    def bar_at(seconds_on: int) -> str:
        buffer = io.StringIO()
        console = Console(file=buffer, width=80, color_system="standard", force_terminal=True)
        console.print(time_bar(meeting, at + timedelta(seconds=seconds_on)))
        return buffer.getvalue()

    calm, late, over = bar_at(0), bar_at(300 - spent - 30), bar_at(300 - spent + 75)
    assert "\x1b[32m" in calm and "left" in calm  # green
    assert "\x1b[33m" in late and "0:30 left" in late  # yellow: the last minute
    assert "\x1b[31m" in over and "over by 1:15" in over  # red


def test_an_item_fills_the_screen_with_its_latest_lines(team: Path, keys: PipeInput, clock: Clock) -> None:
    meeting = load_draft(stopped_in_first_item(team, keys, clock).read_text("utf-8"), "draft").meeting()
    at = clock()
    for n in range(1, 31):
        meeting = apply(meeting, Entered(at, "note", f"line {n}"))
    for width, height in ((60, 15), (100, 30)):
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, height=height, color_system=None)
        console.print(view(Running(meeting), at, width, height))
        rows = buffer.getvalue().splitlines()
        assert len(rows) == height and max(len(row) for row in rows) == width, (width, height)
        shown = [row for row in rows if "note: line" in row]
        assert shown[-1].split()[-2:] == ["30", "│"]  # the latest line is on screen
        assert f"… {31 - len(shown)}" in buffer.getvalue()  # and how many earlier ones are not


def test_every_step_draws_in_a_tiny_pane(team: Path, keys: PipeInput, clock: Clock) -> None:
    """Each step of a meeting, from the attendance on, drawn in a pane of 24 by 6 and one of 200 by
    60, without a failure."""
    draft = load_draft(stopped_in_first_item(team, keys, clock).read_text("utf-8"), "draft")
    earlier = OpenAction(
        Action("k7q2mx", "mail the invoices", "Bram"), date(2026, 11, 16), "item", "Planning", 1
    )
    meeting = replace(draft, events=(), open_actions=(earlier,)).meeting()
    at = clock()
    seen = set()
    while not meeting.finished:
        for width, height in ((24, 6), (200, 60)):
            buffer = io.StringIO()
            Console(file=buffer, width=width, height=height).print(view(Running(meeting), at, width, height))
            assert buffer.getvalue()
        seen.add(meeting.step.kind)
        meeting = apply(meeting, Attended(at, ("Anna",)) if meeting.step.kind == "attendance" else Next(at))
    assert seen == {"attendance", "followup", "chair", "item", "closing"}


def test_screen_needs_a_terminal_and_loads_no_prompt_library(team: Path) -> None:
    (team / "minutes").mkdir()
    piped = subprocess.run([str(EXE), "screen"], cwd=team, capture_output=True, text=True)
    assert (piped.returncode, piped.stdout) == (2, "")
    assert piped.stderr == "emptychair: emptychair screen needs a terminal to draw on\n"

    probe = "import sys, emptychair.commands.screen, emptychair.terminal.screen; print(sorted(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "'rich.live'" in loaded
    assert "questionary" not in loaded and "prompt_toolkit" not in loaded
