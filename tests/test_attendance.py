"""Attendance over time in `stats`: per person the meetings present (a guest counts) and absent, the
actions they own and how many of those are closed; the meetings' own ratings per month; in `stats
--json` too, both languages, from the read model (a changed file changes the numbers)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from prompt_toolkit.input import PipeInput

from emptychair.core.minutes import Action, FollowUp, ItemRecord

from .conftest import Clock, meet
from .history import meeting, monday, write
from .inprocess import emptychair
from .keys import ENTER
from .test_meeting_rating import agenda


def team_folder(tmp_path: Path) -> Path:
    """Three meetings over two months: Dewi absent twice, then a guest; Eve a guest once; the
    actions Anna and Bram own, one of Anna's closed; two meetings rated."""
    folder = tmp_path / "minutes"
    first = meeting(0)
    first = replace(
        first,
        present=("Anna", "Bram"),
        absent=("Dewi",),
        items=(ItemRecord("Plan", 10, 9, actions=(Action("a1aaaa", "Call back", "Anna"),
                                                 Action("b1bbbb", "Fix FAQ", "bram"))),),
        meeting_rating="green",
    )  # fmt: skip
    second = replace(
        meeting(1),
        present=("anna", "Bram"),
        guests=("Eve",),
        absent=("Dewi",),
        items=(ItemRecord("Plan", 10, 9, actions=(Action("a2aaaa", "Write the mail", "Anna"),)),),
        followups=(FollowUp("a1aaaa", monday(1), "done", note="called"),),
        meeting_rating="amber",
    )
    third = replace(meeting(6), present=("Anna",), guests=("Dewi",), items=(ItemRecord("Plan", 10, 9),))
    third = replace(third, chair=())
    first, second = replace(first, chair=()), replace(second, chair=())
    write(folder, first, second, third)
    return folder


def stats_json(tmp_path: Path, folder: Path) -> dict[str, Any]:
    done = emptychair(tmp_path, "stats", "--all", "--json", "--minutes", str(folder))
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_stats_counts_attendance_and_actions_per_person(tmp_path: Path) -> None:
    folder = team_folder(tmp_path)
    data = stats_json(tmp_path, folder)
    assert data["people"] == [
        {"person": "Anna", "present": 3, "absent": 0, "actions": 2, "closed": 1},
        {"person": "Bram", "present": 2, "absent": 0, "actions": 1, "closed": 0},
        {"person": "Dewi", "present": 1, "absent": 2, "actions": 0, "closed": 0},
        {"person": "Eve", "present": 1, "absent": 0, "actions": 0, "closed": 0},
    ]
    assert data["ratings"] == [
        {"month": "2026-10", "rated": 1, "enthusiastic": 0, "green": 1, "amber": 0, "red": 0},
        {"month": "2026-11", "rated": 1, "enthusiastic": 0, "green": 0, "amber": 1, "red": 0},
    ]
    text = emptychair(tmp_path, "stats", "--all", "--minutes", str(folder)).stdout
    assert "per person" in text and "Dewi" in text and "● green 1" in text and "● amber 1" in text
    # the read model follows the files: without the third meeting, Dewi was never present
    (folder / "2026-12-07-weekly.toml").unlink()
    data = stats_json(tmp_path, folder)
    assert {p["person"]: p["present"] for p in data["people"]} == {"Anna": 2, "Bram": 2, "Eve": 1, "Dewi": 0}


def test_stats_in_dutch_and_with_hostile_names(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    hostile = "[bold]Zoë[/] \x1b]0;pwned\x07"
    write(folder, replace(meeting(0), present=(hostile,), language="nl", chair=()))
    (tmp_path / "agenda.toml").write_text(
        'title = "W"\nlanguage = "nl"\n[[items]]\ntitle = "x"\nminutes = 1\n'
    )
    text = emptychair(tmp_path, "stats", "--all").stdout
    assert "per persoon" in text and "[bold]Zoë[/]" in text and "\x1b]0;" not in text
    assert stats_json(tmp_path, folder)["people"][0]["person"] == hostile


def test_a_rated_meeting_counts_in_stats(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path)
    data, _ = meet(
        path, keys, [ENTER, ENTER, "#action @anna call back" + ENTER, "#end" + ENTER, "y", "r"], clock
    )
    assert data is not None and data["meeting_rating"] == "red"
    found = stats_json(tmp_path, tmp_path / "minutes")
    assert found["ratings"] == [
        {"month": "2026-11", "rated": 1, "enthusiastic": 0, "green": 0, "amber": 0, "red": 1}
    ]
    assert {p["person"]: (p["present"], p["actions"]) for p in found["people"]} == {
        "Anna": (1, 1), "Bram": (1, 0), "Chris": (1, 0),
    }  # fmt: skip
