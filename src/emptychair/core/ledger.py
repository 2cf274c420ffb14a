"""All actions of all minutes as one ledger, each one's state derived from all its follow-ups.

Minutes are never rewritten: an action's later state lives in follow-up records, made in a later
meeting or between meetings. Their order comes from what each writer had seen, never from a
clock: a record names the records of its action that its writer had seen last (`after`) and
carries a `rev` one above the highest it had seen, so a record comes after every record it saw.
Records that did not see each other (two clones offline) are concurrent: the one rule of `order`
puts them in the same order in every clone, and where they disagree the action carries both
states as a conflict, until a record that saw both settles it. Records of earlier versions have
no id and no rev: they keep the order of those versions (by the time they say), before every
record with a rev, and each is known by an id made from what it says.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from emptychair.core.minutes import DONE, DROPPED, OPEN, Action, ActionStatus, FollowUp, Minutes, Origin
from emptychair.errors import EmptyChairError, problem


@dataclass(frozen=True)
class Tracked:
    """An action as it stands today: where it was made and every follow-up since."""

    action: Action  # as it stands after every follow-up
    meeting: str  # the minutes file (without .toml) the action was made in
    made: datetime  # when that meeting started
    origin: Origin
    source: str  # the item's title, or the chair's question id
    question: str = ""  # the chair's question, for actions the chair raised
    history: tuple[FollowUp, ...] = ()  # in the order they count: see `order`
    age: int = 0  # meetings held after the one it was made in, while it was open
    closed: datetime | None = None
    conflict: tuple[Action, ...] = ()  # the states of records that did not see each other, if they differ

    @property
    def is_open(self) -> bool:
        return self.action.status == OPEN

    def next_record(
        self,
        record_id: str,
        at: datetime,
        status: ActionStatus,
        *,
        owner: str | None = None,
        due: date | None = None,
        note: str = "",
        link: str = "",
    ) -> FollowUp:
        """A follow-up written by someone who has seen every record of this action up to now."""
        after, rev = self.seen
        return FollowUp(self.action.id, at, status, owner, due, note, record_id, after, rev, link)

    @property
    def seen(self) -> tuple[tuple[str, ...], int]:
        """What a record that follows all of this action's records says: its `after` and `rev`."""
        return after_all(self.history)

    def overdue(self, today: date) -> bool:
        return self.is_open and self.action.due is not None and self.action.due < today

    @property
    def link(self) -> str:
        """The issue the action was pushed to (the latest link recorded), or ""."""
        return next((f.link for f in reversed(self.history) if f.link), "")


@dataclass(frozen=True)
class Ledger:
    """Every action of a folder as it stands, and the conflicts found among them."""

    actions: tuple[Tracked, ...]
    conflicts: tuple[EmptyChairError, ...] = ()  # follow-ups of unknown actions, ids used twice

    def standing(self) -> dict[str, Action]:
        """Every action by id, as it stands after every follow-up."""
        return {t.action.id: t.action for t in self.actions}

    def open(self) -> tuple[Tracked, ...]:
        return tuple(t for t in self.actions if t.is_open)

    def unsettled(self) -> tuple[Tracked, ...]:
        """Closed actions with a conflict: changed in two places at once, and not followed up since."""
        return tuple(t for t in self.actions if t.conflict and not t.is_open)

    def find(self, said: str) -> Tracked:
        """The action whose id is `said` or starts with it, ignoring case; otherwise an error naming
        the closest ids. Nothing typed names no action: an empty start would match them all."""
        said = said.strip()
        if not said:
            raise problem("err_id_empty")
        key = id_key(said)
        exact = [t for t in self.actions if t.action.id == said] or [
            t for t in self.actions if id_key(t.action.id) == key
        ]
        matches = exact or [t for t in self.actions if id_key(t.action.id).startswith(key)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            ids = ", ".join(sorted(t.action.id for t in matches)[:8])
            raise problem("err_id_ambiguous", said=said, ids=ids)
        known = [t.action.id for t in self.actions]
        close = difflib.get_close_matches(said, known, n=3, cutoff=0.5)
        if close:
            raise problem("err_id_unknown_close", said=said, close=", ".join(close))
        raise problem("err_id_unknown", said=said)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def id_key(text: str) -> str:
    """An action id as typed ids are matched against it: ASCII letters in lower case, as SQLite's
    lower() has them, so that the read model's index and this agree on every id."""
    return text.translate(_ASCII_LOWER)


def build(meetings: Sequence[tuple[str, Minutes]], loose: Sequence[FollowUp] = ()) -> Ledger:
    """The ledger of `meetings` (name, minutes) and follow-ups made between meetings."""
    meetings = sorted(meetings, key=lambda pair: (pair[1].started, pair[0]))
    tracked: dict[str, Tracked] = {}
    conflicts: list[EmptyChairError] = []
    for name, minutes in meetings:
        for action, origin, source in minutes.actions():
            if action.id in tracked:  # the earliest counts; the other is named, never silently shadowed
                conflicts.append(duplicate(action, f"{name}.toml", f"{tracked[action.id].meeting}.toml"))
                continue
            question = next((c.question for c in minutes.chair if c.question_id == source), "")
            tracked[action.id] = Tracked(
                action, name, minutes.started, origin, source, question if origin == "chair" else ""
            )
    records = [f for _, minutes in meetings for f in minutes.followups] + list(loose)
    for record in sorted(records, key=lambda f: (f.at, f.action, f.status, f.note)):
        if record.action not in tracked:
            conflicts.append(problem("err_unknown_action", day=f"{record.at:%Y-%m-%d}", action=record.action))
    said: dict[str, list[FollowUp]] = {}
    for record in records:
        said.setdefault(record.action, []).append(record)
    for action_id, found in said.items():
        if action_id in tracked:
            tracked[action_id] = settle(tracked[action_id], found)
    starts = sorted(minutes.started for _, minutes in meetings)
    result = tuple(replace(t, age=_age(t, starts)) for t in tracked.values())
    return Ledger(tuple(sorted(result, key=lambda t: (t.made, t.action.id))), tuple(conflicts))


def duplicate(action: Action, file: str, first: str) -> EmptyChairError:
    """An action whose id was made before, in another file or earlier in the same one."""
    if file == first:
        return problem("err_duplicate_id_in_file", id=action.id, file=file, text=action.text)
    return problem("err_duplicate_id", id=action.id, file=file, first=first)


# --- the order of an action's records ---------------------------------------------------------


def order(records: Sequence[FollowUp]) -> list[FollowUp]:
    """The records of one action in the order they count (the last word wins), the same in every
    clone: first those of earlier versions, by the time they say (then status and note, then as
    given: meetings in the order they started, then loose files by name); then the others by rev,
    then by id. A record's rev is above that of every record it had seen, so it comes after them
    whatever the clocks said; concurrent records fall in order by rev and id alone."""
    legacy = sorted((f for f in records if not f.id), key=lambda f: (f.at, f.status, f.note))
    return legacy + sorted((f for f in records if f.id), key=lambda f: (f.rev, f.id))


def record_id(f: FollowUp) -> str:
    """How `after` names a record: its id, or for a record of an earlier version, which has none,
    the first letters of a hash of what it says (the same in every clone)."""
    import hashlib  # here: only records of an earlier version need it, and it loads OpenSSL

    if f.id:
        return f.id
    due = f.due.isoformat() if f.due else ""
    owner = "" if f.owner is None else "=" + f.owner
    said = "\0".join((f.action, f.at.isoformat(), f.status, owner, due, f.note))
    return hashlib.sha256(said.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def after_all(ordered: Sequence[FollowUp]) -> tuple[tuple[str, ...], int]:
    """What a new record of an action whose records are `ordered` says it follows: the ids of the
    records no other record follows, and a rev one above the highest."""
    heads = _heads(ordered, _before(ordered))
    return tuple(record_id(ordered[n]) for n in heads), 1 + max((f.rev for f in ordered), default=0)


def settle(t: Tracked, records: Sequence[FollowUp]) -> Tracked:
    """`t`, as made, with all its follow-ups applied in their order; when records that did not see
    each other leave it in different states, those states are its conflict."""
    ordered = order(records)
    action, closed = _apply(t.action, ordered)
    conflict: tuple[Action, ...] = ()
    if not any(f.id for f in ordered):  # earlier versions' records only: one after the other
        return replace(t, action=action, history=tuple(ordered), closed=closed)
    before = _before(ordered)
    heads = [n for n in _heads(ordered, before) if not ordered[n].link]  # a link changes no state
    if len(heads) > 1:
        states = tuple(_apply(t.action, [ordered[n] for n in sorted(_past(h, before))])[0] for h in heads)
        if len({(s.status, s.owner, s.due) for s in states}) > 1:
            conflict = states
    return replace(t, action=action, history=tuple(ordered), closed=closed, conflict=conflict)


def _apply(made: Action, ordered: Sequence[FollowUp]) -> tuple[Action, datetime | None]:
    status, owner, due, closed = made.status, made.owner, made.due, None
    for record in ordered:
        if record.link:  # where the action lives in a tracker: its state stays as it was
            continue
        status = record.status
        owner = owner if record.owner is None else record.owner
        due = due if record.due is None else record.due
        closed = record.at if status in (DONE, DROPPED) else None
    return Action(made.id, made.text, owner, due, status), closed


def _before(ordered: Sequence[FollowUp]) -> list[set[int]]:
    """For each record (by place in `ordered`), the records it says it saw: those it names in
    `after`, or for a record of an earlier version, the one of an earlier version before it."""
    place = {record_id(f): n for n, f in enumerate(ordered)}
    found: list[set[int]] = []
    for n, f in enumerate(ordered):
        if f.id:
            found.append({place[i] for i in f.after if i in place and place[i] != n})
        else:
            found.append({n - 1} if n else set())  # earlier versions' records come first, in a row
    return found


def _heads(ordered: Sequence[FollowUp], before: Sequence[set[int]]) -> list[int]:
    """The records no other record saw, in their order."""
    seen_by_some: set[int] = set()
    for saw in before:
        seen_by_some |= saw
    return [n for n in range(len(ordered)) if n not in seen_by_some]


def _past(n: int, before: Sequence[set[int]]) -> set[int]:
    """Record `n` and every record it saw, itself or through the records it saw."""
    found, todo = {n}, [n]
    while todo:
        for m in before[todo.pop()]:
            if m not in found:
                found.add(m)
                todo.append(m)
    return found


def _age(t: Tracked, starts: Sequence[datetime]) -> int:
    """Meetings that started after the one the action was made in, up to when it was closed."""
    after = bisect.bisect_right(starts, t.made)
    until = len(starts) if t.closed is None else bisect.bisect_right(starts, t.closed)
    return max(0, until - after)


def people(meetings: Sequence[tuple[str, Minutes]], loose: Sequence[FollowUp] = ()) -> tuple[str, ...]:
    """Every name the minutes know: attendees, guests, the absent, owners then and later, in first-seen order.

    Names that differ only in case count once, as first seen, so that `bram` next to `Bram` is one person.
    """
    seen: dict[str, str] = {}
    for _, m in sorted(meetings, key=lambda pair: (pair[1].started, pair[0])):
        owners = [made.action.owner for made in m.actions()] + [f.owner or "" for f in m.followups]
        for name in (*m.present, *m.guests, *m.absent, *owners, *(r.person for r in m.recognition)):
            seen.setdefault(name.strip().casefold(), name.strip())
    for f in loose:
        seen.setdefault((f.owner or "").strip().casefold(), (f.owner or "").strip())
    return tuple(name for name in seen.values() if name)
