"""What Tab offers on the command line: the ids, meetings and names the user would otherwise copy.

The shell runs `emptychair` on every Tab with the words typed so far (the _EMPTYCHAIR_COMPLETE
protocol); each function here answers one parameter from the folder's read model. Nothing may
reach the shell but candidates: a folder that cannot be read, a database being rebuilt or a bug
here completes nothing rather than print a traceback into the user's command line.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from emptychair.errors import EmptyChairError

if TYPE_CHECKING:
    from emptychair.files.readmodel import Library

Offer = tuple[str, str]  # what Tab inserts, and what zsh and fish show beside it
Finder = Callable[[typer.Context, str], Iterable[Offer]]

NATIVE = {"en": "English", "nl": "Nederlands"}
DESCRIBED = 60  # characters of a description: one line even in a narrow terminal
MEETINGS = 100  # the newest that match: more digits typed reach the older ones
# A value goes into the command line as it is: words of letters, digits and a few marks, or a name
# with spaces; anything else (a control character, a quote) would make a different command.
_PLAIN = re.compile(r"[\w.@+:/=-]+(?: [\w.@+:/=-]+)*")


def _quiet(find: Finder) -> Callable[[typer.Context, str], list[Offer]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[Offer]:
        try:
            bash = _shell() == "bash"  # bash shows no descriptions: not made, nor rich loaded for them
            return [
                (v.replace(" ", "\\ ") if bash else v, "" if bash else _describe(d))
                for v, d in find(ctx, incomplete)
                if _PLAIN.fullmatch(v)
            ]
        except Exception:  # a traceback would land in the user's command line: offer nothing
            return []

    complete.__name__ = find.__name__
    complete.__doc__ = find.__doc__
    return complete


def _shell() -> str:
    """The shell asking: typer's scripts set _EMPTYCHAIR_COMPLETE=complete_<shell>."""
    return os.environ.get("_EMPTYCHAIR_COMPLETE", "").rpartition("_")[2]


def _describe(text: str) -> str:
    """One short line, shown as text: no control characters, no rich markup (typer renders it)."""
    from rich.markup import escape

    from emptychair.text import visible

    line = " ".join(visible(text).split())
    if len(line) > DESCRIBED:
        line = line[: DESCRIBED - 1].rstrip() + "…"
    return escape(line)


def _minutes(ctx: typer.Context) -> Path | None:
    """--minutes as typed before the cursor, on this command or the group it belongs to."""
    node: Any = ctx  # a group's context is click's own class
    while node is not None:
        given = node.params.get("minutes")
        if given is not None:
            return Path(given)
        node = node.parent
    return None


def _library(ctx: typer.Context) -> Library:
    from emptychair.commands.common import folder
    from emptychair.files.readmodel import open_for_tab

    return open_for_tab(folder(_minutes(ctx)))


def _actions(ctx: typer.Context, incomplete: str, *, is_open: bool) -> Iterable[Offer]:
    found = _library(ctx)
    picks = found.open_action_ids(incomplete) if is_open else found.closed_action_ids(incomplete)
    for pick in picks:
        yield pick.id, f"{pick.text} ({pick.owner})" if pick.owner else pick.text


@_quiet
def action_ids(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """The ids of the actions the command can work on, their text beside them: the open ones for
    done, drop, reassign and due; the done and dropped ones for reopen."""
    return _actions(ctx, incomplete, is_open=ctx.info_name != "reopen")


@_quiet
def meetings(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """latest, then the dates and ids of the newest meetings that start so, each with its title."""
    yield "latest", ""
    picks = _library(ctx).meeting_picks(incomplete, MEETINGS)
    dates: dict[str, list[str]] = {}
    names = []
    for pick in picks:
        dates.setdefault(pick.date, []).append(pick.title)
        names.append((pick.name, pick.title))
    for day, titles in dates.items():
        yield day, ", ".join(titles)
    yield from names


@_quiet
def owners(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """The team as it is now: the agenda's attendees here, who came to the last meetings, and who
    owns an open action; each with how many open actions they have."""
    from emptychair.commands.common import AGENDA
    from emptychair.files.config import load_agenda

    attendees: tuple[str, ...] = ()
    if Path(AGENDA).is_file():
        # a broken agenda is named by the commands that read it; the minutes still know people
        with contextlib.suppress(EmptyChairError):
            attendees = load_agenda(Path(AGENDA)).attendees
    for name, count in _library(ctx).owner_names(attendees, MEETINGS):
        if name.startswith(incomplete):
            yield name, _open_count(count)


def _open_count(count: int) -> str:
    from emptychair.app.team import language
    from emptychair.locale import tr

    return tr(language(), "complete_open", count=count)


@_quiet
def teams(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """The teams the minutes name."""
    for team, count in _library(ctx).teams(incomplete):
        yield team, _meetings_count(count)


def _meetings_count(count: int) -> str:
    from emptychair.app.team import language
    from emptychair.locale import tr

    return tr(language(), "complete_meetings", count=count)


@_quiet
def themes(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """The themes of the question set the agenda names (else the shipped set), with their questions."""
    from emptychair.app.team import AGENDA, language
    from emptychair.files.config import for_agenda, load_agenda, shipped

    agenda = Path(ctx.params.get("agenda") or AGENDA)
    lang = ctx.params.get("lang") or language()
    try:
        questions = for_agenda(load_agenda(agenda, lang))
    except EmptyChairError:  # no agenda here, or one `run` would refuse: the shipped themes
        questions = shipped(lang)
    for theme in questions.themes():
        yield theme, next(q.text for q in questions.questions if q.theme == theme)


@_quiet
def languages(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """The languages of the interface, the minutes and the chair."""
    from emptychair.locale import LANGUAGES

    return [(lang, NATIVE.get(lang, "")) for lang in LANGUAGES]


@_quiet
def formats(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """What minutes export writes."""
    return [("md", "Markdown"), ("html", "HTML")]
