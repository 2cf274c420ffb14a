"""The chair quotes real customers: which approved feedback a new meeting quotes, and the record
that it did once the minutes are written (so that no meeting quotes it again)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from emptychair.core.agenda import Agenda
from emptychair.core.feedback import APPROVED, FeedbackEntry, feedback_entries
from emptychair.core.minutes import Minutes
from emptychair.core.questions import CUSTOMER, Question
from emptychair.core.quotes import Candidate, Quote, Quoted, pick_quotes
from emptychair.files.feedback import Records, write_quotes


def quote_of(e: FeedbackEntry) -> Quote:
    item = e.item
    score = item.score
    return Quote(
        feedback=item.id,
        text=item.text or item.title,
        date=item.date,
        scale=score.scale if score else "",
        score=score.value if score else "",
        source=e.source,
    )


def chosen_quotes(
    feedback: Callable[[], Records], agenda: Agenda, questions: Sequence[Question], today: datetime
) -> tuple[Quote | None, ...]:
    """The quote for each question, in order; () when the agenda says no ([chair] quotes = false) or
    nothing approved is left to quote: the chair then asks as it always did. A question asked of the
    team's own view ("who among us …") quotes nothing."""
    if not agenda.chair_quotes:
        return ()
    records = feedback()  # the read model's: not every record parsed again
    approved = [e for e in feedback_entries(records.batches, records.decisions) if e.status == APPROVED]
    if not approved:
        return ()
    candidates = [Candidate(quote_of(e), e.day) for e in approved if e.item.text or e.item.title]
    asked = [(q.id, q.theme) if q.view == CUSTOMER else None for q in questions]
    picked = pick_quotes(asked, candidates, (q.feedback for q in records.quotes), today.date())
    return picked if any(picked) else ()


def record_quotes(folder: Path, minutes: Minutes, meeting: str, at: datetime) -> Path | None:
    """The record that the meeting `meeting` quoted what its minutes say; None when it quoted nothing."""
    quoted = tuple(
        Quoted(c.quote.feedback, meeting, at, c.question_id) for c in minutes.chair if c.quote is not None
    )
    return write_quotes(folder, quoted, at) if quoted else None
