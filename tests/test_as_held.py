"""The meeting as people hold it, through the real prompts: work for someone of the team who is not
here, a note that may be an action, a stray key, the chair called in an item, and the same keys at
every prompt."""

from __future__ import annotations

import io
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import questionary
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from emptychair.locale import tr
from emptychair.terminal.meeting_ui import Prompter, choice_letters

from .conftest import Clock, meet, pipe_keys
from .history import ITEM_ACTION, meeting, write
from .keys import CTRL_C, DOWN, ENTER, RIGHT, SPACE, UP

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram", "Chris"]

[chair]
opening = false
closing = false
recognition = false

[[items]]
title = "Planning"
minutes = 10
"""
YES = {"en": "y", "nl": "j"}
CLEAR = "\x15"  # Ctrl-U: the line that came back for editing, emptied


def agenda(folder: Path, language: str = "en") -> Path:
    path = folder / "agenda.toml"
    path.write_text(AGENDA.format(language=language), encoding="utf-8")
    return path


def actions(data: dict[str, object]) -> list[tuple[str, str]]:
    items = data["items"]
    assert isinstance(items, list)
    return [(a["text"], a["owner"]) for a in items[0].get("actions", [])]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_work_goes_to_the_team_present_or_not_and_a_new_name_is_asked_once(
    tmp_path: Path, clock: Clock, language: str
) -> None:
    """Eva came to an earlier meeting, Chris is on the list but not here today: both can own an
    action. Pie is new: asked once, then known; a name said no to comes back for editing."""
    write(tmp_path / "minutes", replace(meeting(0), present=("Anna", "Bram", "Eva")))
    typed = [
        DOWN + DOWN + SPACE + ENTER,  # Chris is not here
        ENTER,
        "#action @ev send the report" + ENTER,
        "#action @ch call the supplier" + ENTER,
        "#action @pie plan the outing" + ENTER,
        YES[language],  # Pie is new to the team
        "#action @pie book the room" + ENTER,  # known now: not asked again
        "#action @zz typo" + ENTER,
        "n",  # not someone new: the line comes back
        CLEAR + "#action @bra fix it" + ENTER,
        ENTER,
    ]
    with drawn_keys() as (pipe, drawn):
        data, text = meet(agenda(tmp_path, language), pipe, typed, clock)
    assert data is not None
    assert data["present"] == ["Anna", "Bram"]
    assert actions(data) == [
        ("send the report", "Eva"),
        ("call the supplier", "Chris"),
        ("plan the outing", "Pie"),
        ("book the room", "Pie"),
        ("fix it", "Bram"),
    ]
    assert tr(language, "new_owner", name="Pie") in drawn.getvalue()
    assert tr(language, "err_owner_not_on_team", said="zz", names="Anna, Bram, Chris, Eva, Pie") in text
    assert "niemand die aanwezig is" not in text and "nobody present is called" not in text


def test_a_name_new_to_the_team_is_kept_in_the_draft(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path, "nl")
    typed = [ENTER, ENTER, "#actie @pie zaal boeken" + ENTER, "j", CTRL_C, "o"]  # o: opslaan en stoppen
    data, _ = meet(path, keys, typed, clock)
    assert data is None
    (draft,) = (tmp_path / "minutes" / ".drafts").iterdir()
    saved = tomllib.loads(draft.read_text("utf-8"))
    assert saved["team"] == ["Anna", "Bram", "Chris"]
    assert [e["text"] for e in saved["events"] if e["kind"] == "introduce"] == ["Pie"]
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, ["#actie @pi taart halen" + ENTER, ENTER], clock, resume=True)
    assert data is not None
    assert actions(data) == [("zaal boeken", "Pie"), ("taart halen", "Pie")]
    assert "nieuw in het team" not in text


@pytest.mark.parametrize(
    ("language", "action", "note", "due"),
    [
        ("en", "@anna mail the list due:friday", "@bram says due:friday is late", date(2026, 11, 27)),
        ("nl", "@anna lijst mailen voor:vrijdag", "@bram zegt voor:vrijdag is te laat", date(2026, 11, 27)),
    ],
)
def test_a_note_with_a_due_date_is_asked_whether_it_is_an_action(
    tmp_path: Path, clock: Clock, language: str, action: str, note: str, due: date
) -> None:
    typed = [ENTER, ENTER, action + ENTER, YES[language], note + ENTER, "n", "plain note" + ENTER]
    typed += [action.replace("@anna", "@chris") + ENTER, ENTER, ENTER]  # Enter: yes, the default
    with drawn_keys() as (pipe, drawn):
        data, _ = meet(agenda(tmp_path, language), pipe, typed, clock)
    assert data is not None
    (item,) = data["items"]
    text_of = action.split(" ", 1)[1].rsplit(" ", 1)[0]
    assert [(a["text"], a["owner"], a["due"]) for a in item["actions"]] == [
        (text_of, "Anna", due),
        (text_of, "Chris", due),
    ]
    assert item["notes"] == [note, "plain note"]
    assert tr(language, "maybe_action") in drawn.getvalue()


@pytest.mark.parametrize(
    ("language", "call", "amber", "know", "change"),
    [("en", "#chair", "a", "y", "What do we do about it?"), ("nl", "#stoel", "o", "j", "Wat doen we eraan?")],
)
def test_the_chair_called_in_an_item_asks_the_colour_and_a_stray_key_is_no_action(
    tmp_path: Path, clock: Clock, language: str, call: str, amber: str, know: str, change: str
) -> None:
    typed = [ENTER, ENTER, call + ENTER, "They wait" + ENTER, amber, know]
    typed += [amber + ENTER, "n", CLEAR + "@anna call them back" + ENTER]  # the stray key, said no to
    typed += ["x" + ENTER, YES[language] + ENTER]  # a one-letter action, meant: recorded (Enter by habit)
    typed += [ENTER, ENTER, ENTER, "l" if language == "en" else "z"]  # x: left without an owner
    with drawn_keys() as (pipe, drawn):
        data, text = meet(agenda(tmp_path, language), pipe, typed, clock)
    assert data is not None
    (chair,) = data["chair"]
    assert (chair["moment"], chair["answer"], chair["rating"]) == ("called", "They wait", "amber")
    assert [(a["text"], a.get("owner", "")) for a in chair["actions"]] == [
        ("call them back", "Anna"),
        ("x", ""),
    ]
    assert tr(language, "rate_question") in drawn.getvalue()
    assert text.count(change) == 1 and text.count(tr(language, "chair_change_help")) == 1
    assert tr(language, "short_action", text=amber) in drawn.getvalue()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_check_after_a_decision_has_no_colour_step(tmp_path: Path, clock: Clock, language: str) -> None:
    path = agenda(tmp_path, language)
    path.write_text(
        path.read_text("utf-8").replace("recognition = false", "recognition = false\non_decisions = true")
    )
    typed = [ENTER, ENTER, "#agreed one list" + ENTER, "They see one list" + ENTER, ENTER, ENTER, ENTER]
    with drawn_keys() as (pipe, drawn):
        data, _ = meet(path, pipe, typed, clock)
    assert data is not None
    (chair,) = data["chair"]
    assert (chair["answer"], chair.get("rating", "")) == ("They see one list", "")
    assert tr(language, "rate_question") not in drawn.getvalue()


# --- the keys: one rule at every prompt -------------------------------------------------------


@contextmanager
def drawn_keys() -> Iterator[tuple[PipeInput, io.StringIO]]:
    drawn = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=PlainTextOutput(drawn)):
        yield pipe, drawn


@pytest.mark.parametrize(("language", "keys_of", "save"), [("en", "csd", "s"), ("nl", "vow", "o")])
def test_a_letter_chooses_at_once_and_the_arrows_and_enter_work_too(
    language: str, keys_of: str, save: str
) -> None:
    choices = [(k, tr(language, k)) for k in ("continue", "save_stop", "discard")]
    with drawn_keys() as (pipe, drawn):
        prompter = Prompter(language)
        pipe.send_text(save + DOWN + DOWN + ENTER + UP + ENTER + ENTER)
        pipe.close()
        assert prompter.select("?", choices, keys=tr(language, "paused_keys")) == "save_stop"
        assert prompter.select("?", choices, keys=keys_of) == "discard"
        assert prompter.select("?", choices, keys=keys_of) == "discard"  # up from the first: the last
        assert prompter.select("?", choices, keys=keys_of) == "continue"
    shown = drawn.getvalue()
    assert all(f"{k}) {label}" in shown for k, (_, label) in zip(keys_of, choices, strict=True))


@pytest.mark.parametrize(("language", "hint"), [("en", "(y/N)"), ("nl", "(j/N)")])
def test_a_confirm_takes_one_key_and_enter_takes_the_default(language: str, hint: str) -> None:
    with drawn_keys() as (pipe, drawn):
        prompter = Prompter(language)
        pipe.send_text("y" + "j" + "N" + ENTER + ENTER + ENTER)  # the Enter right after N: by habit
        pipe.close()
        assert [prompter.confirm("Sure?") for _ in range(4)] == [True, True, False, False]
        assert prompter.confirm("Sure?", default=True) is True
    assert hint in drawn.getvalue()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_enter_typed_by_habit_after_a_key_answers_nothing_more(language: str) -> None:
    """y then Enter, a letter then Enter: the Enter is the key's, read with it or just after it."""
    choices = [(k, tr(language, k)) for k in ("continue", "save_stop", "discard")]
    with drawn_keys() as (pipe, _):
        prompter = Prompter(language)
        save = tr(language, "paused_keys")[1]
        pipe.send_text(YES[language] + ENTER + "kept" + ENTER + "p" + ENTER + ENTER + save + ENTER)
        pipe.close()
        assert prompter.confirm("Sure?") is True
        assert prompter.text("Line") == "kept"
        assert prompter.key("Next? ", "knovpr", default=0) == "p"
        assert prompter.text("Line") == ""  # the second Enter: this prompt's own
        assert prompter.select("?", choices, keys=tr(language, "paused_keys")) == "save_stop"
    with drawn_keys() as (pipe, _):
        prompter = Prompter(language)
        pipe.send_text("n")
        assert prompter.confirm("Sure?", default=True) is False
        pipe.send_text(ENTER + "after" + ENTER)  # the Enter comes a moment after the key
        pipe.close()
        assert prompter.text("Line") == "after"


class LastFrame(Prompter):
    """The real prompts, each drawn once more as it ends (what a slow terminal may show of it)."""

    def _ask(self, question: questionary.Question) -> object:
        app = question.application
        try:
            return super()._ask(question)
        finally:
            app.renderer.reset()
            app.renderer.render(app, app.layout, is_done=True)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_checkbox_speaks_the_meetings_language_to_its_last_frame(language: str) -> None:
    english = ("done", "selection", "Use arrow", "toggle", "invert")
    with drawn_keys() as (pipe, drawn):
        prompter = LastFrame(language)
        pipe.send_text(ENTER + SPACE + ENTER + "a" + ENTER)
        pipe.close()
        assert prompter.checkbox("?", ["Anna", "Bram"]) == ["Anna", "Bram"]
        assert prompter.checkbox("?", ["Anna", "Bram"]) == ["Bram"]
        assert prompter.checkbox("?", ["Anna", "Bram"], ticked=False) == ["Anna", "Bram"]
    shown = drawn.getvalue()
    assert tr(language, "checkbox_help") in shown
    assert language == "en" or [word for word in english if word in shown] == []
    assert "selection" not in shown and "done (" not in shown


def test_one_key_prompts_take_the_arrows_and_enter_too() -> None:
    with drawn_keys() as (pipe, drawn):
        prompter = Prompter("nl")
        pipe.send_text(ENTER + RIGHT + ENTER + "K")
        pipe.close()
        assert prompter.key("Hoe staat het? ", "knovpr", default=4) == "p"  # Enter: the highlighted one
        assert prompter.key("Hoe staat het? ", "knovpr", default=4) == "r"
        assert prompter.key("Hoe staat het? ", "knovpr", default=4) == "k"
    assert "[k/n/o/v/p/r]" in drawn.getvalue()


def test_each_choice_gets_a_letter_of_its_own() -> None:
    assert choice_letters(["Bram", "Bas", "Anna", "(zonder actiehouder laten)"]) == "banz"
    assert choice_letters(["Ünal", "Ümit", "??"]) == "nma"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_follow_up_gives_an_action_to_someone_absent_or_new(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    still_open = "o"  # the follow-up's key in both languages
    earlier = replace(
        meeting(0, actions=(ITEM_ACTION, replace(ITEM_ACTION, id="it2ccc"))), present=("Anna", "Eva")
    )
    write(tmp_path / "minutes", earlier)
    typed = [ENTER, ENTER, still_open, "@ev" + ENTER, still_open, "@pie" + ENTER]
    typed += [YES[language] + ENTER, ENTER, ENTER]  # Pie is new (the Enter after the key: by habit)
    data, _ = meet(agenda(tmp_path, language), keys, typed, clock)
    assert data is not None
    assert [(f["action"], f["owner"]) for f in data["followups"]] == [("it1bbb", "Eva"), ("it2ccc", "Pie")]


def test_a_resumed_meeting_is_asked_with_its_own_letters(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path, "nl")
    data, _ = meet(path, keys, [ENTER, ENTER, "eerste" + ENTER, CTRL_C, "o"], clock)
    assert data is None
    with pipe_keys() as pipe:  # h: hervatten
        data, _ = meet(path, pipe, ["h", "tweede" + ENTER, ENTER], clock)
    assert data is not None and data["items"][0]["notes"] == ["eerste", "tweede"]


def test_names_from_the_minutes_and_new_ones_are_shown_as_typed(tmp_path: Path, clock: Clock) -> None:
    write(tmp_path / "minutes", replace(meeting(0), present=("Anna", "Eva [bold]x[/]")))
    typed = [
        ENTER,
        ENTER,
        "#action @eva send it" + ENTER,
        "#action @[red]pie[/] plan" + ENTER,
        "y",
        ENTER,
        ENTER,
    ]
    with drawn_keys() as (pipe, drawn):
        data, text = meet(agenda(tmp_path), pipe, typed, clock)
    assert data is not None
    assert actions(data) == [("send it", "Eva [bold]x[/]"), ("plan", "[red]pie[/]")]
    assert "[red]pie[/] is new to the team" in drawn.getvalue()
    assert "Eva [bold]x[/]" in text and "[red]pie[/]" in text  # as text, not as markup
