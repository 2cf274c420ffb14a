"""The read model against a fresh parse of the files, whatever happened to the files or the database."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from emptychair.core import history
from emptychair.core.ledger import Ledger, build
from emptychair.core.minutes import Action, FollowUp, Minutes, load_followups, load_minutes
from emptychair.core.search import parse_query
from emptychair.errors import EmptyChairError
from emptychair.files import readmodel
from emptychair.files.data import LIMIT
from emptychair.files.folder import FOLLOWUP, Folder, Unreadable, read_each
from emptychair.files.readmodel import Library, database_path, open_library, store

from . import inprocess
from .history import meeting, monday, write
from .inprocess import invoke

QUERIES = (
    "invoice",
    "een",
    "één",
    "is:open",
    "is:done mail",
    "@an",
    "@bram is:open",
    "is:chair",
    "is:action invoice",
    "note since:2026-11-09",
    "until:2026-11-02 decision",
)
LATER = 3 * 10**9  # ns: a clock this far ahead finds every file settled


def fresh(folder: Path) -> tuple[list[tuple[str, Minutes]], Ledger, list[Unreadable]]:
    """Every file parsed now, as if there were no read model."""
    meetings: list[tuple[str, Minutes]] = []
    loose: list[FollowUp] = []
    bad: list[Unreadable] = []
    for path in sorted(p for p in folder.glob("*.toml") if not p.name.startswith(".")):
        if path.name.endswith(FOLLOWUP):
            records, problems = read_each([path], load_followups)
            loose += [f for _, found in records for f in found]
        else:
            parsed, problems = read_each([path], load_minutes)
            meetings += [(path.stem, m) for _, m in parsed]
        bad += problems
    meetings.sort(key=lambda pair: (pair[1].started, pair[0]))
    return meetings, build(meetings, loose), bad


def check(folder: Path, clock: int = 0) -> Library:
    """The read model says exactly what a fresh parse says."""
    found = open_library(folder, lambda: time.time_ns() + clock)
    meetings, ledger, bad = fresh(folder)
    rows = [history.meeting_row(n, m) for n, m in meetings]
    assert found.rows == sorted(rows, key=lambda r: (r.started, r.name), reverse=True)
    assert found.ledger.actions == ledger.actions
    assert [e.message for e in found.ledger.conflicts] == [e.message for e in ledger.conflicts]
    assert found.open_actions == list(ledger.open())
    answers = history.answers(meetings, ledger)
    assert found.answers == answers
    assert found.memory == history.memory(meetings, ledger, answers)
    said = history.units(meetings, ledger)
    for text in QUERIES:
        query = parse_query(text)
        assert found.search(query) == [u for u in said if history.matches(u, query)], text
    expected = [(folder, e.message) for e in ledger.conflicts] + [(p.path, p.message) for p in bad]
    assert [(p.path, p.message) for p in found.unreadable] == expected
    for typed in [*(t.action.id for t in ledger.actions[:2]), "a0", "a01", "nobody", "xyz"]:
        try:
            wanted = ledger.find(typed)
        except EmptyChairError as exc:
            with pytest.raises(EmptyChairError) as got:
                found.find(typed)
            assert got.value.message == exc.message
        else:
            assert found.find(typed) == wanted
    for n, m in meetings:
        assert found.ledger_of(n).actions == tuple(
            t
            for t in ledger.actions
            if t.action.id in {made.action.id for made in m.actions()} | {f.action for f in m.followups}
        )
    return found


SWAPS = (
    (b'owner = "Anna"', b'owner = "Bram"'),
    (b'owner = "Bram"', b'owner = "Anna"'),
    (b'status = "done"', b'status = "open"'),
    (b'status = "open"', b'status = "done"'),
    (b'"a note"', b'"a NOTE"'),
    (b"Slow", b"Fast"),
    (b"tit\xffe", b"title"),
)


def edit_in_place(path: Path, rng: random.Random) -> None:
    """Same size, same mtime, same inode: only the bytes (and the ctime nobody can set) differ."""
    before = path.stat()
    data = path.read_bytes()
    options = [(a, b) for a, b in SWAPS if a in data]
    if not options:
        return
    old, new = rng.choice(options)
    at = rng.choice([i for i in range(len(data)) if data.startswith(old, i)])
    with open(path, "r+b") as handle:
        handle.write(data[:at] + new + data[at + len(old) :])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


def random_meeting(rng: random.Random, week: int, known: list[str]) -> Minutes:
    new = f"a{week:02d}{rng.randrange(10**4):04d}"
    follow = tuple(
        FollowUp(
            rng.choice([*known, "nobody1"]),
            monday(week) + timedelta(minutes=rng.randrange(3)),
            rng.choice(["open", "done", "dropped"]),
            owner=rng.choice([None, "Anna", "Bram", "Dewi"]),
            due=rng.choice([None, date(2026, 12, 1)]),
        )
        for _ in range(rng.randrange(3))
        if known
    )
    known.append(new)
    return meeting(
        week,
        actions=(
            Action(
                new,
                rng.choice(["Send the invoice", "Answer mail", "Een keer bellen"]),
                rng.choice(["Anna", "Bram"]),
            ),
        ),
        chair_actions=(Action(new + "c", "Fix één invoice", "Bram"),) if rng.random() < 0.5 else (),
        followups=follow,
        answer=rng.choice(["", "Slow invoice mails", "Één portal te veel"]),
        question=rng.choice(["irritates", "attention"]),
    )


@pytest.mark.parametrize("seed", range(4))
def test_random_changes_are_always_seen(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    folder = tmp_path / "minutes"
    known: list[str] = []
    write(folder, *(random_meeting(rng, week, known) for week in range(3)))
    check(folder)
    for step in range(30):
        files = sorted(folder.glob("*.toml"))
        move = rng.choice(["add", "add", "loose", "edit", "edit", "delete", "rename", "break"])
        if move == "add":
            write(folder, random_meeting(rng, rng.randrange(8), known))
        elif move == "loose" and known:
            record = FollowUp(
                rng.choice(known), monday(rng.randrange(8)), rng.choice(["done", "open"]), owner="Eva"
            )
            Folder(folder).write_followups((record,), monday(9) + timedelta(seconds=step))
        elif move == "edit" and files:
            edit_in_place(rng.choice(files), rng)
        elif move == "delete" and files:
            rng.choice(files).unlink()
        elif move == "rename" and files:
            path = rng.choice(files)
            path.rename(path.with_name(f"2026-12-{rng.randrange(1, 29):02d}-moved{step}.toml"))
        elif move == "break" and files:
            path = rng.choice(files)
            path.write_bytes(path.read_bytes().replace(b"title", b"tit\xffe", 1))
        check(folder, clock=rng.choice([0, LATER])).db.close()


def test_a_change_the_stamp_cannot_show_is_seen_by_its_bytes(tmp_path: Path) -> None:
    """On a filesystem with coarse timestamps an edit within the same second leaves the stamp as it was:
    a file read that close to its last change is compared by content the next time."""
    folder = tmp_path / "minutes"
    (path,) = write(folder, meeting(0, answer="Slow mails"))
    open_library(folder).db.close()
    text = path.read_text("utf-8")
    path.write_text(text.replace("Slow mails", "Fast mails"), "utf-8")
    st = path.stat()
    db = sqlite3.connect(database_path(folder))
    with db:  # the stamp stored is the stamp of now, as coarse timestamps would have it
        db.execute(
            "UPDATE files SET size = ?, mtime_ns = ?, inode = ?, ctime_ns = ?",
            (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns),
        )
    db.close()
    assert [a.answer for a in check(folder).answers] == ["Fast mails"]


def test_a_settled_folder_is_trusted_by_its_listing_until_a_stamp_changes(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    (path,) = write(folder, meeting(0, answer="Slow mails"))
    check(folder).db.close()
    unsettled = sqlite3.connect(database_path(folder)).execute("SELECT settled FROM files").fetchall()
    assert unsettled == [(0,)]
    check(folder, clock=LATER).db.close()
    settled = sqlite3.connect(database_path(folder)).execute("SELECT settled FROM files").fetchall()
    assert settled == [(1,)]
    path.write_text(path.read_text("utf-8").replace("Slow mails", "Late mails"), "utf-8")
    assert [a.answer for a in check(folder, clock=LATER).answers] == ["Late mails"]


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    noise = random.Random(how).randbytes(len(data))
    if how == "garbage":
        path.write_bytes(noise)
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "pages":  # the header stays, every page after it is noise
        path.write_bytes(data[:100] + noise[100:])
    elif how == "tail":  # the first half stays: what breaks is found by a query, later
        path.write_bytes(data[: len(data) // 2] + noise[len(data) // 2 :])
    elif how == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
        db = sqlite3.connect(path)
        if how == "foreign":
            db.executescript("CREATE TABLE meetings (x); PRAGMA user_version = 1;")
        elif how == "version":
            db.executescript(readmodel.SCHEMA + "PRAGMA user_version = 99;")
        elif how == "planted":  # our tables, and a trigger that would change what the files say
            db.executescript(
                readmodel.SCHEMA
                + "CREATE TRIGGER hide AFTER INSERT ON answers BEGIN DELETE FROM answers; END;"
                + f"PRAGMA user_version = {readmodel.VERSION};"
            )
        db.close()


@pytest.mark.parametrize(
    "how", ["garbage", "truncated", "pages", "tail", "empty", "foreign", "version", "planted"]
)
def test_a_damaged_or_foreign_database_is_built_again(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "minutes"
    known: list[str] = []
    rng = random.Random(1)
    write(folder, *(random_meeting(rng, week, known) for week in range(6)))
    check(folder).db.close()
    path = database_path(folder)
    assert not Path(f"{path}-wal").exists()  # the last connection folded the log into the file
    damage(path, how)
    found = check(folder)
    assert found.path == path
    kinds = found.db.execute("SELECT type, name FROM sqlite_schema WHERE type = 'trigger'").fetchall()
    assert kinds == []


def test_two_processes_build_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    write(folder, *(meeting(week, answer=f"answer {week}") for week in range(readmodel.PARALLEL_AT + 20)))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "LANG": "en_GB.UTF-8"}
    command = [sys.executable, "-m", "emptychair", "voice", "--all", "--json", "--minutes", str(folder)]
    both = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)
    ]
    outs = [p.communicate() for p in both]
    assert [p.returncode for p in both] == [0, 0], outs
    answers = [[a["answer"] for a in json.loads(out)["answers"]] for out, _ in outs]
    assert answers[0] == answers[1] == [f"answer {w}" for w in reversed(range(readmodel.PARALLEL_AT + 20))]
    assert all(err == b"" for _, err in outs)
    third = subprocess.run(command, capture_output=True, env=env, check=True)
    assert third.stdout == outs[0][0]


def test_the_database_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "minutes"
    write(folder, meeting(0))
    (tmp_path / "cache" / "emptychair").mkdir(parents=True, mode=0o755)
    os.chmod(tmp_path / "cache" / "emptychair", 0o755)  # made by an older version, or by hand
    old = tmp_path / "cache" / "emptychair" / "0123456789abcdef0123"  # a pickle cache of before
    old.mkdir()
    (old / "stamps").write_bytes(b"pickled")
    found = open_library(folder)
    assert found.path is not None
    assert stat.S_IMODE(found.path.parent.stat().st_mode) == 0o700
    assert not old.exists()
    for suffix in ("", "-wal", "-shm"):
        assert stat.S_IMODE(os.stat(f"{found.path}{suffix}").st_mode) == 0o600, suffix


def test_a_file_no_meeting_could_fill_is_named_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, answer="Slow mails"))
    (folder / "2026-11-30-huge.toml").write_bytes(b"# " + b"x" * LIMIT)
    env = {**os.environ, "LANG": "en_GB.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "emptychair", "voice", "--json", "--minutes", str(folder)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert [a["answer"] for a in json.loads(done.stdout)["answers"]] == ["Slow mails"]
    assert (
        done.stderr
        == "skipped: 2026-11-30-huge.toml: over 4 MB, larger than any file emptychair writes; not read\n"
    )


def test_db_prints_where_a_team_can_ask_its_own_questions(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, answer="Slow mails"), meeting(1, answer="Één portal"))
    done = subprocess.run(
        [sys.executable, "-m", "emptychair", "db", "--minutes", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    db = sqlite3.connect(done.stdout.strip())
    asked = (
        "SELECT answer FROM answers JOIN meetings ON meetings.name = answers.meeting ORDER BY meetings.date"
    )
    assert db.execute(asked).fetchall() == [("Slow mails",), ("Één portal",)]
    words = "SELECT text FROM units WHERE id IN (SELECT rowid FROM words WHERE words MATCH 'een')"
    assert db.execute(words).fetchall() == [("Één portal",)]


def test_voice_and_stats_show_the_last_year_unless_asked_for_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    folder = tmp_path / "minutes"
    write(folder, meeting(0, answer="Long ago"), meeting(60, answer="Lately"), meeting(61, answer="Now"))

    def run(*args: str) -> tuple[dict[str, Any], str]:
        result = invoke([*args, "--json", "--minutes", str(folder)])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout), result.stderr

    voice, said = run("voice")
    assert [a["answer"] for a in voice["answers"]] == ["Now", "Lately"]
    assert said == "the year up to the last meeting (since 2026-12-27); --all shows all 3 meetings\n"
    voice, said = run("voice", "--all")
    assert [a["answer"] for a in voice["answers"]] == ["Now", "Lately", "Long ago"] and said == ""
    assert run("stats")[0]["meetings"] == 2
    assert run("stats", "--all")[0]["meetings"] == 3


def test_a_link_where_the_database_goes_is_replaced_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, answer="Slow mails"))
    path = database_path(folder)
    path.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.sqlite3"
    elsewhere.write_bytes(b"not to be touched")
    path.symlink_to(elsewhere)
    found = check(folder)
    assert found.path == path and not path.is_symlink()
    assert elsewhere.read_bytes() == b"not to be touched"


def test_a_file_whose_name_is_not_utf8_is_named_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, answer="Slow mails"))
    odd = folder / os.fsdecode(b"2026-11-30-caf\xe9.toml")
    odd.write_bytes((folder / "2026-10-26-weekly.toml").read_bytes())
    found = open_library(folder)
    assert [r.name for r in found.rows] == ["2026-10-26-weekly"]
    assert [p.message for p in found.unreadable] == [
        "2026-11-30-caf\\xe9.toml: the file name is not UTF-8; not read"
    ]


def test_a_database_another_process_keeps_locked_is_worked_around(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, answer="Slow mails"))
    open_library(folder).db.close()
    write(folder, meeting(1, answer="Fast mails"))  # to be written while the other one holds the lock
    other = sqlite3.connect(database_path(folder), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(store, "BUSY_SECONDS", 0.1)
    found = check(folder)
    assert found.path is None and [a.answer for a in found.answers] == ["Fast mails", "Slow mails"]
    other.execute("ROLLBACK")
    other.close()
    assert check(folder).path == database_path(folder)


def emptychair(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in this process: it opens the database afresh each time, as a new process would."""
    return inprocess.emptychair(folder.parent, *args, "--minutes", str(folder), env={"LANG": "en_GB.UTF-8"})


@pytest.mark.parametrize(
    ("table", "cell", "value", "args"),
    [
        ("meetings", "title", "CAST(x'ff41' AS TEXT)", ("minutes", "list")),  # not UTF-8
        ("meetings", "started", "'yesterday'", ("minutes", "list")),  # no date
        ("state", "history", "'[[1'", ("actions", "--json")),  # no JSON
        ("state", "made", "'soon'", ("stats", "--json")),  # no date-time
    ],
)
def test_a_damaged_cell_has_the_database_built_again(
    tmp_path: Path, table: str, cell: str, value: str, args: tuple[str, ...]
) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, actions=(Action("ce1lll", "Mail", "Anna"),)), meeting(1))
    path = Path(emptychair(folder, "db").stdout.strip())
    expected = emptychair(folder, *args).stdout
    db = sqlite3.connect(path)
    with db:
        db.execute(f"UPDATE {table} SET {cell} = {value}")
    db.close()
    for _ in range(2):
        done = emptychair(folder, *args)
        assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")
    db = sqlite3.connect(path)
    assert db.execute("SELECT title FROM meetings").fetchall() == [("Weekly",), ("Weekly",)]  # built again


@pytest.mark.parametrize("what", ["fifo", "folder", "wal link", "lock folder"])
def test_what_is_no_database_where_it_goes_is_replaced(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, answer="Slow mails"))
    path = database_path(folder)
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o700)  # private: nothing is cleared for having been open to others
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"not to be touched")
    if what == "fifo":
        os.mkfifo(path)
    elif what == "folder":
        (path / "inside").mkdir(parents=True)
    elif what == "wal link":  # to where the log would be written, for someone else to read
        Path(f"{path}-wal").symlink_to(tmp_path / "planted")
    else:
        Path(f"{path}.lock").mkdir()
        os.mkfifo(path)
    done = emptychair(folder, "db")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{path}\n", "")
    assert stat.S_ISREG(path.lstat().st_mode) and elsewhere.read_bytes() == b"not to be touched"
    assert not Path(f"{path}-wal").is_symlink() and not (tmp_path / "planted").exists()
    assert [a.answer for a in check(folder).answers] == ["Slow mails"]


def test_tab_names_each_person_once_as_owners_are_matched(tmp_path: Path) -> None:
    """An attendee, an owner and someone present who are one person by text.name_key (case, accents
    and spaces aside) are offered once, as first named, with the open actions they own."""
    folder = tmp_path / "minutes"
    owned = (Action("zo1aaa", "Call the bank", "zoë van dam"), Action("an1bbb", "Fix the FAQ", "ANNA"))
    write(folder, meeting(0, actions=owned))
    found = open_library(folder)
    assert found.owner_names(("Zoë van Dam", "Anna"), 100) == [
        ("Zoë van Dam", 1),
        ("Anna", 1),
        ("Bram", 0),
        ("Chris", 0),
    ]


def test_tab_picks_come_from_the_read_model(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    done = FollowUp("an1bbb", monday(1), "done")
    write(
        folder,
        meeting(
            0, actions=(Action("zo1aaa", "Call the bank", "Zoë"), Action("an1bbb", "Fix the FAQ", "Anna"))
        ),
        meeting(1, followups=(done,)),
    )
    found = open_library(folder)
    assert found.open_action_ids("ZO") == [("zo1aaa", "Call the bank", "Zoë")]
    assert [p.id for p in found.closed_action_ids("")] == ["an1bbb"]
    assert [(p.date, p.title) for p in found.meeting_picks("2026-", 1)] == [("2026-11-02", "Weekly")]
    assert found.teams("Sup") == [("Support", 2)] and found.teams("x") == []


def test_a_first_build_leaves_the_schema_as_every_open_checks_it(tmp_path: Path) -> None:
    """Its indexes are made after its rows: the same indexes, or the next call would build it again."""
    folder = tmp_path / "minutes"
    write(
        folder,
        meeting(0, answer="Slow mails"),
        meeting(1, actions=(Action("zo1aaa", "Call the bank", "Zoë"),)),
    )
    found = open_library(folder)
    assert found.path is not None
    store.check_schema(found.db)
    inode = os.stat(found.path).st_ino
    found.db.close()
    again = open_library(folder)
    assert os.stat(database_path(folder)).st_ino == inode and again.path is not None
    assert [u.text for u in again.search(parse_query("bank"))] == ["Call the bank"]


def test_the_schema_digest_held_is_what_sqlite_makes_of_the_schema() -> None:
    """Every open compares the database's schema with SCHEMA_DIGEST first: a SCHEMA changed without
    it would build the schema in memory on every call to compare."""
    assert store._expected_schema() == store.SCHEMA_DIGEST


def test_an_earlier_versions_database_of_the_folder_is_removed(tmp_path: Path) -> None:
    """Earlier versions named the database by the SHA-256 of the folder's path: left, it would keep
    its megabytes in the cache folder for ever. Another folder's database stays."""
    folder = tmp_path / "minutes"
    write(folder, meeting(0, answer="Slow mails"))
    home = database_path(folder).parent
    home.mkdir(parents=True, exist_ok=True)
    old = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:20]
    other = hashlib.sha256(os.fsencode(tmp_path.resolve())).hexdigest()[:20]
    for name in (
        f"{old}.sqlite3",
        f"{old}.sqlite3-wal",
        f"{old}.sqlite3.lock",
        f"{old}.tab",
        f"{other}.sqlite3",
    ):
        (home / name).write_bytes(b"an earlier version's")
    assert [u.text for u in open_library(folder).search(parse_query("mails"))] == ["Slow mails"]
    assert sorted(p.name for p in home.iterdir() if p.name.startswith((old, other))) == [f"{other}.sqlite3"]


def test_the_words_index_holds_exactly_the_units_as_files_come_change_and_go(tmp_path: Path) -> None:
    """A search counts its hits in the words index alone: it must hold the units' rows and nothing
    else, after a file is edited, an action changes owner and a file is deleted."""
    folder = tmp_path / "minutes"
    call = Action("zo1aaa", "Call the bank", "Zoë")
    paths = write(folder, meeting(0, answer="Slow mails"), meeting(1, answer="Mails lost", actions=(call,)))

    def counted(word: str) -> tuple[int, int]:
        found = open_library(folder)
        in_words = found.db.execute("SELECT count(*) FROM words WHERE words MATCH ?", (word,)).fetchone()[0]
        found.db.execute("INSERT INTO words (words, rank) VALUES ('integrity-check', 1)")  # raises if not
        hits = found.hits(parse_query(word), 1)[1]
        found.db.close()
        return in_words, hits

    assert counted("mails") == (2, 2) and counted("bank") == (1, 1)
    paths[0].write_text(paths[0].read_text("utf-8").replace("Slow mails", "Slow replies"), "utf-8")
    assert counted("mails") == (1, 1) and counted("replies") == (1, 1)
    write(folder, meeting(2, followups=(FollowUp("zo1aaa", monday(2), "open", owner="Bram"),)))
    assert counted("bram") == (1, 1) and counted("zoë") == (0, 0)  # the action's owner as it stands
    paths[1].unlink()
    assert counted("bank") == (0, 0) and counted("mails") == (0, 0)
