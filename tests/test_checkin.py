"""The check-in round through the real prompts: a question for each person present after the
attendance, one line each, in the minutes, `minutes show`, the exports and the digest; the questions
do not repeat for a person until the pool is done; a resume lands on the right person."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.checkin import CheckinQuestion, choose_checkins
from emptychair.files.checkin import shipped_pool

from .conftest import Clock, meet, pipe_keys
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER
from .test_options import runs
from .test_topics import AGENDA

HOSTILE = "[bold]great[/] \x1b]0;pwned\x07 call"


def agenda(folder: Path, language: str = "en") -> Path:
    path = folder / "agenda.toml"
    text = AGENDA.format(closing="", language=language) + "\n[opening]\ncheckin = true\n"
    path.write_text(text, encoding="utf-8")
    return path


@runs("opening.checkin")
@pytest.mark.parametrize(
    ("language", "end", "yes", "heading"),
    [("en", "#end", "y", "Check-in"), ("nl", "#einde", "j", "Check-in")],
)
def test_each_person_present_answers_a_question_in_one_line(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, end: str, yes: str, heading: str
) -> None:
    path = agenda(tmp_path, language)
    typed = [ENTER, ENTER, HOSTILE + ENTER, ENTER, "a quiet week" + ENTER, end + ENTER, yes + ENTER]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    pool = {q.id: q.text for q in shipped_pool(language)}
    rows = data["checkin"]
    assert [r["person"] for r in rows] == ["Anna", "Bram", "Chris"]
    assert [r["answer"] for r in rows][1:] == ["", "a quiet week"]
    assert rows[0]["answer"].startswith("[bold]great[/] ") and "\x07" not in rows[0]["answer"]
    assert all(pool[r["question_id"]] == r["question"] for r in rows)
    assert len({r["question_id"] for r in rows}) == 3  # three people, three questions
    assert rows[0]["question"] in text and "\x1b]0;" not in text
    show = emptychair(tmp_path, "minutes", "show").stdout
    assert heading in show and "[bold]great[/]" in show and "Bram — " in show
    assert "\x1b]0;" not in show
    md = emptychair(tmp_path, "minutes", "export", "--format", "md").stdout
    assert "a quiet week" in md
    digest = emptychair(tmp_path, "digest").stdout
    assert "a quiet week" in digest and heading in digest


def test_a_resume_lands_on_the_person_whose_turn_it_was(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    typed = [ENTER, ENTER, "fine" + ENTER, "half typ", CTRL_C, DOWN + ENTER]  # Bram's turn: save, stop
    assert meet(path, keys, typed, clock)[0] is None
    with pipe_keys() as pipe:
        data, text = meet(
            path, pipe, ["ed" + ENTER, "ok" + ENTER, "#end" + ENTER, "y" + ENTER], clock, resume=True
        )
    assert data is not None
    assert [r["answer"] for r in data["checkin"]] == ["fine", "half typed", "ok"]
    assert f"Bram: {data['checkin'][1]['question']}" in text and "Anna: " not in text


def test_the_next_meeting_asks_each_person_a_question_not_asked_before(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    first, _ = meet(path, keys, [ENTER, ENTER, ENTER, ENTER, ENTER, "#end" + ENTER, "y" + ENTER], clock)
    assert first is not None
    clock.now += timedelta(days=7)
    with pipe_keys() as pipe:
        second, _ = meet(path, pipe, [ENTER, ENTER, ENTER, ENTER, ENTER, "#end" + ENTER, "y" + ENTER], clock)
    assert second is not None
    for a, b in zip(first["checkin"], second["checkin"], strict=True):
        assert a["person"] == b["person"] and a["question_id"] != b["question_id"]


def test_no_question_repeats_for_a_person_until_the_pool_is_done() -> None:
    pool = tuple(CheckinQuestion(f"q{n}", f"Question {n}?") for n in range(4))
    asked: dict[str, list[str]] = {}
    for _ in range(2):
        seen: dict[str, list[str]] = {"Anna": [], "Bram": []}
        for _ in range(4):
            for c in choose_checkins(pool, asked, ("Anna", "Bram")):
                seen[c.person].append(c.question_id)
                asked.setdefault(c.person, []).append(c.question_id)
        assert all(sorted(ids) == ["q0", "q1", "q2", "q3"] for ids in seen.values())
    assert choose_checkins((), asked, ("Anna",)) == ()


def test_both_languages_ship_the_same_questions() -> None:
    en, nl = shipped_pool("en"), shipped_pool("nl")
    assert [q.id for q in en] == [q.id for q in nl]
    assert any(q.theme == "customer" for q in en)
