"""The chair lives the method, continued: decisions the customer notices (002), appreciation (000,
002), stories (003). Through the real prompts in both languages, minutes read back with tomllib."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput
from typer.testing import CliRunner

from emptychair.cli import app
from emptychair.commands.meeting import TEMPLATES

from .conftest import Clock, meet
from .keys import DOWN, ENTER
from .test_facilitate import agenda as facilitated

END = {"en": ("#end", "y"), "nl": ("#einde", "j")}
AGREED = {"en": "#agreed", "nl": "#besluit"}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_starter_agenda_checks_decisions_with_the_customer(
    tmp_path: Path, template: str, language: str
) -> None:
    """002: customer expectations lead decisions, so the check is on from the first meeting."""
    made = CliRunner().invoke(app, ["init", str(tmp_path), "--lang", language, "--template", template])
    assert made.exit_code == 0, made.output
    data = tomllib.loads((tmp_path / "agenda.toml").read_text("utf-8"))
    assert data["chair"]["on_decisions"] is True


@pytest.mark.parametrize(
    ("language", "asked", "unknown", "action"),
    [
        ("en", "How will the customer notice “[bold]invoices by mail”?", "We don't know yet: we ask customers.",
         "Ask customers whether and how they notice “[bold]invoices by mail”"),
        ("nl", "Hoe gaat de klant iets merken van “[bold]invoices by mail”?",
         "Dat weten we nog niet: we vragen het klanten.",
         "Klanten vragen of en hoe ze iets merken van “[bold]invoices by mail”"),
    ],
)  # fmt: skip
def test_we_dont_know_how_the_customer_notices_a_decision_is_an_action_to_ask_them(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, asked: str, unknown: str, action: str
) -> None:
    end, yes = END[language]
    typed = [ENTER, ENTER, f"{AGREED[language]} [bold]invoices by mail" + ENTER]
    typed += ["?" + ENTER, DOWN + ENTER]  # we don't know: Bram asks them
    typed += [ENTER, f"{AGREED[language]} a status page" + ENTER, "They see it online" + ENTER, ENTER]
    typed += [end + ENTER, yes + ENTER]
    path = facilitated(tmp_path, chair="on_decisions = true", language=language)
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    assert asked in text
    checks = [(c["question"], c["answer"]) for c in data["chair"]]
    assert checks[0] == (asked, unknown) and checks[1][1] == "They see it online"
    assert [(a["text"], a["owner"]) for a in data["chair"][0]["actions"]] == [(action, "Bram")]
    assert data["chair"][1].get("actions", []) == []
    assert data["items"][0]["decisions"] == ["[bold]invoices by mail", "a status page"]
