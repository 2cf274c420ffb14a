"""What the read side keeps of the chair and the closing, from meetings held through the real
prompts: the person recognised (search and voice), each question the chair asked about one item on
its own line with its own answers, and the closing's question counted each time it was asked."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.files.config import shipped
from emptychair.locale import tr

from .conftest import Clock, meet, pipe_keys
from .inprocess import emptychair
from .keys import ENTER

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram", "Fatima"]

[chair]
opening = false
closing = false

[[items]]
title = "Round the table"
minutes = 5

[[items]]
title = "Planning"
minutes = 10
"""
WORDS = {"en": ("#chair", "#end", "y", "a"), "nl": ("#stoel", "#einde", "j", "o")}


def read(folder: Path, *args: str) -> str:
    done = emptychair(folder, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_recognised_person_and_every_question_asked_reach_search_and_voice(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    (tmp_path / "agenda.toml").write_text(AGENDA.format(language=language), encoding="utf-8")
    chair, end, yes, amber = WORDS[language]
    typed = [
        ENTER,
        ENTER,
        chair + ENTER,  # about Round the table
        "they like [bold]it" + ENTER,
        amber,  # its colour, one key
        yes + ENTER,  # we know what the customer needs (the Enter typed by habit: dropped)
        ENTER,  # no action
        ENTER,
        ENTER,  # nothing noted in it: the second Enter moves on
        chair + ENTER,  # about Planning
        "planning hurts" + ENTER,
        amber,
        yes + ENTER,
        ENTER,
        end + ENTER,
        yes,
        "@fat kept a customer [bold]calm" + ENTER,  # the closing asks who did something exemplary
        ENTER,
    ]
    first, _ = meet(tmp_path / "agenda.toml", keys, typed, clock)
    with pipe_keys() as pipe:  # the next meeting: the closing asks again, and nobody is named
        typed = [ENTER, ENTER, end + ENTER, yes + ENTER, ENTER]
        second, _ = meet(tmp_path / "agenda.toml", pipe, typed, clock)
    assert first is not None and second is not None
    question = shipped(language).recognition()
    assert question is not None
    assert first["recognition"] == [{"person": "Fatima", "text": "kept a customer [bold]calm"}]
    assert first["recognition_question"] == second["recognition_question"] == question.text
    assert second["recognition"] == []
    for written in (tmp_path / "minutes").glob("*.toml"):
        tomllib.loads(written.read_text("utf-8"))

    for query in (["@fatima", "is:recognition"], ["@FAT"], ["calm", "@fatima"], ["is:recognition"]):
        found = read(tmp_path, "search", *query)
        assert "kept a customer [bold]calm  @Fatima" in found, query
    assert read(tmp_path, "search", "@anna", "is:recognition") == ""
    hits = json.loads(read(tmp_path, "search", "@fatima", "--json"))["hits"]
    assert [(h["kind"], h["owner"]) for h in hits] == [("recognition", "Fatima")]

    voice = read(tmp_path, "voice")
    assert tr(language, "recognitions_total", count=1, people="Fatima") in voice
    lines = voice.splitlines()

    def answers_to(asked: str) -> list[str]:
        at = next(n for n, line in enumerate(lines) if line.startswith(asked[:70]))
        return [line.strip() for line in lines[at + 1 :] if line.startswith("  ")][
            : lines[at + 1 :].index("")
        ]

    table = tr(language, "chair_on_call", item="Round the table")
    planning = tr(language, "chair_on_call", item="Planning")
    assert f"{table}  ({tr(language, 'voice_asked', count=1)})" in voice
    assert f"{planning}  ({tr(language, 'voice_asked', count=1)})" in voice
    # each answer on a line of its own (after the colours' line), with the colour it was given
    assert [a.split("  ")[1] for a in answers_to(table) if a[:4].isdigit()] == ["they like [bold]it"]
    assert [a.split("  ")[1] for a in answers_to(planning) if a[:4].isdigit()] == ["planning hurts"]
    asked_twice = f"{question.text} ({tr(language, 'voice_asked', count=2)})"
    assert asked_twice in " ".join(voice.split())  # the line may wrap
    assert [a.split("  ", 1)[1] for a in answers_to(question.text)] == [
        tr(language, "voice_nobody_named"),
        "Fatima: kept a customer [bold]calm",
    ]
    told = json.loads(read(tmp_path, "voice", "--json"))
    closing = [a for a in told["answers"] if a["question_id"] == "recognition"]
    assert [(a["moment"], a["answer"]) for a in closing] == [
        ("closing", ""),
        ("closing", "Fatima: kept a customer [bold]calm"),
    ]
    assert [r["person"] for r in told["recognitions"]] == ["Fatima"]
