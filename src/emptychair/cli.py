"""The `emptychair` command: argument parsing and output only; the work happens in the modules."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from emptychair.errors import EmptyChairError, Hangup
from emptychair.text import visible

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
