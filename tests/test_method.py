"""The chair lives the method: what it asks depends on what it hears (the articles in the README's
method section), through the real prompts in both languages, minutes read back with tomllib."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput
from typer.testing import CliRunner

from emptychair.cli import app
from emptychair.files.config import shipped

from .conftest import Clock, meet, pipe_keys
from .keys import ENTER

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram"]

[chair]
opening = true
closing = false
recognition = {recognition}

[[items]]
title = "Planning"
minutes = 10
"""


def agenda(folder: Path, language: str = "en", recognition: bool = True) -> Path:
    path = folder / "agenda.toml"
    text = AGENDA.format(language=language, recognition=str(recognition).lower())
    path.write_text(text, encoding="utf-8")
    return path


CHANGE = {"en": "What do we change about that behaviour?", "nl": "Wat veranderen we aan dat gedrag?"}
KEEP = {"en": "how do we keep it?", "nl": "hoe houden we dat vast?"}
NAMED = {"en": "We name them at the closing", "nl": "zetten we die in het zonnetje"}
RATE = {  # the key of each rating in the prompt
    "en": {"enthusiastic": "e", "green": "g", "amber": "a", "red": "r"},
    "nl": {"enthusiastic": "e", "green": "g", "amber": "o", "red": "r"},
}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("rating", ["enthusiastic", "green", "amber", "red"])
def test_what_goes_well_is_kept_what_does_not_is_changed(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, rating: str
) -> None:
    """003: "Leuker leidt altijd tot beter": a glad answer is not met with what we change."""
    typed = [ENTER, ENTER, "They call us back" + ENTER, RATE[language][rating] + ENTER]
    typed += ["keep the Friday call @anna" + ENTER, ENTER, ENTER, ENTER, ENTER]
    data, text = meet(agenda(tmp_path, language), keys, typed, clock)
    assert data is not None
    (chair,) = data["chair"]
    assert (chair["answer"], chair["rating"]) == ("They call us back", rating)
    assert [a["text"] for a in chair["actions"]] == ["keep the Friday call"]
    glad = rating in ("enthusiastic", "green")
    said = (KEEP[language] in text, NAMED[language] in text, CHANGE[language] in text)
    assert said == (glad, glad, not glad)


def test_a_glad_answer_names_no_one_when_the_meeting_recognises_no_one(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    typed = [ENTER, ENTER, "They call us back" + ENTER, "g" + ENTER, ENTER, ENTER, ENTER]
    data, text = meet(agenda(tmp_path, recognition=False), keys, typed, clock)
    assert data is not None and data["chair"][0]["rating"] == "green"
    assert KEEP["en"] in text and NAMED["en"] not in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_question_knows_what_we_keep(language: str) -> None:
    assert all(q.keep for q in shipped(language).questions)


def test_enthusiasm_has_its_own_mark_in_the_voice(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    typed = [ENTER, ENTER, "They tell their friends" + ENTER, "e" + ENTER, ENTER, ENTER, ENTER, ENTER]
    data, _ = meet(agenda(tmp_path), keys, typed, clock)
    assert data is not None
    result = CliRunner().invoke(app, ["voice", "--minutes", str(tmp_path / "minutes")])
    assert result.exit_code == 0, result.output
    assert "They tell their friends  ★ enthusiastic" in result.output
    assert "oldest first: ★" in result.output


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_dodged_question_comes_back(tmp_path: Path, keys: PipeInput, clock: Clock, language: str) -> None:
    """Answered with only Enter, the chair's question does not count as asked: the next meeting asks
    it again, where an answered one would make way for the next question."""
    path = agenda(tmp_path, language, recognition=False)
    first, _ = meet(path, keys, [ENTER, ENTER, ENTER, ENTER, ENTER], clock)
    assert first is not None
    assert [(c["question_id"], c["answer"]) for c in first["chair"]] == [("irritates", "")]
    with pipe_keys() as pipe:
        again, _ = meet(path, pipe, [ENTER, ENTER, "Slow replies" + ENTER, ENTER, ENTER, ENTER, ENTER], clock)
    assert again is not None and [c["question_id"] for c in again["chair"]] == ["irritates"]
    with pipe_keys() as pipe:
        after, _ = meet(path, pipe, [ENTER, ENTER, ENTER, ENTER, ENTER], clock)
    assert after is not None and [c["question_id"] for c in after["chair"]] == ["attention"]
