"""Sharing what the meetings decided: a digest for mail or chat, and the minutes folder in git."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Annotated

import typer

from emptychair.commands.common import MinutesOption, folder, library
from emptychair.errors import EmptyChairError, problem

if TYPE_CHECKING:
    from emptychair.core.history import MeetingRow
    from emptychair.core.minutes import Minutes
    from emptychair.files.readmodel import Library


def digest(
    which: Annotated[
        str, typer.Argument(help="latest (default), a date like 2026-11-23, or a meeting id.")
    ] = "latest",
    since: Annotated[
        str | None, typer.Option("--since", help="Every meeting from this date on (YYYY-MM-DD).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text (for mail or chat), md or html.")] = "text",
    lang: Annotated[str | None, typer.Option("--lang", help="en or nl (default: the meeting's).")] = None,
    minutes: MinutesOption = None,
) -> None:
    """What a meeting decided, ready to share: decisions, actions by owner, overdue and closed, the chair."""
    from emptychair.commands.common import language
    from emptychair.core.digest import FORMATS, digest_of, render

    if fmt not in FORMATS:
        raise problem("err_digest_format", fmt=fmt)
    if lang is not None:
        language(lang)  # refuses an unknown language
    found = library(minutes)
    rows = found.rows  # newest first
    if since is not None:
        day = _day(since)
        chosen = [r for r in rows if r.date >= day]
        after: datetime | None = _midnight(day)
        until: datetime | None = None
    else:
        row = found.pick(which)
        chosen = [row]
        at = rows.index(row)
        before = _load(found, rows[at + 1]) if at + 1 < len(rows) else None
        after = before.ended if before is not None else None
        until = None  # the latest meeting: up to now
    meetings = [m for m in (_load(found, r) for r in chosen) if m is not None]
    if since is None and meetings and rows.index(chosen[0]) > 0:
        until = meetings[0].ended  # an earlier meeting: what was closed up to its end
    said = lang or (meetings[0].language if meetings else language())
    result = digest_of(meetings, found.ledger.actions, date.today(), (after, until), said)
    sys.stdout.write(render(result, fmt))


def _midnight(day: date) -> datetime:
    """The start of `day` here; at the ends of the calendar, where local time may not exist, in UTC."""
    try:
        return datetime.combine(day, time()).astimezone()
    except (ValueError, OverflowError):
        return datetime.combine(day, time(), tzinfo=UTC)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise problem("err_option_date", option="--since", value=value) from None


def _load(found: Library, row: MeetingRow) -> Minutes | None:
    """The minutes of `row`; None when the file cannot be read now (it is named on stderr then)."""
    from emptychair.commands.common import language
    from emptychair.core.minutes import load_minutes
    from emptychair.files.data import read_text
    from emptychair.locale import tr
    from emptychair.text import visible

    path = found.folder / f"{row.name}.toml"
    try:
        return load_minutes(read_text(path, name=path.name), path.name)
    except EmptyChairError as exc:
        sys.stderr.write(tr(language(), "skipped_files", message=visible(exc.say(language()))) + "\n")
        return None


def sync(minutes: MinutesOption = None) -> None:
    """Share the minutes folder through its git repository: pull (rebase), commit new minutes, push."""
    from emptychair.commands.common import language
    from emptychair.files.git import sync_folder
    from emptychair.text import visible

    said = sync_folder(folder(minutes))
    sys.stderr.write("".join(f"{visible(line)}\n" for line in said.lines(language())))
