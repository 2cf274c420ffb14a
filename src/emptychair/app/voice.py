"""The two voices side by side: what the team said on the customer's behalf (the chair's answers)
and what customers said (imported feedback and #customer in meetings), per theme and month."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from emptychair.core.feedback import SKIPPED, feedback_entries
from emptychair.core.gap import Gap, Spoken, Voices, gap_of, monthly_real, theme_of, theme_words
from emptychair.core.history import Answer, Unit
from emptychair.core.questions import CUSTOMER, Question
from emptychair.core.quotes import Quote
from emptychair.files.feedback import Records
from emptychair.files.folder import Unreadable


@dataclass(frozen=True)
class TwoVoices:
    """The team's voice and the customers', per theme and month, and the gap between them."""

    team: tuple[Spoken, ...]
    customers: tuple[Spoken, ...]
    gap: Gap
    months: dict[str, Voices]  # the customers' voice per month, newest first
    unreadable: tuple[Unreadable, ...] = ()


def two_voices(
    records: Records,
    answers: Sequence[Answer],
    heard: Sequence[Unit],
    questions: Sequence[Question],
    since: date | None = None,
) -> TwoVoices:
    """`answers` and `heard` (units of kind customer) as the read model has them since `since`."""
    theme = {q.id: q.theme for q in questions}
    themes = tuple(dict.fromkeys(q.theme for q in questions))
    words = theme_words((q.id, q.theme) for q in questions if q.theme != "recognition")
    view = {q.id: q.view for q in questions}
    ours: list[Spoken] = []
    customers: list[Spoken] = []
    for a in answers:
        if a.rating:
            # with a real customer present, the chair asked them its questions about the customer's
            # view (core.meeting.asks_customer): those answers are a customer's, not the team's
            theirs = a.customers_present and view.get(a.question_id) == CUSTOMER
            said = Spoken(a.date, a.rating, a.answer, theme.get(a.question_id, ""))
            (customers if theirs else ours).append(said)
    team = tuple(ours)
    quoted_at = {q.feedback: theme.get(q.question_id, "") for q in records.quotes}
    from emptychair.app.quotes import quote_of

    for e in feedback_entries(records.batches, records.decisions):
        if e.status == SKIPPED or (since is not None and e.day < since):
            continue
        q = quote_of(e)
        customers.append(
            Spoken(e.day, q.rating, q.text, quoted_at.get(q.feedback) or theme_of(q.text, words), q)
        )
    for u in heard:
        scale, _, score = u.action.partition(":")
        q = Quote(f"{u.meeting}", u.text, u.date, scale, score, "meeting")
        customers.append(Spoken(u.date, q.rating, u.text, theme_of(u.text, words), q))
    gap = gap_of(team, customers, themes)
    return TwoVoices(team, tuple(customers), gap, monthly_real(customers), records.unreadable)
