"""Actions between meetings: the list, and follow-ups recorded from the command line."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from emptychair.app.team import Team, team
from emptychair.commands import complete
from emptychair.commands.common import JsonOption, MinutesOption, drawn, library, print_json
from emptychair.errors import problem
from emptychair.locale import tr
from emptychair.text import visible

if TYPE_CHECKING:
    from emptychair.core.minutes import ActionStatus

actions_app = typer.Typer(help="Open actions of all meetings, and follow-ups between meetings.")
IdArgument = Annotated[
    str, typer.Argument(help="The action's id, or a unique start of it.", autocompletion=complete.action_ids)
]


@actions_app.callback(invoke_without_command=True)
def actions(
    ctx: typer.Context,
    owner: Annotated[
        str, typer.Option("--owner", help="Only this owner's actions.", autocompletion=complete.owners)
    ] = "",
    overdue: Annotated[bool, typer.Option("--overdue", help="Only actions past their due date.")] = False,
    every: Annotated[bool, typer.Option("--all", help="Closed actions too.")] = False,
    as_json: JsonOption = False,
    ics: Annotated[
        bool, typer.Option("--ics", help="An iCalendar file of the due dates, on standard output.")
    ] = False,
    ics_file: Annotated[
        Path | None, typer.Option("--ics-file", metavar="PATH", help="The iCalendar file, written to PATH.")
    ] = None,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="CSV for a spreadsheet, the fields of --json.")
    ] = False,
    minutes: MinutesOption = None,
) -> None:
    """List open actions: id, text, owner, due date, age in meetings, origin."""
    if ctx.invoked_subcommand is not None:
        return
    ours = team(minutes)
    if ics or ics_file is not None:
        _calendar(ours, owner, ics_file)
        return
    from emptychair.core import report

    found = library(ours)
    today = date.today()
    pool = found.ledger.actions if every else [*found.open_actions, *found.unsettled]
    if owner.strip():
        from emptychair.app.followups import known_owner, names

        owner = known_owner(owner.strip(), names(ours, found.people))
    chosen = report.select_actions(pool, today, owner=owner, overdue=overdue, every=every)
    if as_json:
        print_json(report.actions_json(chosen, today))
    elif as_csv:
        sys.stdout.buffer.write(report.actions_csv(chosen, today).encode("utf-8"))
        sys.stdout.flush()
    elif not chosen:  # a header over nothing reads as a fault: say there are none, and which
        none = "actions_none_overdue" if overdue else "actions_none" if every else "actions_none_open"
        print(tr(ours.language, none), file=sys.stderr)
    elif drawn():
        from emptychair.terminal import views
        from emptychair.terminal.panels import console

        views.actions_table(console(), chosen, today, ours.language)
    else:
        sys.stdout.write(report.actions_text(chosen, today, ours.language))


def _calendar(ours: Team, owner: str, path: Path | None) -> None:
    """Every action with a due date; closed ones stay in as cancelled, so a new import removes them."""
    from emptychair.app.followups import known_owner, names
    from emptychair.clock import now
    from emptychair.core.ics import calendar

    found = library(ours)
    chosen = found.ledger.actions
    if owner.strip():
        key = known_owner(owner.strip(), names(ours, found.people)).casefold()
        chosen = tuple(t for t in chosen if t.action.owner.casefold() == key)
    rows = found.rows
    team = rows[0].team if rows else ""
    text = calendar(chosen, now(), ours.language, team)
    if path is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    from emptychair.files.folder import cannot_write, write_atomic_bytes

    try:
        write_atomic_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise cannot_write(path, exc) from None
    print(tr(ours.language, "ics_written", path=visible(str(path))), file=sys.stderr)


def _follow_up(
    minutes: Path | None,
    said: str,
    status: ActionStatus,
    *,
    owner: str | None = None,
    due: date | None = None,
    note: str = "",
    reopen: bool = False,
) -> None:
    from emptychair.app.followups import follow_up

    ours = team(minutes)
    done = follow_up(ours, library(ours), said, status, owner=owner, due=due, note=note, reopen=reopen)
    lang = ours.language
    if done.new_owner:
        print(tr(lang, "owner_new", name=visible(done.new_owner)), file=sys.stderr)
    print(
        tr(lang, "recorded", id=visible(done.id), text=visible(done.text), now=visible(done.now),
           file=done.file.name),
        file=sys.stderr,
    )  # fmt: skip
    if done.shared:
        print(visible(done.shared), file=sys.stderr)


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
    owner: Annotated[str, typer.Argument(help="The new owner.", autocompletion=complete.owners)],
    minutes: MinutesOption = None,
) -> None:
    """Give an open action another owner: a known name, or a unique start of one (as @br in a meeting)."""
    if not owner.strip():
        raise problem("err_owner_empty")
    _follow_up(minutes, action, "open", owner=owner.strip())


@actions_app.command("due")
def actions_due(
    action: IdArgument,
    when: Annotated[list[str], typer.Argument(metavar="DATE", help="2026-11-27, friday, next week, +3d …")],
    minutes: MinutesOption = None,
) -> None:
    """Give an open action a new due date."""
    from emptychair.core.dates import parse_due

    _follow_up(minutes, action, "open", due=parse_due(" ".join(when), date.today()))  # unquoted words too


@actions_app.command("reopen")
def actions_reopen(
    action: IdArgument,
    note: Annotated[str, typer.Option("--note", help="Why it is open again.")] = "",
    minutes: MinutesOption = None,
) -> None:
    """Open a done or dropped action again, on purpose."""
    _follow_up(minutes, action, "open", note=note.strip(), reopen=True)
