"""The customer on the empty chair: question sets and which question the chair asks next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from emptychair.core.agenda import Agenda, check_agenda
from emptychair.core.tomldata import Checker, Finding, parse_toml, read_toml
from emptychair.errors import EmptyChairError
from emptychair.files.data import package_data

SCHEMA = 1
STANDARD = "standard"
RECOGNITION = "recognition"  # asked at the closing, never in the rotation
EXTEND, REPLACE = "extend", "replace"


@dataclass(frozen=True)
class Question:
    id: str
    theme: str
    text: str
    follow_up: str
    seed: str = ""
    hint: str = ""  # what the chair adds, e.g. that a dilemma is asked out of curiosity, not blame


@dataclass(frozen=True)
class QuestionSet:
    language: str
    name: str
    ground_rules: tuple[str, ...]
    questions: tuple[Question, ...]

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


def shipped_languages() -> tuple[str, ...]:
    folder = package_data("prompts")
    return tuple(sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")))


def shipped(language: str) -> QuestionSet:
    """The question set that ships with emptychair for `language`."""
    if language not in shipped_languages():
        raise EmptyChairError(
            f"no question set for language {language!r}; choose one of {', '.join(shipped_languages())}"
        )
    resource = package_data("prompts").joinpath(f"{language}.toml")
    name = f"prompts/{language}.toml"
    return parse_question_set(parse_toml(resource.read_text("utf-8"), name), name)


def load_question_set(path: Path) -> QuestionSet:
    return parse_question_set(read_toml(path), str(path))


def team_set(path: Path, language: str) -> QuestionSet:
    """A team's own set: it extends the shipped set of its language (same id: replaced), or,
    with mode = "replace", stands alone."""
    data = read_toml(path)
    check = Checker(str(path))
    mode = check.choice(data, "mode", (EXTEND, REPLACE), default=EXTEND)
    check.raise_if_any()
    own = parse_question_set(data, str(path), standalone=mode == REPLACE)
    if own.language != language:
        raise EmptyChairError(f"{path}: language is {own.language!r}, but the meeting is in {language!r}")
    if mode == REPLACE:
        return own
    base = shipped(language)
    mine = {q.id: q for q in own.questions}
    merged = tuple(mine.pop(q.id, q) for q in base.questions) + tuple(mine.values())
    return QuestionSet(language, own.name or base.name, base.ground_rules + own.ground_rules, merged)


def for_agenda(agenda: Agenda) -> QuestionSet:
    """The team's own set when the agenda names one, else the shipped set of the meeting's language."""
    if agenda.questions is not None:
        return team_set(agenda.questions, agenda.language)
    return shipped(agenda.language)


@dataclass(frozen=True)
class Ready:
    """An agenda that `run` can hold a meeting on: its question set and the chair's pool."""

    agenda: Agenda
    questions: QuestionSet
    pool: tuple[Question, ...]


def check_meeting(path: Path, language: str = "en", theme: str = "") -> tuple[Agenda, Checker, Ready | None]:
    """Every check `run` makes before a meeting starts, for `run` and `agenda check` alike: the
    agenda itself, then the question set it names and the themes the chair is to ask from."""
    agenda, check = check_agenda(path, language)
    if check.findings:
        return agenda, check, None
    try:
        questions = for_agenda(agenda)
    except EmptyChairError as exc:
        check.findings.append(_Refused("chair.questions", "", {}, exc))
        return agenda, check, None
    wanted, where = ((theme,), "--theme") if theme else (agenda.themes, "chair.themes")
    for unknown in (t for t in wanted if t not in questions.themes()):
        check.problem(where, "chk_theme", theme=unknown, themes=", ".join(questions.themes()))
    if check.findings:
        return agenda, check, None
    return agenda, check, Ready(agenda, questions, questions.pool(wanted))


def ready(path: Path, language: str = "en", theme: str = "") -> Ready:
    """`check_meeting`, raising the problems it found."""
    _, check, found = check_meeting(path, language, theme)
    check.raise_if_any()
    assert found is not None
    return found


@dataclass(frozen=True, eq=False)
class _Refused(Finding):
    """A file the agenda names that cannot be used, said as that file's own error."""

    error: EmptyChairError

    def say(self, language: str) -> str:
        return f"{self.path}: {self.error.say(language)}"


def parse_question_set(data: dict[str, Any], source: str, *, standalone: bool = True) -> QuestionSet:
    check = Checker(source)
    check.known_keys(data, "", ("schema", "language", "name", "mode", "ground_rules", "questions"))
    check.whole(data, "schema", low=SCHEMA, high=SCHEMA)
    questions = check.each(
        check.tables(data, "questions"), "questions", lambda r, at: read_question(check, r, at)
    )
    ids = [q.id for q in questions]
    for n, qid in enumerate(ids, start=1):
        if qid and ids.index(qid) != n - 1:
            check.problem(f"questions[{n}].id", "chk_used_twice", id=qid)
    if standalone and not any(q.theme == STANDARD for q in questions):
        check.problem("questions", "chk_needs_standard")
    result = QuestionSet(
        language=check.text(data, "language"),
        name=check.text(data, "name", default=None if standalone else ""),
        ground_rules=check.texts(data, "ground_rules"),
        questions=questions,
    )
    check.raise_if_any()
    return result


def read_question(check: Checker, row: dict[str, Any], at: str) -> Question:
    check.known_keys(row, at, ("id", "theme", "text", "follow_up", "seed", "hint"))
    return Question(
        id=check.text(row, "id", at),
        theme=check.text(row, "theme", at),
        text=check.text(row, "text", at),
        follow_up=check.text(row, "follow_up", at),
        seed=check.text(row, "seed", at, default=""),
        hint=check.text(row, "hint", at, default=""),
    )


def question_dict(q: Question) -> dict[str, str]:
    return {
        "id": q.id,
        "theme": q.theme,
        "text": q.text,
        "follow_up": q.follow_up,
        "seed": q.seed,
        "hint": q.hint,
    }


def choose(candidates: Sequence[Question], asked: Sequence[str], count: int) -> tuple[Question, ...]:
    """Pick `count` questions, least recently asked first.

    `asked` lists question ids in the order they were asked, oldest first, across past meetings.
    A question never asked comes before any that was; ties keep the set's order. So over a few
    meetings every question is asked once before any is asked again.
    """
    if not candidates or count <= 0:
        return ()
    last_asked = {qid: n for n, qid in enumerate(asked)}
    order = sorted(candidates, key=lambda q: last_asked.get(q.id, -1))
    return tuple(order[n % len(order)] for n in range(count))


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
