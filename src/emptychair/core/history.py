"""What the read commands show, computed from minutes and the ledger as plain rows.

Everything here is pure. The read model (files/readmodel/) stores the rows of each file apart
(`file_rows`) and derives an action's state with ledger.settle; the functions that take whole lists of
meetings (`units`, `answers`, `memory`, ledger.build) say what the stored rows must add up to.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, NamedTuple

from emptychair.core.ledger import Ledger, Tracked, people
from emptychair.core.minutes import DONE, DROPPED, ActionStatus, ChairMoment, FollowUp, Minutes, Rating
from emptychair.text import name_key

# What only building rows from a file needs (decisions, dilemmas, the question ids) is imported there.
if TYPE_CHECKING:
    from emptychair.core.decisions import DecisionEntry, Revisit
    from emptychair.core.proposals import Decided
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
    rating: Rating = ""  # [closing] rate_meeting: how the meeting itself went


@dataclass(frozen=True)
class Unit:
    """One searchable thing that was said."""

    meeting: str
    date: date
    kind: str  # note, decision, action, chair, recognition, story, dilemma
    where: str  # the item's title, or the chair's question
    text: str
    owner: str = ""
    status: ActionStatus | Literal[""] = ""  # for actions: open, done or dropped as of today
    action: str = ""  # for actions: the id


@dataclass(frozen=True)
class Answer:
    """What the team told the customer on the chair once."""

    meeting: str
    date: date
    question_id: str
    question: str
    answer: str
    moment: ChairMoment
    actions: tuple[tuple[str, str, str, ActionStatus], ...]  # (id, text, owner, status as of today)
    rating: Rating = ""
    customers_present: bool = False  # a real customer was a guest: the chair asked them its questions


def meeting_row(name: str, m: Minutes) -> MeetingRow:
    return MeetingRow(
        name=name,
        date=m.date,
        started=m.started,
        title=m.title,
        team=m.team,
        items=sum(1 for i in m.items if not i.round),  # as the meeting counts them: the round apart
        decisions=sum(len(i.decisions) for i in m.items),
        actions_new=len(m.actions()),
        actions_closed=sum(1 for f in m.followups if f.status in (DONE, DROPPED)),
        chair_answers=sum(1 for c in m.chair if c.answer),
        rating=m.meeting_rating,
    )


def units(meetings: Sequence[tuple[str, Minutes]], ledger: Ledger) -> list[Unit]:
    from emptychair.core.dilemma import dilemma_line
    from emptychair.core.document import with_states  # the document's regexes: only when files are read

    status = ledger.standing()
    found: list[Unit] = []
    for name, m in meetings:
        for item in m.items:
            found += [_unit(name, m.date, "note", item.title, text) for text in item.notes]
            said = with_states(m.language, item)  # a proposal not accepted says so, as minutes show has it
            found += [_unit(name, m.date, "decision", item.title, text) for text in said]
            found += [_unit(name, m.date, "story", item.title, text) for text in item.stories]
            if item.dilemma is not None:  # 004: the dilemmas the team reflected on
                found.append(_unit(name, m.date, "dilemma", item.title, dilemma_line(item.dilemma)))
        for action, origin, source in m.actions():
            now = status.get(action.id, action)
            where = (
                next((c.question for c in m.chair if c.question_id == source), source)
                if origin == "chair"
                else source
            )
            found.append(_unit(name, m.date, "action", where, action.text, now.owner, now.status, action.id))
        for record in m.chair:
            if record.answer:
                found.append(_unit(name, m.date, "chair", record.question, record.answer))
        # exemplary work for a customer: the person is its owner, so `@anna is:recognition` finds hers
        found += [_unit(name, m.date, "recognition", "", r.text, r.person) for r in m.recognition]
        # what a real customer said (#customer): its score as "scale:score" where an action has its id
        found += [
            _unit(name, m.date, "customer", h.item, h.text, action=f"{h.scale}:{h.score}" if h.score else "")
            for h in m.heard
        ]
    return found


def _unit(
    meeting: str,
    day: date,
    kind: str,
    where: str,
    text: str,
    owner: str = "",
    status: ActionStatus | Literal[""] = "",
    action: str = "",
) -> Unit:
    return Unit(meeting, day, kind, where, text, owner, status, action)


def answers(meetings: Sequence[tuple[str, Minutes]], ledger: Ledger) -> list[Answer]:
    """Every answer the chair was given, newest first, with its actions as they stand today."""
    from emptychair.core.questions import RECOGNITION

    status = ledger.standing()
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
                    bool(m.customers),
                )
            )
        if m.recognition_question or m.recognition:  # the closing's question, answered by who and what
            named = "; ".join(f"{r.person}: {r.text}" for r in m.recognition)
            found.append(Answer(name, m.date, RECOGNITION, m.recognition_question, named, "closing", ()))
    return sorted(found, key=lambda a: (a.date, a.meeting), reverse=True)


@dataclass(frozen=True)
class Split:
    """Actions created and closed, and the median days to close them."""

    created: int
    closed: int
    done: int
    dropped: int
    median_days: float | None

    @property
    def follow_through(self) -> float | None:
        return self.closed / self.created if self.created else None


Role = Literal["present", "guest", "absent"]  # how minutes name a person: present, guests, absent


class Presence(NamedTuple):
    """One person named in one meeting's attendance."""

    meeting: str
    date: date
    person: str
    role: Role


@dataclass(frozen=True)
class Attendance:
    """One person over the meetings: present (a guest counts) and absent as the minutes say, and
    the actions made in the period that they own today, and how many of those are closed."""

    name: str
    present: int = 0
    absent: int = 0
    actions: int = 0
    closed: int = 0


RATED: tuple[Rating, ...] = ("enthusiastic", "green", "amber", "red")  # the meeting's rating, best first


@dataclass(frozen=True)
class Stats:
    """The meetings held, the actions' follow-through per month and per person."""

    meetings: int
    first: date | None
    last: date | None
    all: Split
    chair: Split
    items: Split
    months: tuple[tuple[str, int, int, int], ...]  # (YYYY-MM, meetings, actions created, actions closed)
    people: tuple[Attendance, ...] = ()  # present most often first
    ratings: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (YYYY-MM, meetings rated each of RATED)


def attendance_rows(name: str, m: Minutes) -> tuple[Presence, ...]:
    roles: tuple[tuple[tuple[str, ...], Role], ...] = (
        (m.present, "present"), (m.guests, "guest"), (m.absent, "absent"),
    )  # fmt: skip
    return tuple(Presence(name, m.date, p, role) for names, role in roles for p in names)


def people_of(attendance: Sequence[Presence], actions: Sequence[Tracked]) -> tuple[Attendance, ...]:
    """Everyone the attendance or an owned action names, once however the case of the name differs
    (spelt as first seen); those present most often first, then by name."""
    names: dict[str, str] = {}
    counts: dict[str, list[int]] = {}
    for a in attendance:
        key = name_key(a.person)
        names.setdefault(key, a.person)
        row = counts.setdefault(key, [0, 0, 0, 0])
        row[1 if a.role == "absent" else 0] += 1
    for t in actions:
        if not t.action.owner:
            continue
        key = name_key(t.action.owner)
        names.setdefault(key, t.action.owner)
        row = counts.setdefault(key, [0, 0, 0, 0])
        row[2] += 1
        row[3] += t.action.status != "open"
    found = [Attendance(names[k], *n) for k, n in counts.items()]
    return tuple(sorted(found, key=lambda p: (-p.present, p.name.casefold(), p.name)))


def stats_of(
    rows: Sequence[MeetingRow], actions: Sequence[Tracked], attendance: Sequence[Presence] = ()
) -> Stats:
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
        people=people_of(attendance, actions),
        ratings=_ratings(rows),
    )


def _ratings(rows: Sequence[MeetingRow]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Per month, how many meetings were rated each of RATED; months without a rating left out."""
    per_month: dict[str, list[int]] = defaultdict(lambda: [0] * len(RATED))
    for row in rows:
        if row.rating in RATED:
            per_month[f"{row.date:%Y-%m}"][RATED.index(row.rating)] += 1
    return tuple((month, tuple(n)) for month, n in sorted(per_month.items()))


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


@dataclass(frozen=True)
class Memory:
    """What a new meeting needs of all the earlier ones, kept apart so that it loads fast."""

    open_actions: tuple[Tracked, ...]
    ids: frozenset[str]  # every action id ever given, so a new one is never the same
    asked: tuple[str, ...]  # the chair's question ids that got an answer, oldest first
    recalls: dict[str, Recall]
    latest: str  # the newest meeting's name, "" when there is none
    unsettled: tuple[Tracked, ...] = ()  # closed actions with a conflict: the follow-up offers them too


Told = tuple[date, str, str, tuple[str, ...]]  # (date, question id, answer, action ids)


def memory(meetings: Sequence[tuple[str, Minutes]], ledger: Ledger, answers: Sequence[Answer]) -> Memory:
    # In the order they were asked: `answers` is newest meeting first, each meeting in the chair's
    # order, so reversing the list would also turn each meeting around.
    held = {name: n for n, (name, _) in enumerate(meetings)}
    oldest_first = sorted(answers, key=lambda a: held.get(a.meeting, -1))
    told = [(a.date, a.question_id, a.answer, tuple(i for i, *_ in a.actions)) for a in oldest_first]
    ids = frozenset(t.action.id for t in ledger.actions)
    return memory_of(ledger.open(), ids, told, meetings[-1][0] if meetings else "", ledger.unsettled())


def memory_of(
    open_actions: Sequence[Tracked],
    ids: frozenset[str],
    told: Sequence[Told],
    latest: str,
    unsettled: Sequence[Tracked] = (),
) -> Memory:
    """The memory from its parts: `told` holds every answer the chair was given, in the order it
    was asked (oldest meeting first, each meeting in the chair's order)."""
    from emptychair.core.questions import recalls

    still_open = {t.action.id: (t.action.text, t.action.owner) for t in open_actions}
    return Memory(
        open_actions=tuple(open_actions),
        ids=ids,
        # A question met with only Enter was dodged, not asked: the rotation brings it back next time.
        asked=tuple(qid for _, qid, answer, actions in told if answer.strip() or actions),
        recalls=recalls(told, still_open),
        latest=latest,
        unsettled=tuple(unsettled),
    )


# --- one file's rows, and what derives from them ----------------------------------------


@dataclass(frozen=True)
class FileRows:
    """Everything the read model keeps of one minutes file (or of one file of loose follow-ups)."""

    meeting: MeetingRow | None
    defined: tuple[Tracked, ...]  # every action made in this file, an id made twice too
    followups: tuple[FollowUp, ...]
    units: tuple[Unit, ...]  # actions with their owner and status as written here
    answers: tuple[Answer, ...]  # in the chair's order, actions as written here
    people: tuple[str, ...] = ()  # every name the file knows, in first-seen order
    proposals: tuple[Decided, ...] = ()  # what the meeting made of the proposals it was offered
    decisions: tuple[DecisionEntry, ...] = ()
    revisits: tuple[Revisit, ...] = ()  # a file of revisits made between meetings
    attendance: tuple[Presence, ...] = ()  # who the meeting names present, as guest, absent


def file_rows(name: str, m: Minutes) -> FileRows:
    from emptychair.core.decisions import decisions_of

    alone = Ledger(())
    return FileRows(
        meeting=meeting_row(name, m),
        defined=tuple(definitions(name, m)),
        followups=m.followups,
        units=tuple(units([(name, m)], alone)),
        answers=tuple(answers([(name, m)], alone)),
        people=people([(name, m)]),
        proposals=m.proposals,
        decisions=decisions_of(name, m),
        attendance=attendance_rows(name, m),
    )


def loose_rows(records: Sequence[FollowUp]) -> FileRows:
    return FileRows(None, (), tuple(records), (), (), people((), records))


def definitions(name: str, m: Minutes) -> list[Tracked]:
    """The actions made in one meeting, in its order: of an id made twice the first counts, as in
    ledger.build, and the second is kept to be named."""
    found: list[Tracked] = []
    for action, origin, source in m.actions():
        question = next((c.question for c in m.chair if c.question_id == source), "")
        found.append(Tracked(action, name, m.started, origin, source, question if origin == "chair" else ""))
    return found


# --- what a search matches ---------------------------------------------------------------
# The read model asks SQLite's FTS5 (tokenizer unicode61, diacritics removed); this is the same
# rule in plain Python: every word of the query starts a word of the text, the place or the owner.


def fold(text: str) -> list[str]:
    """The words of `text` as the search sees them: lower case, without diacritics."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    words, word = [], []
    for c in plain:
        if c.isalnum() or unicodedata.category(c) == "Co":
            word.append(c)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return words


def matches(u: Unit, query: Query) -> bool:
    return (
        (not query.kinds or u.kind in query.kinds)
        and (not query.states or u.status in query.states)
        and (query.since is None or query.since <= u.date)
        and (query.until is None or u.date <= query.until)
        and (not query.owner or name_key(u.owner).startswith(name_key(query.owner)))
        and says(u, query.words)
    )


def says(u: Unit, words: Sequence[str]) -> bool:
    said = fold("\n".join((u.text, u.where, u.owner)))
    return all(any(w.startswith(part) for w in said) for word in words for part in fold(word))
