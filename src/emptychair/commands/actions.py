"""Actions between meetings: the list, and follow-ups recorded from the command line."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from emptychair.commands.common import JsonOption, MinutesOption, language, library, print_json
from emptychair.errors import problem
from emptychair.locale import tr
from emptychair.text import visible

actions_app = typer.Typer(help="Open actions of all meetings, and follow-ups between meetings.")
IdArgument = Annotated[str, typer.Argument(help="The action's id, or a unique start of it.")]


@actions_app.callback(invoke_without_command=True)
def actions(
    ctx: typer.Context,
    owner: Annotated[str, typer.Option("--owner", help="Only this owner's actions.")] = "",
    overdue: Annotated[bool, typer.Option("--overdue", help="Only actions past their due date.")] = False,
    every: Annotated[bool, typer.Option("--all", help="Closed actions too.")] = False,
    as_json: JsonOption = False,
    minutes: MinutesOption = None,
) -> None:
    """List open actions: id, text, owner, due date, age in meetings, origin."""
    if ctx.invoked_subcommand is not None:
        return
    from emptychair.core import report

    found = library(minutes)
    today = date.today()
    pool = found.ledger.actions if every else found.open_actions
    chosen = report.select_actions(pool, today, owner=owner, overdue=overdue, every=every)
    if as_json:
        print_json(report.actions_json(chosen, today))
    elif sys.stdout.isatty():
        from emptychair.terminal import views
        from emptychair.terminal.panels import console

        views.actions_table(console(), chosen, today)
    else:
        sys.stdout.write(report.actions_text(chosen, today, language()))


def _follow_up(
    minutes: Path | None,
    said: str,
    status: str,
    *,
    owner: str | None = None,
    due: date | None = None,
    note: str = "",
) -> None:
    from emptychair.core.minutes import OPEN, FollowUp
    from emptychair.files.folder import Folder

    found = library(minutes)
    tracked = found.find(said)
    if status != OPEN and not tracked.is_open:
        raise problem("err_already", id=tracked.action.id, status=tracked.action.status)
    at = datetime.now().astimezone().replace(microsecond=0)
    record = FollowUp(tracked.action.id, at, status, owner=owner, due=due, note=note)
    path = Folder(found.folder).write_followups((record,), at)
    lang = language()
    if owner:
        said_now = tr(lang, "now_owner", owner=owner)
    elif due:
        said_now = tr(lang, "due", date=f"{due:%a %d %b %Y}")
    else:
        said_now = tr(lang, "status_" + status)
    text = visible(tracked.action.text)
    print(
        tr(lang, "recorded", id=tracked.action.id, text=text, now=visible(said_now), file=path.name),
        file=sys.stderr,
    )


@actions_app.command("done")
def actions_done(
    action: IdArgument,
    note: Annotated[str, typer.Option("--note", help="What was done.")] = "",
    minutes: MinutesOption = None,
) -> None:
    """Record that an action is done."""
    _follow_up(minutes, action, "done", note=note)


@actions_app.command("drop")
def actions_drop(
    action: IdArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why it is dropped (required).")] = "",
    minutes: MinutesOption = None,
) -> None:
    """Record that an action is dropped, and why."""
    if not reason.strip():
        raise problem("err_drop_reason")
    _follow_up(minutes, action, "dropped", note=reason.strip())


@actions_app.command("reassign")
def actions_reassign(
    action: IdArgument,
    owner: Annotated[str, typer.Argument(help="The new owner.")],
    minutes: MinutesOption = None,
) -> None:
    """Give an open action another owner."""
    if not owner.strip():
        raise problem("err_owner_empty")
    _follow_up(minutes, action, "open", owner=owner.strip())


@actions_app.command("due")
def actions_due(
    action: IdArgument,
    when: Annotated[str, typer.Argument(metavar="DATE", help="2026-11-27, friday, next week, +3d …")],
    minutes: MinutesOption = None,
) -> None:
    """Give an open action a new due date."""
    from emptychair.core.dates import parse_due

    _follow_up(minutes, action, "open", due=parse_due(when, date.today()))
