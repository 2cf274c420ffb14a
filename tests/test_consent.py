"""Deciding by consent through the real prompts: the proposal, a key for each person present, the
outcome; the one-line forms; a resume in the middle of the round lands on the right person."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.line import Consent, Entry, read_line
from emptychair.locale import tr

from .conftest import Clock, meet, pipe_keys
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER
from .person import end_meeting, into_first_item, line, spawn
from .test_facilitate import agenda as facilitated
from .test_options import runs
from .test_topics import agenda


@runs("#consent", "#instemming")
@pytest.mark.parametrize(
    ("language", "consent", "keys_said", "outcome", "end", "yes", "state", "note"),
    [
        ("en", "#consent", "occ", "m", "#end", "y", "amended", "Anna: ok · Bram: concern · Chris: concern"),
        (
            "nl",
            "#instemming",
            "azz",
            "g",
            "#einde",
            "j",
            "amended",
            "Anna: akkoord · Bram: zorg · Chris: zorg",
        ),
    ],
)
def test_a_consent_round_asks_each_person_then_records_the_outcome_as_a_decision(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, consent: str, keys_said: str,
    outcome: str, end: str, yes: str, state: str, note: str,
) -> None:  # fmt: skip
    path = agenda(tmp_path, language=language)
    typed = [
        ENTER,
        ENTER,
        f"{consent} we answer within a day" + ENTER,
        *keys_said,
        outcome,
        " for [bold]paying[/] customers" + ENTER,  # the amended words: the proposal, added to
        end + ENTER,
        yes + ENTER,
    ]
    data, _ = meet(path, keys, typed, clock)
    assert data is not None
    item = data["items"][0]
    assert item["decisions"] == ["we answer within a day for [bold]paying[/] customers"]
    assert item["decision_states"] == [state]
    assert note in item["notes"][0]
    (logged,) = json.loads(emptychair(tmp_path, "decisions", "--json").stdout)["decisions"]
    assert logged["state"] == state
    show = emptychair(tmp_path, "minutes", "show").stdout
    assert "[bold]paying[/] customers (" in show
    (hit,) = json.loads(emptychair(tmp_path, "search", "is:decision", "--json").stdout)["hits"]
    assert (
        hit["text"]
        == f"we answer within a day for [bold]paying[/] customers ({tr(language, 'consent_outcome_amended')})"
    )


@pytest.mark.parametrize(("language", "consent", "keys_said", "end"), [("en", "#consent", "ooo", ("#end", "y")),
                                                                     ("nl", "#instemming", "aaa", ("#einde", "j"))])  # fmt: skip
def test_what_a_consent_round_decides_gets_the_customers_check_as_any_decision(
    tmp_path: Path,
    keys: PipeInput,
    clock: Clock,
    language: str,
    consent: str,
    keys_said: str,
    end: tuple[str, str],
) -> None:
    """[chair] on_decisions: `#agreed` was followed by the customer's check, a consent round was not."""
    typed = [
        ENTER,
        ENTER,
        f"{consent} we close at five" + ENTER,
        *keys_said,
        "a",  # accepted (aangenomen)
        "They find the door locked" + ENTER,  # the chair's check, answered
        ENTER,
        f"{consent} no more hold music" + ENTER,
        *keys_said,
        "n",  # not accepted: nothing decided, nothing to check
        end[0] + ENTER,
        end[1],
    ]
    data, text = meet(
        facilitated(tmp_path, chair="on_decisions = true", language=language), keys, typed, clock
    )
    assert data is not None
    said = tr(language, "chair_check", decision="we close at five", item="Round the table")
    assert said in text and tr(language, "chair_check", decision="no more hold music", item="") not in text
    assert [(c["moment"], c["answer"]) for c in data["chair"]] == [("called", "They find the door locked")]


@runs("#accepted", "#rejected", "#aangenomen", "#verworpen")
def test_the_one_line_forms_are_decisions_with_their_state(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    typed = [
        ENTER,
        ENTER,
        "#accepted mail again" + ENTER,
        "#verworpen: a new portal" + ENTER,
        "#end" + ENTER,
        "y",
    ]
    data, _ = meet(path, keys, typed, clock)
    assert data is not None
    assert data["items"][0]["decisions"] == ["mail again", "a new portal"]
    assert data["items"][0]["decision_states"] == ["accepted", "not accepted"]
    states = [d["state"] for d in json.loads(emptychair(tmp_path, "decisions", "--json").stdout)["decisions"]]
    assert states == ["accepted", "not accepted"]


def test_a_resume_lands_in_the_round_on_the_right_person(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    typed = [
        ENTER,
        ENTER,
        "#consent mail again" + ENTER,
        "o",
        CTRL_C,
        DOWN + ENTER,
    ]  # Bram's turn: save and stop
    assert meet(path, keys, typed, clock)[0] is None
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, ["x", "o", "n", "#end" + ENTER, "y"], clock, resume=True)
    assert data is not None
    assert data["items"][0]["decision_states"] == ["not accepted"]
    assert "Anna: ok · Bram: objection · Chris: ok" in data["items"][0]["notes"][0]
    assert "Bram: objection" in text


def test_consent_needs_a_proposal() -> None:
    assert read_line("#consent: we go", ["Anna"], lambda: clock_day()) == Consent("we go")
    assert read_line("#accepted we go", ["Anna"], lambda: clock_day()) == Entry(
        "decision", "we go", state="accepted"
    )
    with pytest.raises(Exception, match="#consent"):
        read_line("#consent", ["Anna"], lambda: clock_day())


def clock_day() -> date:
    return date(2026, 11, 23)


@pytest.mark.parametrize(("language", "ok", "objection"), [("en", "o", "x"), ("nl", "a", "b")])
def test_enter_alone_in_the_round_says_nothing_for_anyone(
    tmp_path: Path, clock: Clock, language: str, ok: str, objection: str
) -> None:
    """Nobody's consent and no outcome is taken from a bare Enter: it says which keys answer, and
    the round waits for the person's own key."""
    path = agenda(tmp_path, language=language)
    end = "#end" if language == "en" else "#einde"
    yes = "y" if language == "en" else "j"
    typed = [ENTER, ENTER, "#consent mail again" + ENTER, ENTER, ok + ENTER, ENTER, objection, ok, ENTER, "a"]
    typed += [end + ENTER, yes + ENTER]
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, typed, clock)
    assert data is not None
    assert data["items"][0]["decision_states"] == ["accepted"]
    summary = text.split(tr(language, "decisions"))[-1]  # the summary names the state, as minutes show does
    assert f"mail again ({tr(language, 'consent_outcome_accepted')})" in summary
    assert f"Bram: {tr(language, 'consent_objection')}" in data["items"][0]["notes"][0]


def test_enter_alone_at_a_turn_says_which_keys_answer(team: Path) -> None:
    child = spawn(team)
    into_first_item(child)
    line(child, "#consent mail again")
    child.expect("Anna: o ok")
    child.send(ENTER)
    child.expect("Enter alone chooses nothing here: press o/c/x")
    child.send("o" + ENTER)  # the Enter typed by habit after the key: Bram's turn waits for his
    child.expect("Bram: o ok")
    child.send("c")
    child.expect("Chris: o ok")
    child.send("o")
    child.expect("Dewi: o ok")
    child.send("o" + ENTER)
    child.expect("Outcome")
    child.send(ENTER)  # not typed by habit: this one is the outcome's
    child.expect("press a/m/n")
    child.send("a")
    child.expect("accepted: mail again")
    end_meeting(child)
    (written,) = (team / "minutes").glob("*.toml")
    item = tomllib.loads(written.read_text("utf-8"))["items"][0]
    assert item["decision_states"] == ["accepted"]
    assert "Anna: ok · Bram: concern · Chris: ok · Dewi: ok" in item["notes"][0]
