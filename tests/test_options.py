"""Every agenda key and every marker the README documents runs through the real prompts.

A test below says which keys and markers it runs with `@runs(...)`; the last tests read the
README's agenda example and its table of markers and fail when one of them has no such run.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.errors import EmptyChairError
from emptychair.files.config import shipped
from emptychair.terminal.run import run_meeting

from .conftest import ROOT, Clock, pipe_keys, screen
from .history import CHAIR_ACTION, meeting, write
from .inprocess import invoke

ENTER, DOWN = "\r", "\x1b[B"
README = (ROOT / "README.md").read_text("utf-8")
RAN: dict[str, set[str]] = {"keys": set(), "markers": set()}

F = Callable[..., None]


def runs(*names: str) -> Callable[[F], F]:
    """Mark a test as running these agenda keys (`chair.themes`) and markers (`#skip`)."""

    def mark(test: F) -> F:
        for name in names:
            RAN["markers" if name.startswith("#") else "keys"].add(name)
        return test

    return mark


def meet(path: Path, keys: PipeInput, typed: list[str], clock: Clock) -> tuple[dict[str, Any], str]:
    keys.send_text("".join(typed))
    keys.close()
    out, shown = screen()
    err, said = screen()
    written = run_meeting(path, out, err, clock=clock)
    assert written is not None, shown.getvalue() + said.getvalue()
    return tomllib.loads(written.read_text("utf-8")), shown.getvalue() + said.getvalue()


ENGLISH = """
title = "Ops weekly"
team = "Ops"
language = "en"
minutes_dir = "notes"
attendees = ["Anna", "Bram"]

[chair]
opening = false
closing = true
after_every_item = true
themes = ["feedback"]
recognition = false
remind_after = 1

[[items]]
title = "Incidents"
minutes = 7
presenter = "Anna"
description = "What broke this week."

[[items]]
title = "Backlog"
minutes = 3
chair_after = true
"""


@runs(
    "title", "team", "language", "minutes_dir", "attendees",
    "chair.opening", "chair.closing", "chair.after_every_item", "chair.themes", "chair.recognition",
    "chair.remind_after", "items.title", "items.minutes", "items.presenter", "items.description",
    "items.chair_after",
    "#agreed", "#action", "#info", "#link", "#undo", "#skip", "#end",
)  # fmt: skip
def test_an_english_meeting_with_every_chair_option(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text(ENGLISH, encoding="utf-8")
    write(tmp_path / "notes", meeting(0, chair_actions=(CHAIR_ACTION,)), meeting(1))  # open for 1 meeting
    typed = [
        ENTER,  # everyone on the list
        ENTER,  # no guests
        "p",  # the chair's action from two meetings ago: passed over
        "a plain note" + ENTER,  # Incidents
        "#agreed restart nightly" + ENTER,
        "#info the disk was full" + ENTER,
        "#link https://example.org/incident/1" + ENTER,
        "#action @bram rotate logs due:friday" + ENTER,
        "#undo" + ENTER,
        "#action @br rotate the logs due:next week" + ENTER,
        ENTER,
        "They noticed the outage first" + ENTER,  # the chair after every item
        "g",
        "post a status page @anna" + ENTER,
        ENTER,
        "left for later" + ENTER,  # Backlog
        "#skip" + ENTER,  # the chair after Backlog is passed over: it was skipped
        ENTER,  # the chair before the closing: no answer
    ]
    data, text = meet(path, keys, typed, clock)
    assert (data["title"], data["team"], data["language"]) == ("Ops weekly", "Ops", "en")
    assert (data["present"], data["absent"]) == (["Anna", "Bram"], [])
    assert "At the last meeting we promised the customer “Send invoices by mail”" in text  # remind_after = 1
    assert "presented by Anna" in text and "What broke this week." in text
    incidents, backlog = data["items"]
    assert (incidents["planned_minutes"], backlog["planned_minutes"]) == (7, 3)
    assert incidents["notes"] == ["a plain note", "the disk was full"]
    assert incidents["decisions"] == ["restart nightly"]
    assert incidents["links"] == ["https://example.org/incident/1"]
    (rotate,) = incidents["actions"]
    assert (rotate["text"], rotate["owner"], str(rotate["due"])) == ("rotate the logs", "Bram", "2026-11-30")
    assert (backlog["status"], backlog["notes"]) == ("skipped", ["left for later"])
    moments = [(c["moment"], c["after_item"]) for c in data["chair"]]
    assert moments == [("after-item", "Incidents"), ("closing", "")]
    feedback = {q.id for q in shipped("en").questions if q.theme == "feedback"}
    standard = {q.id for q in shipped("en").standard()}
    first, *rest = (c["question_id"] for c in data["chair"])
    assert first in standard and set(rest) <= feedback  # a standard question in every meeting
    assert data["chair"][0]["rating"] == "green"
    assert [a["owner"] for a in data["chair"][0]["actions"]] == ["Anna"]
    assert data["recognition"] == [] and "exemplary" not in text

    with pipe_keys() as pipe:  # the next meeting, ended in its first item
        typed = [ENTER, ENTER, "r", "#end" + ENTER, "y" + ENTER, ENTER]  # r: pass over all open actions
        data, _ = meet(path, pipe, typed, clock)
    assert [i["status"] for i in data["items"]] == ["done", "not reached"]  # reached: #end was typed in it
    assert [c["moment"] for c in data["chair"]] == ["closing"]


DUTCH = """
title = "Wekelijks overleg"
team = "Support"
language = "nl"
attendees = ["Anna", "Bram"]

[chair]
closing = false
every_minutes = 1
questions = "eigen.toml"
themes = ["webwinkel"]

[[items]]
title = "Klachten"
minutes = 1

[[items]]
title = "Planning"
minutes = 5
"""

OWN = """
schema = 1
language = "nl"
ground_rules = ["Telefoons op stil."]

[[questions]]
id = "webwinkel"
theme = "webwinkel"
text = "Wat ergert de klanten van onze webwinkel?"
follow_up = "Wat veranderen we daaraan?"

[[questions]]
id = "bezorging"
theme = "webwinkel"
text = "Wat vindt de klant van onze bezorging?"
follow_up = "Wat veranderen we daaraan?"
"""


@runs("chair.every_minutes", "chair.questions", "#besluit", "#actie", "#overslaan", "#einde")
def test_a_dutch_meeting_with_its_own_questions_and_a_timed_chair(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text(DUTCH, encoding="utf-8")
    (tmp_path / "eigen.toml").write_text(OWN, encoding="utf-8")
    typed = [
        ENTER,
        ENTER,
        ENTER,  # the chair at the opening: no answer
        "#besluit: we bellen terug" + ENTER,  # Klachten, a minute
        "#actie @an klanten bellen due:vrijdag" + ENTER,
        "#overslaan" + ENTER,
        "Ze wachten te lang" + ENTER,  # a minute has passed: the chair speaks
        ENTER,  # no rating
        ENTER,
        "#einde" + ENTER,  # Planning
        "j",
        "@bram hielp een klant op zondag" + ENTER,  # recognition, on by default
        ENTER,
    ]
    data, text = meet(path, keys, typed, clock)
    assert "Telefoons op stil." in text
    assert "Wat ergert de klanten van onze webwinkel?" in text
    klachten, planning = data["items"]
    assert (klachten["status"], klachten["decisions"]) == ("skipped", ["we bellen terug"])
    (bellen,) = klachten["actions"]
    assert (bellen["text"], bellen["owner"], str(bellen["due"])) == ("klanten bellen", "Anna", "2026-11-27")
    assert planning["status"] == "done"  # reached: #einde was typed in it
    chair = [(c["moment"], c["question_id"], c["answer"]) for c in data["chair"]]
    # a standard question first, in every meeting; then the team's own theme
    assert chair == [("opening", "irritates", ""), ("timed", "webwinkel", "Ze wachten te lang")]
    assert data["recognition"] == [{"person": "Bram", "text": "hielp een klant op zondag"}]


def test_with_nobody_on_the_list_the_meeting_asks_who_came(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text('title = "Kick-off"\nattendees = []\n[[items]]\ntitle = "Hello"\nminutes = 5\n', "utf-8")
    assert invoke(["agenda", "check", str(path)]).stdout == "ok\n"
    typed = [ENTER, "Eve, Fred" + ENTER, ENTER, "#action @fr book a room" + ENTER, ENTER, ENTER, ENTER]
    data, _ = meet(path, keys, typed, clock)
    assert (data["present"], data["guests"], data["absent"]) == ([], ["Eve", "Fred"], [])
    assert data["items"][0]["actions"][0]["owner"] == "Fred"


@pytest.mark.parametrize(
    ("chair", "said"),
    [
        ('themes = ["nope"]', "chair.themes: no questions with theme 'nope'; themes: standard, feedback"),
        ('questions = "ours.toml"', "chair.questions: "),
    ],
)
def test_agenda_check_refuses_what_run_refuses(
    tmp_path: Path, keys: PipeInput, clock: Clock, chair: str, said: str
) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text(
        f'title = "T"\nattendees = ["A"]\n[chair]\n{chair}\n[[items]]\ntitle = "I"\nminutes = 5\n'
    )
    checked = invoke(["agenda", "check", str(path)])
    assert checked.exit_code == 2 and checked.stdout.startswith(f"{path}: {said}")
    with pytest.raises(EmptyChairError) as refused:
        run_meeting(path, *[screen()[0]] * 2, clock=clock)
    assert checked.stdout == refused.value.say("en") + "\n"  # the same words, from the same checks
    assert not (tmp_path / "minutes").exists() or not any((tmp_path / "minutes").iterdir())


def test_agenda_check_names_every_problem_at_once(tmp_path: Path) -> None:
    """A broken agenda and a question set it cannot find: both in one check, not one per try."""
    path = tmp_path / "agenda.toml"
    path.write_text(
        'title = "T"\nattendees = ["A"]\n[chair]\nevery_minutes = -1\nquestions = "nope.toml"\n'
        '[[items]]\ntitle = "I"\nminutes = 5\n'
    )
    checked = invoke(["agenda", "check", str(path)])
    said = checked.stdout.splitlines()
    assert checked.exit_code == 2 and len(said) == 2, said
    assert "chair.every_minutes" in said[0] and "nope.toml" in said[1]


@runs("chair.speak")
def test_speak_in_the_agenda_on_a_machine_without_a_synthesiser(
    tmp_path: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text(
        'title = "T"\nattendees = ["A"]\n[chair]\nopening = false\nclosing = false\nrecognition = false\n'
        'speak = true\n[[items]]\ntitle = "I"\nminutes = 5\n',
        "utf-8",
    )
    monkeypatch.setitem(sys.modules, "espeakng_loader", None)  # no voice installed with pip
    monkeypatch.setenv("PATH", str(tmp_path))  # nor espeak-ng to be found: the meeting goes on silently
    data, text = meet(path, keys, [ENTER, ENTER, "said anyway" + ENTER, ENTER], clock)
    assert "the chair cannot speak: no voice is installed" in text
    assert data["items"][0]["notes"] == ["said anyway"]


def documented_keys() -> set[str]:
    """The keys of the README's agenda example, commented-out ones included, as `chair.themes`."""
    section = README.split("## Agenda format", 1)[1]
    example = re.search(r"```toml\n(.*?)```", section, re.S)
    assert example is not None
    found, table = set(), ""
    for line in example[1].splitlines():
        line = line.lstrip("# ").strip()
        if header := re.match(r"^\[+(\w+)\]+", line):
            table = header[1]
        elif key := re.match(r"^(\w+)\s*=", line):
            found.add(f"{table}.{key[1]}" if table else key[1])
    return found


def documented_markers() -> set[str]:
    section = README.split("| you type | it becomes |", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"`(#[a-z]+)", section))


def test_every_documented_agenda_key_has_a_run() -> None:
    from . import (  # noqa: F401  # their runs count too
        test_checkin,
        test_dilemma,
        test_facilitate,
        test_living_method,
        test_meeting_rating,
        test_quotes,
        test_sync,
        test_topics,
        test_vote,
    )

    keys = documented_keys()
    assert {"title", "chair.every_minutes", "items.chair_after"} <= keys  # the reading works
    assert keys - RAN["keys"] == set()
    assert keys == tomllib_keys(), "the README example is the whole format"


def test_every_documented_marker_has_a_run() -> None:
    from . import (  # noqa: F401
        test_clock,
        test_consent,
        test_facilitate,
        test_living_method,
        test_method,
        test_quotes,
        test_sync,
        test_topics,
        test_tracker,
        test_vote,
    )

    markers = documented_markers()
    assert {"#agreed", "#besluit", "#einde"} <= markers
    assert markers - RAN["markers"] == set()


def tomllib_keys() -> set[str]:
    from emptychair.core import agenda

    top = {k for k in agenda._TOP_KEYS if k not in ("chair", "closing", "items", "git", "opening", "voting")}
    tables = {f"chair.{k}" for k in agenda._CHAIR_KEYS} | {f"closing.{k}" for k in agenda._CLOSING_KEYS}
    tables |= {f"opening.{k}" for k in agenda._OPENING_KEYS} | {f"voting.{k}" for k in agenda._VOTING_KEYS}
    return top | tables | {f"items.{k}" for k in agenda._ITEM_KEYS} | {f"git.{k}" for k in agenda._GIT_KEYS}
