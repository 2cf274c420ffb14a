"""`emptychair screen`: the running meeting for the room, read from the minutes folder."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from emptychair.app.team import team
from emptychair.collector import loaded
from emptychair.commands.common import MinutesOption
from emptychair.errors import problem


def screen(
    minutes: MinutesOption = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="nl or en while no meeting runs (a meeting shows in its own)."),
    ] = None,
) -> None:
    """Show the meeting running on this minutes folder, for a projector or a second terminal (read-only)."""
    from emptychair.terminal.panels import console
    from emptychair.terminal.screen import follow

    loaded()
    ours = team(minutes, lang)
    if not sys.stdout.isatty():
        raise problem("err_screen_terminal")
    follow(ours.folder, console(), ours.language)
