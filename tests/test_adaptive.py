"""The adaptive chair from the outside: `prompts next` says what the next meeting asks and why,
`prompts list` and `agenda check` say it in a line, and the meeting asks the same and says why,
also after a resume. Through the real prompts in both languages, minutes read with tomllib."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.minutes import Action

from .conftest import Clock, meet, pipe_keys
from .history import meeting, write
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER
from .test_method import RATE, agenda

PROMISE = Action("ch2bbb", "Practise the [bold]call", "Bram", date(2026, 11, 1))  # overdue ever since


def history(tmp_path: Path, language: str = "en") -> Path:
    """A team of two meetings: too_far rated red, then a promise on triggers that is overdue."""
    made = emptychair(tmp_path, "init", str(tmp_path), "--lang", language)
    assert made.returncode == 0, made.stderr
    write(
        tmp_path / "minutes",
        meeting(0, question="too_far", answer="We gave a refund again", rating="red"),
        meeting(1, question="triggers", answer="Shouting on the phone", chair_actions=(PROMISE,)),
    )
    return tmp_path / "minutes"


def test_prompts_next_says_what_the_chair_asks_and_why(tmp_path: Path) -> None:
    folder = history(tmp_path)
    said = emptychair(tmp_path, "prompts", "next", "--json", "--minutes", str(folder))
    assert said.returncode == 0, said.stderr
    found = json.loads(said.stdout)
    assert found["version"] == 1 and found["language"] == "en"
    assert [(q["id"], q["why"]) for q in found["questions"]] == [
        ("too_far", {"kind": "red", "theme": "accommodating", "on": "2026-10-26"}),
        ("triggers", {"kind": "slipping", "theme": "feedback", "meetings": 0, "count": 1,
                      "action": "Practise the [bold]call", "due": "2026-11-01"}),
        ("irritates", {"kind": "rotation", "theme": "standard"}),
    ]  # fmt: skip
    assert found["questions"][0]["reason"] == "we rated this red last time (26 Oct)"


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("en", ["At the next meeting the chair asks:",
                "why: we rated this red last time (26 Oct)",
                "why: a promise to the customer slips: “Practise the [bold]call” was due 1 Nov",
                "why: its turn: not asked before"]),
        ("nl", ["In het volgende overleg vraagt de stoel:",
                "waarom: vorige keer hebben we dit rood gegeven (26 okt)",
                "waarom: een belofte aan de klant loopt achter: “Practise the [bold]call” had op 1 nov af moeten zijn",
                "waarom: aan de beurt: nog niet eerder gevraagd"]),
    ],
)  # fmt: skip
def test_prompts_next_list_and_agenda_check_say_it_in_the_teams_language(
    tmp_path: Path, language: str, lines: list[str]
) -> None:
    history(tmp_path, language)
    said = emptychair(tmp_path, "prompts", "next")
    assert said.returncode == 0, said.stderr
    shown = [line.strip() for line in said.stdout.splitlines()]
    assert shown[0] == lines[0] and shown[2::2] == lines[1:]
    first = {"en": "next question: too_far (", "nl": "volgende vraag: too_far ("}[language] + lines[1].split(
        ": ", 1
    )[1]
    listed = emptychair(tmp_path, "prompts", "list")
    assert listed.returncode == 0 and listed.stdout.splitlines()[-1] == first + ")"
    checked = emptychair(tmp_path, "agenda", "check")
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "ok\n", first + ")\n")


def test_without_minutes_the_chair_asks_in_turn(tmp_path: Path) -> None:
    emptychair(tmp_path, "init", str(tmp_path), "--lang", "en")
    found = json.loads(emptychair(tmp_path, "prompts", "next", "--json").stdout)
    assert [(q["id"], q["why"]["kind"]) for q in found["questions"]] == [
        ("irritates", "rotation"), ("attention", "rotation"), ("communication", "rotation")
    ]  # fmt: skip


WHY = {
    "en": "why: we rated this red last time (26 Oct)",
    "nl": "waarom: vorige keer hebben we dit rood gegeven (26 okt)",
}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_meeting_asks_where_it_was_red_and_says_why_also_after_a_resume(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    write(tmp_path / "minutes", meeting(0, question="communication", answer="Too formal", rating="red"))
    path = agenda(tmp_path, language)
    assert meet(path, keys, [ENTER, ENTER, CTRL_C, DOWN + ENTER], clock)[0] is None  # stopped, saved
    (draft,) = (tmp_path / "minutes" / ".drafts").iterdir()
    kept = tomllib.loads(draft.read_text("utf-8"))
    assert kept["reasons"] == [{"question": 0, "kind": "red", "theme": "standard", "on": date(2026, 10, 26)}]
    with pipe_keys() as pipe:
        typed = ["Still rather formal" + ENTER, RATE[language]["green"], "keep the Friday call @anna" + ENTER]
        data, text = meet(path, pipe, [*typed, ENTER, ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    assert [(c["question_id"], c["answer"]) for c in data["chair"]] == [
        ("communication", "Still rather formal")
    ]
    assert text.count(WHY[language]) == 1


def test_a_plain_turn_is_not_said_in_the_room(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    typed = [
        ENTER,
        ENTER,
        "They call us back" + ENTER,
        RATE["en"]["green"] + ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
    ]
    data, text = meet(agenda(tmp_path), keys, typed, clock)
    assert data is not None and data["chair"][0]["question_id"] == "irritates"
    assert "why:" not in text
