"""The chair lives the method, continued: decisions the customer notices (002), appreciation (000,
002), stories (003). Through the real prompts in both languages, minutes read back with tomllib."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput
from rich.console import Console

from emptychair.commands.meeting import TEMPLATES
from emptychair.core.minutes import FollowUp
from emptychair.files.folder import Folder
from emptychair.locale import tr

from .conftest import Clock, meet, pipe_keys
from .history import CHAIR_ACTION, meeting, monday, write
from .inprocess import emptychair, invoke
from .keys import CTRL_C, DOWN, ENTER
from .test_facilitate import agenda as facilitated
from .test_method import RATE, RATE_DONE, agenda, prompts_seen
from .test_options import runs

END = {"en": ("#end", "y"), "nl": ("#einde", "j")}
AGREED = {"en": "#agreed", "nl": "#besluit"}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_starter_agenda_checks_decisions_with_the_customer(
    tmp_path: Path, template: str, language: str
) -> None:
    """002: customer expectations lead decisions, so the check is on from the first meeting."""
    made = invoke(["init", str(tmp_path), "--lang", language, "--template", template])
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


KEPT = {
    "en": "You promised me “Send invoices by mail” — it is done. Thank you.",
    "nl": "Jullie hadden me “Send invoices by mail” beloofd, en het is gebeurd. Dank jullie wel!",
}
SHARE = {"en": "Who do we share this good result with?", "nl": "Met wie delen we dit mooie resultaat?"}
GOOD = {"en": ("Good news", "Done for the customer"), "nl": ("Goed nieuws", "Gedaan voor de klant")}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_chair_notices_a_promise_kept_and_good_results_are_shared(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    """000 and 002: appreciation for customer-focused work, and good results shared."""
    write(tmp_path / "minutes", meeting(0, chair_actions=(CHAIR_ACTION,)))
    typed = [ENTER, ENTER, RATE_DONE[language]]  # the chair's action of last time: done
    typed += ["They call us back" + ENTER, RATE[language]["green"] + ENTER, ENTER]  # Enter by habit
    typed += [ENTER, ENTER]  # the item, nothing said
    typed += ["@anna [bold]called every customer back" + ENTER, ENTER]
    data, text = meet(agenda(tmp_path, language), keys, typed, clock)
    assert data is not None
    assert [(f["action"], f["status"]) for f in data["followups"]] == [("ch1aaa", "done")]
    assert text.count(KEPT[language]) == 1 and text.count(SHARE[language]) == 1
    assert data["recognition"] == [{"person": "Anna", "text": "[bold]called every customer back"}]
    shown = emptychair(tmp_path, "minutes", "show", "--minutes", str(tmp_path / "minutes"))
    assert shown.returncode == 0, shown.stderr
    assert "[bold]called every customer back" in shown.stdout and SHARE[language] in shown.stdout
    digest = emptychair(tmp_path, "digest", "--minutes", str(tmp_path / "minutes"))
    assert digest.returncode == 0, digest.stderr
    heading, kept = GOOD[language]
    good = digest.stdout.split(heading, 1)[1]
    assert f"{kept}: “Send invoices by mail”" in good and "They call us back" in good


RECOGNIZE = {"en": "@name what they did", "nl": "@naam wat hij of zij gedaan heeft"}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_who_we_share_good_results_with_is_asked_once_every_name_is_in(
    tmp_path: Path, clock: Clock, language: str
) -> None:
    """Asked between two `@name` prompts, the question looked answered by the next one: the prompt
    for a recognition came again after it, and an answer typed there was refused or became one."""
    from emptychair.terminal.run import run_meeting

    typed = [ENTER, ENTER, "They call us back" + ENTER, RATE[language]["green"] + ENTER, ENTER]
    typed += [ENTER, ENTER]  # the item, nothing said
    typed += ["@anna called every customer back" + ENTER, "@bram stayed for the outage" + ENTER, ENTER]
    with prompts_seen() as (pipe, drawn):  # the screen and the prompts in one transcript, in order
        pipe.send_text("".join(typed))
        pipe.close()
        out = Console(file=drawn, width=100, color_system=None, highlight=False)
        written = run_meeting(agenda(tmp_path, language), out, out, clock=clock)
    assert written is not None
    data = tomllib.loads(written.read_text("utf-8"))
    assert [r["person"] for r in data["recognition"]] == ["Anna", "Bram"]
    before, *after = drawn.getvalue().split(SHARE[language])
    assert len(after) == 1 and RECOGNIZE[language] not in after[0]
    assert "★ Anna" in before and "★ Bram" in before


def test_a_promise_kept_between_meetings_is_noticed_at_the_start(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, chair_actions=(CHAIR_ACTION,)))
    Folder(folder).write_followups((FollowUp("ch1aaa", monday(0) + timedelta(days=2), "done"),), monday(0))
    data, text = meet(agenda(tmp_path, recognition=False), keys, [ENTER, ENTER, ENTER, ENTER, ENTER], clock)
    assert data is not None and data.get("followups", []) == []
    assert text.count(KEPT["en"]) == 1
    assert text.index(KEPT["en"]) < text.index(tr("en", "chair_asks"))


STORY_AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram"]

[chair]
opening = false
closing = false
recognition = false

[[items]]
title = "Story of the week"
minutes = 5
kind = "story"

[[items]]
title = "Planning"
minutes = 10
"""
STORY = {
    "en": ("#story", "unexpected", "Customer stories"),
    "nl": ("#verhaal", "onverwacht", "Klantverhalen"),
}


@runs("items.kind", "#story", "#verhaal")
@pytest.mark.parametrize("language", ["en", "nl"])
def test_customer_stories_are_told_kept_and_found_again(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    """003: a satisfied customer has no story, an enthusiastic one has: the story of the week, and
    #story in any item; voice, digest and search (is:story) find them."""
    marker, unexpected, head = STORY[language]
    path = tmp_path / "agenda.toml"
    path.write_text(STORY_AGENDA.format(language=language), "utf-8")
    typed = [
        ENTER,
        ENTER,
        "A customer [bold]called\u202e back" + ENTER,
        "we picked up at once" + ENTER,
        ENTER,
    ]
    typed += [f"{marker} They came back with a friend" + ENTER, marker + ENTER, "She wrote a card" + ENTER]
    typed += [ENTER, ENTER]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    first, planning = data["items"]
    assert first["kind"] == "story" and "kind" not in planning
    assert first["stories"] == [f"A customer [bold]called\u202e back — {unexpected}: we picked up at once"]
    assert first["notes"] == [] and planning["stories"] == [
        "They came back with a friend",
        "She wrote a card",
    ]
    assert tr(language, "story_item").split(":")[0] in text
    folder = str(tmp_path / "minutes")
    found = emptychair(tmp_path, "search", "is:story", "friend", "--minutes", folder)
    assert found.returncode == 0, found.stderr
    assert "They came back with a friend" in found.stdout and "card" not in found.stdout
    voice = emptychair(tmp_path, "voice", "--minutes", folder)
    assert voice.returncode == 0, voice.stderr
    told = voice.stdout.split(head, 1)[1]
    assert "She wrote a card" in told and "[bold]called<U+202E> back" in told and "\u202e" not in voice.stdout
    digest = emptychair(tmp_path, "digest", "--minutes", folder)
    assert "They came back with a friend" in digest.stdout.split(head, 1)[1]
    shown = emptychair(tmp_path, "minutes", "show", "--minutes", folder)
    assert "She wrote a card" in shown.stdout.split(head, 1)[1]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_item_with_a_story_and_a_consent_shows_them_again_after_a_resume_and_back(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    """What was said so far, every kind of it, when the item comes back: resumed, or with #back."""
    marker, _, _ = STORY[language]
    path = tmp_path / "agenda.toml"
    path.write_text(STORY_AGENDA.format(language=language), "utf-8")
    typed = [ENTER, ENTER, ENTER, f"{marker} They came back" + ENTER, "#accepted one list" + ENTER, CTRL_C]
    typed += [DOWN + ENTER]  # save and stop
    assert meet(path, keys, typed, clock)[0] is None
    back = "#back" if language == "en" else "#terug"
    with pipe_keys() as pipe:
        data, text = meet(
            path, pipe, ["a note" + ENTER, ENTER, back + ENTER, ENTER, ENTER, ENTER], clock, resume=True
        )
    assert data is not None
    assert data["items"][0]["stories"] == ["They came back"]
    assert text.count(tr(language, "said_so_far")) == 2  # resumed, then back: each time all of it
    assert text.count("They came back") == 2 and "one list" in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_stop_at_the_ask_first_question_asks_it_again_on_resume(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    """001 is not skipped by a Ctrl-C: the draft keeps that the question still waits for its key."""
    path = agenda(tmp_path, language, recognition=False)
    typed = [ENTER, ENTER, "They must log in" + ENTER, RATE[language]["red"], CTRL_C, DOWN + ENTER]
    data, _ = meet(path, keys, typed, clock)
    assert data is None
    with pipe_keys() as pipe:
        again = ["n", DOWN + ENTER, "turn the login off @anna" + ENTER, ENTER, ENTER, ENTER]
        data, text = meet(path, pipe, again, clock, resume=True)
    assert data is not None
    assert tr(language, "ask_first") in text
    (chair,) = data["chair"]
    assert chair["rating"] == "red"
    owners = [a["owner"] for a in chair["actions"]]
    assert owners == ["Bram", "Anna"] and chair["actions"][0]["text"].startswith(
        tr(language, "ask_first_action", answer="")[:10]
    )
