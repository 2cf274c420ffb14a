"""Where the read model's database lives, what it holds, and how a damaged one is met.

One database per minutes folder in the user's cache folder (0700, file 0600). Nothing read from it
can run code: the schema is checked against SCHEMA on every open (no planted trigger or view), the
whole file once a day, and a database that fails either is deleted and built again from the files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from emptychair.hashes import blake2b

VERSION = 15  # PRAGMA user_version: bump whenever SCHEMA changes
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
    chair_answers INTEGER NOT NULL,
    rating TEXT NOT NULL
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
CREATE TABLE attendance (
    file TEXT NOT NULL,
    meeting TEXT NOT NULL,
    start_us INTEGER NOT NULL,
    date TEXT NOT NULL,
    seq INTEGER NOT NULL,
    person TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE INDEX attendance_by_file ON attendance (file);
CREATE INDEX attendance_by_date ON attendance (date);
CREATE TABLE decisions (
    file TEXT NOT NULL,
    meeting TEXT NOT NULL,
    start_us INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    date TEXT NOT NULL,
    item TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL,
    checked INTEGER NOT NULL
);
CREATE INDEX decisions_by_file ON decisions (file);
CREATE INDEX decisions_by_start ON decisions (start_us, seq);
CREATE TABLE revisits (
    file TEXT NOT NULL,
    seq INTEGER NOT NULL,
    decision TEXT NOT NULL,
    at TEXT NOT NULL,
    at_us INTEGER NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX revisits_by_file ON revisits (file);
CREATE INDEX revisits_by_decision ON revisits (decision);
CREATE TABLE proposals (
    file TEXT NOT NULL,
    meeting TEXT NOT NULL,
    start_us INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX proposals_by_file ON proposals (file);
CREATE INDEX proposals_by_id ON proposals (id);
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
CREATE INDEX state_conflicted ON state (made_us, action) WHERE conflict != '[]';
CREATE INDEX state_made_on ON state (made) WHERE defined = 1;
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
    rating TEXT NOT NULL,
    customers_present INTEGER NOT NULL
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
CREATE INDEX units_by_kind ON units (kind, date);
CREATE INDEX units_newest ON units (date DESC, meeting DESC, start_us, seq);
CREATE TABLE feedback (
    file TEXT NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    imported TEXT NOT NULL,
    imported_us INTEGER NOT NULL,
    format TEXT NOT NULL,
    export TEXT NOT NULL,
    date TEXT,
    scale TEXT NOT NULL,
    score TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    ref TEXT NOT NULL,
    row INTEGER NOT NULL
);
CREATE INDEX feedback_by_file ON feedback (file);
CREATE TABLE approvals (
    file TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    at_us INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    item TEXT NOT NULL
);
CREATE INDEX approvals_by_file ON approvals (file);
CREATE TABLE quotes (
    file TEXT NOT NULL,
    seq INTEGER NOT NULL,
    feedback TEXT NOT NULL,
    meeting TEXT NOT NULL,
    at TEXT NOT NULL,
    question_id TEXT NOT NULL
);
CREATE INDEX quotes_by_file ON quotes (file);
CREATE VIRTUAL TABLE words USING fts5 (
    text, place, owner, content = 'units', content_rowid = 'id', tokenize = "unicode61 remove_diacritics 2"
);
"""

# Each index by name, as SCHEMA creates it: a first build makes them once its rows are in.
INDEXES = {
    statement.split()[2]: statement.strip()
    for statement in SCHEMA.split(";\n")
    if statement.strip().startswith("CREATE INDEX")
}


class Broken(Exception):
    """The database cannot be trusted: it is deleted and built again."""


# --- where ----------------------------------------------------------------------------------


def cache_home() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("emptychair", appauthor=False)


def database_path(folder: Path) -> Path:
    key = blake2b(os.fsencode(folder.resolve()), digest_size=10).hexdigest()
    return cache_home() / f"{key}.sqlite3"


def _forget_older_name(home: Path, folder: Path) -> None:
    """The database earlier versions kept for `folder`, named by the SHA-256 of its path."""
    import hashlib

    old = home / hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:20]
    for suffix in (".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal", ".sqlite3.lock", ".tab"):
        _remove(f"{old}{suffix}")


def _forget_pickles(home: Path) -> None:
    """The pickle caches of earlier versions: one folder per minutes folder, holding `stamps`."""
    import shutil

    for entry in os.scandir(home):
        old = len(entry.name) == 20 and entry.is_dir(follow_symlinks=False)
        if old and os.path.isfile(os.path.join(entry.path, "stamps")):
            shutil.rmtree(entry.path, ignore_errors=True)


def private_home(path: Path, folder: Path) -> None:
    """The cache folder the database `path` of `folder` goes in, made private; earlier versions'
    caches of it gone."""
    _private_home(path.parent)
    if not os.path.lexists(path):
        _forget_pickles(path.parent)
        _forget_older_name(path.parent, folder)


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


# Whatever can go wrong with a database file, or with what is read from one: another program's file,
# a damaged page or cell (a title that is not UTF-8, a date that is no date), a FIFO or a folder in its
# place. Each is met by building the database again, once; then the read model is kept in memory.
FAILURES = (Broken, sqlite3.Error, OSError, ValueError, TypeError, LookupError)


def busy(exc: Exception) -> bool:
    """Another process holds the database (SQLITE_BUSY, SQLITE_LOCKED): never deleted under it."""
    return isinstance(exc, sqlite3.Error) and (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (5, 6)


def inode(path: Path) -> int:
    try:
        return os.lstat(path).st_ino
    except FileNotFoundError:
        return 0


def in_memory() -> sqlite3.Connection:
    """A database of its own in memory: for when the cache folder cannot be written."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.row_factory = sqlite3.Row
    db.executescript(SCHEMA)
    return db


def read_only(path: Path) -> sqlite3.Connection | None:
    """The database as the last command left it, for reading only (None: it cannot be read as it is)."""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    db.row_factory = sqlite3.Row
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        if db.execute("PRAGMA user_version").fetchone()["user_version"] != VERSION:
            raise Broken("another version")
        check_schema(db)  # the same guard as every open: no planted trigger or view
    except (Broken, sqlite3.Error):
        db.close()
        return None
    return db


def connect(path: Path) -> sqlite3.Connection:
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
    db.row_factory = sqlite3.Row
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        version = db.execute("PRAGMA user_version").fetchone()["user_version"]
        if version == 0:
            _create(db)
        elif version != VERSION:
            raise Broken(f"schema version {version}")
        else:
            check_schema(db)
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
        if db.execute("PRAGMA user_version").fetchone()["user_version"] == 0:  # another process may have won
            if db.execute("SELECT count(*) AS n FROM sqlite_schema").fetchone()["n"]:
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
    check_schema(db)


def check_schema(db: sqlite3.Connection) -> None:
    """Exactly our tables, indexes and nothing else: no trigger or view planted to change answers."""
    found = [tuple(r) for r in db.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name")]
    digest = _schema_digest(found)
    if digest != SCHEMA_DIGEST and digest != _expected_schema():
        raise Broken("unexpected schema")


# What sqlite_schema holds once SCHEMA is made, as _expected_schema finds it (a test keeps the two
# equal): a match spares every call building the schema in memory to compare. Should another SQLite
# write it otherwise, the schema built in memory is what a database is compared with.
SCHEMA_DIGEST = "714fe1636e868f22cc731b40bb16ce064c5188f7"


def _schema_digest(found: list[tuple[Any, ...]]) -> str:
    return blake2b(repr(found).encode(), digest_size=20).hexdigest()


def _expected_schema() -> str:
    global _EXPECTED
    if _EXPECTED is None:
        probe = sqlite3.connect(":memory:")
        probe.executescript(SCHEMA)
        found = probe.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()
        probe.close()
        _EXPECTED = _schema_digest(found)
    return _EXPECTED


_EXPECTED: str | None = None


def _check_now_and_then(db: sqlite3.Connection) -> None:
    """PRAGMA quick_check reads the whole database (about 0.2 s at 10,000 meetings): once a day."""
    row = db.execute("SELECT value FROM meta WHERE key = 'checked'").fetchone()
    if row is not None and time.time() - float(row["value"]) < CHECK_EVERY:
        return
    if db.execute("PRAGMA quick_check(1)").fetchone()["quick_check"] != "ok":
        raise Broken("quick_check")
    with writing(db):
        db.execute("INSERT OR REPLACE INTO meta VALUES ('checked', ?)", (str(time.time()),))


# --- a first build: in a file of its own, put in place whole --------------------------------

BUILD_SUFFIX = ".build"
STALE_BUILD = 3600  # seconds: a build file this old was left by a process that was stopped


def building(path: Path) -> tuple[sqlite3.Connection, Path]:
    """A new database beside `path` that no other process knows of, for a first build: without a
    journal and without waiting for the disk (nobody reads it until it is put in place whole, and
    a build cut short is simply deleted), which halves what a first build writes."""
    import tempfile

    _clear_stale_builds(path)
    fd, name = tempfile.mkstemp(prefix=f"{path.name}.", suffix=BUILD_SUFFIX, dir=path.parent)  # 0600
    os.close(fd)
    db = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        # A small page cache: the indexes built at the end sort within it, and a larger one kept
        # the first read of 20,000 meetings above 100 MB (95 MB with 16 MB, 64 MB with 4 MB) in no less time
        db.execute("PRAGMA cache_size = -4000")
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version = {VERSION}")
        db.execute("INSERT INTO meta VALUES ('checked', ?)", (str(time.time()),))  # as new as can be
    except BaseException:
        db.close()
        _remove(name)
        raise
    return db, Path(name)


def put_in_place(db: sqlite3.Connection, built: Path, path: Path) -> bool:
    """The built database at `path`, in one step, as every later open expects it (WAL, on disk);
    False when another process put one there first (this one is then deleted)."""
    try:
        db.execute("PRAGMA journal_mode = WAL")  # kept in the file's header
        db.close()
        fd = os.open(built, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        with _locked(path):
            if os.path.lexists(path):
                return False
            for suffix in ("-wal", "-shm", "-journal"):  # a log of an earlier database is no log of this one
                _remove(f"{path}{suffix}")
            try:
                os.link(built, path)
            except FileExistsError:
                return False
            _sync_folder(path.parent)
        return True
    finally:
        db.close()
        _remove(str(built))


def _clear_stale_builds(path: Path) -> None:
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if entry.name.startswith(f"{path.name}.") and entry.name.endswith(BUILD_SUFFIX):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > STALE_BUILD:
                        _remove(entry.path)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """The lock beside the database that whoever deletes or puts one in its place holds."""
    import fcntl

    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        lock = os.open(f"{path}.lock", flags, 0o600)
    except OSError:  # a link or a folder in its place: it goes too, and is made anew
        _remove(f"{path}.lock")
        lock = os.open(f"{path}.lock", flags, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)


def delete_broken(path: Path, broken: int) -> None:
    """Delete the database found broken, unless another process has put a new one in its place."""
    with _locked(path):
        if broken and inode(path) != broken:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            _remove(f"{path}{suffix}")


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


class writing:
    """One write transaction; the second process waits for the first (busy timeout)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
