"""Customer feedback on disk: export files read within their limits, and the feedback records.

An export is read whole (at most 50 MB) in the encoding it was written in: UTF-8 (with or without
a byte order mark), UTF-16 (Google Play writes it, with a byte order mark or without), else
Windows-1252 as Excel saves it. CSV is split on the separator its first line uses most (`,` `;` or
tab); JSON is an array of tickets, `{"tickets": [...]}`, or one ticket a line.

The records live in the minutes folder beside the minutes, under names that end in
`.feedback.toml`, which the minutes readers pass over. Each is written once, atomically, under a
name no other clone can make: `2026-11-23T101500-import-zendesk-k7q2mx.feedback.toml` holds one
import (a batch of items), `2026-11-23T102000-review-p3n8ds.feedback.toml` the decisions of one
review, `2026-11-23T111500-quote-r4t6vb.feedback.toml` what one meeting quoted.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from emptychair.core.feedback import (
    FILE_LIMIT,
    FORMATS,
    SCALES,
    VERDICTS,
    Batch,
    Decision,
    FeedbackItem,
    RowError,
    RowProblem,
    Score,
    Table,
    csv_table,
    json_table,
    read_score,
)
from emptychair.core.quotes import Quoted
from emptychair.core.tomldata import Checker, dumps_blocks, parse_toml
from emptychair.errors import problem
from emptychair.files.folder import (
    FEEDBACK,
    Unreadable,
    read_each,
    write_record,
)
from emptychair.text import slug

SCHEMA = 1
RECORD_LIMIT = 200_000_000  # bytes: a feedback record larger than this was not written by us
IMPORT, REVIEW, QUOTE = "import", "review", "quote"


# --- exports -----------------------------------------------------------------------------------


def read_export(path: Path) -> tuple[Table, str]:
    """The export at `path` as a table, and the encoding it was read in."""
    try:
        size = os.stat(path).st_size
        if size > FILE_LIMIT:
            raise problem(
                "err_fb_too_big", path=path.name, size=f"{size / 1e6:.0f}", limit=f"{FILE_LIMIT / 1e6:.0f}"
            )
        if not path.is_file():
            raise problem("err_fb_not_a_file", path=str(path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise problem("err_no_file", path=str(path)) from None
    except OSError as exc:
        raise problem("err_cannot_read", path=str(path), reason=str(exc.strerror or exc)) from None
    text, encoding = decode(data)
    if not text.strip():
        raise problem("err_fb_empty", path=path.name)
    if text.lstrip()[:1] in ("[", "{"):
        return json_table(path.name, _tickets(text, path.name)), encoding
    records, problems = _records(text)
    return csv_table(path.name, records, problems), encoding


def decode(data: bytes) -> tuple[str, str]:
    """Bytes as text, and the name of the encoding they were in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "UTF-8"
    for bom, name in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(name, "replace"), "UTF-16"
    head = data[:2000]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # text of one byte a character, in UTF-16
        name = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(name, "replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _records(text: str) -> tuple[list[tuple[int, list[str]]], list[RowProblem]]:
    """The CSV records, numbered as a spreadsheet numbers its rows (the header is row 1), and the
    records the reader could not split."""
    import csv
    import io

    first = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])  # a quoted header may hold any separator
    delimiter = max((",", ";", "\t"), key=first.count)
    csv.field_size_limit(FILE_LIMIT)  # a long field is judged by the row limit, with its row number
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    problems: list[RowProblem] = []
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            problems.append(RowProblem(number, "fb_row_csv", {"reason": str(exc)}))
            continue
        if cells:  # a blank line is no row
            number += 1
            records.append((number, cells))
    return records, problems


def _tickets(text: str, name: str) -> list[tuple[int, Any]]:
    """Tickets from a JSON export: an array, {"tickets": [...]}, or one JSON document a line."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise problem(
                "err_fb_json", path=name, line=exc.lineno, column=exc.colno, reason=exc.msg
            ) from None
        return _lines(text)
    except RecursionError:
        raise problem("err_too_deep", path=name) from None
    if isinstance(data, dict) and isinstance(data.get("tickets"), list):
        data = data["tickets"]
    elif isinstance(data, dict) and isinstance(data.get("ticket"), dict):
        data = [data["ticket"]]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise problem("err_fb_json_shape", path=name)
    return list(enumerate(data, start=1))


def _lines(text: str) -> list[tuple[int, Any]]:
    import json

    found: list[tuple[int, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append((n, json.loads(line)))
        except (json.JSONDecodeError, RecursionError):
            found.append((n, None))  # json_table names it: not a ticket
    return found


# --- records -----------------------------------------------------------------------------------


def dump_batch(batch: Batch) -> str:
    """The record of one import: its plain keys, then one [[items]] block an item.

    The blocks are written here rather than by tomli-w, which takes a second over ten thousand of
    them; the tests read what is written back with tomllib, text for text."""
    head = dumps_blocks(
        {
            "schema": SCHEMA,
            "record": IMPORT,
            "format": batch.format,
            "file": batch.file,
            "imported": batch.imported,
            "rows": batch.rows,
            "skipped": batch.skipped,
        }
    )
    return head + "".join(map(_item_block, batch.items))


def _item_block(item: FeedbackItem) -> str:
    lines = ["", "[[items]]", f"id = {toml_string(item.id)}", f"row = {item.row}"]
    if item.date is not None:  # TOML has no null: no date is no key
        lines.append(f"date = {item.date.isoformat()}")
    if item.score is not None:
        lines += [f"scale = {toml_string(item.score.scale)}", f"score = {toml_string(item.score.value)}"]
    if item.ref:
        lines.append(f"ref = {toml_string(item.ref)}")
    if item.title:
        lines.append(f"title = {toml_string(item.title)}")
    lines.append(f"text = {toml_string(item.text)}")
    return "\n".join(lines) + "\n"


_MULTILINE_ESCAPE = re.compile(r'[\\"\x00-\x08\x0b-\x1f\x7f]')
_ESCAPES = {"\\": "\\\\", '"': '\\"'}


def toml_string(text: str) -> str:
    """A TOML basic string; a text of several lines as a multi-line one, so that it reads as written."""
    if "\n" not in text:
        # JSON's string escapes are TOML's, but for DEL, which TOML wants escaped and JSON does not
        return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
    body = _MULTILINE_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)
    return '"""\n' + body + '"""'


def dump_review(decisions: tuple[Decision, ...]) -> str:
    rows = [{"at": d.at, "verdict": d.verdict, "items": list(d.items)} for d in decisions]
    return dumps_blocks({"schema": SCHEMA, "record": REVIEW, "decisions": rows})


def dump_quotes(quoted: tuple[Quoted, ...]) -> str:
    rows = [
        {"feedback": q.feedback, "meeting": q.meeting, "at": q.at, "question_id": q.question_id}
        for q in quoted
    ]
    return dumps_blocks({"schema": SCHEMA, "record": QUOTE, "quotes": rows})


Record = Batch | tuple[Decision, ...] | tuple[Quoted, ...]


def load_record(text: str, source: str) -> Record:
    """A feedback record: an import's batch, a review's decisions, or what a meeting quoted."""
    data = parse_toml(text, source)
    check = Checker(source)
    schema = data.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise problem("err_fb_newer", path=source, schema=schema, reads=SCHEMA)
    if schema is None:
        check.report("schema", "chk_schema_missing")
    else:
        check.whole(data, "schema", low=1, high=SCHEMA)
    kind = check.choice(data, "record", (IMPORT, REVIEW, QUOTE))
    found: Record
    if kind == QUOTE:
        found = check.each(check.tables(data, "quotes"), "quotes", lambda r, at: _quoted(check, r, at))
    elif kind == REVIEW:
        found = check.each(
            check.tables(data, "decisions"), "decisions", lambda r, at: _decision(check, r, at)
        )
    else:
        found = Batch(
            imported=check.moment(data, "imported"),
            format=check.choice(data, "format", FORMATS),
            file=check.text(data, "file", default=""),
            rows=check.whole(data, "rows", low=0, high=10**9, default=0),
            skipped=check.whole(data, "skipped", low=0, high=10**9, default=0),
            items=check.each(check.tables(data, "items"), "items", lambda r, at: _item(check, r, at)),
        )
    check.raise_if_any()
    return found


def _item(check: Checker, row: dict[str, Any], at: str) -> FeedbackItem:
    score: Score | None = None
    if "scale" in row or "score" in row:
        scale = check.choice(row, "scale", SCALES, at)
        value = check.text(row, "score", at)
        try:
            score = read_score(value, scale) if value else None
        except RowError:
            score = None
        if score is None or score.value != value:  # as written: "9", never " 9.0"
            check.report(f"{at}.score", "chk_fb_score", scale=scale)
    return FeedbackItem(
        id=check.text(row, "id", at),
        text=check.text(row, "text", at, default=""),
        date=check.date(row, "date", at),
        score=score,
        title=check.text(row, "title", at, default=""),
        ref=check.text(row, "ref", at, default=""),
        row=check.whole(row, "row", at, low=0, high=10**9, default=0),
    )


def _decision(check: Checker, row: dict[str, Any], at: str) -> Decision:
    return Decision(
        at=check.moment(row, "at", at),
        verdict=check.choice(row, "verdict", VERDICTS, at),
        items=check.texts(row, "items", at, required=True),
    )


def _quoted(check: Checker, row: dict[str, Any], at: str) -> Quoted:
    return Quoted(
        feedback=check.text(row, "feedback", at),
        meeting=check.text(row, "meeting", at, default=""),
        at=check.moment(row, "at", at),
        question_id=check.text(row, "question_id", at, default=""),
    )


@dataclass(frozen=True)
class Records:
    """Every feedback record of a minutes folder, by name (the file without .feedback.toml)."""

    batches: tuple[tuple[str, Batch], ...]
    decisions: tuple[tuple[str, Decision], ...]
    unreadable: tuple[Unreadable, ...]
    quotes: tuple[Quoted, ...] = ()


def read_records(folder: Path) -> Records:
    """Every feedback record in `folder`, in name order (which is time order); those that cannot be
    read are named, the rest read."""
    paths: list[Path] = []
    unreadable: list[Unreadable] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        entries = []
    for entry in entries:
        if not entry.name.endswith(FEEDBACK) or entry.name.startswith("."):
            continue
        try:
            if not entry.is_file():
                continue
            size = entry.stat().st_size
        except OSError as exc:
            said = problem("err_cannot_read", path=entry.name, reason=str(exc.strerror or exc))
            unreadable.append(Unreadable.of(Path(entry.path), said))
            continue
        if size > RECORD_LIMIT:
            too_big = problem("err_fb_record_too_big", path=entry.name, size=f"{size / 1e6:.0f}")
            unreadable.append(Unreadable.of(Path(entry.path), too_big))
            continue
        paths.append(Path(entry.path))
    found, broken = read_each(paths, load_record)
    batches, decisions, quotes = [], [], []
    for path, record in found:
        name = path.name.removesuffix(FEEDBACK)
        if isinstance(record, Batch):
            batches.append((name, record))
        else:
            for r in record:
                if isinstance(r, Quoted):
                    quotes.append(r)
                else:
                    decisions.append((name, r))
    return Records(tuple(batches), tuple(decisions), tuple(unreadable + broken), tuple(quotes))


def write_batch(folder: Path, batch: Batch) -> Path:
    return _write(folder, batch.imported, f"{IMPORT}-{slug(batch.source, 'export')}", dump_batch(batch))


def write_review(folder: Path, decisions: tuple[Decision, ...], at: datetime) -> Path:
    return _write(folder, at, REVIEW, dump_review(decisions))


def write_quotes(folder: Path, quoted: tuple[Quoted, ...], at: datetime) -> Path:
    return _write(folder, at, QUOTE, dump_quotes(quoted))


def _write(folder: Path, at: datetime, kind: str, text: str) -> Path:
    """A feedback record (an import, approvals, quotes) under a name no other clone can have."""
    return write_record(folder, at, kind, FEEDBACK, text)
