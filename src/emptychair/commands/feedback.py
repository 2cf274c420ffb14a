"""Real customer feedback: import what the team exports, list it, review what the chair may quote."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from emptychair.app.team import team
from emptychair.commands.common import DatesJoined, JsonOption, MinutesOption, print_json, skipped
from emptychair.errors import problem
from emptychair.text import visible

if TYPE_CHECKING:
    from emptychair.app.feedback import Imported

SHOWN = 50  # items `feedback` shows a person at a terminal, newest first
feedback_app = typer.Typer(
    help="Real customer feedback: import exports, list them, review what the chair may quote."
)
SHOWN_PROBLEMS = 10  # rows named after an import; the rest counted


def _formats(incomplete: str) -> list[str]:
    from emptychair.core.feedback import FORMATS

    return [f for f in FORMATS if f.startswith(incomplete)]


def _statuses(incomplete: str) -> list[str]:
    from emptychair.core.feedback import STATUSES

    return [s for s in STATUSES if s.startswith(incomplete)]


@feedback_app.callback(invoke_without_command=True)
def feedback(
    ctx: typer.Context,
    status: Annotated[
        str,
        typer.Option("--status", help="Only new, approved or skipped feedback.", autocompletion=_statuses),
    ] = "",
    as_json: JsonOption = False,
    every: Annotated[
        bool, typer.Option("--all", help="Every item, also at a terminal (where the newest 50 are shown).")
    ] = False,
    minutes: MinutesOption = None,
) -> None:
    """The customer feedback imported, newest first: id, date, source, score, status, text."""
    if ctx.invoked_subcommand is not None:
        return
    from emptychair.app.feedback import listing
    from emptychair.core.feedback import listing_json, listing_text
    from emptychair.locale import tr

    ours = team(minutes)
    found = listing(ours.folder, status)
    lang = ours.language
    skipped(found.unreadable, lang)
    if as_json:
        print_json(listing_json(found.entries))
    elif found.entries:
        cut = not every and sys.stdout.isatty() and len(found.entries) > SHOWN
        sys.stdout.write(listing_text(found.entries[:SHOWN] if cut else found.entries, lang))
        if cut:  # a person reads the newest; a pipe gets every item
            sys.stderr.write(tr(lang, "fb_cut", shown=SHOWN, count=len(found.entries)) + "\n")
    else:
        sys.stderr.write(tr(lang, "fb_none" if not status else "fb_none_with", status=status) + "\n")


@feedback_app.command("import", cls=DatesJoined)
def feedback_import(
    file: Annotated[Path, typer.Argument(help="The export: CSV or JSON.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="The export's format, when its header does not say.", autocompletion=_formats
        ),
    ] = None,
    text: Annotated[
        str, typer.Option("--text", metavar="COL", help="The column with the customer's words.")
    ] = "",
    score: Annotated[str, typer.Option("--score", metavar="COL", help="The column with the score.")] = "",
    date_column: Annotated[str, typer.Option("--date", metavar="COL", help="The column with the date.")] = "",
    id_column: Annotated[
        str, typer.Option("--id", metavar="COL", help="The column with the export's own id.")
    ] = "",
    since: Annotated[
        str | None, typer.Option("--since", help="Only feedback from this date on (2026-11-01, 30d).")
    ] = None,
    approve_all: Annotated[
        bool, typer.Option("--approve-all", help="Let the chair quote all of it, unreviewed.")
    ] = False,
    minutes: MinutesOption = None,
) -> None:
    """Bring customer feedback in from an export, every row scrubbed of personal data."""
    from emptychair.app.feedback import import_export
    from emptychair.clock import now
    from emptychair.core.feedback import Wanted

    wanted = Wanted(text=text, score=score, date=date_column, id=id_column)
    ours = team(minutes)
    done = import_export(
        ours.folder, file, now=now(), fmt=fmt, wanted=wanted, since=since, approve_all=approve_all
    )
    lang = ours.language
    skipped(done.unreadable, lang)
    sys.stderr.write(_said(done, lang))
    if done.new == 0 and done.known == 0 and done.problems:
        raise typer.Exit(2)  # not one row could be read


def _said(done: Imported, lang: str) -> str:
    from emptychair.core.feedback import SOURCE_NAMES
    from emptychair.locale import tr

    read_as = ", ".join(
        tr(lang, "fb_from_" + what, column=visible(name)) for what, name in done.columns.items()
    )
    lines = [
        tr(
            lang,
            "fb_read",
            file=visible(done.export),
            source=SOURCE_NAMES[done.format],
            encoding=done.encoding,
            columns=read_as,
        )
    ]
    said = tr(lang, "fb_imported", count=done.new)
    if done.problems:
        shown = "; ".join(p.say(lang) for p in done.problems[:SHOWN_PROBLEMS])
        more = len(done.problems) - SHOWN_PROBLEMS
        shown += tr(lang, "fb_more", count=more) if more > 0 else ""
        said += tr(lang, "fb_skipped", count=len(done.problems), rows=visible(shown))
    if done.known:
        said += tr(lang, "fb_known", count=done.known)
    if done.older:
        said += tr(lang, "fb_older", count=done.older)
    lines.append(said)
    if done.written is not None:
        lines.append(tr(lang, "fb_written", path=visible(str(done.written))))
    if done.approved:
        lines.append(tr(lang, "fb_approved_all", count=done.approved))
    elif done.new:
        lines.append(tr(lang, "fb_next"))
    return "\n".join(lines) + "\n"


@feedback_app.command("review")
def feedback_review(minutes: MinutesOption = None) -> None:
    """Walk the new feedback one key each: use it (the chair may quote it), skip it, or stop."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise problem("err_fb_no_terminal")
    from emptychair.app.feedback import review
    from emptychair.clock import now
    from emptychair.locale import tr
    from emptychair.terminal.feedback_ui import Reviewer
    from emptychair.terminal.panels import console
    from emptychair.terminal.signals import stop_on_hangup

    ours = team(minutes)
    lang = ours.language
    with stop_on_hangup():
        done = review(ours.folder, Reviewer(console(), lang), now)
    skipped(done.unreadable, lang)
    if done.approved + done.skipped + done.left == 0:
        sys.stderr.write(tr(lang, "fb_nothing_new") + "\n")
        return
    said = tr(lang, "fb_reviewed", approved=done.approved, skipped=done.skipped)
    said += tr(lang, "fb_left", count=done.left) if done.left else ""
    sys.stderr.write(said + "\n")
