"""Reading the history: minutes list, show and export; search; the chair's voice; stats."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from emptychair.app.team import team
from emptychair.commands import complete
from emptychair.commands.common import (
    DatesJoined,
    JsonOption,
    MinutesOption,
    date_option,
    drawn,
    library,
    print_json,
)
from emptychair.errors import problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from emptychair.app.team import Team
    from emptychair.app.voice import TwoVoices
    from emptychair.core.history import Answer
    from emptychair.core.ledger import Ledger
    from emptychair.core.minutes import Minutes
    from emptychair.core.page import Part
    from emptychair.files.readmodel import Library

minutes_app = typer.Typer(help="Past meetings: list, show, export.", no_args_is_help=True)
Which = Annotated[
    str,
    typer.Argument(
        help="latest (default), a date like 2026-11-23, or a meeting id.", autocompletion=complete.meetings
    ),
]


LATEST = 20  # meetings `minutes list` shows a person at a terminal
BEST = 50  # hits `search` shows a person at a terminal


def _for_a_person() -> bool:
    """Output that a person reads at a terminal, where a long list is cut; a pipe gets every line."""
    return sys.stdout.isatty()


@minutes_app.command("list", cls=DatesJoined)
def minutes_list(
    since: Annotated[
        str | None, typer.Option("--since", help="From this date (2026-09-01, last week …).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to this date (2026-09-30, yesterday …).")
    ] = None,
    of_team: Annotated[
        str, typer.Option("--team", help="Only this team's meetings.", autocompletion=complete.teams)
    ] = "",
    every: Annotated[bool, typer.Option("--all", help="Every meeting, also at a terminal.")] = False,
    count: Annotated[
        int | None, typer.Option("--count", "-n", min=1, help="The latest N meetings.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    minutes: MinutesOption = None,
) -> None:
    """One row per meeting, newest first: items, decisions, actions new and closed, chair answers."""
    from emptychair.core import report

    ours = team(minutes)
    first, last = date_option(since, "--since"), date_option(until, "--until")
    cut = count is None and not every and not as_json and since is None and until is None and _for_a_person()
    limit = LATEST if cut else None if every else count
    rows, total = library(ours).meeting_rows(first, last, of_team, limit)
    if as_json:
        print_json(report.rows_json(rows))
        return
    sys.stdout.write(report.rows_text(rows, ours.language))
    if cut and total > len(rows):
        from emptychair.locale import tr

        sys.stdout.flush()
        sys.stderr.write(tr(ours.language, "list_cut", shown=len(rows), count=total) + "\n")


def _meeting(minutes: Path | None, which: str) -> tuple[Minutes, Ledger]:
    from emptychair.app.reading import load, minutes_path

    found = library(team(minutes))
    row = found.pick(which)
    return load(minutes_path(found.folder, row.name)), found.ledger_of(row.name)


@minutes_app.command("show")
def minutes_show(which: Which = "latest", minutes: MinutesOption = None) -> None:
    """One meeting for reading: items, decisions, the chair's questions and answers, actions as they stand today."""
    from emptychair.core.document import as_shown, meeting_document

    meeting, ledger = _meeting(minutes, which)
    blocks = meeting_document(meeting, ledger, date.today())
    if not drawn():  # piped: the same lines, whole, and no rich to load for them
        sys.stdout.write(as_shown(blocks))
        return
    from emptychair.terminal import views
    from emptychair.terminal.panels import console

    out = console()
    # less shows colours only with -R; give it that unless the user chose their own options
    os.environ.setdefault("LESS", "-R")
    styles = "r" in os.environ["LESS"].lower() or "PAGER" in os.environ
    with out.pager(styles=styles):
        out.print(views.document_view(blocks))


@minutes_app.command("export")
def minutes_export(
    which: Which = "latest",
    fmt: Annotated[str, typer.Option("--format", help="md or html.", autocompletion=complete.formats)] = "md",
    minutes: MinutesOption = None,
) -> None:
    """One meeting as a self-contained Markdown or HTML document, on standard output."""
    from emptychair.core.document import meeting_document, to_html, to_markdown

    if fmt not in ("md", "html"):
        raise problem("err_format", fmt=fmt)
    meeting, ledger = _meeting(minutes, which)
    blocks = meeting_document(meeting, ledger, date.today())
    sys.stdout.write(to_markdown(blocks) if fmt == "md" else to_html(blocks, meeting.language))


def search(
    query: Annotated[list[str], typer.Argument(help="Words and filters: @owner is:open since:2026-09-01 …")],
    as_json: JsonOption = False,
    every: Annotated[bool, typer.Option("--all", help="Every hit, also at a terminal.")] = False,
    minutes: MinutesOption = None,
) -> None:
    """Search notes, decisions, the chair's answers and actions of all minutes."""
    from emptychair.core import report
    from emptychair.core.search import parse_query

    said = " ".join(query)
    wanted = parse_query(said)
    ours = team(minutes)
    found = library(ours)
    lang = ours.language
    from emptychair.locale import tr

    if as_json:  # every hit, a thousand at a time, as JSON
        from emptychair.commands.common import print_json_list

        batches = ([report.hit_json(u) for u in some] for some in found.hits_each(wanted))
        print_json_list(report.hits_head(said), "hits", batches)
        return
    if not drawn():
        written = False  # a pipe: every hit, a thousand at a time, never all in memory
        for some in found.hits_each(wanted):
            sys.stdout.write(report.hits_text(some, lang))
            written = written or bool(some)
        if not written:
            sys.stderr.write(tr(lang, "no_hits") + "\n")
        return
    cut = not every and _for_a_person()
    shown, total = found.hits(wanted, BEST if cut else None)  # a terminal: only what it shows
    more = total - len(shown)
    if not shown:
        sys.stderr.write(tr(lang, "no_hits") + "\n")
    else:
        from emptychair.terminal import views
        from emptychair.terminal.panels import console

        console().print(views.hits_view(shown, wanted.words, lang), soft_wrap=True, end="")
    if more:
        sys.stdout.flush()
        sys.stderr.write(tr(lang, "hits_cut", shown=len(shown), more=more) + "\n")


AllOption = Annotated[bool, typer.Option("--all", help="Every meeting, not only the last year's.")]


def _since(found: Library, every: bool, lang: str) -> date | None:
    """Where the bounded view starts (None: everything); says so on stderr when it leaves meetings out."""
    since = None if every else found.recent()
    if since is not None:
        count, older = found.counted(since)
        if older:
            from emptychair.locale import tr

            sys.stderr.write(tr(lang, "recent_only", since=since.isoformat(), count=count) + "\n")
    return since


def voice(
    as_json: JsonOption = False,
    every: AllOption = False,
    minutes: MinutesOption = None,
) -> None:
    """The customer's voice: each of the chair's questions with the team's answers over time,
    then the exemplary work for a customer that the team recognised, per month."""
    from emptychair.core import report
    from emptychair.core.search import Query
    from emptychair.files.config import shipped

    ours = team(minutes)
    found = library(ours)
    since = _since(found, every, ours.language)
    answers = found.answers_since(since)
    recognised = sorted(
        found.search(Query(kinds=frozenset({"recognition"}), since=since)), key=lambda u: (u.date, u.meeting)
    )
    voices = _two_voices(ours, found, answers, since)
    if as_json:
        from emptychair.core.gap import gap_json

        print_json({**report.voice_json(answers, recognised), "gap": gap_json(voices.gap)})
        return
    lang = ours.language
    from emptychair.core.gap import gap_page

    stories = found.search(Query(kinds=frozenset({"story"}), since=since))
    dilemmas = found.search(Query(kinds=frozenset({"dilemma"}), since=since))
    _show(
        report.voice_page(answers, shipped(lang).questions, lang)
        + report.recognitions_page(recognised, lang)
        + gap_page(voices.gap, lang)
        + report.told_page(stories, lang, "stories")
        + report.told_page(dilemmas, lang, "dilemmas")
    )


def _two_voices(ours: Team, found: Library, answers: Sequence[Answer], since: date | None) -> TwoVoices:
    """The customers' voice beside the team's (app.voice), all from the read model."""
    from emptychair.app.voice import two_voices
    from emptychair.core.search import Query
    from emptychair.files.config import shipped

    heard = found.search(Query(kinds=frozenset({"customer"}), since=since))
    return two_voices(found.feedback_records(since), answers, heard, shipped(ours.language).questions, since)


def stats(
    as_json: JsonOption = False,
    every: AllOption = False,
    minutes: MinutesOption = None,
) -> None:
    """Meetings held, actions created and closed, follow-through and days to close, per month."""
    from emptychair.core import history, report

    ours = team(minutes)
    found = library(ours)
    since = _since(found, every, ours.language)
    st = history.stats_of(found.recent_rows(since), found.actions_since(since), found.attendance_since(since))
    real = _two_voices(ours, found, (), since).months
    if as_json:
        from emptychair.core.gap import real_months_json

        print_json({**report.stats_json(st), "real": real_months_json(real)})
        return
    from emptychair.core.gap import real_page

    _show(report.stats_page(st, ours.language) + real_page(real, ours.language))


def _show(page: list[Part]) -> None:
    """A page through a pipe as plain whole lines, without loading rich; on a terminal drawn."""
    if not drawn():
        from emptychair.core.page import as_text

        sys.stdout.write(as_text(page))
        return
    from emptychair.terminal.page import rich_page
    from emptychair.terminal.panels import console

    console().print(rich_page(page), soft_wrap=not sys.stdout.isatty())  # FORCE_COLOR | less -R: whole lines


def db(minutes: MinutesOption = None) -> None:
    """Print the path of the SQLite database that holds this minutes folder's read model."""
    found = library(team(minutes))
    if found.path is None:
        from emptychair.files.readmodel import cache_home

        raise problem("err_no_database", path=str(cache_home()))
    sys.stdout.write(f"{found.path}\n")
