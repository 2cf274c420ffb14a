"""Unplanned topics through the real prompts: an item added on the fly, a parked topic taken up at
the next meeting, the closing round, and a crash inside an added item."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.line import Aside, read_line
from emptychair.errors import EmptyChairError

from .conftest import ROOT, Clock, meet, pipe_keys
from .keys import CTRL_C, DOWN, ENTER, SPACE
from .test_options import runs
from .test_recording import CHILD

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram", "Chris"]

[chair]
opening = false
closing = false
recognition = false

[closing]
{closing}

[[items]]
title = "Round the table"
minutes = 5

[[items]]
title = "Planning"
minutes = 10
"""


def agenda(folder: Path, closing: str = "", language: str = "en") -> Path:
    path = folder / "agenda.toml"
    path.write_text(AGENDA.format(closing=closing, language=language), encoding="utf-8")
    return path


@runs("closing.topic_minutes", "#topic", "#onderwerp")
def test_an_item_added_on_the_fly_runs_like_any_item(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path, closing="topic_minutes = 4")
    typed = [
        ENTER,
        ENTER,
        "#topic Hold music 3m" + ENTER,
        "#onderwerp Refunds" + ENTER,  # the default time box; after the one added before it
        "a note" + ENTER,
        ENTER,  # Round the table done: on to Hold music
        "#agreed a shorter loop" + ENTER,
        "#action @bram new recording" + ENTER,
        ENTER,
        "refunds take a week" + ENTER,
        ENTER,
        "#end" + ENTER,
        "y" + ENTER,
    ]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    titles = [(i["title"], i["planned_minutes"], i.get("added", False)) for i in data["items"]]
    assert titles == [
        ("Round the table", 5, False),
        ("Hold music", 3, True),
        ("Refunds", 4, True),
        ("Planning", 10, False),
    ]
    music = data["items"][1]
    assert music["decisions"] == ["a shorter loop"] and music["actions"][0]["owner"] == "Bram"
    assert data["items"][2]["notes"] == ["refunds take a week"]
    assert "Item 2 of 4 · Hold music" in text and "added during the meeting" in text
    assert "new item after this one (3 min): Hold music" in text


@runs("#park", "#parkeer")
def test_a_parked_topic_is_offered_next_time_until_taken_up_or_dropped(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    typed = [ENTER, ENTER, "#park Office move" + ENTER, "#parkeer Parking fees" + ENTER, *[ENTER] * 4]
    data, text = meet(path, keys, typed, clock)
    assert data is not None and data["parked"] == ["Office move", "Parking fees"]
    assert data["items"][0]["notes"] == []  # parked, not noted
    assert "Parked for next time" in text.split("Summary", 1)[1]

    with pipe_keys() as pipe:  # take up the office move; leave the fees parked
        typed = [
            DOWN + SPACE + ENTER,
            ENTER,
            ENTER,
            ENTER,
            "boxes on Friday" + ENTER,
            "#end" + ENTER,
            "y" + ENTER,
        ]
        data, text = meet(path, pipe, typed, clock)
    assert data is not None
    assert [i["title"] for i in data["items"]] == ["Office move", "Round the table", "Planning"]
    assert data["items"][0]["notes"] == ["boxes on Friday"] and data["parked"] == ["Parking fees"]

    with pipe_keys() as pipe:  # not taken up, and unticked on the parking lot: dropped
        typed = [SPACE + ENTER, SPACE + ENTER, ENTER, ENTER, "#end" + ENTER, "y" + ENTER]
        data, _ = meet(path, pipe, typed, clock)
    assert data is not None and "parked" not in data
    assert [i["title"] for i in data["items"]] == ["Round the table", "Planning"]


@runs("closing.round")
@pytest.mark.parametrize(("language", "title"), [("en", "Closing round"), ("nl", "Rondvraag")])
def test_the_closing_round_gives_each_person_a_turn(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, title: str
) -> None:
    path = agenda(tmp_path, closing="round = true", language=language)
    typed = [
        ENTER,
        ENTER,
        "#end" + ENTER,
        ("y" if language == "en" else "j") + ENTER,  # the round comes all the same
        "#action send the slides" + ENTER,  # Anna's turn: her action unless another is named
        "the slides are late" + ENTER,
        ENTER,
        ENTER,  # Bram passes
        "#topic Hiring 2m" + ENTER,  # Chris: a new item, right after his turn
        "#park Team outing" + ENTER,
        ENTER,
        "we hire one" + ENTER,  # the new item
        ENTER,
    ]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    items = {i["title"]: i for i in data["items"]}
    assert list(items) == ["Round the table", "Planning", "Hiring", title]
    assert items[title]["notes"] == ["Anna: the slides are late"]
    assert [(a["text"], a["owner"]) for a in items[title]["actions"]] == [("send the slides", "Anna")]
    assert items["Hiring"]["notes"] == ["we hire one"] and items["Hiring"]["added"] is True
    assert data["parked"] == ["Team outing"]
    of = "of" if language == "en" else "van"
    assert all(f"{title} {n} {of} 3 · {name}" in text for n, name in ((1, "Anna"), (2, "Bram"), (3, "Chris")))


def test_resume_lands_on_the_right_persons_turn(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path, closing="round = true")
    typed = [ENTER, ENTER, "#end" + ENTER, "y" + ENTER, ENTER, "half" + CTRL_C, DOWN + ENTER]
    assert meet(path, keys, typed, clock)[0] is None
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, [" a thought" + ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    assert data["items"][-1]["notes"] == ["Bram: half a thought"]
    assert "Closing round 2 of 3 · Bram" in text


def test_a_crash_inside_an_added_item_resumes_in_it(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path)
    typed = ENTER + ENTER + "#topic Hold music" + ENTER + ENTER + ENTER + "first in it" + ENTER
    child = subprocess.Popen(
        [sys.executable, "-u", "-c", CHILD, str(path), typed],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    for shown in child.stdout:  # echoed after the draft holding it was saved
        if "first in it" in shown:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    data, text = meet(path, keys, ["second" + ENTER, ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    music = data["items"][1]
    assert (music["title"], music["added"], music["notes"]) == ("Hold music", True, ["first in it", "second"])
    assert "Item 2 of 3 · Hold music" in text and "Said so far" in text


def test_a_topic_line_is_read_with_its_time_box() -> None:
    def read(line: str) -> object:
        return read_line(line, ["Anna"], lambda: date(2026, 11, 23))

    assert read("#topic Hold music 5m") == Aside("topic", "Hold music", 5)
    assert read("#onderwerp: Wachtmuziek 10 min") == Aside("topic", "Wachtmuziek", 10)
    assert read("#topic Agenda for 2027") == Aside("topic", "Agenda for 2027", 0)
    assert read("#parkeer verhuizing") == Aside("park", "verhuizing", 0)
    with pytest.raises(EmptyChairError, match="needs text"):
        read("#park")
    with pytest.raises(EmptyChairError, match="1 to 480 minutes"):
        read("#topic Strategy 900m")
