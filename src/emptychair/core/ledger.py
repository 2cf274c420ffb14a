"""All actions of all minutes as one ledger, their state derived from every follow-up in time order.

Minutes are never rewritten: an action's later state lives in follow-up records, made in a later
meeting or between meetings. Reading every record in order gives the same state in every clone.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from emptychair.core.minutes import DONE, DROPPED, OPEN, Action, FollowUp, Minutes, Origin
from emptychair.errors import EmptyChairError, problem


@dataclass(frozen=True)
class Tracked:
    action: Action  # as it stands after every follow-up
    meeting: str  # the minutes file (without .toml) the action was made in
    made: datetime  # when that meeting started
    origin: Origin
    source: str  # the item's title, or the chair's question id
    question: str = ""  # the chair's question, for actions the chair raised
    history: tuple[FollowUp, ...] = ()
    age: int = 0  # meetings held after the one it was made in, while it was open
    closed: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.action.status == OPEN

    def overdue(self, today: date) -> bool:
        return self.is_open and self.action.due is not None and self.action.due < today

    @property
    def link(self) -> str:
        """The issue the action was pushed to (the latest link recorded), or ""."""
        return next((f.link for f in reversed(self.history) if f.link), "")


@dataclass(frozen=True)
class Ledger:
    actions: tuple[Tracked, ...]
    conflicts: tuple[EmptyChairError, ...] = ()  # follow-ups of unknown actions, ids used twice

    def standing(self) -> dict[str, Action]:
        """Every action by id, as it stands after every follow-up."""
        return {t.action.id: t.action for t in self.actions}

    def open(self) -> tuple[Tracked, ...]:
        return tuple(t for t in self.actions if t.is_open)

    def find(self, said: str) -> Tracked:
        """The action whose id is `said` or starts with it; otherwise an error naming the closest ids."""
        said = said.strip().lower()
        exact = [t for t in self.actions if t.action.id == said]
        matches = exact or [t for t in self.actions if t.action.id.startswith(said)]
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


def build(meetings: Sequence[tuple[str, Minutes]], loose: Sequence[FollowUp] = ()) -> Ledger:
    """The ledger of `meetings` (name, minutes) and follow-ups made between meetings."""
    meetings = sorted(meetings, key=lambda pair: (pair[1].started, pair[0]))
    tracked: dict[str, Tracked] = {}
    conflicts: list[EmptyChairError] = []
    for name, minutes in meetings:
        for action, origin, source in minutes.actions():
            if action.id in tracked:  # the earliest counts; the other is named, never silently shadowed
                first = f"{tracked[action.id].meeting}.toml"
                conflicts.append(problem("err_duplicate_id", id=action.id, file=f"{name}.toml", first=first))
                continue
            question = next((c.question for c in minutes.chair if c.question_id == source), "")
            tracked[action.id] = Tracked(
                action, name, minutes.started, origin, source, question if origin == "chair" else ""
            )
    records = [f for _, minutes in meetings for f in minutes.followups] + list(loose)
    records.sort(key=lambda f: (f.at, f.action, f.status, f.note))
    for record in records:
        found = tracked.get(record.action)
        if found is None:
            conflicts.append(problem("err_unknown_action", day=f"{record.at:%Y-%m-%d}", action=record.action))
            continue
        tracked[record.action] = _follow(found, record)
    starts = sorted(minutes.started for _, minutes in meetings)
    result = tuple(replace(t, age=_age(t, starts)) for t in tracked.values())
    return Ledger(tuple(sorted(result, key=lambda t: (t.made, t.action.id))), tuple(conflicts))


def _follow(t: Tracked, record: FollowUp) -> Tracked:
    if record.link:  # where the action lives in a tracker: its state stays as it was
        return replace(t, history=(*t.history, record))
    action = replace(
        t.action,
        status=record.status,
        owner=t.action.owner if record.owner is None else record.owner,
        due=t.action.due if record.due is None else record.due,
    )
    closed = record.at if record.status in (DONE, DROPPED) else None
    return replace(t, action=action, history=(*t.history, record), closed=closed)


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
