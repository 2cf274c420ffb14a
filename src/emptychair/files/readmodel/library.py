"""What the read commands ask of a minutes folder, each question one query of the read model.

Library answers from the rows store.SCHEMA holds and index.refresh keeps right; a query that fails,
or finds what the index could not have written, is asked again of a database built anew.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec, TypeVar

import emptychair.files.readmodel.store as store
from emptychair.core import history
from emptychair.core.history import Answer, MeetingRow, Unit
from emptychair.core.ledger import Ledger, Tracked, duplicate, id_key
from emptychair.core.minutes import Action, ActionStatus
from emptychair.errors import EmptyChairError, problem
from emptychair.files.folder import FEEDBACK, Unreadable
from emptychair.files.readmodel.index import SETTLE_NS, followup_of, iso_day, micros, parse_day, refresh
from emptychair.text import name_key

if TYPE_CHECKING:
    from emptychair.core.decisions import DecisionEntry, Revisit
    from emptychair.core.search import Query
    from emptychair.files.feedback import Records

RECENT = timedelta(days=365)  # what voice and stats show without --all
AS_SAID = "u.start_us, u.meeting, u.seq"  # the order of search hits
NEWEST = "u.date DESC, u.meeting DESC, u.start_us, u.seq"  # as sorted(..., key=(date, meeting), reverse=True)
WORDS_FIND = "u.id IN"  # the words index finds the units; with a + before it, units_newest leads
WORDS_MATCH = f"{WORDS_FIND} (SELECT rowid FROM words WHERE words MATCH ?)"
# More hits than this are read in the order units_newest holds them, stopping at the limit, rather
# than all sorted to find the newest: 75,000 hits took 0.2 s so, 10 ms the other way. Fewer are
# found by the words index and sorted, which costs less than walking the whole of units_newest.
SORT_BELOW = 2000


# --- opening ----------------------------------------------------------------------------------


def open_library(folder: Path, clock: Callable[[], int] = time.time_ns) -> Library:
    """The folder's read model, brought up to date with the files (`clock`: now, in ns)."""
    path = store.database_path(folder)
    try:
        store.private_home(path, folder)
    except OSError:
        return _in_memory(folder)  # no cache folder: right all the same, only slower
    for attempt in range(2):
        try:
            found = store.inode(path)
            if not found and not os.path.lexists(path):
                _first_build(path, folder, clock)
            db = store.connect(path)
            try:
                odd = refresh(db, folder, clock)
            except BaseException:
                db.close()
                raise
            return Library(folder, db, path, odd)
        except store.FAILURES as exc:
            if store.busy(exc) or attempt:
                # another process writing past the timeout; or built again and still failing (a
                # read-only or full disk): right all the same, in memory
                return _in_memory(folder)
            with contextlib.suppress(OSError):  # a cache folder made read-only: in memory next time
                store.delete_broken(path, found)
    raise AssertionError("unreachable")


def _first_build(path: Path, folder: Path, clock: Callable[[], int]) -> None:
    """No database yet: one is built whole in a file of its own and put in place (store.building)."""
    db, built = store.building(path)
    try:
        refresh(db, folder, clock)
    except BaseException:
        db.close()
        with contextlib.suppress(OSError):
            os.unlink(built)
        raise
    store.put_in_place(db, built, path)  # another process's, put there first, is as good


def _in_memory(folder: Path) -> Library:
    db = store.in_memory()
    return Library(folder, db, None, refresh(db, folder))


def open_for_tab(folder: Path) -> Library:
    """The read model for Tab, which runs on every key press: while the folder keeps the stamp it had
    when Tab last brought the database up to date, the database is read as it stands.

    The stamp (the folder's mtime, ctime and inode) is kept beside the database. While the folder keeps
    it, no file came, went or was renamed into place (emptychair writes every file so), and the stat of
    every file, most of a read at 10,000 meetings, is skipped. A file edited in place by hand shows
    from the next command that reads. A stamp younger than SETTLE_NS is not kept: a second change
    within the same tick of the clock would leave the folder's time as it was.
    """
    mark = store.database_path(folder).with_suffix(".tab")
    seen = _stamp(folder)
    if _read_mark(mark) == seen:
        path = store.database_path(folder)
        db = store.read_only(path)
        if db is not None:
            return Library(folder, db, path)
    found = open_library(folder)
    if found.path is not None and time.time_ns() - seen[0] > SETTLE_NS:
        _write_mark(mark, seen)
    return found


def _stamp(folder: Path) -> tuple[int, int, int]:
    st = folder.stat()
    return st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _read_mark(mark: Path) -> tuple[int, ...]:
    from emptychair.files.data import read_file

    try:
        return tuple(int(n) for n in read_file(mark, limit=100).split())
    except (EmptyChairError, ValueError):
        return ()


def _write_mark(mark: Path, stamp: tuple[int, int, int]) -> None:
    from emptychair.files.folder import write_atomic

    with contextlib.suppress(OSError):
        write_atomic(mark, " ".join(map(str, stamp)))


# --- reading ----------------------------------------------------------------------------------


P = ParamSpec("P")
R = TypeVar("R")


def _renewing(ask: Callable[Concatenate[Library, P], R]) -> Callable[Concatenate[Library, P], R]:
    """A question to the database that, should the database fail to answer it or answer with
    something it could not have written (see store.FAILURES), is asked again of a database built anew
    from the files, then of one in memory; what fails even there is a bug, and is raised."""

    @functools.wraps(ask)
    def asked(self: Library, /, *args: P.args, **kwargs: P.kwargs) -> R:
        while True:
            try:
                return ask(self, *args, **kwargs)
            except store.FAILURES as exc:
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

    def _q(self, sql: str, args: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    def _renew(self, exc: Exception) -> None:
        """Built again from the files after a failure, once; after a second one, in memory."""
        assert self.path is not None
        self.db.close()
        if self.renewed or store.busy(exc):
            fresh = _in_memory(self.folder)
        else:
            with contextlib.suppress(OSError):
                store.delete_broken(self.path, 0)
            fresh = open_library(self.folder)
        self.db, self.path, self.odd, self.renewed = fresh.db, fresh.path, fresh.odd, True

    @property
    @_renewing
    def unreadable(self) -> list[Unreadable]:
        """Follow-ups of unknown actions, then the files that could not be read."""
        found = [Unreadable.of(self.folder, exc) for exc in self._duplicates() + self._orphans()]
        found += self._problems("NOT LIKE")  # a feedback record is named by the feedback commands
        for name in self.odd:
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            found.append(Unreadable.of(self.folder / name, problem("err_name_not_utf8", path=shown)))
        return found

    def _problems(self, like: str) -> list[Unreadable]:
        found = []
        for r in self._q(
            f"SELECT name, problem FROM files WHERE problem IS NOT NULL AND name {like} ? ORDER BY name",
            ("%" + FEEDBACK,),
        ):
            message, languages = json.loads(r["problem"])
            found.append(Unreadable(self.folder / r["name"], message, tuple((k, v) for k, v in languages)))
        return found

    # meetings

    @property
    @_renewing
    def rows(self) -> list[MeetingRow]:
        """Every meeting, newest first."""
        return self._rows("ORDER BY start_us DESC, name DESC")

    @_renewing
    def recent_rows(self, since: date | None) -> list[MeetingRow]:
        return self._rows("WHERE date >= ? ORDER BY start_us DESC, name DESC", iso_day(since) or "")

    @_renewing
    def meeting_rows(
        self, since: date | None = None, until: date | None = None, team: str = "", limit: int | None = None
    ) -> tuple[list[MeetingRow], int]:
        """The newest `limit` meetings (None: all) held from `since` to `until` by `team` (any case),
        newest first, and how many there are in all."""
        where, args = ["true"], []
        if since is not None:
            where.append("date >= ?")
            args.append(since.isoformat())
        if until is not None:
            where.append("date <= ?")
            args.append(until.isoformat())
        if team:  # as report.select_rows compares teams: str.casefold, not SQLite's ASCII lower()
            self.db.create_function("casefold", 1, str.casefold, deterministic=True)
            where.append("casefold(team) = ?")
            args.append(team.casefold())
        found = " AND ".join(where)
        rows = self._rows(
            f"WHERE {found} ORDER BY start_us DESC, name DESC LIMIT ?", *args, -1 if limit is None else limit
        )
        if limit is None or len(rows) < limit:
            return rows, len(rows)
        return rows, int(self._q(f"SELECT count(*) AS n FROM meetings WHERE {found}", args)[0]["n"])

    @_renewing
    def started(self, names: Iterable[str]) -> dict[str, datetime]:
        """When each of the meetings `names` started; a name that is no meeting is left out."""
        wanted = sorted(set(names))
        found: dict[str, datetime] = {}
        for at in range(0, len(wanted), 500):  # well under SQLite's limit of parameters
            part = wanted[at : at + 500]
            marks = ", ".join("?" * len(part))
            sql = f"SELECT name, started FROM meetings WHERE name IN ({marks})"
            found.update((r["name"], datetime.fromisoformat(r["started"])) for r in self._q(sql, part))
        return found

    def _rows(self, where: str, *args: Any) -> list[MeetingRow]:
        rows = self.db.cursor()
        rows.row_factory = None  # plain tuples: ten thousand rows in two thirds of the time
        rows.execute(
            "SELECT name, date, started, title, team, items, decisions, actions_new, actions_closed, "
            f"chair_answers, rating FROM meetings {where}",
            args,
        )
        day, moment = date.fromisoformat, datetime.fromisoformat
        return [MeetingRow(r[0], day(r[1]), moment(r[2]), *r[3:]) for r in rows]

    @_renewing
    def recent(self) -> date | None:
        """The first day of the bounded view: a year before the newest meeting (None: no meetings)."""
        last = self._q("SELECT max(date) AS last FROM meetings")[0]["last"]
        if not last:
            return None
        newest = date.fromisoformat(last)
        return newest - RECENT if newest - date.min > RECENT else date.min

    @_renewing
    def counted(self, since: date) -> tuple[int, int]:
        """How many meetings there are, and how many of them were held before `since`."""
        r = self._q(
            "SELECT count(*) AS count, count(*) FILTER (WHERE date < ?) AS older FROM meetings",
            (since.isoformat(),),
        )[0]
        return int(r["count"]), int(r["older"])

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

    @_renewing
    def meeting_picks(self, prefix: str, limit: int) -> list[MeetingPick]:
        """The newest `limit` meetings whose names start with `prefix`, newest first."""
        return [
            MeetingPick(r["name"], r["date"], r["title"])
            for r in self._q(
                "SELECT name, date, title FROM meetings WHERE substr(name, 1, ?2) = ?1 "
                "ORDER BY start_us DESC, name DESC LIMIT ?3",
                (prefix, len(prefix), limit),
            )
        ]

    @_renewing
    def teams(self, prefix: str) -> list[tuple[str, int]]:
        """The teams the minutes name that start with `prefix`, with their meeting counts, the team
        that met last first."""
        return [
            (r["team"], r["meetings"])
            for r in self._q(
                "SELECT team, count(*) AS meetings FROM meetings WHERE team != '' "
                "AND substr(team, 1, ?2) = ?1 GROUP BY team ORDER BY max(start_us) DESC",
                (prefix, len(prefix)),
            )
        ]

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
    def done_by_chair_since(self, after: datetime) -> list[Tracked]:
        """The chair's actions done after `after`: the promises to the customer kept since then."""
        return self._tracked(
            "WHERE defined = 1 AND origin = 'chair' AND status = 'done' AND closed_us > ? "
            "ORDER BY closed_us, action",
            micros(after),
        )

    @_renewing
    def action(self, action_id: str) -> Tracked | None:
        """The action with exactly this id, as it stands now."""
        found = self._tracked("WHERE defined = 1 AND action = ?", action_id)
        return found[0] if found else None

    @_renewing
    def actions_since(self, since: date | None) -> list[Tracked]:
        """Actions made on or after `since` (its date as written), as they stand today."""
        return self._tracked("WHERE defined = 1 AND made >= ? ORDER BY made_us, action", iso_day(since) or "")

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
            near = [Tracked(Action(r["action"], ""), "", datetime.min, "item", "") for r in ids]
        return Ledger(tuple(near)).find(said)

    @_renewing
    def open_action_ids(self, prefix: str) -> list[ActionPick]:
        """The open actions whose ids start with what `prefix` is as an id (ledger.id_key)."""
        return self._picks("status = 'open'", prefix)

    @_renewing
    def closed_action_ids(self, prefix: str) -> list[ActionPick]:
        """The done and dropped actions whose ids start with what `prefix` is as an id."""
        return self._picks("status != 'open'", prefix)

    def _picks(self, condition: str, prefix: str) -> list[ActionPick]:
        return [
            ActionPick(r["action"], r["text"], r["owner"])
            for r in self._q(  # SQLite's lower() is ASCII's, as id_key
                f"SELECT action, text, owner FROM state WHERE defined = 1 AND {condition} "
                "AND lower(substr(action, 1, ?2)) = ?1 ORDER BY made_us, action",
                (id_key(prefix), len(prefix)),
            )
        ]

    @_renewing
    def owner_names(self, first: Sequence[str], meetings: int) -> list[tuple[str, int]]:
        """The team as it is now, each with how many open actions they own: `first` (the agenda's
        attendees), then the owners of open actions, then who came to the last `meetings` meetings.
        A name is matched as the search matches owners (text.name_key): each person once, as first
        named."""
        load: dict[str, int] = {}
        names: dict[str, str] = {}
        for name in first:
            names.setdefault(name_key(name), name)
        for r in self._q(
            "SELECT owner, owner_key FROM state WHERE status = 'open' AND defined = 1 AND owner != '' "
            "ORDER BY made_us"
        ):
            names.setdefault(r["owner_key"], r["owner"])
            load[r["owner_key"]] = load.get(r["owner_key"], 0) + 1
        for r in self._q(
            "SELECT p.name FROM (SELECT file, start_us FROM meetings ORDER BY start_us DESC LIMIT ?) m "
            "JOIN people p ON p.file = m.file ORDER BY m.start_us DESC, p.seq",
            (meetings,),
        ):
            names.setdefault(name_key(r["name"]), r["name"])
        return [(name, load.get(key, 0)) for key, name in names.items() if key]

    def _duplicates(self) -> list[EmptyChairError]:
        """An id made again, in a later meeting or in the same one: the earliest counts, the others are
        named (as ledger.build has it)."""
        if self._q("SELECT 1 FROM meta WHERE key = 'duplicates' AND value = 0"):
            return []  # none, as the last refresh that wrote rows found
        first: dict[str, str] = {}
        found = []
        for r in self._q(
            "SELECT id, meeting, text FROM actions WHERE id IN "
            "(SELECT id FROM actions GROUP BY id HAVING count(*) > 1) ORDER BY made_us, meeting, seq"
        ):
            if r["id"] in first:
                found.append(
                    duplicate(Action(r["id"], r["text"]), f"{r['meeting']}.toml", f"{first[r['id']]}.toml")
                )
            else:
                first[r["id"]] = r["meeting"]
        return found

    def _orphans(self) -> list[EmptyChairError]:
        return [
            problem(
                "err_unknown_action", day=f"{datetime.fromisoformat(r['at']):%Y-%m-%d}", action=r["action"]
            )
            for r in self._q(
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
            ages = [_age(r["made_us"], r["closed_us"], starts) for r in rows]
        else:  # counted in the index: a few actions need not read every meeting's start
            ages = [
                self._q(
                    "SELECT count(*) AS age FROM meetings WHERE start_us > ? AND start_us <= ?",
                    (r["made_us"], r["closed_us"] or 2**62),
                )[0]["age"]
                for r in rows
            ]
        return [
            Tracked(
                Action(r["action"], r["text"], r["owner"], parse_day(r["due"]), r["status"]),
                r["meeting"],
                datetime.fromisoformat(r["made"]),
                r["origin"],
                r["source"],
                r["question"],
                tuple(followup_of(f) for f in json.loads(r["history"])),
                age,
                datetime.fromisoformat(r["closed"]) if r["closed"] else None,
                tuple(
                    Action(r["action"], r["text"], owner, parse_day(due), status)
                    for status, owner, due in json.loads(r["conflict"])
                ),
            )
            for r, age in zip(rows, ages, strict=True)
        ]

    def _starts(self) -> list[int]:
        return [r["start_us"] for r in self._q("SELECT start_us FROM meetings ORDER BY start_us")]

    # what was said

    @_renewing
    def search(self, query: Query) -> list[Unit]:
        """What `query` finds, in the order it was said."""
        found, where, args = self._matching(query)
        return found if found is not None else self._units(BY_UNIT, where, args)

    @_renewing
    def hits(self, query: Query, limit: int | None = None) -> tuple[list[Unit], int]:
        """What `query` finds, the newest meetings first (each meeting's in the order said), at most
        `limit` of them (None: all); and how many there are in all."""
        found, where, args = self._matching(query)
        if found is not None:
            found.sort(key=lambda u: (u.date, u.meeting), reverse=True)  # stable: a meeting's order stays
            return found[:limit] if limit is not None else found, len(found)
        if limit is None:
            units = self._units(BY_UNIT, where, args, -1, NEWEST)
            return units, len(units)
        total = self._q(_count_sql(where), args)[0]["n"]
        if total > SORT_BELOW:  # the newest first as units_newest holds them, until `limit` are found
            where = [w.replace(WORDS_FIND, f"+{WORDS_FIND}") for w in where]
        return self._units(BY_UNIT, where, args, limit, NEWEST), total

    def hits_each(self, query: Query, size: int = 1000) -> Iterator[list[Unit]]:
        """What `query` finds as `hits` has it, `size` at a time: a long list is never all in memory."""
        found = self._hits_cursor(query)
        if isinstance(found, list):
            yield found
            return
        while rows := found.fetchmany(size):
            yield [_unit(r) for r in rows]

    @_renewing
    def _hits_cursor(self, query: Query) -> list[Unit] | sqlite3.Cursor:
        found, where, args = self._matching(query)
        if found is not None:
            return self.hits(query)[0]
        return self.db.execute(_units_sql(BY_UNIT, where, NEWEST), [*args, -1])

    def _matching(self, query: Query) -> tuple[list[Unit] | None, list[str], list[str]]:
        """The few units that match, when the query names actions by state or owner; else the
        conditions that find them."""
        where, args = _filters(query)
        recognised = self._recognised(query) if query.owner else []  # an owner is also the one recognised
        if query.states or query.owner:  # few actions: start from them and match their words here
            few = self._keyed(BY_ACTION, where, args, FEW + 1)
            if len(few) <= FEW:
                said = [(key, u) for key, u in few if history.says(u, query.words)]
                return _as_said(said, recognised), where, args
        phrases = [_phrase(w) for w in query.words if history.fold(w)]  # "-" alone matches anything
        if (
            phrases
        ):  # the words index finds the rows: a kind is checked on them, not looked up (units_by_kind)
            where = [w.replace("u.kind IN", "+u.kind IN") for w in where]
            where.append(WORDS_MATCH)
            args.append(" ".join(phrases))
        if recognised:
            return _as_said(self._keyed(BY_UNIT, where, args), recognised), where, args
        return None, where, args

    def _recognised(self, query: Query) -> list[tuple[tuple[int, str, int], Unit]]:
        """The exemplary work of the person `query.owner` names (matched as an owner is: a start of
        the name, case and accents ignored), with the query's words and dates. A few a meeting."""
        if query.states or (query.kinds and RECOGNITION not in query.kinds):
            return []
        dated = replace(query, owner="", states=frozenset(), kinds=frozenset({RECOGNITION}), words=())
        where, args = _filters(dated)
        key = name_key(query.owner)
        return [
            (order, u)
            for order, u in self._keyed(BY_UNIT, where, args)
            if name_key(u.owner).startswith(key) and history.says(u, query.words)
        ]

    def _keyed(
        self, source: str, where: list[str], args: list[str], limit: int = -1
    ) -> list[tuple[tuple[int, str, int], Unit]]:
        """Units with the order they were said in, to merge with others in that order."""
        rows = self._q(_units_sql(source, where, AS_SAID, ", u.start_us, u.seq"), [*args, limit])
        return [((r["start_us"], r["meeting"], r["seq"]), _unit(r)) for r in rows]

    def _units(
        self, source: str, where: list[str], args: list[str], limit: int = -1, order: str = AS_SAID
    ) -> list[Unit]:
        return [_unit(r) for r in self._q(_units_sql(source, where, order), [*args, limit])]

    @property
    def answers(self) -> list[Answer]:
        return self.answers_since(None)

    @_renewing
    def answers_since(self, since: date | None) -> list[Answer]:
        """The chair's answers, newest first, their actions as they stand today."""
        rows = self._q(
            "SELECT a.id, a.meeting, a.date, a.question_id, a.question, a.answer, a.moment, a.rating, "
            "a.customers_present "
            "FROM answers a LEFT JOIN meetings m ON m.name = a.meeting "
            "WHERE a.date >= ? ORDER BY a.date DESC, m.start_us DESC, a.meeting DESC, a.seq",
            (iso_day(since) or "",),
        )
        actions: dict[int, list[tuple[str, str, str, ActionStatus]]] = {}
        for r in self._q(
            "SELECT a.answer, a.id, a.text, coalesce(s.owner, a.owner) AS owner, "
            "coalesce(s.status, a.status) AS status "
            "FROM answer_actions a LEFT JOIN state s ON s.action = a.id AND s.defined = 1 "
            "WHERE a.answer IN (SELECT id FROM answers WHERE date >= ?) ORDER BY a.answer, a.seq",
            (iso_day(since) or "",),
        ):
            actions.setdefault(r["answer"], []).append((r["id"], r["text"], r["owner"], r["status"]))
        return [
            Answer(
                r["meeting"], date.fromisoformat(r["date"]), r["question_id"], r["question"], r["answer"],
                r["moment"], tuple(actions.get(r["id"], ())), r["rating"], bool(r["customers_present"]),
            )
            for r in rows
        ]  # fmt: skip

    @_renewing
    def attendance_since(self, since: date | None) -> list[history.Presence]:
        """Who each meeting held on or after `since` names present, as guest or absent, as it started."""
        return [
            history.Presence(r["meeting"], date.fromisoformat(r["date"]), r["person"], r["role"])
            for r in self._q(
                "SELECT meeting, date, person, role FROM attendance WHERE date >= ? "
                "ORDER BY start_us, meeting, seq",
                (iso_day(since) or "",),
            )
        ]

    @property
    @_renewing
    def people(self) -> tuple[str, ...]:
        """Every name the minutes know, in first-seen order; names that differ only in case once (as
        ledger.people has it, over each file's people as history.file_rows found them)."""
        seen: dict[str, str] = {}
        for r in self._q("SELECT name FROM people ORDER BY start_us, file, seq"):
            seen.setdefault(r["name"].casefold(), r["name"])
        return tuple(seen.values())

    @_renewing
    def decisions(self, since: date | None = None) -> list[tuple[DecisionEntry, tuple[Revisit, ...]]]:
        """Every decision, oldest first, with the revisits recorded of it (in the order made)."""
        from emptychair.core.decisions import DecisionEntry, Revisit, read_state

        revisits: dict[str, list[Revisit]] = {}
        for r in self._q("SELECT decision, at, note FROM revisits ORDER BY at_us, file, seq"):
            revisits.setdefault(r["decision"], []).append(
                Revisit(r["decision"], datetime.fromisoformat(r["at"]), r["note"])
            )
        found = []
        for r in self._q(
            "SELECT * FROM decisions WHERE date >= ? ORDER BY start_us, meeting, seq",
            ((since or date.min).isoformat(),),
        ):
            d = DecisionEntry(
                r["id"],
                r["meeting"],
                date.fromisoformat(r["date"]),
                r["item"],
                r["text"],
                read_state(r["state"]),
                bool(r["checked"]),
            )
            found.append((d, tuple(revisits.get(d.id, ()))))
        return found

    @_renewing
    def proposal_outcomes(self) -> dict[str, tuple[str, str, str]]:
        """What the meetings made of each proposal: its id, and the outcome, the meeting and its
        date the first time one decided it."""
        found: dict[str, tuple[str, str, str]] = {}
        for r in self._q(
            "SELECT p.id, p.outcome, p.meeting, m.date FROM proposals p JOIN meetings m "
            "ON m.file = p.file ORDER BY p.start_us, p.file, p.seq"
        ):
            found.setdefault(r["id"], (r["outcome"], r["meeting"], r["date"]))
        return found

    @property
    @_renewing
    def memory(self) -> history.Memory:
        told = []
        answers: dict[int, list[str]] = {}
        for r in self._q("SELECT answer, id FROM answer_actions ORDER BY answer, seq"):
            answers.setdefault(r["answer"], []).append(r["id"])
        # meetings of one day in the order they started: their names no longer sort that way
        for r in self._q(
            "SELECT a.id, a.date, a.question_id, a.answer FROM answers a LEFT JOIN meetings m "
            "ON m.name = a.meeting ORDER BY a.date, m.start_us, a.meeting, a.seq"
        ):
            told.append(
                (
                    date.fromisoformat(r["date"]),
                    r["question_id"],
                    r["answer"],
                    tuple(answers.get(r["id"], ())),
                )
            )
        ids = frozenset(r["action"] for r in self._q("SELECT action FROM state WHERE defined = 1"))
        latest = self._q("SELECT name FROM meetings ORDER BY start_us DESC, name DESC LIMIT 1")
        return history.memory_of(
            self.open_actions, ids, told, latest[0]["name"] if latest else "", self.unsettled
        )

    # customer feedback

    @_renewing
    def feedback_records(self, since: date | None = None) -> Records:
        """Every feedback record as files/feedback.read_records reads it, from the feedback, approvals and
        quotes tables; the records that could not be read, named. Quotes the minutes name count too.
        With `since`, no items at all when every one is of before then (by its date, else its import's),
        as when stats and voice look at the last year of a team that imported feedback long ago."""
        from emptychair.core.feedback import Batch, Decision, FeedbackItem, Score
        from emptychair.core.quotes import Quoted
        from emptychair.files.feedback import Records

        batches: list[tuple[str, Batch]] = []
        plain = self.db.cursor()
        plain.row_factory = None  # tuples: ten thousand items read in a fraction of the time
        old = since is not None and not self._q(
            "SELECT 1 FROM feedback WHERE coalesce(date, substr(imported, 1, 10)) >= ? LIMIT 1",
            (since.isoformat(),),
        )
        rows = plain.execute(
            "SELECT file, imported, format, export, id, text, date, scale, score, title, ref, row "
            f"FROM feedback {'WHERE false ' if old else ''}ORDER BY file, seq"
        ).fetchall()
        day = date.fromisoformat
        scores: dict[tuple[str, str], Score] = {}  # one object a score: "3" on NPS is said many times
        at = 0
        while at < len(rows):
            file, imported, fmt, export = rows[at][:4]
            end = at
            while end < len(rows) and rows[end][0] == file:
                end += 1
            items = []
            for _, _, _, _, item_id, text, on, scale, score, title, ref, row in rows[at:end]:
                found = scores.get((scale, score)) if scale else None
                if scale and found is None:
                    found = scores[(scale, score)] = Score(scale, score)
                items.append(FeedbackItem(item_id, text, day(on) if on else None, found, title, ref, row))
            batches.append(
                (
                    file.removesuffix(FEEDBACK),
                    Batch(datetime.fromisoformat(imported), fmt, export, tuple(items)),
                )
            )
            at = end
        decided: dict[tuple[str, str, str], list[str]] = {}
        for r in self._q(
            f"SELECT file, at, verdict, item FROM approvals {'WHERE false ' if old else ''}ORDER BY file, seq"
        ):
            decided.setdefault((r["file"], r["at"], r["verdict"]), []).append(r["item"])
        decisions = [
            (file.removesuffix(FEEDBACK), Decision(datetime.fromisoformat(at), verdict, tuple(ids)))  # type: ignore[arg-type]
            for (file, at, verdict), ids in decided.items()
        ]
        quotes = tuple(
            Quoted(r["feedback"], r["meeting"], datetime.fromisoformat(r["at"]), r["question_id"])
            for r in self._q(
                f"SELECT feedback, meeting, at, question_id FROM quotes ORDER BY file LIKE '%{FEEDBACK}' DESC, file, seq"
            )
        )
        return Records(tuple(batches), tuple(decisions), tuple(self._problems("LIKE")), quotes)


class ActionPick(NamedTuple):
    """An action as Tab offers it: its id, with its text and owner beside it."""

    id: str
    text: str
    owner: str


class MeetingPick(NamedTuple):
    """A meeting as Tab offers it: its name, its date (as written) and title."""

    name: str
    date: str
    title: str


FEW = 2000  # actions to match in Python rather than through the words index
RECOGNITION = "recognition"
BY_ACTION = "state s CROSS JOIN units u ON u.action = s.action AND u.kind = 'action' AND s.defined = 1"
BY_UNIT = "units u LEFT JOIN state s ON s.action = u.action AND u.kind = 'action' AND s.defined = 1"


def _as_said(*found: list[tuple[tuple[int, str, int], Unit]]) -> list[Unit]:
    return [u for _, u in sorted((pair for units in found for pair in units), key=lambda pair: pair[0])]


def _count_sql(where: list[str]) -> str:
    """How many units `where` finds: the actions' states are joined only when it asks for them, and
    words alone are counted by the words index (3 ms for 75,766 hits, where looking each unit up
    took 50: the index holds exactly the units' rows, a test keeps it so)."""
    if where == [WORDS_MATCH]:
        return "SELECT count(*) AS n FROM words WHERE words MATCH ?"
    source = BY_UNIT if any(re.search(r"\bs\.", w) for w in where) else "units u"  # s: BY_UNIT's state
    return f"SELECT count(*) AS n FROM {source} WHERE {' AND '.join(where) or 'true'}"


def _units_sql(source: str, where: list[str], order: str, extra: str = "") -> str:
    """Units; an action's owner as it stands today, the person recognised as a recognition's."""
    return (
        "SELECT u.meeting, u.date, u.kind, u.place, u.text, "
        "CASE WHEN u.kind = 'action' THEN coalesce(s.owner, '') ELSE u.owner END AS owner, "
        f"coalesce(s.status, '') AS status, u.action{extra} FROM {source} WHERE {' AND '.join(where) or 'true'} "
        f"ORDER BY {order} LIMIT ?"
    )


def _unit(r: sqlite3.Row) -> Unit:
    return Unit(
        r["meeting"], date.fromisoformat(r["date"]), r["kind"], r["place"], r["text"], r["owner"], r["status"],
        r["action"],
    )  # fmt: skip


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


def _phrase(word: str) -> str:
    """One query word as an FTS5 prefix phrase: any character is safe inside the quotes."""
    return '"' + word.replace('"', '""') + '"*'


def _age(made_us: int, closed_us: int | None, starts: list[int]) -> int:
    """The core ledger's _age, in microseconds: meetings started after the action was made, until it closed."""
    after = bisect.bisect_right(starts, made_us)
    until = len(starts) if closed_us is None else bisect.bisect_right(starts, closed_us)
    return max(0, until - after)
