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
import time
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
    from emptychair.files import readmodel

    where = folder(_minutes(ctx))
    mark = readmodel.database_path(where).with_suffix(".tab")
    seen = _stamp(where)
    if _read(mark) == seen:
        found = _as_left(where)
        if found is not None:
            return found
    found = readmodel.open_library(where)
    if found.path is not None and time.time_ns() - seen[0] > SETTLED_NS:
        _write(mark, seen)
    return found


# The folder's stamp when Tab last brought the read model up to date, beside the database. While the
# folder keeps that stamp, no file came, went or was renamed into place (emptychair writes every file
# so), and Tab reads the database as it stands: the stat of every file, most of a read at 10,000
# meetings, is skipped. A file edited in place by hand shows from the next command that reads.
# A stamp younger than SETTLED_NS is not kept: a second change within the same tick of the clock
# would leave the folder's time as it was.
SETTLED_NS = 2_000_000_000


def _stamp(where: Path) -> tuple[int, int, int]:
    st = where.stat()
    return st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _read(mark: Path) -> tuple[int, ...]:
    from emptychair.files.data import read_file

    try:
        return tuple(int(n) for n in read_file(mark, limit=100).split())
    except (EmptyChairError, ValueError):
        return ()


def _write(mark: Path, stamp: tuple[int, int, int]) -> None:
    from emptychair.files.folder import write_atomic

    with contextlib.suppress(OSError):
        write_atomic(mark, " ".join(map(str, stamp)))


def _as_left(where: Path) -> Library | None:
    """The read model as the last command left it (None: it cannot be read as it is)."""
    import sqlite3

    from emptychair.files import readmodel

    path = readmodel.database_path(where)
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        if db.execute("PRAGMA user_version").fetchone()[0] != readmodel.VERSION:
            raise readmodel.Broken("another version")
        readmodel._check_schema(db)  # the same guard as every read: no planted trigger or view
    except (readmodel.Broken, sqlite3.Error):
        db.close()
        return None
    return readmodel.Library(where, db, path)


def _starting(incomplete: str) -> tuple[str, int]:
    return incomplete, len(incomplete)


def _actions(ctx: typer.Context, incomplete: str, *, is_open: bool) -> Iterable[Offer]:
    from emptychair.core.ledger import id_key

    condition = "status = 'open'" if is_open else "status != 'open'"
    rows = _library(ctx).query(
        "SELECT action, text, owner FROM state "
        f"WHERE defined = 1 AND {condition} AND lower(substr(action, 1, ?2)) = ?1 ORDER BY made_us, action",
        _starting(id_key(incomplete)),
    )
    for action, text, owner in rows:
        yield action, f"{text} ({owner})" if owner else text


@_quiet
def action_ids(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """The ids of the actions the command can work on, their text beside them: the open ones for
    done, drop, reassign and due; the done and dropped ones for reopen."""
    return _actions(ctx, incomplete, is_open=ctx.info_name != "reopen")


@_quiet
def meetings(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """latest, then the dates and ids of the newest meetings that start so, each with its title."""
    yield "latest", ""
    rows = _library(ctx).query(
        "SELECT name, date, title FROM meetings WHERE substr(name, 1, ?2) = ?1 "
        "ORDER BY start_us DESC, name DESC LIMIT ?3",
        (*_starting(incomplete), MEETINGS),
    )
    dates: dict[str, list[str]] = {}
    names = []
    for name, day, title in rows:
        dates.setdefault(day, []).append(title)
        names.append((name, title))
    for day, titles in dates.items():
        yield day, ", ".join(titles)
    yield from names


@_quiet
def owners(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """The team as it is now: the agenda's attendees here, who came to the last meetings, and who
    owns an open action; each with how many open actions they have."""
    from emptychair.commands.common import AGENDA
    from emptychair.files.config import load_agenda

    found = _library(ctx)
    names: dict[str, str] = {}
    if Path(AGENDA).is_file():
        try:
            for name in load_agenda(Path(AGENDA)).attendees:
                names.setdefault(name.casefold(), name)
        except EmptyChairError:
            pass  # a broken agenda is named by the commands that read it; the minutes still know people
    load: dict[str, int] = {}
    for owner, key in found.query(
        "SELECT owner, owner_key FROM state WHERE status = 'open' AND defined = 1 AND owner != '' "
        "ORDER BY made_us"
    ):
        names.setdefault(key, owner)
        load[key] = load.get(key, 0) + 1
    for (name,) in found.query(
        "SELECT p.name FROM (SELECT file, start_us FROM meetings ORDER BY start_us DESC LIMIT ?) m "
        "JOIN people p ON p.file = m.file ORDER BY m.start_us DESC, p.seq",
        (MEETINGS,),
    ):
        names.setdefault(name.casefold(), name)
    for key, name in names.items():
        if name.startswith(incomplete):
            yield name, _open_count(load.get(key, 0))


def _open_count(count: int) -> str:
    from emptychair.app.team import language
    from emptychair.locale import tr

    return tr(language(), "complete_open", count=count)


@_quiet
def teams(ctx: typer.Context, incomplete: str) -> Iterable[Offer]:
    """The teams the minutes name."""
    rows = _library(ctx).query(
        "SELECT team, count(*) FROM meetings WHERE team != '' AND substr(team, 1, ?2) = ?1 "
        "GROUP BY team ORDER BY max(start_us) DESC",
        _starting(incomplete),
    )
    for team, count in rows:
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
