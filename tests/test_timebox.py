from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from emptychair.core.meeting import Meeting, Next, Paused, Resumed, apply
from emptychair.terminal.meeting_ui import timebox_toolbar

from .test_meeting import T0, at, attend, begin


def in_first_item(path: Path | None = None) -> Meeting:
    m = attend(begin())
    return apply(m, Next(at(2)))  # the clock of "Round the table" (5 min) starts at minute 2


@pytest.mark.parametrize(
    ("seconds", "text", "style"),
    [
        (0, " Round the table · 5:00 left ", ""),
        (61, " Round the table · 3:59 left ", ""),
        (240, " Round the table · 1:00 left · last minute ", "bg:ansiyellow fg:ansiblack"),
        (299, " Round the table · 0:01 left · last minute ", "bg:ansiyellow fg:ansiblack"),
        (390, " Round the table · running 1:30 over ", "bg:ansired fg:ansiwhite bold"),
    ],
)
def test_toolbar_at_elapsed_times(seconds: int, text: str, style: str) -> None:
    m = in_first_item()
    assert timebox_toolbar(m, at(2) + timedelta(seconds=seconds)) == [(style, text)]


def test_toolbar_speaks_dutch_and_counts_time_before_a_pause() -> None:
    m = in_first_item()
    m = replace(m, agenda=replace(m.agenda, language="nl"))
    m = apply(m, Paused(at(4)))  # two minutes spent
    m = apply(m, Resumed(T0 + timedelta(hours=2)))
    assert timebox_toolbar(m, T0 + timedelta(hours=2, seconds=30)) == [("", " Round the table · nog 2:30 ")]
