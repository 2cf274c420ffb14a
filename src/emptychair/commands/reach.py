"""Actions into the team's issue tracker and back: `actions push` and `actions pull`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from emptychair.app.team import team
from emptychair.commands import complete
from emptychair.commands.common import MinutesOption, library
from emptychair.text import visible


def actions_push(
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID…",
            help="The actions' ids, or unique starts of them.",
            autocompletion=complete.action_ids,
        ),
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="TRACKER",
            help="github:OWNER/REPO or gitlab:GROUP/PROJECT (default: [tracker] to).",
        ),
    ] = "",
    minutes: MinutesOption = None,
) -> None:
    """Make an issue for each action in the team's tracker, with gh or glab; the link is kept."""
    from emptychair.app.tracker import push_actions, pushed_lines

    ours = team(minutes)
    lang = ours.language
    done = push_actions(library(ours), ids, to, lang)
    print(visible(pushed_lines(done, lang)), file=sys.stderr)


def actions_pull(minutes: MinutesOption = None) -> None:
    """Ask the tracker about every pushed open action: those whose issue is closed are done."""
    from emptychair.app.tracker import pull_actions, pulled_line

    ours = team(minutes)
    lang = ours.language
    print(visible(pulled_line(pull_actions(library(ours), lang), lang)), file=sys.stderr)
