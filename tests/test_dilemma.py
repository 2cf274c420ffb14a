"""The dilemma round (004): reflect together on a case told without names, practise the
conversation, and bring the theme back from curiosity, not blame. Through the real prompts in both
languages, minutes read back with tomllib."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.dilemma import Dilemma, Reflected, dilemma_due, meetings_since, next_part, reflect
from emptychair.locale import tr

from .conftest import Clock, meet, pipe_keys
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER
from .test_options import runs

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram"]

[chair]
opening = false
closing = false
recognition = false

[[items]]
title = "Dilemma"
minutes = 15
kind = "dilemma"
practice_minutes = 3

[[items]]
title = "Planning"
minutes = 10
"""
YES = {"en": "y", "nl": "j"}
HEAD = {"en": "Dilemmas", "nl": "Dilemma's"}


def flat(text: str) -> str:
    """The screen with its line wrapping undone."""
    return " ".join(text.split())


def agenda(tmp_path: Path, language: str, text: str = AGENDA) -> Path:
    path = tmp_path / "agenda.toml"
    path.write_text(text.format(language=language), "utf-8")
    return path


def round_keys(language: str) -> list[str]:
    """A whole round: the case, the three questions, a practice with Bram as the customer, what we
    take away, made an action for Bram."""
    yes = YES[language]
    return [
        "Gave one [bold]screw\u202e from a box of a hundred" + ENTER,
        "One screw, today" + ENTER,
        "We sell boxes; small parts sit at the counter" + ENTER,
        "Send them to the counter with the loose parts" + ENTER,
        yes,
        DOWN + ENTER,  # Bram plays the customer
        "Offering the counter felt odd at first" + ENTER,
        "Show the loose-parts counter" + ENTER,
        yes,
        DOWN + ENTER,  # Bram takes it up
    ]


@runs("items.kind", "items.practice_minutes")
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_dilemma_round_reflects_practises_and_takes_something_away(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    path = agenda(tmp_path, language)
    typed = [ENTER, ENTER, *round_keys(language), ENTER, ENTER, ENTER]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    first, planning = data["items"]
    said = first["dilemma"]
    assert said["case"] == "Gave one [bold]screw\u202e from a box of a hundred"
    assert said["needed"] == "One screw, today"
    assert said["intends"].startswith("We sell boxes")
    assert said["other"].startswith("Send them")
    assert said["player"] == "Bram" and said["practice_minutes"] >= 1
    assert said["practice_note"].startswith("Offering")
    assert said["takeaway"] == "Show the loose-parts counter"
    (action,) = first["actions"]
    assert action["text"] == "Show the loose-parts counter" and action["owner"] == "Bram"
    assert said["action"] == action["id"]
    assert first["kind"] == "dilemma" and "dilemma" not in planning
    for key in ("dilemma_item", "dilemma_needed", "dilemma_intends", "dilemma_other", "dilemma_takeaway"):
        assert tr(language, key) in flat(text), key
    assert tr(language, "dilemma_practice_go", player="Bram", minutes=3) in flat(text)
    folder = str(tmp_path / "minutes")
    found = emptychair(tmp_path, "search", "is:dilemma", "screw", "--minutes", folder)
    assert found.returncode == 0, found.stderr
    assert "loose-parts counter" in found.stdout and "\u202e" not in found.stdout
    voice = emptychair(tmp_path, "voice", "--minutes", folder)
    assert voice.returncode == 0, voice.stderr
    told = voice.stdout.split(HEAD[language], 1)[1]
    assert "[bold]screw<U+202E>" in told and "\u202e" not in voice.stdout
    shown = emptychair(tmp_path, "minutes", "show", "--minutes", folder)
    part = shown.stdout.split(HEAD[language], 1)[1]
    assert tr(language, "dilemma_takeaway_label") in part and "One screw, today" in part
    exported = emptychair(tmp_path, "minutes", "export", "--format", "md", "--minutes", folder)
    assert exported.returncode == 0, exported.stderr
    assert "Send them to the counter" in exported.stdout


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_case_and_no_practice_leave_a_plain_item(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    path = agenda(tmp_path, language)
    typed = [ENTER, ENTER, ENTER, ENTER, ENTER, ENTER, ENTER]  # no case: the item goes on as any other
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    assert "dilemma" not in data["items"][0]
    assert tr(language, "dilemma_none") in flat(text) and tr(language, "dilemma_needed") not in flat(text)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_stop_in_the_middle_of_the_round_resumes_on_the_part_that_was_next(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    path = agenda(tmp_path, language)
    whole = round_keys(language)
    typed = [ENTER, ENTER, *whole[:2], "We sell bo", CTRL_C, DOWN + ENTER]  # stopped while typing
    data, _ = meet(path, keys, typed, clock)
    assert data is None
    with pipe_keys() as pipe:
        # the half-typed answer is back in the prompt where it stopped
        again = ["xes; small parts sit at the counter" + ENTER, *whole[3:], ENTER, ENTER, ENTER]
        data, text = meet(path, pipe, again, clock, resume=True)
    assert data is not None
    said = data["items"][0]["dilemma"]
    assert said["case"].startswith("Gave one") and said["needed"] == "One screw, today"
    assert said["intends"] == "We sell boxes; small parts sit at the counter"
    assert said["takeaway"] == "Show the loose-parts counter"
    assert tr(language, "dilemma_needed") not in flat(text)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_stop_in_the_practice_resumes_in_the_practice(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    path = agenda(tmp_path, language)
    whole = round_keys(language)
    typed = [ENTER, ENTER, *whole[:6], CTRL_C, DOWN + ENTER]
    data, _ = meet(path, keys, typed, clock)
    assert data is None
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, [*whole[6:], ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    said = data["items"][0]["dilemma"]
    assert said["player"] == "Bram" and said["practice_note"].startswith("Offering")
    assert tr(language, "dilemma_intends") not in flat(text)


def test_the_round_goes_part_by_part() -> None:
    at = datetime(2026, 11, 23, 9, 0)
    d = Dilemma()
    assert next_part(d) == "case"
    d = reflect(d, Reflected(at, "case", "a case"))
    with pytest.raises(ValueError):
        reflect(d, Reflected(at, "takeaway", "too soon"))
    for part in ("needed", "intends", "other"):
        d = reflect(d, Reflected(at, part, part))
    d = reflect(d, Reflected(at, "practice", ""))  # no practice: nothing to end
    assert next_part(d) == "takeaway"
    d = reflect(d, Reflected(at, "takeaway", "keep asking"))
    d = reflect(d, Reflected(at + timedelta(seconds=1), "action", ""))
    assert next_part(d) is None and d.practice_seconds == 0


@pytest.mark.parametrize(
    ("every", "since_last", "held", "due"),
    [(0, None, 10, False), (4, None, 2, False), (4, None, 3, True), (4, 3, 9, True), (4, 1, 9, False),
     (1, 0, 5, True)],
)  # fmt: skip
def test_dilemma_every_n_meetings(every: int, since_last: int | None, held: int, due: bool) -> None:
    assert dilemma_due(every, since_last, held) is due


def test_meetings_since_the_last_dilemma() -> None:
    assert meetings_since(["b"], ["a", "b", "c", "d"]) == 2
    assert meetings_since([], ["a", "b"]) is None
    assert meetings_since(["d"], ["a", "b", "c", "d"]) == 0


EVERY = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram"]

[chair]
opening = false
closing = false
recognition = false
dilemma_every = 2

[[items]]
title = "Planning"
minutes = 10
"""


@runs("chair.dilemma_every")
@pytest.mark.parametrize("language", ["en", "nl"])
def test_dilemma_every_brings_the_round_back_every_nth_meeting(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    path = agenda(tmp_path, language, EVERY)
    plain = [ENTER, ENTER, "a note" + ENTER, ENTER, ENTER]
    data, text = meet(path, keys, plain, clock)
    assert data is not None and [i["title"] for i in data["items"]] == ["Planning"]
    clock.now += timedelta(days=7)
    told = ["A refund we should not have given" + ENTER, ENTER, ENTER, ENTER, "n", ENTER, ENTER]
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, [*plain[:4], *told, ENTER], clock)
    assert data is not None
    _, dilemma = data["items"]
    assert dilemma["kind"] == "dilemma" and dilemma["title"] == tr(language, "dilemma_title")
    assert dilemma["dilemma"] == {"case": "A refund we should not have given"}
    assert tr(language, "dilemma_back", every=2) in flat(text)
    clock.now += timedelta(days=7)
    with pipe_keys() as pipe:
        data, _ = meet(path, pipe, plain, clock)
    assert data is not None and len(data["items"]) == 1  # the round was held last time


@pytest.mark.parametrize(("language", "end", "undo"), [("en", "#end", "#undo"), ("nl", "#einde", "#schrap")])
def test_end_typed_in_the_round_leaves_the_rest_not_reached_and_says_so(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, end: str, undo: str
) -> None:
    """#end at a part ends the item as it does anywhere in it: the parts still to come are not
    reached, which the minutes say apart from a part passed over; #undo waits for the round's end."""
    path = agenda(tmp_path, language)
    typed = [ENTER, ENTER, "A refund without the receipt" + ENTER, ENTER]  # what was needed: passed
    typed += [undo + ENTER, "#pause" + ENTER, end + ENTER, YES[language] + ENTER]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    first, planning = data["items"]
    said = first["dilemma"]
    assert said["case"] == "A refund without the receipt" and "needed" not in said
    assert said["not_reached"] == ["intends", "other", "practice", "takeaway"]
    assert all(end not in str(v) and undo not in str(v) for v in said.values())
    assert (first["status"], planning["status"]) == ("done", "not reached")
    assert tr(language, "dilemma_later", marker=undo) in flat(text)
    assert tr(language, "clock_paused") in flat(text)
    shown = emptychair(tmp_path, "minutes", "show", "--minutes", str(tmp_path / "minutes")).stdout
    parts = ", ".join(tr(language, f"dilemma_part_{p}") for p in ("intends", "other", "practice", "takeaway"))
    assert tr(language, "dilemma_not_reached", parts=parts) in flat(shown)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_enter_at_the_rounds_keys_makes_nothing_nobody_chose(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    path = agenda(tmp_path, language)
    typed = [ENTER, ENTER, "A case" + ENTER, ENTER, ENTER, ENTER]  # the three questions passed
    typed += [ENTER, "Keep a spare" + ENTER, ENTER]  # no practice; the take-away kept as it is
    typed += [ENTER, ENTER, ENTER]  # the item done, Planning empty: Enter twice
    data, _ = meet(path, keys, typed, clock)
    assert data is not None
    said = data["items"][0]["dilemma"]
    assert said["takeaway"] == "Keep a spare" and "player" not in said and "action" not in said
    assert "not_reached" not in said and "actions" not in data["items"][0]
