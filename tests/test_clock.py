"""The meeting's clock as the room holds it: one count of items with the closing round named apart,
the round and the item #end was typed in timed, a break (#pause) that stops the clock and survives a
resume, a bell at one minute left and at time up, and the screen read across a room."""

from __future__ import annotations

import io
import shlex
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput
from rich.console import Console

from emptychair.app.watch import Running, Watcher
from emptychair.core.meeting import Entered, Next, Paused, Resumed, apply
from emptychair.terminal import bigtext
from emptychair.terminal.meeting_ui import timebox_toolbar
from emptychair.terminal.screen import view
from emptychair.text import slug

from .conftest import Clock, meet, pipe_keys
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER
from .test_options import runs
from .test_timebox import in_first_item
from .test_topics import agenda

WORDS = {
    "en": {
        "end": "#end", "yes": "y", "pause": "#pause", "resume": "#resume",
        "planned": "2 items · 15 min planned · then the closing round", "item": "Item 2 of 2",
        "turn": "Closing round 2 of 3 · Bram", "paused": "Clock paused", "again": "Clock running again",
        "minute": "One minute left.", "over": "This item runs over", "started": "started 09:00", "now": "now",
    },
    "nl": {
        "end": "#einde", "yes": "j", "pause": "#pauze", "resume": "#verder",
        "planned": "2 punten · 15 min gepland · daarna de rondvraag", "item": "Punt 2 van 2",
        "turn": "Rondvraag 2 van 3 · Bram", "paused": "Klok gepauzeerd", "again": "De klok loopt weer",
        "minute": "Nog één minuut.", "over": "Dit punt loopt uit", "started": "begonnen 09:00", "now": "nu",
    },
}  # fmt: skip


def drawn(state: Any, at: Any, width: int = 100, height: int = 30) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, height=height, color_system=None).print(view(state, at, width, height))
    return buffer.getvalue()


def draft_of(folder: Path) -> dict[str, Any]:
    (path,) = (folder / "minutes" / ".drafts").iterdir()
    return tomllib.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_one_count_of_items_in_run_resume_and_screen_and_every_item_reached_is_timed(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    said = WORDS[language]
    path = agenda(tmp_path, closing="round = true", language=language)
    typed = [
        ENTER,
        ENTER,
        "first" + ENTER,
        ENTER,
        "second" + ENTER,
        said["end"] + ENTER,  # in Planning: reached, with its time
        said["yes"] + ENTER,  # the Enter typed by habit after the key: dropped
        ENTER,  # Anna passes
        "later" + CTRL_C,  # Bram's turn: save and stop
        DOWN + ENTER,
    ]
    data, text = meet(path, keys, typed, clock)
    assert data is None
    assert said["planned"] in text and said["item"] in text
    assert " 3 " not in text.split(said["item"])[0].rsplit("\n", 1)[-1]  # "Item 2 of 2", never "of 3"

    watcher = Watcher(tmp_path / "minutes", language)
    watcher.poll()
    assert isinstance(watcher.state, Running)
    meeting = watcher.state.meeting
    screen = drawn(watcher.state, meeting.events[-1].at)
    assert said["turn"] in screen  # whose turn, as run says it
    assert bigtext.block_letters("Bram")[0] in screen  # in big letters

    with pipe_keys() as pipe:
        data, text = meet(path, pipe, [" on" + ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    assert said["planned"] in text  # the resume counts as the start did
    _, planning, round_ = data["items"]
    assert [i["status"] for i in data["items"]] == ["done", "done", "done"]
    assert planning["notes"] == ["second"] and planning["actual_minutes"] >= 1
    assert round_["notes"] == ["Bram: later on"] and round_["actual_minutes"] >= 1


def test_the_item_end_was_typed_in_is_reached_the_later_ones_not(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    data, _ = meet(path, keys, [ENTER, ENTER, "a note" + ENTER, "#end" + ENTER, "y"], clock)
    assert data is not None
    table, planning = data["items"]
    assert (table["status"], planning["status"]) == ("done", "not reached")
    assert table["actual_minutes"] >= 1 and planning["actual_minutes"] == 0


@runs("#pause", "#pauze", "#resume", "#verder")
@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_break_stops_the_clock_and_survives_a_resume(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    said = WORDS[language]
    path = agenda(tmp_path, language=language)
    typed = [
        ENTER,
        ENTER,
        said["pause"] + ENTER,  # coffee, right at the start of the first item
        *[f"during the break {n}" + ENTER for n in range(12)],  # six minutes and more of the clock's time
        CTRL_C,
        DOWN + ENTER,  # saved and stopped during the break
    ]
    data, text = meet(path, keys, typed, clock)
    assert data is None and said["paused"] in text
    events = draft_of(tmp_path)["events"]
    assert {"kind": "pause", "at": events[1]["at"], "held": True} == events[1]

    watcher = Watcher(tmp_path / "minutes", language)
    watcher.poll()
    assert isinstance(watcher.state, Running) and watcher.state.meeting.on_hold
    assert ("paused" if language == "en" else "gepauzeerd") in drawn(watcher.state, clock.now)

    spoken = tmp_path / "spoken"  # the real voice, into WAV files named after what it said
    with pipe_keys() as pipe:  # resumed: still on the break, until #resume says it is over
        typed = [
            "still away" + ENTER,
            said["resume"] + ENTER,
            *[f"note {n}" + ENTER for n in range(6)],  # the last minute, then over the time box
            ENTER,
            ENTER,
            said["end"] + ENTER,
            said["yes"],
        ]
        data, text = meet(path, pipe, typed, clock, resume=True, speak_to=spoken)
    assert data is not None
    table = data["items"][0]
    assert table["notes"][:2] == ["during the break 0", "during the break 1"]
    assert said["again"] in text
    # over its 5 minutes, but none of the break counted: 12 notes and more, 30 s a look at the clock
    spent = table["actual_minutes"] * 60
    assert 5 * 60 < spent <= (data["ended"] - data["started"]).total_seconds() - 6 * 60
    assert text.count("\a") == 2  # the bell, once at one minute left and once at time up
    assert text.index(said["minute"]) < text.index(said["over"])
    over = "Time is up." if language == "en" else "De tijd is om."
    bells = [slug(said["minute"]), slug(over)]
    heard = [w.stem.split("-", 1)[1] for w in sorted(spoken.glob("*.wav"))]  # numbered in the order said
    assert [name for name in heard if name in bells] == bells


def test_a_resume_without_a_break_and_a_pause_twice_change_nothing() -> None:
    m = in_first_item()  # the clock started at minute 2
    start = m.items[0].seconds, m.clock_since
    assert apply(m, Resumed(m.started + timedelta(minutes=5), held=True)).clock_since == start[1]
    held = apply(m, Paused(m.started + timedelta(minutes=4), held=True))
    assert held.on_hold and held.clock_since is None and held.items[0].seconds == 120
    again = apply(held, Paused(m.started + timedelta(minutes=9), held=True))
    assert again.items[0].seconds == 120
    resumed = apply(again, Resumed(m.started + timedelta(minutes=30)))  # a resume from the draft
    assert resumed.on_hold and resumed.clock_since is None
    later = m.started + timedelta(minutes=40)
    assert timebox_toolbar(resumed, later) == [
        ("reverse", " Round the table · paused · 3:00 left · #resume ")
    ]
    going = apply(resumed, Resumed(later, held=True))
    assert not going.on_hold and going.item_seconds(later + timedelta(seconds=30)) == 150
    nxt = apply(apply(held, Entered(later, "note", "x")), Next(later))  # the next item has its own clock
    assert not nxt.on_hold and nxt.clock_since == later


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_screen_shows_the_title_large_and_its_clock_labelled(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    said = WORDS[language]
    path = agenda(tmp_path, language=language)
    path.write_text(
        path.read_text("utf-8").replace('"Planning"', '"[bold]Één\\u001b[2J plan"'), encoding="utf-8"
    )
    assert meet(path, keys, [ENTER, ENTER, "a note" + ENTER, CTRL_C, DOWN + ENTER], clock)[0] is None
    watcher = Watcher(tmp_path / "minutes", language)
    watcher.poll()
    assert isinstance(watcher.state, Running)
    m = watcher.state.meeting
    at = m.started.replace(hour=9, minute=7)
    screen = drawn(watcher.state, at)
    top = screen.splitlines()[0]
    assert f"{said['started']} · {said['now']} 09:07" in top
    big = bigtext.lines("Round the table", 94)
    assert big is not None and all(line in screen for line in big)  # across the room
    assert "Round the table" in screen  # and as typed, small
    narrow = drawn(watcher.state, at, width=40, height=30)
    assert "▀" not in narrow and "Round the table" in narrow  # too narrow for big letters: plain
    assert "▀" not in drawn(watcher.state, at, height=12)  # too low: plain

    m = apply(m, Next(at))  # the next item: a title big letters cannot draw, shown plainly
    screen = drawn(Running(m), at)
    assert "[bold]Één␛[2J plan" in screen and "\x1b[2J" not in screen
    assert "▀" not in screen.split("Één")[1].split("\n", 3)[1]


def test_big_letters_break_between_words_and_give_up_when_they_cannot() -> None:
    assert bigtext.lines("Hold music", 200) == bigtext.block_letters("Hold music")
    two = bigtext.lines("Invoice portal complaints", 90)
    assert two == [*bigtext.block_letters("Invoice portal"), "", *bigtext.block_letters("complaints")]
    assert all(len(line) <= 90 for line in two)
    assert bigtext.lines("Hold music and more", 40) is None  # three lines: too many
    assert bigtext.lines("Supercalifragilistic", 40) is None  # one word too wide
    assert bigtext.lines("Café", 200) is None and bigtext.lines("", 200) is None


@pytest.mark.parametrize(("language", "see"), [("en", "See them with:"), ("nl", "Bekijk ze met:")])
def test_the_end_of_a_meeting_says_the_one_command_that_shows_its_minutes_from_here(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, see: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the README's first command does it: the agenda in examples/, the minutes in examples/minutes,
    the command run from the checkout, where `minutes list` alone finds no minutes folder."""
    (tmp_path / "examples").mkdir()
    agenda(tmp_path / "examples", language=language)
    monkeypatch.chdir(tmp_path)
    end = WORDS[language]
    typed = [ENTER, ENTER, "a note" + ENTER, end["end"] + ENTER, end["yes"]]
    data, text = meet(Path("examples/agenda.toml"), keys, typed, clock)
    assert data is not None
    (written,) = (tmp_path / "examples" / "minutes").glob("*.toml")
    said = " ".join(text.split())
    command = f"emptychair minutes show {written.stem} --minutes examples/minutes"
    assert f"{see} {command}" in said
    assert emptychair(tmp_path, "minutes", "list").returncode == 2  # why the command names the folder
    shown = emptychair(tmp_path, *shlex.split(command)[1:])
    assert shown.returncode == 0 and "a note" in shown.stdout and "Weekly" in shown.stdout

    with pipe_keys() as pipe:  # beside the agenda, the folder is found without naming it
        monkeypatch.chdir(tmp_path / "examples")
        data, text = meet(Path("agenda.toml"), pipe, typed, clock)
    assert data is not None
    (second,) = set((tmp_path / "examples" / "minutes").glob("*.toml")) - {written}
    said = " ".join(text.split())
    assert f"{see} emptychair minutes show {second.stem}" in said and "--minutes" not in said


def test_the_clock_stands_still_while_the_ctrl_c_menu_says_the_meeting_is_paused(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    """The menu says the meeting is paused; the item's clock ran on behind it, into its time box."""
    path = agenda(tmp_path)
    typed = [ENTER, ENTER, "first" + ENTER, "half" + CTRL_C, ENTER, " done" + ENTER, CTRL_C, DOWN + ENTER]
    data, _ = meet(path, keys, typed, clock)  # Ctrl-C, go on; Ctrl-C, save and stop
    assert data is None
    events = draft_of(tmp_path)["events"]
    assert [e["kind"] for e in events[-5:]] == ["note", "pause", "resume", "note", "pause"]
    paused, resumed = events[-4], events[-3]
    assert events[-5]["at"] < paused["at"] < resumed["at"] < events[-2]["at"]  # from the menu's opening
    assert [e["text"] for e in events if e["kind"] == "note"][-2:] == ["first", "half done"]
    watcher = Watcher(tmp_path / "minutes", "en")
    watcher.poll()
    assert isinstance(watcher.state, Running)
    started, stopped = events[0]["at"], events[-1]["at"]  # the attendance starts the item's clock
    on_the_item = (stopped - started) - (resumed["at"] - paused["at"])  # not the time in the menu
    assert watcher.state.meeting.items[0].seconds == on_the_item.total_seconds()
