"""The read model: a minutes folder as rows in an SQLite database, kept right by the files alone.

The database lives in the user's cache folder (0700, file 0600), one per minutes folder, and holds
nothing the files do not: each file's rows are keyed by its stamp (size, mtime_ns, inode, ctime_ns).
Every call stats every file; a file that is new, changed or gone is parsed again alone and its rows
replaced in one transaction, and the state of the actions it touches is derived again from every
stored follow-up of those actions. A file written too close to when it was read for the
filesystem's timestamps to tell is marked unsettled and its bytes compared next time. A database
that cannot be opened, has another schema or fails its checks is deleted and built again; nothing
read from it can run code. Readers and one writer may work at once (WAL).
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import functools
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from emptychair.core import history
from emptychair.core.history import Answer, FileRows, MeetingRow, Unit
from emptychair.core.ledger import Ledger, Tracked, duplicate, id_key, settle
from emptychair.core.minutes import OPEN, Action, ActionStatus, FollowUp
from emptychair.errors import EmptyChairError, problem
from emptychair.files.data import LIMIT, read_file
from emptychair.files.folder import FEEDBACK, FOLLOWUP, Unreadable
from emptychair.text import name_key

if TYPE_CHECKING:
    from emptychair.core.search import Query

VERSION = 5  # PRAGMA user_version: bump whenever SCHEMA changes
SETTLE_NS = 2_000_000_000  # coarser than any filesystem's timestamps (FAT: 2 s)
PARALLEL_AT = 200  # files to parse before a second process pays for itself
RECENT = timedelta(days=365)  # what voice and stats show without --all
CHECK_EVERY = 24 * 3600  # seconds between two integrity checks of the database
BUSY_SECONDS = 30.0  # how long to wait for another process's write (a first build takes seconds)

SCHEMA = """
CREATE TABLE files (
    name TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    settled INTEGER NOT NULL,
    digest BLOB NOT NULL,
    problem TEXT
);
CREATE INDEX files_unread ON files (name) WHERE problem IS NOT NULL;
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE TABLE meetings (
    name TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    date TEXT NOT NULL,
    started TEXT NOT NULL,
    start_us INTEGER NOT NULL,
    title TEXT NOT NULL,
    team TEXT NOT NULL,
    items INTEGER NOT NULL,
    decisions INTEGER NOT NULL,
    actions_new INTEGER NOT NULL,
    actions_closed INTEGER NOT NULL,
    chair_answers INTEGER NOT NULL
);
CREATE INDEX meetings_by_start ON meetings (start_us, name);
CREATE INDEX meetings_by_date ON meetings (date);
CREATE TABLE people (
    file TEXT NOT NULL,
    start_us INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL
);
CREATE INDEX people_by_file ON people (file);
CREATE TABLE actions (
    file TEXT NOT NULL,
    meeting TEXT NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT,
    status TEXT NOT NULL,
    origin TEXT NOT NULL,
    source TEXT NOT NULL,
    question TEXT NOT NULL,
    made TEXT NOT NULL,
    made_us INTEGER NOT NULL
);
CREATE INDEX actions_by_id ON actions (id);
CREATE INDEX actions_by_file ON actions (file);
CREATE TABLE followups (
    file TEXT NOT NULL,
    seq INTEGER NOT NULL,
    loose INTEGER NOT NULL,
    meeting TEXT NOT NULL,
    start_us INTEGER NOT NULL,
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    at_us INTEGER NOT NULL,
    status TEXT NOT NULL,
    owner TEXT,
    due TEXT,
    note TEXT NOT NULL,
    record TEXT NOT NULL,
    rev INTEGER NOT NULL,
    after TEXT NOT NULL,
    link TEXT NOT NULL
);
CREATE INDEX followups_by_action ON followups (action);
CREATE INDEX followups_by_file ON followups (file);
CREATE TABLE state (
    action TEXT PRIMARY KEY,
    defined INTEGER NOT NULL,
    meeting TEXT NOT NULL,
    made TEXT NOT NULL,
    made_us INTEGER NOT NULL,
    origin TEXT NOT NULL,
    source TEXT NOT NULL,
    question TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    owner_key TEXT NOT NULL,
    due TEXT,
    status TEXT NOT NULL,
    closed TEXT,
    closed_us INTEGER,
    history TEXT NOT NULL,
    conflict TEXT NOT NULL
);
CREATE INDEX state_by_status ON state (status, defined);
CREATE INDEX state_by_made ON state (made_us);
CREATE INDEX state_unknown ON state (action) WHERE defined = 0;
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    meeting TEXT NOT NULL,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    question_id TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    moment TEXT NOT NULL,
    rating TEXT NOT NULL
);
CREATE INDEX answers_by_date ON answers (date, meeting, seq);
CREATE INDEX answers_by_file ON answers (file);
CREATE TABLE answer_actions (
    answer INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    file TEXT NOT NULL,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX answer_actions_by_answer ON answer_actions (answer, seq);
CREATE INDEX answer_actions_by_file ON answer_actions (file);
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    meeting TEXT NOT NULL,
    start_us INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    place TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    action TEXT NOT NULL
);
CREATE INDEX units_by_file ON units (file);
CREATE INDEX units_by_action ON units (action);
CREATE VIRTUAL TABLE words USING fts5 (
    text, place, owner, content = 'units', content_rowid = 'id', tokenize = "unicode61 remove_diacritics 2"
);
"""


class Broken(Exception):
    """The database cannot be trusted: it is deleted and built again."""


# --- where ----------------------------------------------------------------------------------


def cache_home() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("emptychair", appauthor=False)


def database_path(folder: Path) -> Path:
    key = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:20]
    return cache_home() / f"{key}.sqlite3"


def _forget_pickles(home: Path) -> None:
    """The pickle caches of earlier versions: one folder per minutes folder, holding `stamps`."""
    import shutil

    for entry in os.scandir(home):
        old = len(entry.name) == 20 and entry.is_dir(follow_symlinks=False)
        if old and os.path.isfile(os.path.join(entry.path, "stamps")):
            shutil.rmtree(entry.path, ignore_errors=True)


def _private_home(home: Path) -> None:
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    if home.stat().st_mode & 0o077:
        home.chmod(0o700)
        _clear_planted(home)


def _clear_planted(home: Path) -> None:
    """While the folder was open to others, anyone could put a link, a FIFO or a file of their own
    where the database, its log or Tab's mark go (a FIFO there hangs whoever reads it): closing the
    folder removes whatever is not a plain file or folder of this user's."""
    import stat

    mine = os.getuid()
    for entry in os.scandir(home):
        found = entry.stat(follow_symlinks=False)
        if found.st_uid != mine or not (stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode)):
            with contextlib.suppress(OSError):
                _remove(entry.path)


# --- opening ----------------------------------------------------------------------------------


def open_library(folder: Path, clock: Callable[[], int] = time.time_ns) -> Library:
    """The folder's read model, brought up to date with the files (`clock`: now, in ns)."""
    path = database_path(folder)
    try:
        _private_home(path.parent)
        if not os.path.lexists(path):
            _forget_pickles(path.parent)
    except OSError:
        return _in_memory(folder)  # no cache folder: right all the same, only slower
    for attempt in range(2):
        try:
            found = _inode(path)
            db = _connect(path)
            try:
                odd = refresh(db, folder, clock)
            except BaseException:
                db.close()
                raise
            return Library(folder, db, path, odd)
        except FAILURES as exc:
            if _busy(exc) or attempt:
                # another process writing past the timeout; or built again and still failing (a
                # read-only or full disk): right all the same, in memory
                return _in_memory(folder)
            with contextlib.suppress(OSError):  # a cache folder made read-only: in memory next time
                _delete(path, found)
    raise AssertionError("unreachable")


# Whatever can go wrong with a database file, or with what is read from one: another program's file,
# a damaged page or cell (a title that is not UTF-8, a date that is no date), a FIFO or a folder in its
# place. Each is met by building the database again, once; then the read model is kept in memory.
FAILURES = (Broken, sqlite3.Error, OSError, ValueError, TypeError, LookupError)


def _busy(exc: Exception) -> bool:
    """Another process holds the database (SQLITE_BUSY, SQLITE_LOCKED): never deleted under it."""
    return isinstance(exc, sqlite3.Error) and (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (5, 6)


def _inode(path: Path) -> int:
    try:
        return os.lstat(path).st_ino
    except FileNotFoundError:
        return 0


def _in_memory(folder: Path) -> Library:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(SCHEMA)
    return Library(folder, db, None, refresh(db, folder))


def _connect(path: Path) -> sqlite3.Connection:
    import stat

    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR):  # a link or a folder where the database goes
            raise Broken("not a file") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # a FIFO, a device: SQLite would wait on it or write into it
            raise Broken("not a file")
        if mode & 0o077:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm", "-journal"):  # SQLite opens these by name and follows links
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(f"{path}{suffix}").st_mode):
                raise Broken(f"not a file: {suffix}")
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            _create(db)
        elif version != VERSION:
            raise Broken(f"schema version {version}")
        else:
            _check_schema(db)
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA cache_size = -16000")
        _check_now_and_then(db)
    except BaseException:
        db.close()
        raise
    return db


def _create(db: sqlite3.Connection) -> None:
    # persistent once set; should another process hold the file just now, it sets it the same way
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] == 0:  # another process may have won
            if db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
                raise Broken("tables without a version")
            for statement in SCHEMA.split(";\n"):  # not executescript: it would commit first
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {VERSION}")
        if db.in_transaction:
            db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    _check_schema(db)


def _check_schema(db: sqlite3.Connection) -> None:
    """Exactly our tables, indexes and nothing else: no trigger or view planted to change answers."""
    found = db.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()
    if hashlib.sha256(repr(found).encode()).hexdigest() != _expected_schema():
        raise Broken("unexpected schema")


def _expected_schema() -> str:
    global _EXPECTED
    if _EXPECTED is None:
        probe = sqlite3.connect(":memory:")
        probe.executescript(SCHEMA)
        found = probe.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()
        probe.close()
        _EXPECTED = hashlib.sha256(repr(found).encode()).hexdigest()
    return _EXPECTED


_EXPECTED: str | None = None


def _check_now_and_then(db: sqlite3.Connection) -> None:
    """PRAGMA quick_check reads the whole database (about 0.2 s at 10,000 meetings): once a day."""
    row = db.execute("SELECT value FROM meta WHERE key = 'checked'").fetchone()
    if row is not None and time.time() - float(row[0]) < CHECK_EVERY:
        return
    if db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
        raise Broken("quick_check")
    with _writing(db):
        db.execute("INSERT OR REPLACE INTO meta VALUES ('checked', ?)", (str(time.time()),))


def _delete(path: Path, broken: int) -> None:
    """Delete the database found broken, unless another process has put a new one in its place."""
    import fcntl

    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        lock = os.open(f"{path}.lock", flags, 0o600)
    except OSError:  # a link or a folder in its place: it goes too, and is made anew
        _remove(f"{path}.lock")
        lock = os.open(f"{path}.lock", flags, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if broken and _inode(path) != broken:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            _remove(f"{path}{suffix}")
    finally:
        os.close(lock)


def _remove(name: str) -> None:
    """Whatever is at `name`: a file, a link (not what it names), a FIFO, a folder and all in it."""
    import shutil
    import stat

    try:
        if stat.S_ISDIR(os.lstat(name).st_mode):
            shutil.rmtree(name, ignore_errors=True)
        else:
            os.unlink(name)
    except FileNotFoundError:
        pass


# --- bringing it up to date -------------------------------------------------------------------

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
            if entry.name.endswith(FEEDBACK):  # customer feedback: files/feedback.py reads it
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
    with _writing(db):  # what to do is decided inside: another process may just have done it
        stored = {
            row[0]: (tuple(row[1:5]), row[5], row[6])
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
        batch = _Batch(db)
        for name, digest, read in _parse_all(folder, todo):
            touched |= batch.add(name, now[name], _settled(now[name], checked), digest, read)
        batch.flush()
        db.executemany("UPDATE files SET settled = 1 WHERE name = ?", [(n,) for n in settle])
        _derive(db, touched)
        unsettled = db.execute("SELECT 1 FROM files WHERE settled = 0 LIMIT 1").fetchone()
        db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (b"" if unsettled else listing,))
    return tuple(odd)


def _listing(now: dict[str, Stamp]) -> bytes:
    """One value that changes whenever any file's stamp does, or a file comes or goes. In the order
    the folder lists its files: should that order change, the next call merely checks each file."""
    names = "\0".join(now).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(names + repr(list(now.values())).encode(), digest_size=20).digest()


def _settled(stamp: Stamp, checked: int) -> bool:
    return max(stamp[1], stamp[3]) < checked - SETTLE_NS


class _writing:
    """One write transaction; the second process waits for the first (busy timeout)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _digest(path: Path) -> bytes:
    try:
        return hashlib.blake2b(read_file(path), digest_size=16).digest()
    except EmptyChairError:
        return b""


Read = Unreadable | dict[str, list[tuple[Any, ...]]]


def _parse_all(folder: Path, names: list[str]) -> Iterator[tuple[str, bytes, Read]]:
    names = sorted(names)
    jobs = [(folder, n) for n in names]
    if len(names) >= PARALLEL_AT and (os.cpu_count() or 1) > 1 and "fork" in _start_methods():
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 2, 4)) as pool:
            for at in range(0, len(jobs), 1000):  # a slice at a time: parsed rows never pile up
                yield from pool.imap(_parse_one, jobs[at : at + 1000], chunksize=50)
        return
    for job in jobs:
        yield _parse_one(job)


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def _parse_one(job: tuple[Path, str]) -> tuple[str, bytes, Read]:
    from emptychair.core import minutes

    folder, name = job
    path = folder / name
    try:
        data = read_file(path, LIMIT, name)
    except EmptyChairError as err:
        return name, b"", Unreadable.of(path, err)
    digest = hashlib.blake2b(data, digest_size=16).digest()
    try:
        text = data.decode("utf-8")
        if name.endswith(FOLLOWUP):
            return name, digest, _rows(name, history.loose_rows(minutes.load_followups(text, name)))
        return name, digest, _rows(name, history.file_rows(Path(name).stem, minutes.load_minutes(text, name)))
    except UnicodeDecodeError as err:
        return name, digest, Unreadable.of(path, problem("err_not_utf8", path=name, byte=err.start))
    except EmptyChairError as err:
        return name, digest, Unreadable.of(path, err)


Rows = dict[str, list[tuple[Any, ...]]]  # per table, the rows of one file but their ids


def _rows(name: str, read: FileRows) -> Rows:
    """One file's rows as plain tuples: made where it was parsed, they travel between processes fast."""
    m = read.meeting
    start_us = _us(m.started) if m else 0
    meeting = m.name if m else ""
    return {
        "meetings": [
            (m.name, name, m.date.isoformat(), m.started.isoformat(), start_us, m.title, m.team,
             m.items, m.decisions, m.actions_new, m.actions_closed, m.chair_answers)
        ] if m else [],
        "actions": [
            (name, t.meeting, n, t.action.id, t.action.text, t.action.owner, _iso(t.action.due),
             t.action.status, t.origin, t.source, t.question, t.made.isoformat(), _us(t.made))
            for n, t in enumerate(read.defined)
        ],
        "followups": [
            (name, n, m is None, meeting, start_us, f.action, f.at.isoformat(), _us(f.at), f.status,
             f.owner, _iso(f.due), f.note, f.id, f.rev, json.dumps(f.after), f.link)
            for n, f in enumerate(read.followups)
        ],
        "answers": [
            (name, a.meeting, n, a.date.isoformat(), a.question_id, a.question, a.answer, a.moment, a.rating)
            for n, a in enumerate(read.answers)
        ],
        "answer_actions": [
            (n, k, name, *fields) for n, a in enumerate(read.answers) for k, fields in enumerate(a.actions)
        ],
        "units": [
            (name, u.meeting, start_us, n, u.date.isoformat(), u.kind, u.where, u.text, u.owner, u.action)
            for n, u in enumerate(read.units)
        ],
        "people": [(name, start_us, n, person) for n, person in enumerate(read.people)],
        "touched": [(i,) for i in {t.action.id for t in read.defined} | {f.action for f in read.followups}],
    }  # fmt: skip


def _forget(db: sqlite3.Connection, name: str) -> set[str]:
    """Delete a file's rows; the action ids they named."""
    touched = {r[0] for r in db.execute("SELECT id FROM actions WHERE file = ?", (name,))}
    touched |= {r[0] for r in db.execute("SELECT action FROM followups WHERE file = ?", (name,))}
    db.execute(
        "INSERT INTO words (words, rowid, text, place, owner) "
        "SELECT 'delete', id, text, place, owner FROM units WHERE file = ?",
        (name,),
    )
    for table in ("meetings", "people", "actions", "followups", "answers", "answer_actions", "units"):
        db.execute(f"DELETE FROM {table} WHERE file = ?", (name,))
    db.execute("DELETE FROM files WHERE name = ?", (name,))
    return touched


INSERTS = {
    "files": 8,
    "meetings": 12,
    "people": 4,
    "actions": 13,
    "followups": 16,
    "answers": 10,
    "answer_actions": 7,
    "units": 11,
}


class _Batch:
    """Rows of many files, written a few hundred files at a time."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in INSERTS}
        self.files = 0
        self.unit_id = db.execute("SELECT coalesce(max(id), 0) FROM units").fetchone()[0]
        self.answer_id = db.execute("SELECT coalesce(max(id), 0) FROM answers").fetchone()[0]

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
        for table in ("meetings", "people", "actions", "followups"):
            rows[table] += read[table]
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
        if self.rows["units"]:  # indexed from the rows just written: no second trip through Python
            self.db.execute(
                "INSERT INTO words (rowid, text, place, owner) "
                "SELECT id, text, place, owner FROM units WHERE id BETWEEN ? AND ?",
                (self.rows["units"][0][0], self.rows["units"][-1][0]),
            )
        for rows in self.rows.values():
            rows.clear()


def _derive(db: sqlite3.Connection, touched: set[str]) -> None:
    """The state of each touched action, from its first definition and all its follow-ups."""
    ids = sorted(touched)
    for at in range(0, len(ids), 500):
        _derive_some(db, ids[at : at + 500])


def _derive_some(db: sqlite3.Connection, ids: list[str]) -> None:
    """ledger.settle over stored rows: the one rule of the core, for these actions only."""
    marks = ",".join("?" * len(ids))
    first = {
        row[0]: row  # descending: the last row of each id, its earliest definition, wins
        for row in db.execute(
            "SELECT id, meeting, made, made_us, origin, source, question, text, owner, due, status "
            f"FROM actions WHERE id IN ({marks}) ORDER BY id, made_us DESC, meeting DESC, seq DESC",
            ids,
        )
    }
    records: dict[str, list[FollowUp]] = {}
    stored: dict[int, tuple[Any, ...]] = {}  # each record's columns, by the object made of them
    for row in db.execute(  # as ledger.build is given them: meetings as they started, then loose files
        f"SELECT action, at, status, owner, due, note, record, after, rev, link, at_us FROM followups "
        f"WHERE action IN ({marks}) ORDER BY action, loose, start_us, meeting, file, seq",
        ids,
    ):
        columns = (*row[:7], [] if row[7] == "[]" else json.loads(row[7]), row[8], row[9])
        record = _followup(columns)
        records.setdefault(row[0], []).append(record)
        stored[id(record)] = (columns, row[10])
    db.execute(f"DELETE FROM state WHERE action IN ({marks})", ids)
    rows = []
    for action_id in ids:
        defined = first.get(action_id)
        said = records.get(action_id, ())
        if defined is None and not said:
            continue
        # follow-ups of an action no minutes hold are kept, to be named as problems
        found: tuple[Any, ...] = defined or (
            action_id,
            "",
            datetime.min.isoformat(),
            0,
            "",
            "",
            "",
            "",
            "",
            None,
            OPEN,
        )
        _, meeting, made, made_us, origin, source, question, text, owner, due, status = found
        made_as = Action(action_id, text, owner, _date(due), status)
        t = settle(Tracked(made_as, meeting, datetime.fromisoformat(made), origin, source), said)
        a, history = t.action, [stored[id(f)] for f in t.history]
        # closed by the last record that counts for the state (a link does not): its time as stored
        last = next(
            (h for f, h in zip(reversed(t.history), reversed(history), strict=True) if not f.link), None
        )
        closed, closed_us = (last[0][1], last[1]) if t.closed and last else (None, None)
        rows.append(
            (action_id, defined is not None, meeting, made, made_us, origin, source, question, text, a.owner,
             name_key(a.owner), _iso(a.due), a.status, closed, closed_us,
             json.dumps([columns for columns, _ in history], ensure_ascii=False),
             json.dumps([(c.status, c.owner, _iso(c.due)) for c in t.conflict], ensure_ascii=False) if t.conflict else "[]")
        )  # fmt: skip
    db.executemany(f"INSERT INTO state VALUES ({','.join('?' * 17)})", rows)
    _owners_in_words(db, ids)


def _owners_in_words(db: sqlite3.Connection, ids: list[str]) -> None:
    """Search finds an action by its owner today: rewrite the few units whose owner changed since."""
    marks = ",".join("?" * len(ids))
    changed = db.execute(
        "SELECT u.id, u.text, u.place, u.owner, s.owner FROM units u JOIN state s ON s.action = u.action "
        f"WHERE u.action IN ({marks}) AND u.kind = 'action' AND s.defined = 1 AND u.owner != s.owner",
        ids,
    ).fetchall()
    for unit_id, text, place, was, owner in changed:
        db.execute(
            "INSERT INTO words (words, rowid, text, place, owner) VALUES ('delete', ?, ?, ?, ?)",
            (unit_id, text, place, was),
        )
        db.execute("UPDATE units SET owner = ? WHERE id = ?", (owner, unit_id))
        db.execute(
            "INSERT INTO words (rowid, text, place, owner) VALUES (?, ?, ?, ?)", (unit_id, text, place, owner)
        )


# --- reading ----------------------------------------------------------------------------------


P = ParamSpec("P")
R = TypeVar("R")


def _renewing(ask: Callable[Concatenate[Library, P], R]) -> Callable[Concatenate[Library, P], R]:
    """A question to the database that, should the database fail to answer it or answer with
    something it could not have written (see FAILURES), is asked again of a database built anew
    from the files, then of one in memory; what fails even there is a bug, and is raised."""

    @functools.wraps(ask)
    def asked(self: Library, /, *args: P.args, **kwargs: P.kwargs) -> R:
        while True:
            try:
                return ask(self, *args, **kwargs)
            except FAILURES as exc:
                if self.path is None:
                    raise
                self._renew(exc)

    return asked


@dataclass
class Library:
    """What the read commands ask of a minutes folder, each answered by a query."""

    folder: Path
    db: sqlite3.Connection
    path: Path | None  # None: kept in memory, the cache folder could not be written
    odd: tuple[str, ...] = ()  # files whose names are not UTF-8
    renewed: bool = False  # built again once already, after a failure

    def _q(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        return self.db.execute(sql, args).fetchall()

    def _renew(self, exc: Exception) -> None:
        """Built again from the files after a failure, once; after a second one, in memory."""
        assert self.path is not None
        self.db.close()
        if self.renewed or _busy(exc):
            fresh = _in_memory(self.folder)
        else:
            with contextlib.suppress(OSError):
                _delete(self.path, 0)
            fresh = open_library(self.folder)
        self.db, self.path, self.odd, self.renewed = fresh.db, fresh.path, fresh.odd, True

    @_renewing
    def query(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        """The rows of a query of the caller's own (Tab's), answered as every other question."""
        return self._q(sql, args)

    @property
    @_renewing
    def unreadable(self) -> list[Unreadable]:
        """Follow-ups of unknown actions, then the files that could not be read."""
        found = [Unreadable.of(self.folder, exc) for exc in self._duplicates() + self._orphans()]
        for name, said in self._q("SELECT name, problem FROM files WHERE problem IS NOT NULL ORDER BY name"):
            message, languages = json.loads(said)
            found.append(Unreadable(self.folder / name, message, tuple((k, v) for k, v in languages)))
        for name in self.odd:
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            found.append(Unreadable.of(self.folder / name, problem("err_name_not_utf8", path=shown)))
        return found

    # meetings

    @property
    @_renewing
    def rows(self) -> list[MeetingRow]:
        """Every meeting, newest first."""
        return self._rows("ORDER BY start_us DESC, name DESC")

    @_renewing
    def recent_rows(self, since: date | None) -> list[MeetingRow]:
        return self._rows("WHERE date >= ? ORDER BY start_us DESC, name DESC", _iso(since) or "")

    def _rows(self, where: str, *args: Any) -> list[MeetingRow]:
        return [
            MeetingRow(r[0], date.fromisoformat(r[1]), datetime.fromisoformat(r[2]), *r[3:])
            for r in self._q(
                "SELECT name, date, started, title, team, items, decisions, actions_new, actions_closed, "
                f"chair_answers FROM meetings {where}",
                args,
            )
        ]

    @_renewing
    def recent(self) -> date | None:
        """The first day of the bounded view: a year before the newest meeting (None: no meetings)."""
        (last,) = self._q("SELECT max(date) FROM meetings")[0]
        if not last:
            return None
        newest = date.fromisoformat(last)
        return newest - RECENT if newest - date.min > RECENT else date.min

    @_renewing
    def counted(self, since: date) -> tuple[int, int]:
        """How many meetings there are, and how many of them were held before `since`."""
        count, older = self._q(
            "SELECT count(*), count(*) FILTER (WHERE date < ?) FROM meetings", (since.isoformat(),)
        )[0]
        return int(count), int(older)

    @_renewing
    def pick(self, which: str) -> MeetingRow:
        """The meeting `which` names, as history.pick says, reading only the rows it could be."""
        said = which.strip()
        if said in ("", "latest", "laatste"):
            rows = self._rows("ORDER BY start_us DESC, name DESC LIMIT 1")
        else:
            rows = self._rows("WHERE name = ?", said) or self._rows(
                "WHERE substr(name, 1, length(?1)) = ?1 OR date = ?1", said
            )
        return history.pick(rows or self.rows, which)

    # actions

    @property
    @_renewing
    def ledger(self) -> Ledger:
        return Ledger(
            tuple(self._tracked("WHERE defined = 1 ORDER BY made_us, action")),
            tuple(self._duplicates() + self._orphans()),
        )

    @_renewing
    def ledger_of(self, meeting: str) -> Ledger:
        """The actions made in one meeting or followed up in it, as they stand today."""
        found = self._tracked(
            "WHERE defined = 1 AND action IN (SELECT id FROM actions WHERE file = ?1 "
            "UNION SELECT action FROM followups WHERE file = ?1) ORDER BY made_us, action",
            f"{meeting}.toml",
        )
        return Ledger(tuple(found))

    @property
    @_renewing
    def open_actions(self) -> list[Tracked]:
        return self._tracked("WHERE status = 'open' AND defined = 1 ORDER BY made_us, action")

    @property
    @_renewing
    def unsettled(self) -> list[Tracked]:
        """As Ledger.unsettled: closed actions with a conflict."""
        return self._tracked(
            "WHERE status != 'open' AND defined = 1 AND conflict != '[]' ORDER BY made_us, action"
        )

    @_renewing
    def action(self, action_id: str) -> Tracked | None:
        """The action with exactly this id, as it stands now."""
        found = self._tracked("WHERE defined = 1 AND action = ?", action_id)
        return found[0] if found else None

    @_renewing
    def actions_since(self, since: date | None) -> list[Tracked]:
        """Actions made on or after `since` (its date as written), as they stand today."""
        return self._tracked("WHERE defined = 1 AND made >= ? ORDER BY made_us, action", _iso(since) or "")

    @_renewing
    def find(self, said: str) -> Tracked:
        """The action `said` names, as Ledger.find says, reading only the actions it could be."""
        key = id_key(said.strip())
        if not key:
            return Ledger(()).find(said)  # refused there: nothing typed names no action
        near = self._tracked(  # SQLite's lower() is ASCII's, as id_key
            "WHERE defined = 1 AND lower(substr(action, 1, length(?1))) = ?1 ORDER BY made_us, action", key
        )
        if not near:  # only the ids matter to name the closest ones
            ids = self._q("SELECT action FROM state WHERE defined = 1 ORDER BY made_us, action")
            near = [Tracked(Action(i, ""), "", datetime.min, "item", "") for (i,) in ids]
        return Ledger(tuple(near)).find(said)

    def _duplicates(self) -> list[EmptyChairError]:
        """An id made again, in a later meeting or in the same one: the earliest counts, the others are named."""
        first: dict[str, str] = {}
        found = []
        for action_id, meeting, text in self._q(
            "SELECT id, meeting, text FROM actions WHERE id IN "
            "(SELECT id FROM actions GROUP BY id HAVING count(*) > 1) ORDER BY made_us, meeting, seq"
        ):
            if action_id in first:
                found.append(
                    duplicate(Action(action_id, text), f"{meeting}.toml", f"{first[action_id]}.toml")
                )
            else:
                first[action_id] = meeting
        return found

    def _orphans(self) -> list[EmptyChairError]:
        return [
            problem("err_unknown_action", day=f"{datetime.fromisoformat(at):%Y-%m-%d}", action=action)
            for at, action in self._q(
                "SELECT f.at, f.action FROM state s CROSS JOIN followups f ON f.action = s.action WHERE s.defined = 0 "
                "ORDER BY f.at_us, f.action, f.status, f.note, f.loose, f.start_us, f.meeting, f.file, f.seq"
            )
        ]

    def _tracked(self, where: str, *args: Any) -> list[Tracked]:
        rows = self._q(
            "SELECT action, text, owner, due, status, meeting, made, origin, source, question, history, closed, "
            "made_us, closed_us, conflict "
            f"FROM state {where}",
            args,
        )
        if len(rows) > 50:
            starts = self._starts()
            ages = [_age(r[12], r[13], starts) for r in rows]
        else:  # counted in the index: a few actions need not read every meeting's start
            ages = [
                self._q(
                    "SELECT count(*) FROM meetings WHERE start_us > ? AND start_us <= ?",
                    (r[12], r[13] or 2**62),
                )[0][0]
                for r in rows
            ]
        return [
            Tracked(
                Action(r[0], r[1], r[2], _date(r[3]), r[4]),
                r[5],
                datetime.fromisoformat(r[6]),
                r[7],
                r[8],
                r[9],
                tuple(_followup(f) for f in json.loads(r[10])),
                age,
                datetime.fromisoformat(r[11]) if r[11] else None,
                tuple(
                    Action(r[0], r[1], owner, _date(due), status) for status, owner, due in json.loads(r[14])
                ),
            )
            for r, age in zip(rows, ages, strict=True)
        ]

    def _starts(self) -> list[int]:
        return [r[0] for r in self._q("SELECT start_us FROM meetings ORDER BY start_us")]

    # what was said

    @_renewing
    def search(self, query: Query) -> list[Unit]:
        where, args = _filters(query)
        if query.states or query.owner:  # few actions: start from them and match their words here
            few = self._units(BY_ACTION, where, args, FEW + 1)
            if len(few) <= FEW:
                return [u for u in few if history.says(u, query.words)]
        phrases = [_phrase(w) for w in query.words if history.fold(w)]  # "-" alone matches anything
        if phrases:
            where.append("u.id IN (SELECT rowid FROM words WHERE words MATCH ?)")
            args.append(" ".join(phrases))
        return self._units(BY_UNIT, where, args)

    def _units(self, source: str, where: list[str], args: list[str], limit: int = -1) -> list[Unit]:
        sql = (
            "SELECT u.meeting, u.date, u.kind, u.place, u.text, coalesce(s.owner, ''), "
            f"coalesce(s.status, ''), u.action FROM {source} WHERE {' AND '.join(where) or 'true'} "
            "ORDER BY u.start_us, u.meeting, u.seq LIMIT ?"
        )
        return [Unit(r[0], date.fromisoformat(r[1]), *r[2:]) for r in self._q(sql, [*args, limit])]

    @property
    def answers(self) -> list[Answer]:
        return self.answers_since(None)

    @_renewing
    def answers_since(self, since: date | None) -> list[Answer]:
        """The chair's answers, newest first, their actions as they stand today."""
        rows = self._q(
            "SELECT a.id, a.meeting, a.date, a.question_id, a.question, a.answer, a.moment, a.rating "
            "FROM answers a LEFT JOIN meetings m ON m.name = a.meeting "
            "WHERE a.date >= ? ORDER BY a.date DESC, m.start_us DESC, a.meeting DESC, a.seq",
            (_iso(since) or "",),
        )
        actions: dict[int, list[tuple[str, str, str, ActionStatus]]] = {}
        for answer, action_id, text, owner, status in self._q(
            "SELECT a.answer, a.id, a.text, coalesce(s.owner, a.owner), coalesce(s.status, a.status) "
            "FROM answer_actions a LEFT JOIN state s ON s.action = a.id AND s.defined = 1 "
            "WHERE a.answer IN (SELECT id FROM answers WHERE date >= ?) ORDER BY a.answer, a.seq",
            (_iso(since) or "",),
        ):
            actions.setdefault(answer, []).append((action_id, text, owner, status))
        return [
            Answer(r[1], date.fromisoformat(r[2]), r[3], r[4], r[5], r[6], tuple(actions.get(r[0], ())), r[7])
            for r in rows
        ]

    @property
    @_renewing
    def people(self) -> tuple[str, ...]:
        """Every name the minutes know, in first-seen order; names that differ only in case once."""
        seen: dict[str, str] = {}
        for (name,) in self._q("SELECT name FROM people ORDER BY start_us, file, seq"):
            seen.setdefault(name.casefold(), name)
        return tuple(seen.values())

    @property
    @_renewing
    def memory(self) -> history.Memory:
        told = []
        answers: dict[int, list[str]] = {}
        for answer, action_id in self._q("SELECT answer, id FROM answer_actions ORDER BY answer, seq"):
            answers.setdefault(answer, []).append(action_id)
        # meetings of one day in the order they started: their names no longer sort that way
        for r in self._q(
            "SELECT a.id, a.date, a.question_id, a.answer FROM answers a LEFT JOIN meetings m "
            "ON m.name = a.meeting ORDER BY a.date, m.start_us, a.meeting, a.seq"
        ):
            told.append((date.fromisoformat(r[1]), r[2], r[3], tuple(answers.get(r[0], ()))))
        ids = frozenset(r[0] for r in self._q("SELECT action FROM state WHERE defined = 1"))
        latest = self._q("SELECT name FROM meetings ORDER BY start_us DESC, name DESC LIMIT 1")
        return history.memory_of(self.open_actions, ids, told, latest[0][0] if latest else "", self.unsettled)


FEW = 2000  # actions to match in Python rather than through the words index
BY_ACTION = "state s CROSS JOIN units u ON u.action = s.action AND u.kind = 'action' AND s.defined = 1"
BY_UNIT = "units u LEFT JOIN state s ON s.action = u.action AND u.kind = 'action' AND s.defined = 1"


def _filters(query: Query) -> tuple[list[str], list[str]]:
    """The conditions of a query but its words, as SQL."""
    where, args = [], []
    if query.kinds:
        where.append(f"u.kind IN ({','.join('?' * len(query.kinds))})")
        args += sorted(query.kinds)
    if query.states:
        where.append(f"s.status IN ({','.join('?' * len(query.states))})")
        args += sorted(query.states)
    if query.owner:
        where.append("substr(s.owner_key, 1, length(?)) = ?")
        args += [name_key(query.owner), name_key(query.owner)]
    if query.since:
        where.append("u.date >= ?")
        args.append(query.since.isoformat())
    if query.until:
        where.append("u.date <= ?")
        args.append(query.until.isoformat())
    return where, args


# --- conversions ------------------------------------------------------------------------------


def _us(moment: datetime) -> int:
    """Microseconds since the epoch: the order of aware datetimes, whatever their offsets. A
    difference, not a conversion to UTC: that overflows near the ends of the calendar."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _followup(row: Sequence[Any]) -> FollowUp:
    """A follow-up from its columns, as the followups table and each state's history hold them."""
    action, at, status, owner, due, note, record, after, rev, link = row
    return FollowUp(
        action, datetime.fromisoformat(at), status, owner, _date(due), note, record, tuple(after), rev, link
    )


def _phrase(word: str) -> str:
    """One query word as an FTS5 prefix phrase: any character is safe inside the quotes."""
    return '"' + word.replace('"', '""') + '"*'


def _age(made_us: int, closed_us: int | None, starts: list[int]) -> int:
    """history.age, in microseconds: meetings started after the action was made, until it closed."""
    after = bisect.bisect_right(starts, made_us)
    until = len(starts) if closed_us is None else bisect.bisect_right(starts, closed_us)
    return max(0, until - after)
