"""Customer feedback: import an export, list what came in, review what the chair may quote.

Each use case takes a minutes folder and plain values and returns plain data; the command renders
it. Nothing personal leaves here: items are scrubbed before they are written, and every value
from the export that a result carries (its file name, a bad row's value) is scrubbed too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from emptychair.core.feedback import (
    APPROVED,
    FORMATS,
    NEW,
    Batch,
    Choice,
    Decision,
    FeedbackEntry,
    Format,
    RowProblem,
    Wanted,
    columns,
    feedback_entries,
    heard_entry,
    known_ids,
    mapping_of,
    read_items,
    recognise,
    select,
    since_date,
    unknown_export,
    with_meetings,
)
from emptychair.core.history import Unit
from emptychair.core.scrub import clean, scrub
from emptychair.core.search import Query
from emptychair.errors import Interrupted, problem
from emptychair.files.feedback import read_export, read_records, write_batch, write_review
from emptychair.files.folder import Unreadable

if TYPE_CHECKING:
    from emptychair.files.readmodel import Library


@dataclass(frozen=True)
class Imported:
    """What an import did."""

    export: str  # the export's file name, scrubbed
    format: Format
    encoding: str
    columns: Mapping[str, str]  # what was read from which column: text, score, date, id
    rows: int
    new: int  # items written
    known: int  # items the folder had already (or that the export holds twice)
    older: int  # left out by --since
    problems: tuple[RowProblem, ...]
    written: Path | None  # the import record, or None when nothing was new
    approved: int = 0  # items approved with --approve-all
    unreadable: tuple[Unreadable, ...] = ()


def import_export(
    folder: Path,
    export: Path,
    *,
    now: datetime,
    fmt: str | None = None,
    wanted: Wanted | None = None,
    since: str | None = None,
    approve_all: bool = False,
) -> Imported:
    """Read `export`, scrub every row, and write what the folder does not have yet as one record."""
    if fmt is not None and fmt not in FORMATS:
        raise problem("err_fb_format", fmt=fmt, formats=", ".join(FORMATS))
    wanted = wanted or Wanted()
    since_day = since_date(since, now.date()) if since is not None else None
    table, encoding = read_export(export)
    found: Format | None = next(f for f in FORMATS if f == fmt) if fmt else recognise(table)
    if found is None and wanted.any():
        found = "generic"
    if found is None:
        raise unknown_export(table)
    cols = columns(found, table, wanted)
    read = read_items(found, table, cols, since_day)
    records = read_records(folder)
    have = known_ids(batch for _, batch in records.batches)
    fresh = []
    for item in read.items:
        if item.id not in have:
            have.add(item.id)
            fresh.append(item)
    name = scrub(clean(export.name))
    written = None
    if fresh:
        batch = Batch(now, found, name, tuple(fresh), read.rows, len(read.problems))
        written = write_batch(folder, batch)
    approved = 0
    if approve_all:
        ours = {item.id for item in read.items}
        still_new = [
            e.item.id for e in feedback_entries(records.batches, records.decisions) if e.status == NEW
        ]
        ids = (*(i.id for i in fresh), *(i for i in still_new if i in ours))
        if ids:
            write_review(folder, (Decision(now, APPROVED, tuple(dict.fromkeys(ids))),), now)
            approved = len(set(ids))
    return Imported(
        export=name,
        format=found,
        encoding=encoding,
        columns=mapping_of(table, cols),
        rows=read.rows,
        new=len(fresh),
        known=len(read.items) - len(fresh),
        older=read.older,
        problems=read.problems,
        written=written,
        approved=approved,
        unreadable=records.unreadable,
    )


@dataclass(frozen=True)
class Listing:
    """The feedback the list shows, newest first, and the files that could not be read."""

    entries: tuple[FeedbackEntry, ...]
    unreadable: tuple[Unreadable, ...] = ()


def listing(folder: Path, status: str = "") -> Listing:
    """Every item of the folder, newest first, with its status; or only those with `status`."""
    from emptychair.files.readmodel import open_library

    library = open_library(folder)  # the feedback tables: not every record parsed again
    try:
        records = library.feedback_records()
        heard = [] if status else _heard(library.search(Query(kinds=frozenset({"customer"}))), library)
    finally:
        library.db.close()
    found = select(feedback_entries(records.batches, records.decisions), status)
    quotes = ((q.feedback, q.meeting) for q in records.quotes)
    return Listing(tuple(with_meetings(found, heard, quotes)), records.unreadable)


def _heard(units: Iterable[Unit], library: Library) -> list[FeedbackEntry]:
    """What customers said in meetings (#customer), as the feedback list shows it."""
    units = list(units)
    started = library.started(u.meeting for u in units)  # not every meeting's row: only these
    found = []
    for u in units:
        scale, _, score = u.action.partition(":")
        at = started.get(u.meeting) or datetime.combine(u.date, datetime.min.time())
        found.append(heard_entry(u.meeting, u.date, u.text, scale, score, at))
    return found


Ask = Callable[[FeedbackEntry, int, int], Choice]  # an item, its number, how many: what the lead decided


@dataclass(frozen=True)
class Reviewed:
    """What a review decided, what it left new, and the record it wrote."""

    approved: int
    skipped: int
    left: int  # items still new
    written: Path | None
    unreadable: tuple[Unreadable, ...] = field(default=())


def review(folder: Path, ask: Ask, clock: Callable[[], datetime]) -> Reviewed:
    """Ask about each new item in turn until every one is decided or the lead stops. What was
    decided is written as one record however the review ends: stopped, Ctrl-C, or the terminal
    closing."""
    records = read_records(folder)
    todo = [e for e in feedback_entries(records.batches, records.decisions) if e.status == NEW]
    decided: list[Decision] = []
    written: Path | None = None
    try:
        for n, entry in enumerate(todo, start=1):
            said = ask(entry, n, len(todo))
            if said == "stop":
                break
            decided.append(Decision(clock(), said, (entry.item.id,)))
    except Interrupted:
        pass  # Ctrl-C or Ctrl-D: as stopping, with what was decided so far
    finally:
        if decided:
            written = write_review(folder, tuple(decided), decided[-1].at)
    approved = sum(d.verdict == APPROVED for d in decided)
    return Reviewed(approved, len(decided) - approved, len(todo) - len(decided), written, records.unreadable)
