"""The check-in round at the opening: after the attendance each person present answers one question
from a pool, in one line. A person gets a question they were not asked before until every question
of the pool was put to them; then the pool starts over, the least asked first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from emptychair.core.tomldata import Checker

SCHEMA = 1


@dataclass(frozen=True)
class CheckinQuestion:
    """A question of the check-in round at the start of a meeting."""

    id: str  # the same in every language
    text: str
    theme: str = ""  # "customer": tied to the customer on the empty chair


@dataclass(frozen=True)
class Checkin:
    """One person's turn: the question put to them and, once said, their line."""

    person: str
    question_id: str
    question: str
    answer: str = ""


def choose_checkins(
    pool: Sequence[CheckinQuestion], asked: Mapping[str, Sequence[str]], people: Sequence[str]
) -> tuple[Checkin, ...]:
    """A question for each person: one asked least often to them (never twice before the pool is
    done); of those the one asked longest ago; of equals the next in the pool after the one asked
    last, so that two people rarely get the same question."""
    if not pool:
        return ()
    ids = [q.id for q in pool]
    chosen = []
    for n, person in enumerate(people):
        before = [i for i in asked.get(person, ()) if i in ids]
        counts = {i: before.count(i) for i in ids}
        last = {i: max((k for k, b in enumerate(before) if b == i), default=-1) for i in ids}
        start = (ids.index(before[-1]) + 1) if before else n
        order = ids[start % len(ids) :] + ids[: start % len(ids)]
        pick = min(order, key=lambda i: (counts[i], last[i] if counts[i] else 0, order.index(i)))
        q = pool[ids.index(pick)]
        chosen.append(Checkin(person, q.id, q.text))
    return tuple(chosen)


def parse_pool(data: dict[str, Any], source: str) -> tuple[CheckinQuestion, ...]:
    check = Checker(source)
    check.known_keys(data, "", ("schema", "language", "questions"))
    check.whole(data, "schema", low=SCHEMA, high=SCHEMA)
    pool = check.each(
        check.tables(data, "questions"),
        "questions",
        lambda r, at: CheckinQuestion(
            check.text(r, "id", at), check.text(r, "text", at), check.text(r, "theme", at, default="")
        ),
    )
    check.raise_if_any()
    return pool


def checkin_dict(c: Checkin) -> dict[str, Any]:
    return {"person": c.person, "question_id": c.question_id, "question": c.question, "answer": c.answer}


def read_checkins(check: Checker, data: dict[str, Any]) -> tuple[Checkin, ...]:
    return check.each(
        check.tables(data, "checkin"),
        "checkin",
        lambda r, at: Checkin(
            check.text(r, "person", at),
            check.text(r, "question_id", at, default=""),
            check.text(r, "question", at, default=""),
            check.text(r, "answer", at, default=""),
        ),
    )
