"""The chair's voice (000): a question about the customer's view asks for the answer in the
customer's words, one about the team for our own answer; a real customer among the guests
(co-creation) is asked directly, in Dutch with "u", and the minutes say who was a customer."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.agenda import Agenda, Item
from emptychair.core.line import read_guests
from emptychair.core.meeting import Attended, apply, asks_customer, start, worded
from emptychair.files.config import shipped

from .conftest import CET, Clock, meet
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER
from .test_method import agenda, prompts_seen


@pytest.mark.parametrize(
    ("typed", "guests", "customers"),
    [
        ("", (), ()),
        ("Eve", ("Eve",), ()),
        ("Eve #klant, Piet", ("Eve", "Piet"), ("Eve",)),
        ("#customer Eve de Vries , Piet #KLANT,, Eve #klant", ("Eve de Vries", "Piet", "Eve"),
         ("Eve de Vries", "Piet", "Eve")),
        ("#klant", (), ()),
    ],
)  # fmt: skip
def test_a_guest_is_marked_a_customer_with_the_customer_marker(
    typed: str, guests: tuple[str, ...], customers: tuple[str, ...]
) -> None:
    assert read_guests(typed) == (guests, customers)


def test_only_questions_about_the_customers_view_are_put_to_the_customer() -> None:
    questions = shipped("nl")
    first, team = questions.get("irritates"), questions.get("inside_contact")
    assert first is not None and team is not None
    m = start(_agenda(), (first,), datetime(2026, 11, 23, 9, tzinfo=CET))
    m = apply(m, Attended(m.started, ("Anna",), ("Eve",), ("Eve",)))
    assert asks_customer(m, first) and worded(m, first) == "Aan welk gedrag van ons irriteert u zich?"
    assert not asks_customer(m, team) and worded(m, team) == team.text
    alone = apply(start(_agenda(), (first,), m.started), Attended(m.started, ("Anna",), ("Eve",)))
    assert not asks_customer(alone, first) and worded(alone, first) == first.text


def _agenda() -> Agenda:
    return Agenda(
        "Weekly", "", "nl", Path("minutes"), ("Anna",), (Item("Planning", 10),), chair_closing=False
    )


ASKED = {
    "en": ("#customer", "Eve, today we ask you:", "Which of our behaviours irritates you?",
           "The answer of Eve, in their own words", "Welcome, Eve! Today the chair asks you directly.",
           "guests: Eve (customer)", "Our answer", "Eve, what colour would you give us here?"),
    "nl": ("#klant", "Eve, vandaag vragen we het aan u:", "Aan welk gedrag van ons irriteert u zich?",
           "Het antwoord van Eve, in eigen woorden", "Welkom, Eve! Vandaag stelt de stoel de vragen rechtstreeks aan u.",
           "gasten: Eve (klant)", "Ons antwoord", "Eve, welke kleur geeft u ons hier?"),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_customer_present_is_asked_directly_and_the_minutes_say_so_also_after_a_resume(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    marker, opening, question, label, welcome, shown, team, rate = ASKED[language]
    path = agenda(tmp_path, language, recognition=False)
    path.write_text(path.read_text("utf-8").replace("closing = false", "closing = true"), "utf-8")
    typed = [ENTER, f"Eve {marker}, Piet" + ENTER, CTRL_C, DOWN + ENTER]  # stopped at the chair, saved
    assert meet(path, keys, typed, clock, theme="feedback")[0] is None
    (draft,) = (tmp_path / "minutes" / ".drafts").iterdir()
    attended = tomllib.loads(draft.read_text("utf-8"))["events"][0]
    assert (attended["guests"], attended["customers"]) == (["Eve", "Piet"], ["Eve"])
    answered = ["You keep me waiting" + ENTER, ENTER, ENTER]  # an answer, no rating, no action
    with prompts_seen() as (pipe, drawn):
        data, text = meet(
            path, pipe, [*answered, ENTER, ENTER, *answered], clock, resume=True, theme="feedback"
        )
    assert data is not None
    assert opening in text and question in text
    labels = [line.strip() for line in drawn.getvalue().splitlines() if line.endswith("waiting")]
    assert labels[0].startswith(f"› {label}") and labels[-1].startswith(f"› {team} ")  # the team's own
    assert rate in drawn.getvalue()  # the colour too is asked of the customer at the table
    assert (data["guests"], data["customers"]) == (["Eve", "Piet"], ["Eve"])
    first, second = data["chair"]
    assert (first["question_id"], first["question"]) == ("irritates", question)
    heard = shipped(language).get("feedback_heard")
    assert heard is not None
    assert (second["question_id"], second["question"]) == ("feedback_heard", heard.text)
    said = emptychair(tmp_path, "minutes", "show", "--minutes", str(tmp_path / "minutes"))
    assert said.returncode == 0, said.stderr
    assert shown in said.stdout and welcome not in said.stdout


def test_the_room_s_screen_asks_the_customer_directly_and_says_why() -> None:
    """`emptychair screen` shows the chair's question as the meeting asks it."""
    from datetime import date

    from rich.console import Console

    from emptychair.core.chooser import Because, Why
    from emptychair.terminal.screen import chair_view

    first = shipped("nl").get("irritates")
    assert first is not None
    red = Because(Why.RED, "standard", on=date(2026, 11, 16))
    m = start(_agenda(), (first,), datetime(2026, 11, 23, 9, tzinfo=CET), reasons=(red,))
    m = apply(m, Attended(m.started, ("Anna",), ("Eve",), ("Eve",)))
    out = Console(width=100, color_system=None, record=True)
    out.print(chair_view(m, 30))
    shown = out.export_text()
    assert (
        "Eve, vandaag vragen we het aan u:" in shown and "Aan welk gedrag van ons irriteert u zich?" in shown
    )
    assert "waarom: vorige keer hebben we dit rood gegeven (16 nov)" in shown
