"""The chair lives the method: what it asks depends on what it hears (the articles in the README's
method section), through the real prompts in both languages, minutes read back with tomllib."""

from __future__ import annotations

import io
import subprocess
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from emptychair.commands.meeting import TEMPLATES
from emptychair.files.config import shipped
from emptychair.locale import tr

from .conftest import ROOT, Clock, meet, pipe_keys, screen
from .history import meeting, write
from .inprocess import invoke
from .keys import CTRL_C, DOWN, ENTER
from .person import EXE
from .test_facilitate import agenda as facilitated
from .test_facilitate import dozen
from .test_options import runs

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
KNOW = {"en": "y", "nl": "j"}
RATE_DONE = {"en": "d", "nl": "k"}  # the follow-up's key for done
YES = {"en": "y", "nl": "j"}
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
    glad = rating in ("enthusiastic", "green")
    typed = [ENTER, ENTER, "They call us back" + ENTER, RATE[language][rating]]
    typed += [] if glad else [KNOW[language]]  # before what we change: we know what the customer needs
    typed += ["keep the Friday call @anna" + ENTER, ENTER, ENTER, ENTER, ENTER]
    data, text = meet(agenda(tmp_path, language), keys, typed, clock)
    assert data is not None
    (chair,) = data["chair"]
    assert (chair["answer"], chair["rating"]) == ("They call us back", rating)
    assert [a["text"] for a in chair["actions"]] == ["keep the Friday call"]
    said = (KEEP[language] in text, NAMED[language] in text, CHANGE[language] in text)
    assert said == (glad, glad, not glad)


def test_a_glad_answer_names_no_one_when_the_meeting_recognises_no_one(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    typed = [ENTER, ENTER, "They call us back" + ENTER, "g" + ENTER, ENTER, ENTER, ENTER]  # Enter by habit
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
    result = invoke(["voice", "--minutes", str(tmp_path / "minutes")])
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


@contextmanager
def prompts_seen() -> Iterator[tuple[PipeInput, io.StringIO]]:
    """Keys from a pipe, as `pipe_keys`, and the prompts as they were drawn, as plain text."""
    drawn = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=PlainTextOutput(drawn)):
        yield pipe, drawn


@pytest.mark.parametrize(
    ("language", "customer", "team"),
    [
        ("en", "Our answer, in the customer's words", "Our answer"),
        ("nl", "Ons antwoord, in de woorden van de klant", "Ons antwoord"),
    ],
)
def test_only_a_question_about_the_customer_is_answered_on_their_behalf(
    tmp_path: Path, clock: Clock, language: str, customer: str, team: str
) -> None:
    """ "Wie van ons spreekt nooit een klant?" is the team's own answer, not the customer's."""
    path = agenda(tmp_path, language, recognition=False)
    path.write_text(path.read_text("utf-8").replace("closing = false", "closing = true"), "utf-8")
    answered = ["said" + ENTER, ENTER, ENTER]
    with prompts_seen() as (pipe, drawn):
        data, _ = meet(
            path, pipe, [ENTER, ENTER, *answered, ENTER, ENTER, *answered], clock, theme="feedback"
        )
    assert data is not None
    asked = [c["question_id"] for c in data["chair"]]
    assert asked == ["irritates", "feedback_heard"]  # a standard question, then the theme's
    views = [q.view for q in map(shipped(language).get, asked) if q is not None]
    assert views == ["customer", "team"]
    said = [line for line in drawn.getvalue().splitlines() if line.startswith(f"› {team}")]
    assert [line.startswith(f"› {customer} said") for line in said] == [True, False]
    assert said[1].startswith(f"› {team} said")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_shipped_question_says_whose_answer_it_asks(language: str) -> None:
    raw = tomllib.loads((ROOT / "prompts" / f"{language}.toml").read_text("utf-8"))
    assert all(q["view"] in ("customer", "team") for q in raw["questions"])
    who = {q["id"]: q["view"] for q in raw["questions"]}
    assert who["inside_contact"] == who["recognition"] == "team" and who["irritates"] == "customer"


@pytest.mark.parametrize(
    ("language", "done", "dropped", "reason", "end"),
    [
        ("en", "Done in this meeting: well done", "Dropped in this meeting", "x", "#end"),
        ("nl", "Klaar in dit overleg: mooi werk", "Vervallen in dit overleg", "v", "#einde"),
    ],
)
def test_well_done_is_said_of_what_was_done_not_of_what_was_dropped(
    tmp_path: Path,
    keys: PipeInput,
    clock: Clock,
    language: str,
    done: str,
    dropped: str,
    reason: str,
    end: str,
) -> None:
    write(tmp_path / "minutes", meeting(0, actions=dozen()[:2]))
    typed = [ENTER, ENTER, RATE_DONE[language], reason, "no longer asked" + ENTER, end + ENTER, YES[language]]
    data, text = meet(facilitated(tmp_path, language=language), keys, typed, clock)
    assert data is not None
    assert [f["status"] for f in data["followups"]] == ["done", "dropped"]
    praised = text.split(done, 1)[1].split(dropped, 1)
    assert "task 0" in praised[0] and "task 1" not in praised[0] and "task 1" in praised[1]


@runs("#terug", "#schrap")
def test_in_dutch_terug_goes_back_and_schrap_takes_back(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    typed = [ENTER, ENTER, "#terug" + ENTER, "eerste notitie" + ENTER, "#schrap" + ENTER, "tweede" + ENTER]
    typed += [ENTER, "#terug" + ENTER, ENTER, ENTER, ENTER]
    data, text = meet(facilitated(tmp_path, language="nl"), keys, typed, clock)
    assert data is not None
    assert "er is geen punt vóór dit punt" in text  # #terug in the first item: back, not undo
    assert "de laatste regel is teruggenomen: notitie: eerste notitie" in text
    assert text.count("Punt 1 van 2") == 2  # #terug in Planning: the first item again
    assert data["items"][0]["notes"] == ["tweede"]
    assert "#schrap" in tr("nl", "item_help") and "#terug: het punt ervoor" in tr("nl", "item_help_more")


@pytest.mark.parametrize(
    ("language", "asked", "action"),
    [
        ("en", "What does the customer really need here, and did we ask them?",
         "Ask three customers what they really need (about “They must log in”)"),
        ("nl", "Wat heeft de klant hier echt nodig, en hebben we het gevraagd?",
         "Drie klanten vragen wat ze echt nodig hebben (over “They must log in”)"),
    ],
)  # fmt: skip
def test_not_knowing_what_the_customer_needs_is_one_key_to_ask_three(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, asked: str, action: str
) -> None:
    """001: "Kom niet te snel met oplossingen … vraag eerst goed (door)": before what we change."""
    typed = [ENTER, ENTER, "They must log in" + ENTER, RATE[language]["red"], "n", DOWN + ENTER]
    typed += ["turn the login off for invoices @anna" + ENTER, ENTER, ENTER, ENTER]
    data, text = meet(agenda(tmp_path, language, recognition=False), keys, typed, clock)
    assert data is not None
    assert asked in text and text.index(asked) < text.index(CHANGE[language])
    (chair,) = data["chair"]
    got = [(a["text"], a["owner"]) for a in chair["actions"]]
    assert got == [(action, "Bram"), ("turn the login off for invoices", "Anna")]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_in_every_language_passes_the_check(
    tmp_path: Path, template: str, language: str
) -> None:
    made = invoke(["init", str(tmp_path), "--lang", language, "--template", template])
    assert made.exit_code == 0, made.output
    checked = invoke(["agenda", "check", str(tmp_path / "agenda.toml")])
    assert checked.exit_code == 0 and checked.stdout.strip() == "ok", checked.output
    data = tomllib.loads((tmp_path / "agenda.toml").read_text("utf-8"))
    assert data["language"] == language and (tmp_path / "minutes").is_dir()
    if template == "one-on-one":  # 000: customer focus as an agenda point in performance reviews
        assert any(w in i["title"] for i in data["items"] for w in ("Customer focus", "Klantgerichtheid"))
    if template == "dilemma":  # 004: dilemmas discussed in the chair's own theme
        assert data["chair"]["themes"] == ["accommodating"]


def test_an_unknown_template_is_one_line(tmp_path: Path) -> None:
    said = subprocess.run(
        [str(EXE), "init", str(tmp_path), "--template", "standup"], capture_output=True, text=True
    )
    assert (said.returncode, said.stdout) == (2, "")
    assert (
        said.stderr == "emptychair: no template 'standup'; choose one of weekly, one-on-one, dilemma, retro\n"
    )
    assert not (tmp_path / "agenda.toml").exists()


@pytest.mark.parametrize(("rating", "asked"), [("g", KEEP["en"]), ("a", CHANGE["en"])])
def test_the_projector_shows_what_the_chair_asks_after_the_rating(
    tmp_path: Path, keys: PipeInput, clock: Clock, rating: str, asked: str
) -> None:
    """The room's screen follows the chair: after green what we keep, after amber what we change."""
    from emptychair.files.draft import load_draft
    from emptychair.terminal.screen import chair_view

    typed = [ENTER, ENTER, "They call us back" + ENTER, rating, *([] if rating == "g" else ["y"])]
    typed += [CTRL_C, DOWN + ENTER]  # stopped at the actions: saved
    data, _ = meet(agenda(tmp_path), keys, typed, clock)
    assert data is None
    (draft,) = (tmp_path / "minutes" / ".drafts").iterdir()
    m = load_draft(draft.read_text("utf-8"), draft.name).meeting()
    out, shown = screen()
    out.print(chair_view(m, 30))
    assert asked in shown.getvalue()
