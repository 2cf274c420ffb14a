"""What the chair knows when it chooses its questions (core/chooser), from the read model: the
answers and their ratings, the promises still open, what real customers said. The meeting and
`prompts next`, `prompts list` and `agenda check` ask the same chooser."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from emptychair.core.agenda import Agenda
from emptychair.core.chooser import Asked, Choice, Promise, Situation, choose_next
from emptychair.core.questions import Question, QuestionSet

if TYPE_CHECKING:
    from emptychair.files.readmodel.library import Library


def situation_of(found: Library, questions: QuestionSet, agenda: Agenda | None, today: date) -> Situation:
    from emptychair.app.voice import two_voices
    from emptychair.core.search import Query

    held = {row.name: n for n, row in enumerate(reversed(found.rows))}
    # newest meeting first, each in the chair's order; a question met with only Enter was dodged
    answers = [
        (held.get(a.meeting, -1), n, a) for n, a in enumerate(found.answers) if a.answer.strip() or a.actions
    ]
    asked = tuple(
        Asked(m, a.date, a.question_id, a.rating) for m, _, a in sorted(answers, key=lambda t: t[:2])
    )
    promises = tuple(
        Promise(t.source, t.action.text, t.age, t.action.due)
        for t in found.open_actions
        if t.origin == "chair"
    )
    heard = found.search(Query(kinds=frozenset({"customer"})))
    customers = two_voices(found.feedback_records(), (), heard, questions.questions).customers
    return Situation(
        today,
        len(held),
        asked,
        promises,
        customers,
        agenda.remind_after if agenda is not None else 3,
        {q.id: q.theme for q in questions.questions},
    )


def choices(
    folder: Path,
    questions: QuestionSet,
    pool: tuple[Question, ...],
    count: int,
    today: date,
    agenda: Agenda | None = None,
) -> tuple[Choice, ...]:
    """The questions the team's next meeting asks, with why; a folder with no minutes yet knows
    nothing, and the chair asks in turn."""
    now = Situation(today)
    if folder.is_dir():
        from emptychair.files.readmodel import open_library

        found = open_library(folder)
        try:
            now = situation_of(found, questions, agenda, today)
        finally:
            found.db.close()
    return choose_next(pool, questions.standard(), count, now)


def upcoming(folder: Path, agenda: Agenda | None, lang: str, today: date) -> tuple[Choice, ...]:
    """What the team's next meeting asks: the chair's steps its agenda plans, from the set it names;
    without an agenda, the next question of the shipped set."""
    from emptychair.core.meeting import chair_steps
    from emptychair.files.config import for_agenda, shipped

    if agenda is None:
        questions = shipped(lang)
        return choices(folder, questions, questions.pool(), 1, today)
    questions = for_agenda(agenda)
    return choices(folder, questions, questions.pool(agenda.themes), chair_steps(agenda), today, agenda)
