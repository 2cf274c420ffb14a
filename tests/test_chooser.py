"""The adaptive chair as a pure function: a table of situations, what the chair picks and why."""

from __future__ import annotations

from datetime import date

import pytest

from emptychair.core.chooser import (
    LONG,
    Asked,
    Because,
    Promise,
    Situation,
    Why,
    choose_next,
    reason_json,
    reason_line,
)
from emptychair.core.gap import Spoken
from emptychair.files.config import shipped

TODAY = date(2026, 12, 7)
SET = shipped("en")
POOL = SET.pool()
STANDARD = SET.standard()
THEMES = {q.id: q.theme for q in SET.questions}


def asked(*said: tuple[int, str, str]) -> tuple[Asked, ...]:
    """(meeting, question id, rating), the meeting's date a week apart, oldest first."""
    return tuple(
        Asked(n, date(2026, 11, 2 + 7 * n) if n < 4 else date(2026, 11, 30), q, r) for n, q, r in said
    )


EVERY_STANDARD = ((0, "irritates", "green"), (1, "attention", "green"), (2, "communication", "amber"))


def low(day: date, theme: str, text: str = "waited again, nobody called back") -> Spoken:
    return Spoken(day, "red", text, theme)


SITUATIONS = [
    # (what it is, the situation, how many, the picks as (question id, why))
    ("the first meeting: the set's order, a standard question first",
     Situation(TODAY), 3,
     [("irritates", Why.ROTATION), ("attention", Why.ROTATION), ("communication", Why.ROTATION)]),
    ("the rotation asks what was asked longest ago; a standard question comes all the same",
     Situation(TODAY, 3, asked(*EVERY_STANDARD)), 2,
     [("valued", Why.ROTATION), ("feedback_heard", Why.ROTATION)]),
    ("a theme rated red last time: that question again, first",
     Situation(TODAY, 3, asked(*EVERY_STANDARD, (2, "too_far", "red"))), 2,
     [("too_far", Why.RED), ("valued", Why.ROTATION)]),
    ("red, then green later in the same theme: no longer red",
     Situation(TODAY, 3, asked((1, "too_far", "red"), (2, "limits", "green"))), 1,
     [("irritates", Why.ROTATION)]),
    ("only one pick: a standard question wins over red",
     Situation(TODAY, 3, asked(*EVERY_STANDARD, (2, "too_far", "red"))), 1,
     [("valued", Why.STANDARD)]),
    ("a red standard question is the standard question of the meeting",
     Situation(TODAY, 3, asked(*EVERY_STANDARD[:2], (2, "communication", "red"))), 1,
     [("communication", Why.RED)]),
    ("an overdue promise to the customer: its question",
     Situation(TODAY, 3, asked(*EVERY_STANDARD), (Promise("triggers", "Practise the call", 1, date(2026, 12, 1)),)),
     2, [("triggers", Why.SLIPPING), ("valued", Why.ROTATION)]),
    ("a promise open for remind_after meetings slips too; one not yet due does not",
     Situation(TODAY, 3, asked(*EVERY_STANDARD), (Promise("story", "Tell it", 3), Promise("limits", "Soon", 1,
               date(2026, 12, 20))), remind_after=3),
     2, [("story", Why.SLIPPING), ("valued", Why.ROTATION)]),
    ("a promise whose question left the set: another of its theme",
     Situation(TODAY, 3, asked(*EVERY_STANDARD), (Promise("gone", "Old", 5),), themes={"gone": "enthusiasm"}),
     2, [("enthusiastic", Why.SLIPPING), ("valued", Why.ROTATION)]),
    ("low real scores on a theme since it was last asked: its question asked longest ago",
     Situation(TODAY, 3, asked(*EVERY_STANDARD, (1, "enthusiastic", "green")),
               customers=(low(date(2026, 12, 3), "enthusiasm"), low(date(2026, 12, 4), "enthusiasm"))),
     2, [("story", Why.FEEDBACK), ("valued", Why.ROTATION)]),
    ("low scores from before the theme was last asked, good ones, old ones, none with a theme: nothing",
     Situation(TODAY, 3, asked(*EVERY_STANDARD, (2, "enthusiastic", "green")),
               customers=(low(date(2026, 11, 1), "enthusiasm"), Spoken(TODAY, "green", "great", "feedback"),
                          low(date(2026, 8, 1), "accommodating"), low(TODAY, ""))),
     1, [("valued", Why.ROTATION)]),
    ("a theme not heard for long",
     Situation(TODAY, LONG + 2, asked((0, "too_far", "green"), *((n, "irritates", "green") for n in range(1, 6)))),
     2, [("attention", Why.STANDARD), ("feedback_heard", Why.UNHEARD)]),
    ("the weakest voice first: red, slipping, feedback, unheard, one question a theme",
     Situation(TODAY, 6, asked((0, "limits", "green"), (1, "irritates", "green"), (5, "inside_contact", "red"),
                               (5, "story", "green"), (5, "what_matters", "green")),
               (Promise("experience_change", "Call them", 4), Promise("too_far", "Ask", 3)),
               (low(TODAY, "feedback"), low(TODAY, "inside_outside"))),
     5, [("inside_contact", Why.RED), ("too_far", Why.SLIPPING), ("feedback_heard", Why.FEEDBACK),
         ("attention", Why.UNHEARD), ("communication", Why.ROTATION)]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "now", "count", "expected"), SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_the_chair_asks_where_the_customers_voice_is_weakest(
    what: str, now: Situation, count: int, expected: list[tuple[str, Why]]
) -> None:
    picked = choose_next(POOL, STANDARD, count, now)
    assert [(c.question.id, c.reason.kind) for c in picked] == expected
    assert any(c.question.theme == "standard" for c in picked)


def test_the_reason_carries_its_facts() -> None:
    now = Situation(
        TODAY,
        3,
        asked(*EVERY_STANDARD, (1, "enthusiastic", "green")),
        (
            Promise("triggers", "Practise the call", 1, date(2026, 12, 1)),
            Promise("triggers", "Write it down", 4),
        ),
        (low(date(2026, 12, 3), "enthusiasm"), low(date(2026, 12, 4), "enthusiasm")),
    )
    first, second, third = choose_next(POOL, STANDARD, 3, now)
    assert first.reason == Because(Why.SLIPPING, "feedback", meetings=1, count=2, action="Practise the call",
                                  due=date(2026, 12, 1))  # fmt: skip
    assert second.reason == Because(Why.FEEDBACK, "enthusiasm", on=date(2026, 12, 4), count=2)
    assert third.reason == Because(Why.ROTATION, "standard", on=None)
    assert reason_json(first.reason) == {"kind": "slipping", "theme": "feedback", "meetings": 1, "count": 2,
                                         "action": "Practise the call", "due": "2026-12-01"}  # fmt: skip


def test_a_pool_smaller_than_the_meeting_goes_round() -> None:
    pool = SET.pool(["enthusiasm"])
    picked = choose_next(pool, (), 3, Situation(TODAY))
    assert [c.question.id for c in picked] == ["enthusiastic", "story", "enthusiastic"]
    assert choose_next((), STANDARD, 2, Situation(TODAY)) == ()


LINES = [
    (Because(Why.RED, "standard", on=date(2026, 11, 30)),
     "we rated this red last time (30 Nov)", "vorige keer hebben we dit rood gegeven (30 nov)"),
    (Because(Why.SLIPPING, "feedback", meetings=1, count=1, action="Call", due=date(2026, 12, 1)),
     "a promise to the customer slips: “Call” was due 1 Dec",
     "een belofte aan de klant loopt achter: “Call” had op 1 dec af moeten zijn"),
    (Because(Why.SLIPPING, "feedback", meetings=4, count=2, action="Call"),
     "2 promises to the customer slip: “Call”, open for 4 meetings",
     "2 beloften aan de klant lopen achter: “Call”, al 4 overleggen open"),
    (Because(Why.FEEDBACK, "enthusiasm", on=date(2026, 12, 4), count=3),
     "customers gave 3 low scores on this since we last talked about it, the latest 4 Dec",
     "klanten hebben hier 3 lage scores op gegeven sinds we het er vorige keer over hadden, de laatste op 4 dec"),
    (Because(Why.UNHEARD, "accommodating", on=date(2026, 11, 2), meetings=5),
     "“Too accommodating?”: not heard for 5 meetings (last 2 Nov)",
     "“Te klantvriendelijk?”: al 5 overleggen niet gehoord (laatst op 2 nov)"),
    (Because(Why.UNHEARD, "feedback", meetings=6),
     "“Feedback from customers”: not heard in any of the 6 meetings so far",
     "“Feedback van klanten”: in geen van de 6 overleggen tot nu toe gehoord"),
    (Because(Why.STANDARD, "standard"), "one of the four standard questions comes every meeting",
     "elk overleg komt er een van de vier vaste vragen aan bod"),
    (Because(Why.ROTATION, "standard", on=date(2026, 11, 9)), "its turn: asked longest ago (last 9 Nov)",
     "aan de beurt: het langst niet gevraagd (laatst op 9 nov)"),
    (Because(Why.ROTATION, "story"), "its turn: not asked before", "aan de beurt: nog niet eerder gevraagd"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("reason", "en", "nl"), LINES, ids=[f"{r.kind}-{n}" for n, (r, _, _) in enumerate(LINES)]
)
def test_the_reason_is_said_in_both_languages(reason: Because, en: str, nl: str) -> None:
    assert reason_line("en", reason) == en
    assert reason_line("nl", reason) == nl
