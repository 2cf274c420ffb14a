"""Keeping the read model right by the files alone: scan, parse, write rows, derive action state.

Each file's rows are keyed by its stamp (size, mtime_ns, inode, ctime_ns). Every refresh stats
every file; a file that is new, changed or gone is parsed again alone and its rows replaced in one
transaction, and the state of the actions it touches is derived again, with the core's
ledger.settle, from every stored follow-up of those actions. A file written too close to when it
was read for the filesystem's timestamps to tell is marked unsettled and its bytes compared next time.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import json
import os
import sqlite3
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import emptychair.files.readmodel.store as store
from emptychair.core import history
from emptychair.core.history import FileRows
from emptychair.core.ledger import Tracked, settle
from emptychair.core.minutes import OPEN, Action, FollowUp
from emptychair.errors import EmptyChairError, problem
from emptychair.files.data import LIMIT, read_file
from emptychair.files.folder import DECISION, FEEDBACK, FOLLOWUP, PROPOSAL, Unreadable
from emptychair.files.readmodel.store import writing
from emptychair.hashes import blake2b
from emptychair.text import name_key

SETTLE_NS = 2_000_000_000  # coarser than any filesystem's timestamps (FAT: 2 s)
PARALLEL_AT = 200  # files to parse before a second process pays for itself

T = TypeVar("T")
Stamp = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns
UNREADABLE: Stamp = (-1, 0, 0, 0)  # a name that cannot even be stat-ed


def scan(folder: Path, odd: list[str] | None = None) -> dict[str, Stamp]:
    """Each minutes file's stamp; a name that is not UTF-8 (SQLite cannot hold it) goes to `odd`."""
    found: dict[str, Stamp] = {}
    try:
        entries = os.scandir(folder)
    except FileNotFoundError:
        return found
    with entries:
        for entry in entries:
            if not entry.name.endswith(".toml") or entry.name.startswith("."):
                continue
            if entry.name.endswith(PROPOSAL):  # files/proposals.py reads them
                continue
            if not entry.name.isascii() and not _utf8(entry.name):
                if odd is not None:
                    odd.append(entry.name)
                continue
            try:
                if not entry.is_file():
                    if not entry.is_dir():  # a FIFO, a device, a link to nothing: named, never read
                        found[entry.name] = UNREADABLE
                    continue
                st = entry.stat()
            except FileNotFoundError:
                continue
            except OSError:  # a symlink loop: reading it names the problem, once
                found[entry.name] = UNREADABLE
                continue
            found[entry.name] = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    return found


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def refresh(db: sqlite3.Connection, folder: Path, clock: Callable[[], int] = time.time_ns) -> tuple[str, ...]:
    """Bring the rows up to date with the files; the names of files that cannot be held."""
    checked = clock()
    odd: list[str] = []
    now = scan(folder, odd)
    listing = _listing(now)
    if db.execute("SELECT 1 FROM meta WHERE key = 'listing' AND value = ?", (listing,)).fetchone():
        return tuple(odd)  # every stamp as when all files were last read and settled
    with writing(db):  # what to do is decided inside: another process may just have done it
        stored = {
            row["name"]: (
                (row["size"], row["mtime_ns"], row["inode"], row["ctime_ns"]),
                row["settled"],
                row["digest"],
            )
            for row in db.execute("SELECT name, size, mtime_ns, inode, ctime_ns, settled, digest FROM files")
        }
        todo = [name for name in now if name not in stored or stored[name][0] != now[name]]
        gone = [name for name in stored if name not in now]
        settle = []
        for name, (stamp, settled, digest) in stored.items():
            if name in now and stamp == now[name] and not settled:
                if _digest(folder / name) != digest:
                    todo.append(name)
                elif _settled(stamp, checked):
                    settle.append(name)
        touched: set[str] = set()
        for name in gone + [n for n in todo if n in stored]:
            touched |= _forget(db, name)
        first = not stored  # an empty database: its indexes are built once, after the rows
        if first:
            for name in store.INDEXES:
                db.execute(f"DROP INDEX {name}")
        batch = _Batch(db, first)
        with _workers(len(todo)) as pool:  # the same processes parse the files and derive the states
            for name, digest, read in _parse_all(folder, todo, pool):
                touched |= batch.add(name, now[name], _settled(now[name], checked), digest, read)
            batch.flush()
            if first:  # in the transaction still: no other process sees the tables without them
                _build_indexes(db, _FOR_DERIVING)
            db.executemany("UPDATE files SET settled = 1 WHERE name = ?", [(n,) for n in settle])
            _derive(db, touched, pool, first)
        if first:
            _build_indexes(db, store.INDEXES.keys() - set(_FOR_DERIVING))
            db.execute("INSERT INTO words (words) VALUES ('rebuild')")
        if todo or gone:  # every read names ids made twice: whether there are any is kept here
            twice = db.execute("SELECT 1 FROM actions GROUP BY id HAVING count(*) > 1 LIMIT 1").fetchone()
            db.execute("INSERT OR REPLACE INTO meta VALUES ('duplicates', ?)", (int(twice is not None),))
        unsettled = db.execute("SELECT 1 FROM files WHERE settled = 0 LIMIT 1").fetchone()
        db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (b"" if unsettled else listing,))
    return tuple(odd)


# The indexes a first build makes before it derives the actions' states: those it looks up by. The
# others are made afterwards (sorting all rows at once costs less than keeping an index as they come).
_FOR_DERIVING = ("actions_by_id", "followups_by_action", "units_by_action")


def _build_indexes(db: sqlite3.Connection, names: Iterable[str]) -> None:
    for name in sorted(names):
        db.execute(store.INDEXES[name])


def _listing(now: dict[str, Stamp]) -> bytes:
    """One value that changes whenever any file's stamp does, or a file comes or goes. In the order
    the folder lists its files: should that order change, the next call merely checks each file."""
    names = "\0".join(now).encode("utf-8", "surrogateescape")
    try:  # the numbers as machine words: a sixth of the time of their repr
        stamps = array("q", itertools.chain.from_iterable(now.values())).tobytes()
    except OverflowError:  # an inode past 2**63 (some network filesystems)
        stamps = repr(list(now.values())).encode()
    return blake2b(names + stamps, digest_size=20).digest()


def _settled(stamp: Stamp, checked: int) -> bool:
    return max(stamp[1], stamp[3]) < checked - SETTLE_NS


def _digest(path: Path) -> bytes:
    try:
        return blake2b(read_file(path), digest_size=16).digest()
    except EmptyChairError:
        return b""


Read = Unreadable | dict[str, list[tuple[Any, ...]]]


# Chunks of files handed to the workers at a time, and how many may be parsed ahead of the writer:
# the rows of those wait in memory while it catches up (about 30 KB a meeting; 1,000 files ahead
# made 100 MB at 20,000). A worker never waits for the writer to take a whole slice first.
CHUNK = 25
AHEAD = 8


@contextlib.contextmanager
def _workers(files: int) -> Iterator[Any]:
    """A pool of processes for many files (None: this process does all): forked, so they start with
    every module already imported and nothing to pickle but their work."""
    if files < PARALLEL_AT or (os.cpu_count() or 1) < 2 or "fork" not in _start_methods():
        yield None
        return
    import importlib
    import multiprocessing

    for module in _PARSING:  # imported once here, not again in every worker
        importlib.import_module(module)
    with multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 2, 4)) as pool:
        yield pool


# What parsing minutes and feedback records imports on first use (the read commands never need it).
_PARSING = (
    "emptychair.core.checkin",
    "emptychair.core.decisions",
    "emptychair.core.dilemma",
    "emptychair.core.document",
    "emptychair.core.proposals",
    "emptychair.core.questions",
    "emptychair.core.quotes",
    "emptychair.core.vote",
    "emptychair.files.feedback",
)


def _ahead(pool: Any, work: Callable[[Any], list[T]], chunks: Iterator[Any]) -> Iterator[T]:
    """`work` of each chunk by the pool, in order; at most AHEAD chunks done or under way ahead."""
    pending: collections.deque[Any] = collections.deque()
    for chunk in itertools.islice(chunks, AHEAD):
        pending.append(pool.apply_async(work, (chunk,)))
    while pending:
        done = pending.popleft().get()
        for chunk in itertools.islice(chunks, 1):
            pending.append(pool.apply_async(work, (chunk,)))
        yield from done


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    return (items[at : at + size] for at in range(0, len(items), size))


def _parse_all(folder: Path, names: list[str], pool: Any) -> Iterator[tuple[str, bytes, Read]]:
    jobs = [(folder, n) for n in sorted(names)]
    if pool is None:
        return map(_parse_one, jobs)
    return _ahead(pool, _parse_some, _chunks(jobs, CHUNK))


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def _parse_some(jobs: Sequence[tuple[Path, str]]) -> list[tuple[str, bytes, Read]]:
    return [_parse_one(job) for job in jobs]


def _parse_one(job: tuple[Path, str]) -> tuple[str, bytes, Read]:
    from emptychair.core import minutes

    folder, name = job
    path = folder / name
    try:
        data = read_file(path, _FEEDBACK_LIMIT if name.endswith(FEEDBACK) else LIMIT, name)
    except EmptyChairError as err:
        return name, b"", Unreadable.of(path, err)
    digest = blake2b(data, digest_size=16).digest()
    try:
        text = data.decode("utf-8")
        if name.endswith(DECISION):
            from emptychair.core.decisions import load_revisits

            revisits = load_revisits(text, name)
            return name, digest, _rows(name, history.FileRows(None, (), (), (), (), revisits=revisits))
        if name.endswith(FOLLOWUP):
            return name, digest, _rows(name, history.loose_rows(minutes.load_followups(text, name)))
        if name.endswith(FEEDBACK):
            return name, digest, _feedback_rows(name, text)
        m = minutes.load_minutes(text, name)
        rows = _rows(name, history.file_rows(Path(name).stem, m))
        rows["quotes"] = _quoted_in(name, m)
        return name, digest, rows
    except UnicodeDecodeError as err:
        return name, digest, Unreadable.of(path, problem("err_not_utf8", path=name, byte=err.start))
    except EmptyChairError as err:
        return name, digest, Unreadable.of(path, err)


Rows = dict[str, list[tuple[Any, ...]]]  # per table, the rows of one file but their ids


def _rows(name: str, read: FileRows) -> Rows:
    """One file's rows as plain tuples: made where it was parsed, they travel between processes fast."""
    m = read.meeting
    start_us = micros(m.started) if m else 0
    meeting = m.name if m else ""
    held = m.date if m else None  # nearly every row's day is the meeting's: said once
    on = held.isoformat() if held else ""
    return {
        "meetings": [
            (m.name, name, on, m.started.isoformat(), start_us, m.title, m.team,
             m.items, m.decisions, m.actions_new, m.actions_closed, m.chair_answers, m.rating)
        ] if m else [],
        "actions": [
            (name, t.meeting, n, t.action.id, t.action.text, t.action.owner, iso_day(t.action.due),
             t.action.status, t.origin, t.source, t.question, t.made.isoformat(), micros(t.made))
            for n, t in enumerate(read.defined)
        ],
        "followups": [
            (name, n, m is None, meeting, start_us, f.action, f.at.isoformat(), micros(f.at), f.status,
             f.owner, iso_day(f.due), f.note, f.id, f.rev, json.dumps(f.after) if f.after else "[]", f.link)
            for n, f in enumerate(read.followups)
        ],
        "answers": [
            (name, a.meeting, n, on if a.date is held else a.date.isoformat(), a.question_id, a.question,
             a.answer, a.moment, a.rating, int(a.customers_present))
            for n, a in enumerate(read.answers)
        ],
        "answer_actions": [
            (n, k, name, *fields) for n, a in enumerate(read.answers) for k, fields in enumerate(a.actions)
        ],
        "units": [
            (name, u.meeting, start_us, n, on if u.date is held else u.date.isoformat(), u.kind, u.where,
             u.text, u.owner, u.action)
            for n, u in enumerate(read.units)
        ],
        "people": [(name, start_us, n, person) for n, person in enumerate(read.people)],
        "attendance": [
            (name, a.meeting, start_us, on if a.date is held else a.date.isoformat(), n, a.person, a.role)
            for n, a in enumerate(read.attendance)
        ],
        "decisions": [
            (name, meeting, start_us, n, d.id, on if d.date is held else d.date.isoformat(), d.item, d.text,
             d.state, d.checked)
            for n, d in enumerate(read.decisions)
        ],
        "revisits": [
            (name, n, r.decision, r.at.isoformat(), micros(r.at), r.note) for n, r in enumerate(read.revisits)
        ],
        "proposals": [
            (name, meeting, start_us, n, d.id, d.title, d.outcome) for n, d in enumerate(read.proposals)
        ],
        "touched": [(i,) for i in {t.action.id for t in read.defined} | {f.action for f in read.followups}],
    }  # fmt: skip


_FEEDBACK_LIMIT = 200_000_000  # bytes, as files/feedback.RECORD_LIMIT: one import of many items


def _feedback_rows(name: str, text: str) -> Rows:
    """A feedback record's rows: an import's items, a review's decisions, or what a meeting quoted."""
    from emptychair.core.feedback import Batch, Decision
    from emptychair.core.quotes import Quoted
    from emptychair.files.feedback import load_record

    record = load_record(text, name)
    rows: Rows = {table: [] for table in INSERTS if table != "files"}
    rows["touched"] = []
    if isinstance(record, Batch):
        imported, us = record.imported.isoformat(), micros(record.imported)
        rows["feedback"] = [
            (name, n, i.id, imported, us, record.format, record.file, iso_day(i.date),
             i.score.scale if i.score else "", i.score.value if i.score else "", i.title, i.text, i.ref, i.row)
            for n, i in enumerate(record.items)
        ]  # fmt: skip
        return rows
    n = 0
    for r in record:
        if isinstance(r, Decision):
            for item in r.items:
                rows["approvals"].append((name, n, r.at.isoformat(), micros(r.at), r.verdict, item))
                n += 1
        elif isinstance(r, Quoted):
            rows["quotes"].append((name, n, r.feedback, r.meeting, r.at.isoformat(), r.question_id))
            n += 1
    return rows


def _quoted_in(name: str, m: Any) -> list[tuple[Any, ...]]:
    """What the minutes say the chair quoted: counted as quoted even when no quote record was written."""
    return [
        (name, n, c.quote.feedback, Path(name).stem, m.started.isoformat(), c.question_id)
        for n, c in enumerate(m.chair)
        if c.quote is not None and c.quote.feedback and c.quote.source != "meeting"
    ]


def _forget(db: sqlite3.Connection, name: str) -> set[str]:
    """Delete a file's rows; the action ids they named."""
    touched = {r["id"] for r in db.execute("SELECT id FROM actions WHERE file = ?", (name,))}
    touched |= {r["action"] for r in db.execute("SELECT action FROM followups WHERE file = ?", (name,))}
    db.execute(
        "INSERT INTO words (words, rowid, text, place, owner) "
        "SELECT 'delete', id, text, place, owner FROM units WHERE file = ?",
        (name,),
    )
    for table in (*MINUTES_TABLES, *FEEDBACK_TABLES):
        db.execute(f"DELETE FROM {table} WHERE file = ?", (name,))
    db.execute("DELETE FROM files WHERE name = ?", (name,))
    return touched


INSERTS = {
    "files": 8,
    "meetings": 13,
    "people": 4,
    "attendance": 7,
    "actions": 13,
    "followups": 16,
    "answers": 11,
    "answer_actions": 7,
    "units": 11,
    "proposals": 7,
    "decisions": 10,
    "revisits": 6,
    "feedback": 14,
    "approvals": 6,
    "quotes": 6,
}
FEEDBACK_TABLES = ("feedback", "approvals", "quotes")
MINUTES_TABLES = (
    "meetings",
    "people",
    "attendance",
    "actions",
    "followups",
    "answers",
    "answer_actions",
    "units",
    "proposals",
    "decisions",
    "revisits",
)


class _Batch:
    """Rows of many files, written a few hundred files at a time."""

    def __init__(self, db: sqlite3.Connection, first: bool) -> None:
        self.db = db
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in INSERTS}
        self.files = 0
        self.unit_id = db.execute("SELECT coalesce(max(id), 0) AS last FROM units").fetchone()["last"]
        self.first = first  # a first build indexes the words once, at the end
        self.answer_id = db.execute("SELECT coalesce(max(id), 0) AS last FROM answers").fetchone()["last"]

    def add(self, name: str, stamp: Stamp, settled: bool, digest: bytes, read: Read) -> set[str]:
        """Queue one file's rows, numbering its answers and units; the action ids they name."""
        rows = self.rows
        said = json.dumps([read.message, read.said]) if isinstance(read, Unreadable) else None
        rows["files"].append((name, *stamp, settled, digest, said))
        self.files += 1
        if self.files % 500 == 0:
            self.flush()
        if isinstance(read, Unreadable):
            return set()
        for table in (
            "meetings",
            "people",
            "attendance",
            "actions",
            "followups",
            "proposals",
            "decisions",
            "revisits",
            *FEEDBACK_TABLES,
        ):
            rows[table] += read.get(table, ())
        first = self.answer_id + 1
        for row in read["answers"]:
            self.answer_id += 1
            rows["answers"].append((self.answer_id, *row))
        rows["answer_actions"] += [(first + row[0], *row[1:]) for row in read["answer_actions"]]
        for row in read["units"]:
            self.unit_id += 1
            rows["units"].append((self.unit_id, *row))
        return {row[0] for row in read["touched"]}

    def flush(self) -> None:
        for table, count in INSERTS.items():
            if self.rows[table]:
                marks = ",".join("?" * count)
                self.db.executemany(f"INSERT INTO {table} VALUES ({marks})", self.rows[table])
        if (
            self.rows["units"] and not self.first
        ):  # indexed from the rows just written: no second trip through Python
            self.db.execute(
                "INSERT INTO words (rowid, text, place, owner) "
                "SELECT id, text, place, owner FROM units WHERE id BETWEEN ? AND ?",
                (self.rows["units"][0][0], self.rows["units"][-1][0]),
            )
        for rows in self.rows.values():
            rows.clear()


def _derive(db: sqlite3.Connection, touched: set[str], pool: Any = None, first: bool = False) -> None:
    """The state of each touched action, from its first definition and all its follow-ups: this
    process selects the rows and writes the states, the workers (if any) derive them. In a first
    build the words are indexed afterwards, from the units as the states leave them."""
    ids = sorted(touched)
    chunks = (_selected(db, some, first) for some in _chunks(ids, DERIVE_CHUNK))
    derived = _ahead(pool, _states_of, chunks) if pool is not None else _flat(map(_states_of, chunks))
    state: list[tuple[Any, ...]] = []
    for row in derived:
        state.append(row)
        if len(state) == DERIVE_CHUNK:
            _write_states(db, state, first)
            state = []
    _write_states(db, state, first)


DERIVE_CHUNK = 500


def _flat(lists: Iterator[list[T]]) -> Iterator[T]:
    return itertools.chain.from_iterable(lists)


Selected = tuple[list[str], dict[str, tuple[Any, ...]], list[tuple[Any, ...]]]


def _selected(db: sqlite3.Connection, ids: Sequence[str], empty: bool) -> Selected:
    """The stored rows an action's state derives from, for these actions, as plain tuples (`empty`:
    no state is stored yet, none to delete)."""
    marks = ",".join("?" * len(ids))
    rows = db.cursor()  # plain tuples, in the order the columns are named: 40,000 actions in a first build
    rows.row_factory = None
    first = {
        row[0]: row  # descending: the last row of each id, its earliest definition, wins
        for row in rows.execute(
            f"SELECT {', '.join(ACTION_COLUMNS)} "
            f"FROM actions WHERE id IN ({marks}) ORDER BY id, made_us DESC, meeting DESC, seq DESC",
            ids,
        )
    }
    said = rows.execute(  # as ledger.build is given them: meetings as they started, then loose files
        f"SELECT {', '.join(FOLLOWUP_COLUMNS)}, at_us FROM followups "
        f"WHERE action IN ({marks}) ORDER BY action, loose, start_us, meeting, file, seq",
        ids,
    ).fetchall()
    if not empty:
        db.execute(f"DELETE FROM state WHERE action IN ({marks})", ids)
    return list(ids), first, said


def _states_of(selected: Selected) -> list[tuple[Any, ...]]:
    """ledger.settle over stored rows: the one rule of the core, for these actions only."""
    ids, first, rows = selected
    records: dict[str, list[FollowUp]] = {}
    stored: dict[int, tuple[Any, ...]] = {}  # each record's columns, by the object made of them
    for row in rows:
        after = [] if row[7] == "[]" else json.loads(row[7])
        columns = (*row[:7], after, row[8], row[9])
        record = followup_of(columns)
        records.setdefault(row[0], []).append(record)
        stored[id(record)] = (columns, row[10])
    keys: dict[str, str] = {}  # name_key of each owner, once: a team has few
    state = []
    for action_id in ids:
        defined = first.get(action_id)
        said = records.get(action_id, ())
        if defined is None and not said:
            continue
        # follow-ups of an action no minutes hold are kept, to be named as problems
        found = defined if defined is not None else (action_id, *(UNDEFINED[c] for c in ACTION_COLUMNS[1:]))
        meeting, made, made_us, origin, source, question, text, owner, due, status = found[1:]
        made_as = Action(action_id, text, owner, parse_day(due), status)
        t = settle(Tracked(made_as, meeting, datetime.fromisoformat(made), origin, source), said)
        a, history = t.action, [stored[id(f)] for f in t.history]
        # closed by the last record that counts for the state (a link does not): its time as stored
        last = next(
            (h for f, h in zip(reversed(t.history), reversed(history), strict=True) if not f.link), None
        )
        closed, closed_us = (last[0][1], last[1]) if t.closed and last else (None, None)
        key = keys.get(a.owner)
        if key is None:
            key = keys[a.owner] = name_key(a.owner)
        state.append(
            (action_id, defined is not None, meeting, made, made_us, origin, source, question, text, a.owner,
             key, iso_day(a.due), a.status, closed, closed_us,
             _as_json([columns for columns, _ in history]),
             _as_json([(c.status, c.owner, iso_day(c.due)) for c in t.conflict]) if t.conflict else "[]")
        )  # fmt: skip
    return state


# json.dumps(value, ensure_ascii=False), without making an encoder for every action's history
_as_json = json.JSONEncoder(ensure_ascii=False).encode


def _write_states(db: sqlite3.Connection, state: list[tuple[Any, ...]], first: bool) -> None:
    if state:
        db.executemany(f"INSERT INTO state VALUES ({','.join('?' * 17)})", state)
        _owners_in_words(db, [row[0] for row in state], indexed=not first)


def _owners_in_words(db: sqlite3.Connection, ids: list[str], indexed: bool = True) -> None:
    """Search finds an action by its owner today: rewrite the few units whose owner changed since
    (and, when they are `indexed` already, their words)."""
    marks = ",".join("?" * len(ids))
    changed = db.execute(
        "SELECT u.id, u.text, u.place, u.owner AS was, s.owner FROM units u JOIN state s ON s.action = u.action "
        f"WHERE u.action IN ({marks}) AND +u.kind = 'action' AND s.defined = 1 AND u.owner != s.owner",  # by action
        ids,
    ).fetchall()
    for r in changed:
        if indexed:
            db.execute(
                "INSERT INTO words (words, rowid, text, place, owner) VALUES ('delete', ?, ?, ?, ?)",
                (r["id"], r["text"], r["place"], r["was"]),
            )
        db.execute("UPDATE units SET owner = ? WHERE id = ?", (r["owner"], r["id"]))
        if indexed:
            db.execute(
                "INSERT INTO words (rowid, text, place, owner) VALUES (?, ?, ?, ?)",
                (r["id"], r["text"], r["place"], r["owner"]),
            )


# --- conversions ------------------------------------------------------------------------------

# The columns of an action's first definition, and of a follow-up as each state's history holds it.
ACTION_COLUMNS = (
    "id",
    "meeting",
    "made",
    "made_us",
    "origin",
    "source",
    "question",
    "text",
    "owner",
    "due",
    "status",
)
FOLLOWUP_COLUMNS = ("action", "at", "status", "owner", "due", "note", "record", "after", "rev", "link")
UNDEFINED: dict[str, Any] = {  # what stands for the definition of an action only follow-ups name
    **dict.fromkeys(ACTION_COLUMNS, ""),
    "made": datetime.min.isoformat(),
    "made_us": 0,
    "due": None,
    "status": OPEN,
}


def micros(moment: datetime) -> int:
    """Microseconds since the epoch: the order of aware datetimes, whatever their offsets. A
    difference, not a conversion to UTC: that overflows near the ends of the calendar."""
    return (moment - _EPOCH) // _MICROSECOND


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def iso_day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def followup_of(row: Sequence[Any]) -> FollowUp:
    """A follow-up from its columns, as the followups table and each state's history hold them."""
    action, at, status, owner, due, note, record, after, rev, link = row
    return FollowUp(
        action,
        datetime.fromisoformat(at),
        status,
        owner,
        parse_day(due),
        note,
        record,
        tuple(after),
        rev,
        link,
    )
