"""Which questions the chair asks next, and why: where the customer's voice is weakest.

Plain rotation asks every question in turn. The chair does better: it asks first where the customer
was heard worst. In this order:
  red       the last answer in a theme was rated red: the chair asks that question again
  slipping  a promise to the customer (an action from the chair) is overdue or open for long
  feedback  real customers gave low scores on a theme since the team last talked about it (001)
  unheard   a theme not asked for LONG meetings or more
then the rotation (least recently asked first) fills the rest. One question a theme, one pick a
question. One of the standard questions (000) still comes every meeting: when no pick is one of
them, the standard question asked longest ago goes first.

Each pick carries its reason as data (`Because`: the kind and the facts), said in a language by
`reason_line` and in JSON by `reason_json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from emptychair.core.gap import Spoken
from emptychair.core.questions import Question
from emptychair.core.quotes import RECENT_DAYS, THEME_WORDS, Quote, fits

LONG = 4  # meetings without a theme: it has not been heard for long
LOW = "red"  # a real score this low (NPS 0-6, 1-2 stars, bad) is the customer's voice at its weakest


class Why(StrEnum):
    RED = "red"
    SLIPPING = "slipping"
    FEEDBACK = "feedback"
    UNHEARD = "unheard"
    STANDARD = "standard"
    ROTATION = "rotation"


@dataclass(frozen=True)
class Because:
    """Why the chair picked a question: the kind, and the facts that say it."""

    kind: Why
    theme: str
    on: date | None = None  # red: the day it was rated; feedback: the newest low score; else last asked
    meetings: int = 0  # unheard: meetings since it was asked; slipping: meetings the action is open
    count: int = 0  # slipping: promises that slip; feedback: low scores
    action: str = ""  # slipping: the promise that slips most
    due: date | None = None  # slipping: when that promise was due, if that is past


@dataclass(frozen=True)
class Choice:
    """The question the chair asks next, and why that one."""

    question: Question
    reason: Because


@dataclass(frozen=True)
class Asked:
    """One answer the chair got (a dodged question is none): in which meeting, and how rated."""

    meeting: int  # the meetings held in order, oldest 0
    date: date
    question_id: str
    rating: str = ""


@dataclass(frozen=True)
class Promise:
    """An action from the chair that is still open."""

    question_id: str
    text: str
    age: int  # meetings held after the one it was made in
    due: date | None = None


@dataclass(frozen=True)
class Situation:
    """What the chair knows when it chooses: everything the meetings and the customers said."""

    today: date
    held: int = 0  # meetings held before this one
    asked: tuple[Asked, ...] = ()  # oldest first
    promises: tuple[Promise, ...] = ()
    customers: tuple[Spoken, ...] = ()  # real feedback, each with its theme (core.gap)
    remind_after: int = 3  # meetings an open action may age before the follow-up reminds of it
    themes: Mapping[str, str] = field(default_factory=dict)  # question id -> theme, the whole set


def choose_next(
    pool: Sequence[Question], standard: Sequence[Question], count: int, now: Situation
) -> tuple[Choice, ...]:
    """`count` questions from `pool`, each with why it was chosen (see the module)."""
    if not pool or count <= 0:
        return ()
    now = replace(now, themes={**{q.id: q.theme for q in (*pool, *standard)}, **now.themes})
    last = {a.question_id: a for a in now.asked}
    order = {a.question_id: n for n, a in enumerate(now.asked)}  # never asked first, then the oldest
    rotation = sorted(pool, key=lambda q: order.get(q.id, -1))
    picked: list[Choice] = []
    for choice in _signals(pool, rotation, now):
        if len(picked) == count:
            break
        if all(c.question.theme != choice.question.theme for c in picked):
            picked.append(choice)
    left = [q for q in rotation if all(c.question.id != q.id for c in picked)] or rotation
    n = 0
    while len(picked) < count:  # the rotation, round again when the pool is smaller than the meeting
        q = left[n % len(left)]
        picked.append(Choice(q, Because(Why.ROTATION, q.theme, on=_on(last, q.id))))
        n += 1
    central = {q.id for q in standard}
    if central and not central & {c.question.id for c in picked}:
        first = min(standard, key=lambda q: order.get(q.id, -1))
        picked = [Choice(first, Because(Why.STANDARD, first.theme, on=_on(last, first.id))), *picked[:-1]]
    return tuple(picked)


def _on(last: Mapping[str, Asked], question_id: str) -> date | None:
    return last[question_id].date if question_id in last else None


def _signals(pool: Sequence[Question], rotation: Sequence[Question], now: Situation) -> list[Choice]:
    """Every pick the chair's knowledge argues for, the weakest voice first."""
    return [*_red(pool, now), *_slipping(rotation, now), *_feedback(rotation, now), *_unheard(rotation, now)]


def _red(pool: Sequence[Question], now: Situation) -> list[Choice]:
    """The themes whose latest rated answer was red, newest first: that question again."""
    ids = {q.id: q for q in pool}
    latest: dict[str, Asked] = {}
    for a in now.asked:
        theme = now.themes.get(a.question_id, "")
        if a.rating and theme:
            latest[theme] = a
    found = [a for a in latest.values() if a.rating == "red" and a.question_id in ids]
    found.sort(key=lambda a: -a.meeting)
    return [Choice(ids[a.question_id], Because(Why.RED, ids[a.question_id].theme, on=a.date)) for a in found]


def _slipping(rotation: Sequence[Question], now: Situation) -> list[Choice]:
    """Per question (else its theme), the chair's actions that are overdue or open for long."""
    late = [
        p
        for p in now.promises
        if (p.due is not None and p.due < now.today) or (now.remind_after > 0 and p.age >= now.remind_after)
    ]
    groups: dict[str, list[Promise]] = {}
    for p in late:
        q = _question_for(rotation, p.question_id, now.themes)
        if q is not None:
            groups.setdefault(q.id, []).append(p)
    found = []
    for qid, promises in groups.items():
        worst = max(promises, key=lambda p: (_overdue(p, now.today), p.age))
        due = worst.due if worst.due is not None and worst.due < now.today else None
        q = next(q for q in rotation if q.id == qid)
        reason = Because(
            Why.SLIPPING, q.theme, meetings=worst.age, count=len(promises), action=worst.text, due=due
        )
        found.append((_overdue(worst, now.today), worst.age, Choice(q, reason)))
    found.sort(key=lambda f: (-f[0], -f[1]))
    return [c for _, _, c in found]


def _overdue(p: Promise, today: date) -> int:
    return (today - p.due).days if p.due is not None and p.due < today else 0


def _question_for(
    rotation: Sequence[Question], question_id: str, themes: Mapping[str, str]
) -> Question | None:
    """The question itself when the pool has it, else the one of its theme asked longest ago."""
    same = next((q for q in rotation if q.id == question_id), None)
    theme = themes.get(question_id, "")
    return same or next((q for q in rotation if theme and q.theme == theme), None)


def _feedback(rotation: Sequence[Question], now: Situation) -> list[Choice]:
    """Themes with low real scores in the last three months that came after the theme was last
    asked: most of them first. The question whose words fit most of them (else the one asked
    longest ago) is asked."""
    recent = now.today - timedelta(days=RECENT_DAYS)
    last_asked: dict[str, date] = {}
    for a in now.asked:
        theme = now.themes.get(a.question_id, "")
        if theme:
            last_asked[theme] = a.date
    low: dict[str, list[Spoken]] = {}
    for s in now.customers:
        if s.rating == LOW and s.theme and s.date >= recent and s.date > last_asked.get(s.theme, date.min):
            low.setdefault(s.theme, []).append(s)
    found = []
    for theme, said in low.items():
        ours = [q for q in rotation if q.theme == theme]
        if not ours:
            continue
        q = max(ours, key=lambda q: sum(fits(Quote("", s.text), THEME_WORDS.get(q.id, ())) for s in said))
        newest = max(s.date for s in said)
        found.append(Choice(q, Because(Why.FEEDBACK, theme, on=newest, count=len(said))))
    found.sort(key=lambda c: (-c.reason.count, -(c.reason.on or date.min).toordinal()))
    return found


def _unheard(rotation: Sequence[Question], now: Situation) -> list[Choice]:
    """Themes not asked for LONG meetings (never, once that many were held), longest first."""
    if now.held < LONG:
        return []
    last: dict[str, Asked] = {}
    for a in now.asked:
        theme = now.themes.get(a.question_id, "")
        if theme:
            last[theme] = a
    found = []
    for theme in dict.fromkeys(q.theme for q in rotation):
        seen = last.get(theme)
        since = now.held - 1 - seen.meeting if seen is not None else now.held
        if since >= LONG:
            q = next(q for q in rotation if q.theme == theme)
            on = seen.date if seen is not None else None
            found.append(Choice(q, Because(Why.UNHEARD, theme, on=on, meetings=since)))
    found.sort(key=lambda c: -c.reason.meetings)
    return found


# --- how the chair says why -------------------------------------------------------------------


def reason_line(lang: str, reason: Because) -> str:
    """Why, in one plain line of `lang` (the screen escapes it)."""
    from emptychair.core.quotes import day_month
    from emptychair.locale import theme_name, tr

    theme = theme_name(lang, reason.theme)
    on = day_month(lang, reason.on) if reason.on is not None else ""
    match reason.kind:
        case Why.RED:
            return tr(lang, "why_red", date=on)
        case Why.SLIPPING if reason.due is not None:
            due = day_month(lang, reason.due)
            return tr(lang, "why_overdue", count=reason.count, action=reason.action, date=due)
        case Why.SLIPPING:
            age = tr(lang, "age", count=reason.meetings)
            return tr(lang, "why_slipping", count=reason.count, action=reason.action, age=age)
        case Why.FEEDBACK:
            return tr(lang, "why_feedback", count=reason.count, date=on)
        case Why.UNHEARD if reason.on is None:
            return tr(lang, "why_never", theme=theme, meetings=reason.meetings)
        case Why.UNHEARD:
            return tr(lang, "why_unheard", theme=theme, meetings=reason.meetings, date=on)
        case Why.STANDARD:
            return tr(lang, "why_standard")
    return tr(lang, "why_rotation_on", date=on) if on else tr(lang, "why_rotation_new")


def reason_json(reason: Because) -> dict[str, Any]:
    """The reason as data: its kind and theme, then only the facts it has."""
    said: dict[str, Any] = {"kind": str(reason.kind), "theme": reason.theme}
    if reason.on is not None:
        said["on"] = reason.on.isoformat()
    if reason.kind in (Why.UNHEARD, Why.SLIPPING):
        said["meetings"] = reason.meetings
    if reason.kind in (Why.SLIPPING, Why.FEEDBACK):
        said["count"] = reason.count
    if reason.action:
        said["action"] = reason.action
    if reason.due is not None:
        said["due"] = reason.due.isoformat()
    return said


def reason_dict(reason: Because) -> dict[str, Any]:
    """The reason as a draft keeps it (TOML dates)."""
    said: dict[str, Any] = {"kind": str(reason.kind), "theme": reason.theme}
    said |= {"on": reason.on} if reason.on is not None else {}
    said |= {"meetings": reason.meetings} if reason.meetings else {}
    said |= {"count": reason.count} if reason.count else {}
    said |= {"action": reason.action} if reason.action else {}
    return said | ({"due": reason.due} if reason.due is not None else {})


def read_reason(check: Any, row: dict[str, Any], at: str) -> Because:
    """A reason as `reason_dict` wrote it (`check` is a tomldata.Checker)."""
    return Because(
        kind=Why(check.choice(row, "kind", tuple(Why), at)),
        theme=check.text(row, "theme", at, default=""),
        on=check.date(row, "on", at),
        meetings=check.whole(row, "meetings", at, low=0, high=1_000_000, default=0),
        count=check.whole(row, "count", at, low=0, high=1_000_000, default=0),
        action=check.text(row, "action", at, default=""),
        due=check.date(row, "due", at),
    )
