"""The team's files that set up a meeting: the agenda, the question set it names, the shipped sets.

Reading them is here; what they mean is checked in core (agenda, questions), so `run` and
`agenda check` make the very same checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emptychair.core.agenda import Agenda, parse_agenda
from emptychair.core.questions import (
    EXTEND,
    REPLACE,
    QuestionSet,
    Ready,
    combine,
    parse_question_set,
    unknown_themes,
)
from emptychair.core.tomldata import Checker, Finding, parse_toml
from emptychair.errors import EmptyChairError, problem
from emptychair.files.data import package_data, read_text


def read_toml(path: Path) -> dict[str, Any]:
    """Load a TOML file; every way it can fail becomes one EmptyChairError naming the file."""
    return parse_toml(read_text(path), str(path))


def load_agenda(path: Path, language: str = "en") -> Agenda:
    """Read and check an agenda file; raises EmptyChairError naming the first problem.

    `language` is used when the agenda names none (from --lang or the locale).
    """
    agenda, check = check_agenda(path, language)
    check.raise_if_any()
    return agenda


def check_agenda(path: Path, language: str = "en") -> tuple[Agenda, Checker]:
    """Read an agenda and collect every problem in it (for `agenda check`)."""
    data = read_toml(path)
    check = Checker(str(path))
    return parse_agenda(data, check, base=path.parent, language=language), check


def starter_agenda(language: str, template: str = "weekly") -> str:
    """The agenda `init` writes for a team of `language` from `template`, as the text of its file."""
    starter = package_data("starter")
    return (
        (starter if template == "weekly" else starter / template)
        .joinpath(f"{language}.toml")
        .read_text("utf-8")
    )


def shipped_languages() -> tuple[str, ...]:
    folder = package_data("prompts")
    return tuple(sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")))


def shipped(language: str) -> QuestionSet:
    """The question set that ships with emptychair for `language`."""
    if language not in shipped_languages():
        raise problem("err_language", lang=language, languages=", ".join(shipped_languages()))
    resource = package_data("prompts").joinpath(f"{language}.toml")
    name = f"prompts/{language}.toml"
    return parse_question_set(parse_toml(resource.read_text("utf-8"), name), name)


def team_set(path: Path, language: str) -> QuestionSet:
    """A team's own set: it extends the shipped set of its language (same id: replaced), or,
    with mode = "replace", stands alone."""
    data = read_toml(path)
    check = Checker(str(path))
    mode = check.choice(data, "mode", (EXTEND, REPLACE), default=EXTEND)
    check.raise_if_any()
    own = parse_question_set(data, str(path), standalone=mode == REPLACE)
    if own.language != language:
        raise problem("err_set_other_language", path=str(path), set=own.language, meeting=language)
    return own if mode == REPLACE else combine(shipped(language), own)


def for_agenda(agenda: Agenda) -> QuestionSet:
    """The team's own set when the agenda names one, else the shipped set of the meeting's language."""
    if agenda.questions is not None:
        return team_set(agenda.questions, agenda.language)
    return shipped(agenda.language)


def check_meeting(path: Path, language: str = "en", theme: str = "") -> tuple[Agenda, Checker, Ready | None]:
    """Every check `run` makes before a meeting starts, for `run` and `agenda check` alike: the
    agenda itself, then the question set it names and the themes the chair is to ask from."""
    agenda, check = check_agenda(path, language)
    try:
        questions = for_agenda(agenda)
    except EmptyChairError as exc:
        check.findings.append(_Refused("chair.questions", "", {}, exc))
        return agenda, check, None
    wanted, where = ((theme,), "--theme") if theme else (agenda.themes, "chair.themes")
    for unknown in unknown_themes(questions, wanted):
        check.report(where, "chk_theme", theme=unknown, themes=", ".join(questions.themes()))
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
