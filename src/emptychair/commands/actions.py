"""Actions between meetings: the list, and follow-ups recorded from the command line."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from emptychair.commands import complete
from emptychair.commands.common import JsonOption, MinutesOption, language, library, print_json
from emptychair.errors import EmptyChairError, problem
from emptychair.locale import day, tr
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
    if ics or ics_file is not None:
        _calendar(minutes, owner, ics_file)
        return
    from emptychair.core import report

    found = library(minutes)
    today = date.today()
    pool = found.ledger.actions if every else [*found.open_actions, *found.unsettled]
    if owner.strip():
        owner = _known_owner(owner.strip(), _names(found.people))
    chosen = report.select_actions(pool, today, owner=owner, overdue=overdue, every=every)
    if as_json:
        print_json(report.actions_json(chosen, today))
    elif as_csv:
        sys.stdout.buffer.write(report.actions_csv(chosen, today).encode("utf-8"))
        sys.stdout.flush()
    elif not chosen:  # a header over nothing reads as a fault: say there are none, and which
        none = "actions_none_overdue" if overdue else "actions_none" if every else "actions_none_open"
        print(tr(language(minutes=minutes), none), file=sys.stderr)
    elif sys.stdout.isatty():
        from emptychair.terminal import views
        from emptychair.terminal.panels import console

        views.actions_table(console(), chosen, today, language(minutes=minutes))
    else:
        sys.stdout.write(report.actions_text(chosen, today, language(minutes=minutes)))


def _calendar(minutes: Path | None, owner: str, path: Path | None) -> None:
    """Every action with a due date; closed ones stay in as cancelled, so a new import removes them."""
    from emptychair.clock import now
    from emptychair.core.ics import calendar

    found = library(minutes)
    chosen = found.ledger.actions
    if owner.strip():
        key = _known_owner(owner.strip(), _names(found.people)).casefold()
        chosen = tuple(t for t in chosen if t.action.owner.casefold() == key)
    rows = found.rows
    team = rows[0].team if rows else ""
    text = calendar(chosen, now(), language(), team)
    if path is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    from emptychair.files.folder import cannot_write, write_atomic_bytes

    try:
        write_atomic_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise cannot_write(path, exc) from None
    print(tr(language(), "ics_written", path=visible(str(path))), file=sys.stderr)


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
    from emptychair.clock import now
    from emptychair.core.minutes import OPEN, status_key
    from emptychair.files.folder import Folder, new_record_id

    found = library(minutes)
    tracked = found.find(said)
    # An action changed in two places at once may be closed, reopened or dropped whatever the
    # rule made of it: that settles it.
    settles = bool(tracked.conflict) and (status != OPEN or reopen)
    if reopen and tracked.is_open and not settles:
        raise problem("err_already", id=tracked.action.id, status=tracked.action.status)
    if not reopen and not tracked.is_open and not settles:
        # A new owner or date is no reason to bring a closed action back: that is said on purpose.
        key = "err_already" if status != OPEN else "err_closed_" + tracked.action.status
        raise problem(key, id=tracked.action.id, status=tracked.action.status)
    if owner is not None:
        owner = _new_owner(owner, _names(found.people))
    at = now()
    # after every record of the action read just now: it counts after them, whatever the clocks say
    record = tracked.next_record(new_record_id(), at, status, owner=owner, due=due, note=note)
    path = Folder(found.folder).write_followups((record,), at)
    lang = language(minutes=minutes)
    if reopen:
        said_now = tr(lang, "status_open")
    elif owner:
        said_now = tr(lang, "now_owner", owner=owner)
    elif due:
        said_now = tr(lang, "due", date=day(lang, due))
    else:
        said_now = tr(lang, status_key(status))
    text = visible(tracked.action.text)
    print(
        tr(lang, "recorded", id=visible(tracked.action.id), text=text, now=visible(said_now), file=path.name),
        file=sys.stderr,
    )
    _share(found.folder, lang)


def _share(folder: Path, lang: str) -> None:
    """Sync a follow-up in git when agenda.toml here shares this minutes folder (`[git] sync`)."""
    from emptychair.commands.common import AGENDA
    from emptychair.files.config import load_agenda

    try:
        agenda = load_agenda(Path(AGENDA)) if Path(AGENDA).is_file() else None
    except EmptyChairError:
        return  # a broken agenda is named by the commands that use it
    if agenda is None or not agenda.git_sync or agenda.minutes_dir.resolve() != folder.resolve():
        return
    from emptychair.files import git

    print(visible(git.attempt(git.sync_folder, folder, lang)[1]), file=sys.stderr)


def _names(from_minutes: tuple[str, ...]) -> tuple[str, ...]:
    """The names an owner is matched against: the attendees of agenda.toml here, then the minutes'."""
    from emptychair.commands.common import AGENDA
    from emptychair.files.config import load_agenda

    attendees: tuple[str, ...] = ()
    if Path(AGENDA).is_file():
        try:
            attendees = load_agenda(Path(AGENDA)).attendees
        except EmptyChairError:
            attendees = ()  # a broken agenda is named by the commands that use it; names still come from the minutes
    seen: dict[str, str] = {}
    for name in (*attendees, *from_minutes):
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def _new_owner(said: str, names: tuple[str, ...]) -> str:
    """The known person `said` names by a unique start, as `@br` in a meeting; else a new name, said so."""
    from emptychair.core.line import match_owner

    try:
        return match_owner(said, names)
    except EmptyChairError as exc:
        if exc.key != "err_owner_unknown":
            raise  # ambiguous: refused with the candidates
    print(tr(language(), "owner_new", name=visible(said)), file=sys.stderr)
    return said


def _known_owner(said: str, names: tuple[str, ...]) -> str:
    """The known person `said` names by a unique start; refused when ambiguous or unknown."""
    from emptychair.core.line import match_owner

    try:
        return match_owner(said, names)
    except EmptyChairError as exc:
        if exc.key != "err_owner_unknown":
            raise
    raise problem("err_owner_not_known", said=said, names=", ".join(names) or "—")


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
    when: Annotated[str, typer.Argument(metavar="DATE", help="2026-11-27, friday, next week, +3d …")],
    minutes: MinutesOption = None,
) -> None:
    """Give an open action a new due date."""
    from emptychair.core.dates import parse_due

    _follow_up(minutes, action, "open", due=parse_due(when, date.today()))


@actions_app.command("reopen")
def actions_reopen(
    action: IdArgument,
    note: Annotated[str, typer.Option("--note", help="Why it is open again.")] = "",
    minutes: MinutesOption = None,
) -> None:
    """Open a done or dropped action again, on purpose."""
    _follow_up(minutes, action, "open", note=note.strip(), reopen=True)
