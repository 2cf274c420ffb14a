"""`emptychair screen`: the running meeting for the room, read from the minutes folder."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from emptychair.commands.common import MinutesOption, folder, language
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

    chosen = language(lang)
    path = folder(minutes)
    if not sys.stdout.isatty():
        raise problem("err_screen_terminal")
    follow(path, console(), chosen)
