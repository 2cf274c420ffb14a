"""The `emptychair` command: argument parsing and output only; the work happens in the modules."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from emptychair.errors import EmptyChairError, Hangup
from emptychair.text import visible

if TYPE_CHECKING:
    from emptychair.ledger import Ledger
    from emptychair.store import Folder

app = typer.Typer(
    name="emptychair",
    help="Run the weekly team meeting from a terminal, with the customer on an empty chair.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
agenda_app = typer.Typer(help="Check agenda files.", no_args_is_help=True)
app.add_typer(agenda_app, name="agenda")
actions_app = typer.Typer(help="Open actions of all meetings, and follow-ups between meetings.")
app.add_typer(actions_app, name="actions")

MinutesOption = Annotated[
    Path | None,
    typer.Option("--minutes", help="The minutes folder (default: from agenda.toml here, else ./minutes)."),
]

AGENDA = "agenda.toml"


def _language(lang: str | None) -> str:
    """--lang, else the locale (LC_ALL, LC_MESSAGES, LANG), else English."""
    from emptychair.agenda import LANGUAGES

    if lang is not None:
        if lang not in LANGUAGES:
            raise EmptyChairError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
        return lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The team folder.")] = Path("."),
    lang: Annotated[str | None, typer.Option("--lang", help="nl or en (default: your locale).")] = None,
) -> None:
    """Write a starter agenda.toml and a minutes/ folder."""
    language = _language(lang)
    target = folder / AGENDA
    if target.exists():
        raise EmptyChairError(f"{target} already exists; edit it, or run init in another folder")
    text = resources.files("emptychair").joinpath("starter", f"{language}.toml").read_text("utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "minutes").mkdir(exist_ok=True)
        from emptychair.store import write_atomic

        write_atomic(target, text, exclusive=True)
    except OSError as exc:
        from emptychair.store import cannot_write

        raise cannot_write(target, exc) from None
    print(
        f"Wrote {target} and {folder / 'minutes'}/. Next: edit the attendees, then: emptychair run",
        file=sys.stderr,
    )


@app.command()
def run(
    agenda: Annotated[Path, typer.Argument(help="The agenda file.")] = Path(AGENDA),
    resume: Annotated[bool, typer.Option("--resume", help="Resume the unfinished meeting.")] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start anew; an unfinished meeting is kept.")
    ] = False,
) -> None:
    """Run a meeting on the agenda and write its minutes."""
    from emptychair import app as meeting_app
    from emptychair.render import console

    if resume and fresh:
        raise EmptyChairError("choose either --resume or --fresh, not both")
    if not agenda.exists() and agenda == Path(AGENDA):
        raise EmptyChairError("no agenda.toml here; create one with: emptychair init (or name a file)")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise EmptyChairError("emptychair run needs an interactive terminal")
    choice = True if resume else (False if fresh else None)
    from emptychair.signals import stop_on_hangup

    with stop_on_hangup():
        meeting_app.run(agenda, console(), console(stderr=True), resume=choice)


@agenda_app.command("check")
def agenda_check(
    file: Annotated[Path, typer.Argument(help="The agenda file.")] = Path(AGENDA),
) -> None:
    """Print every problem in an agenda file, or ok."""
    from emptychair.agenda import check_agenda

    try:
        _, check = check_agenda(file)
        problems = [f"{file}: {p}" for p in check.problems]
    except EmptyChairError as exc:
        problems = [exc.message]
    for problem in problems:
        print(visible(problem))
    if problems:
        raise typer.Exit(2)
    print("ok")


def _folder(minutes: Path | None) -> Path:
    """The minutes folder a read command works on."""
    if minutes is not None:
        if not minutes.is_dir():
            raise EmptyChairError(f"{minutes}: no such folder")
        return minutes
    if Path(AGENDA).is_file():
        from emptychair.agenda import load_agenda

        return load_agenda(Path(AGENDA)).minutes_dir
    if Path("minutes").is_dir():
        return Path("minutes")
    raise EmptyChairError("no minutes folder here; run this next to agenda.toml, or name one: --minutes DIR")


def _ledger(minutes: Path | None) -> tuple[Ledger, Folder]:
    from emptychair.render import console
    from emptychair.store import Folder

    folder = Folder(_folder(minutes))
    ledger, _, problems = folder.ledger()
    err = console(stderr=True)
    for problem in problems:
        err.print(f"skipped: {visible(problem.message)}", style="yellow", markup=False, highlight=False)
    return ledger, folder


@app.command()
def drafts(minutes: MinutesOption = None) -> None:
    """List unfinished meetings: when they started and where they stopped."""
    from emptychair.app import describe_step
    from emptychair.store import Folder

    found = Folder(_folder(minutes)).drafts()
    if not found:
        print("no unfinished meetings", file=sys.stderr)
    for path, draft, problem in found:
        if draft is None:
            print(f"{path}: {visible(problem)}")
            continue
        meeting = draft.meeting()
        typed = f", half-typed: {visible(draft.pending)!r}" if draft.pending else ""
        print(
            f"{path}: “{visible(meeting.agenda.title)}” started {meeting.started:%Y-%m-%d %H:%M},"
            f" stopped at {visible(describe_step(meeting))}, {len(meeting.events)} entries{typed}"
        )


@actions_app.callback(invoke_without_command=True)
def actions(
    ctx: typer.Context,
    owner: Annotated[str, typer.Option("--owner", help="Only this owner's actions.")] = "",
    overdue: Annotated[bool, typer.Option("--overdue", help="Only actions past their due date.")] = False,
    every: Annotated[bool, typer.Option("--all", help="Closed actions too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts (see the README).")] = False,
    minutes: MinutesOption = None,
) -> None:
    """List open actions: id, text, owner, due date, age in meetings, origin."""
    if ctx.invoked_subcommand is not None:
        return
    from emptychair import report

    ledger, _ = _ledger(minutes)
    today = date.today()
    chosen = report.select_actions(ledger.actions, today, owner=owner, overdue=overdue, every=every)
    if as_json:
        print(json.dumps(report.actions_json(chosen, today), ensure_ascii=False, indent=2))
    else:
        from emptychair.render import console

        report.actions_table(console(), chosen, today)


def _follow_up(
    minutes: Path | None,
    said: str,
    status: str,
    *,
    owner: str | None = None,
    due: date | None = None,
    note: str = "",
) -> None:
    from emptychair.minutes import OPEN, FollowUp

    ledger, folder = _ledger(minutes)
    tracked = ledger.find(said)
    if status != OPEN and not tracked.is_open:
        raise EmptyChairError(f"action {tracked.action.id} is already {tracked.action.status}")
    at = datetime.now().astimezone().replace(microsecond=0)
    record = FollowUp(tracked.action.id, at, status, owner=owner, due=due, note=note)
    path = folder.write_followups((record,), at)
    said_now = f"owner {owner}" if owner else f"due {due:%a %d %b %Y}" if due else status
    print(
        f"{tracked.action.id} “{visible(tracked.action.text)}”: {visible(said_now)} (in {path.name})",
        file=sys.stderr,
    )


IdArgument = Annotated[str, typer.Argument(help="The action's id, or a unique start of it.")]


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
        raise EmptyChairError("a dropped action needs a reason: --reason TEXT")
    _follow_up(minutes, action, "dropped", note=reason.strip())


@actions_app.command("reassign")
def actions_reassign(
    action: IdArgument,
    owner: Annotated[str, typer.Argument(help="The new owner.")],
    minutes: MinutesOption = None,
) -> None:
    """Give an open action another owner."""
    if not owner.strip():
        raise EmptyChairError("the new owner must not be empty")
    _follow_up(minutes, action, "open", owner=owner.strip())


@actions_app.command("due")
def actions_due(
    action: IdArgument,
    when: Annotated[str, typer.Argument(metavar="DATE", help="2026-11-27, friday, next week, +3d …")],
    minutes: MinutesOption = None,
) -> None:
    """Give an open action a new due date."""
    from emptychair.dates import parse_due

    _follow_up(minutes, action, "open", due=parse_due(when, date.today()))


def main(argv: list[str] | None = None) -> None:
    """Entry point: every EmptyChairError ends here as one line on stderr.

    Typer itself answers usage errors (exit 2) and --help; anything else is a bug and keeps its traceback.
    """
    try:
        app(args=argv, prog_name="emptychair")
    except EmptyChairError as exc:
        sys.stderr.write(f"emptychair: {visible(exc.message)}\n")
        sys.exit(exc.exit_code)
    except Hangup as hangup:
        sys.exit(128 + hangup.signum)
