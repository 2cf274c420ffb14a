"""The customer on the empty chair: question sets and which question the chair asks next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal, get_args

from emptychair.core.agenda import Agenda
from emptychair.core.minutes import GOOD_RATINGS, Rating
from emptychair.core.tomldata import Checker
from emptychair.errors import EmptyChairError

SCHEMA = 1
STANDARD = "standard"
RECOGNITION = "recognition"  # asked at the closing, never in the rotation
EXTEND, REPLACE = "extend", "replace"
# Whose answer a question asks for: the customer's view, answered on the customer's behalf, or the
# team's own ("Wie van ons spreekt nooit een klant?" has no answer on the customer's behalf).
View = Literal["customer", "team"]
VIEWS: tuple[View, ...] = get_args(View)
CUSTOMER: View = "customer"


@dataclass(frozen=True)
class Question:
    """One of the chair's questions, in one language."""

    id: str
    theme: str
    text: str
    follow_up: str
    seed: str = ""
    hint: str = ""  # what the chair adds, e.g. that a dilemma is asked out of curiosity, not blame
    keep: str = ""  # asked instead of `follow_up` when the customer is glad: what we keep doing (003)
    view: View = CUSTOMER
    direct: str = ""  # the question put to a real customer present, in Dutch with "u" (000: co-creation)

    def follow_up_after(self, rating: Rating) -> str:
        """What the chair asks once the answer is rated: "it can always be better" after a green
        answer demotivates (003), so what goes well is asked how we keep it, the rest what we change."""
        return self.keep if rating in GOOD_RATINGS and self.keep else self.follow_up


@dataclass(frozen=True)
class QuestionSet:
    """The chair's questions of one language, and the ground rules."""

    language: str
    name: str
    ground_rules: tuple[str, ...]
    questions: tuple[Question, ...]
    keep: str = ""  # the follow-up on a green answer for the questions that name none of their own

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def standard(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.theme == STANDARD)

    def themes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.theme for q in self.questions))

    def pool(self, themes: Sequence[str] = ()) -> tuple[Question, ...]:
        """The questions the chair rotates through: the themes asked for, else all but recognition."""
        if themes:
            unknown = [t for t in themes if t not in self.themes()]
            if unknown:
                raise EmptyChairError(
                    f"no questions with theme {unknown[0]!r}; themes: {', '.join(self.themes())}"
                )
            return tuple(q for q in self.questions if q.theme in themes)
        return tuple(q for q in self.questions if q.theme != RECOGNITION)

    def recognition(self) -> Question | None:
        return next((q for q in self.questions if q.theme == RECOGNITION), None)


def combine(base: QuestionSet, own: QuestionSet) -> QuestionSet:
    """A team's set that extends `base`: a question with the same id replaces the shipped one."""
    keep = own.keep or base.keep
    mine = {q.id: _keeping(q, keep) for q in own.questions}
    merged = tuple(mine.pop(q.id, q) for q in base.questions) + tuple(mine.values())
    return QuestionSet(
        base.language, own.name or base.name, base.ground_rules + own.ground_rules, merged, keep
    )


def _keeping(q: Question, keep: str) -> Question:
    return q if q.keep or not keep else replace(q, keep=keep)


def unknown_themes(questions: QuestionSet, wanted: Sequence[str]) -> list[str]:
    return [t for t in wanted if t not in questions.themes()]


@dataclass(frozen=True)
class Ready:
    """An agenda that `run` can hold a meeting on: its question set and the chair's pool."""

    agenda: Agenda
    questions: QuestionSet
    pool: tuple[Question, ...]


def parse_question_set(data: dict[str, Any], source: str, *, standalone: bool = True) -> QuestionSet:
    check = Checker(source)
    check.known_keys(data, "", ("schema", "language", "name", "mode", "ground_rules", "keep", "questions"))
    check.whole(data, "schema", low=SCHEMA, high=SCHEMA)
    questions = check.each(
        check.tables(data, "questions"), "questions", lambda r, at: read_question(check, r, at)
    )
    ids = [q.id for q in questions]
    for n, qid in enumerate(ids, start=1):
        if qid and ids.index(qid) != n - 1:
            check.report(f"questions[{n}].id", "chk_used_twice", id=qid)
    if standalone and not any(q.theme == STANDARD for q in questions):
        check.report("questions", "chk_needs_standard")
    keep = check.text(data, "keep", default="")
    result = QuestionSet(
        language=check.text(data, "language"),
        name=check.text(data, "name", default=None if standalone else ""),
        ground_rules=check.texts(data, "ground_rules"),
        questions=tuple(_keeping(q, keep) for q in questions),
        keep=keep,
    )
    check.raise_if_any()
    return result


def read_question(check: Checker, row: dict[str, Any], at: str) -> Question:
    check.known_keys(row, at, ("id", "theme", "text", "follow_up", "seed", "hint", "keep", "view", "direct"))
    return Question(
        id=check.text(row, "id", at),
        theme=check.text(row, "theme", at),
        text=check.text(row, "text", at),
        follow_up=check.text(row, "follow_up", at),
        seed=check.text(row, "seed", at, default=""),
        hint=check.text(row, "hint", at, default=""),
        keep=check.text(row, "keep", at, default=""),
        view=check.choice(row, "view", VIEWS, at, default=CUSTOMER),
        direct=check.text(row, "direct", at, default=""),
    )


def question_dict(q: Question) -> dict[str, str]:
    said = {
        "id": q.id,
        "theme": q.theme,
        "text": q.text,
        "follow_up": q.follow_up,
        "seed": q.seed,
        "hint": q.hint,
    }
    said |= {"keep": q.keep} if q.keep else {}  # drafts from before these fields read the same
    said |= {"direct": q.direct} if q.direct else {}
    return said | ({"view": q.view} if q.view != CUSTOMER else {})


def choose(
    candidates: Sequence[Question], asked: Sequence[str], count: int, standard: Sequence[Question] = ()
) -> tuple[Question, ...]:
    """Pick `count` questions, least recently asked first.

    `asked` lists question ids in the order they were asked, oldest first, across past meetings.
    A question never asked comes before any that was; ties keep the set's order. So over a few
    meetings every question is asked once before any is asked again. The `standard` questions stay
    central: when none of them is among the picks, the least recently asked one goes first (the
    first chair step is the one most surely reached), and the others move up.
    """
    if not candidates or count <= 0:
        return ()
    last_asked = {qid: n for n, qid in enumerate(asked)}
    order = sorted(candidates, key=lambda q: last_asked.get(q.id, -1))
    picked = tuple(order[n % len(order)] for n in range(count))
    central = {q.id for q in standard}
    if central and not central & {q.id for q in picked}:
        first = min(standard, key=lambda q: last_asked.get(q.id, -1))
        picked = (first, *picked[:-1])
    return picked


@dataclass(frozen=True)
class Recall:
    """What the team last told the chair on one question: the chair brings it up when it asks again."""

    date: date
    answer: str
    open_actions: tuple[tuple[str, str, str], ...]  # (id, text, owner) still open today


def recalls(
    asked: Sequence[tuple[date, str, str, tuple[str, ...]]], open_ids: dict[str, tuple[str, str]]
) -> dict[str, Recall]:
    """The last non-empty answer to each question, from (date, question id, answer, action ids) in
    the order they were given, with the actions of that answer that are still open."""
    found: dict[str, Recall] = {}
    for day, qid, answer, action_ids in asked:
        if answer:
            still = tuple((i, *open_ids[i]) for i in action_ids if i in open_ids)
            found[qid] = Recall(day, answer, still)
    return found
