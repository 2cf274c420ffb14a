"""What the read commands show, computed from minutes and the ledger as plain rows.

Everything here is pure and cheap to store: the cache keeps these rows, so that listing years of
meetings does not parse years of TOML on every call.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from emptychair.core.ledger import Ledger, Tracked
from emptychair.core.minutes import DONE, DROPPED, Minutes

if TYPE_CHECKING:
    import mmap

    from emptychair.core.questions import Recall
    from emptychair.core.search import Query


class MeetingRow(NamedTuple):  # a tuple: ten thousand of them unpickle in a blink
    name: str  # the minutes file without .toml: the meeting's id
    date: date
    started: datetime
    title: str
    team: str
    items: int
    decisions: int
    actions_new: int
    actions_closed: int
    chair_answers: int


@dataclass(frozen=True)
class Unit:
    """One searchable thing that was said."""

    meeting: str
    date: date
    kind: str  # note, decision, action, chair, recognition
    where: str  # the item's title, or the chair's question
    text: str
    owner: str = ""
    status: str = ""  # for actions: open, done or dropped as of today
    action: str = ""  # for actions: the id
    folded: str = field(default="", compare=False)  # text, where and owner in lower case, for matching


@dataclass(frozen=True)
class Answer:
    """What the team told the customer on the chair once."""

    meeting: str
    date: date
    question_id: str
    question: str
    answer: str
    moment: str
    actions: tuple[tuple[str, str, str, str], ...]  # (id, text, owner, status as of today)
    rating: str = ""


def meeting_row(name: str, m: Minutes) -> MeetingRow:
    return MeetingRow(
        name=name,
        date=m.date,
        started=m.started,
        title=m.title,
        team=m.team,
        items=len(m.items),
        decisions=sum(len(i.decisions) for i in m.items),
        actions_new=len(m.actions()),
        actions_closed=sum(1 for f in m.followups if f.status in (DONE, DROPPED)),
        chair_answers=sum(1 for c in m.chair if c.answer),
    )


def units(meetings: Sequence[tuple[str, Minutes]], ledger: Ledger) -> list[Unit]:
    status = {t.action.id: t.action for t in ledger.actions}
    found: list[Unit] = []
    for name, m in meetings:
        for item in m.items:
            found += [_unit(name, m.date, "note", item.title, text) for text in item.notes]
            found += [_unit(name, m.date, "decision", item.title, text) for text in item.decisions]
        for action, origin in m.actions():
            now = status.get(action.id, action)
            kind, _, source = origin.partition(": ")
            where = (
                next((c.question for c in m.chair if c.question_id == source), source)
                if kind == "chair"
                else source
            )
            found.append(_unit(name, m.date, "action", where, action.text, now.owner, now.status, action.id))
        for record in m.chair:
            if record.answer:
                found.append(_unit(name, m.date, "chair", record.question, record.answer))
        # exemplary work for a customer: the person is its owner, so `@anna is:recognition` finds hers
        found += [_unit(name, m.date, "recognition", "", r.text, r.person) for r in m.recognition]
    return found


def _unit(
    meeting: str,
    day: date,
    kind: str,
    where: str,
    text: str,
    owner: str = "",
    status: str = "",
    action: str = "",
) -> Unit:
    folded = "\n".join((text, where, owner)).casefold()
    return Unit(meeting, day, kind, where, text, owner, status, action, folded)


def answers(meetings: Sequence[tuple[str, Minutes]], ledger: Ledger) -> list[Answer]:
    """Every answer the chair was given, newest first, with its actions as they stand today."""
    status = {t.action.id: t.action for t in ledger.actions}
    found = []
    for name, m in meetings:
        for record in m.chair:
            actions = tuple(
                (a.id, a.text, status.get(a.id, a).owner, status.get(a.id, a).status) for a in record.actions
            )
            found.append(
                Answer(
                    name,
                    m.date,
                    record.question_id,
                    record.question,
                    record.answer,
                    record.moment,
                    actions,
                    record.rating,
                )
            )
    return sorted(found, key=lambda a: (a.date, a.meeting), reverse=True)


@dataclass(frozen=True)
class Split:
    created: int
    closed: int
    done: int
    dropped: int
    median_days: float | None

    @property
    def follow_through(self) -> float | None:
        return self.closed / self.created if self.created else None


@dataclass(frozen=True)
class Stats:
    meetings: int
    first: date | None
    last: date | None
    all: Split
    chair: Split
    items: Split
    months: tuple[tuple[str, int, int, int], ...]  # (YYYY-MM, meetings, actions created, actions closed)


def stats(rows: Sequence[MeetingRow], actions: Sequence[Tracked]) -> Stats:
    per_month: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        per_month[f"{row.date:%Y-%m}"][0] += 1
    for t in actions:
        per_month[f"{t.made:%Y-%m}"][1] += 1
        if t.closed is not None:
            per_month[f"{t.closed:%Y-%m}"][2] += 1
    dates = sorted(r.date for r in rows)
    return Stats(
        meetings=len(rows),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        all=_split(actions),
        chair=_split([t for t in actions if t.origin == "chair"]),
        items=_split([t for t in actions if t.origin != "chair"]),
        months=tuple((month, n[0], n[1], n[2]) for month, n in sorted(per_month.items())),
    )


def _split(actions: Sequence[Tracked]) -> Split:
    import statistics  # brings fractions, decimal and random: only stats needs it

    counts = Counter(t.action.status for t in actions)
    days = [(t.closed - t.made).total_seconds() / 86400 for t in actions if t.closed is not None]
    return Split(
        created=len(actions),
        closed=counts[DONE] + counts[DROPPED],
        done=counts[DONE],
        dropped=counts[DROPPED],
        median_days=round(statistics.median(days), 1) if days else None,
    )


def pick(rows: Sequence[MeetingRow], which: str) -> MeetingRow:
    """The meeting named by `which`: latest, a date (YYYY-MM-DD), or its id or a unique start of it."""
    import difflib

    from emptychair.errors import problem

    if not rows:
        raise problem("err_no_minutes")
    which = which.strip()
    if which in ("", "latest", "laatste"):
        return max(rows, key=lambda r: (r.started, r.name))
    exact = [r for r in rows if r.name == which]
    matches = exact or [r for r in rows if r.name.startswith(which) or r.date.isoformat() == which]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(sorted(r.name for r in matches)[:6])
        raise problem("err_which_many", which=which, count=len(matches), names=names)
    close = difflib.get_close_matches(which, [r.name for r in rows], n=3, cutoff=0.4)
    if close:
        raise problem("err_which_close", which=which, close=", ".join(close))
    raise problem("err_which_none", which=which)


# --- search, over one flat file ----------------------------------------------------------
# One line a unit: kind, status, date, owner and the folded text, tab-separated (what a query
# checks), then NUL and the unit's fields as JSON (what a hit shows). The file is searched as
# bytes with bytes.find, so nothing is decoded or unpickled but the lines that match: a match
# of UTF-8 bytes is always a match of whole characters.


def search_blob(found: Sequence[Unit]) -> bytes:
    import json

    lines = []
    for u in found:
        head = "\t".join((u.kind, u.status, u.date.isoformat(), _flat(u.owner.casefold()), _flat(u.folded)))
        data = json.dumps(
            [u.meeting, u.date.isoformat(), u.kind, u.where, u.text, u.owner, u.status, u.action],
            ensure_ascii=False,
        )
        lines.append(head + "\0" + data)
    return ("\n" + "\n".join(lines) + "\n").encode("utf-8")


def _flat(text: str) -> str:
    return text.replace("\n", " ").replace("\t", " ").replace("\0", " ")


def find_units(blob: bytes | mmap.mmap, query: Query) -> list[Unit]:
    import json

    words = [w.encode("utf-8") for w in query.words]
    kinds = {k.encode() for k in query.kinds}
    states = {s.encode() for s in query.states}
    owner = query.owner.encode("utf-8")
    since = query.since.isoformat().encode() if query.since else b""
    until = query.until.isoformat().encode() if query.until else b"\xff"
    hits = []
    for line in _candidates(blob, _anchor(query, words)):
        head, _, data = line.partition(b"\0")
        kind, status, day, who, folded = head.split(b"\t", 4)
        if (
            (kinds and kind not in kinds)
            or (states and status not in states)
            or not since <= day <= until
            or (owner and not who.startswith(owner))
            or not all(w in folded for w in words)
        ):
            continue
        meeting, when, kind_, where, text, owner_, status_, action = json.loads(data)
        hits.append(Unit(meeting, date.fromisoformat(when), kind_, where, text, owner_, status_, action))
    return hits


def _anchor(query: Query, words: list[bytes]) -> bytes:
    """The literal that lets the fewest lines through: one asked state, else the longest word."""
    if len(query.states) == 1:
        return b"\naction\t" + next(iter(query.states)).encode() + b"\t"
    return max(words, key=len, default=b"")


def _candidates(blob: bytes | mmap.mmap, anchor: bytes) -> Iterator[bytes]:
    if not anchor:
        yield from bytes(blob).split(b"\n")[1:-1]
        return
    at = blob.find(anchor)
    while at != -1:
        start = blob.rfind(b"\n", 0, at + (anchor[:1] == b"\n")) + 1
        end = blob.find(b"\n", at + 1)
        yield blob[start:end]
        at = blob.find(anchor, end)


@dataclass(frozen=True)
class Memory:
    """What a new meeting needs of all the earlier ones, kept apart so that it loads fast."""

    open_actions: tuple[Tracked, ...]
    ids: frozenset[str]  # every action id ever given, so a new one is never the same
    asked: tuple[str, ...]  # the chair's question ids, oldest first
    recalls: dict[str, Recall]
    latest: str  # the newest meeting's name, "" when there is none


def memory(meetings: Sequence[tuple[str, Minutes]], ledger: Ledger, answers: Sequence[Answer]) -> Memory:
    from emptychair.core.questions import recalls

    # In the order they were asked: `answers` is newest first, which also turns each meeting around.
    held = {name: n for n, (name, _) in enumerate(meetings)}
    oldest_first = sorted(answers, key=lambda a: held.get(a.meeting, -1))
    still_open = {t.action.id: (t.action.text, t.action.owner) for t in ledger.open()}
    told = [(a.date, a.question_id, a.answer, tuple(i for i, *_ in a.actions)) for a in oldest_first]
    return Memory(
        open_actions=ledger.open(),
        ids=frozenset(t.action.id for t in ledger.actions),
        asked=tuple(a.question_id for a in oldest_first),
        recalls=recalls(told, still_open),
        latest=meetings[-1][0] if meetings else "",
    )
