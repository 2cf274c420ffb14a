"""Facilitating at the speed of the room, through the real prompts: follow-up on one screen, a way
back, the chair on call, the customer's check after a decision, and time shown without typing."""

from __future__ import annotations

import threading
import time
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.minutes import Action
from emptychair.core.questions import choose
from emptychair.files.config import shipped
from emptychair.terminal.run import run_meeting

from .conftest import CET, Clock, meet, pipe_keys, screen
from .history import meeting, monday, write
from .keys import CTRL_C, DOWN, ENTER
from .test_options import runs

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram", "Chris"]

[chair]
opening = false
closing = false
recognition = false
{chair}

[[items]]
title = "Round the table"
minutes = {minutes}

[[items]]
title = "Planning"
minutes = 10
"""


def agenda(folder: Path, chair: str = "", minutes: int = 5, language: str = "en") -> Path:
    path = folder / "agenda.toml"
    path.write_text(AGENDA.format(chair=chair, minutes=minutes, language=language), encoding="utf-8")
    return path


def dozen() -> tuple[Action, ...]:
    """Twelve actions of three owners (and none); Chris has one overdue when the meeting is held."""
    owners = ["Anna", "Bram", "Chris", ""]
    return tuple(
        Action(f"ac{n:02d}xx", f"task {n}", owners[n % 4], date(2026, 11, 1) if n == 6 else None)
        for n in range(12)
    )


def test_a_dozen_open_actions_on_one_screen_one_key_each(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    write(tmp_path / "minutes", meeting(0, actions=dozen()))
    follow_up = [
        "d",
        "d",
        "n",
        "by a script" + ENTER,
        "x",
        "no longer asked" + ENTER,
        "o",
        "due:friday" + ENTER,
    ]
    follow_up += ["d"] * 4 + ["r"]  # and the last four passed over in one key
    pressed = sum(1 for k in follow_up if len(k) == 1) + sum(1 for k in follow_up if k.endswith(ENTER))
    assert pressed < 30  # the note, the reason and the date are what the room said, not keys
    data, text = meet(agenda(tmp_path), keys, [ENTER, ENTER, *follow_up, "#end" + ENTER, "y"], clock)
    assert data is not None
    overview = text.split("Open actions: 12", 1)[1]
    # grouped by owner: Chris (something overdue) first, then Anna, Bram, and the unowned last
    order = [overview.index(f"task {n} ") for n in (6, 2, 10, 0, 4, 8, 1, 5, 9, 3, 7, 11)]
    assert order == sorted(order)
    assert overview.index("past its date") < overview.index("task 2 ")
    got = [(f["action"], f["status"], f.get("note", ""), f.get("due")) for f in data["followups"]]
    assert got == [
        ("ac06xx", "done", "", None),
        ("ac02xx", "done", "", None),
        ("ac10xx", "done", "by a script", None),
        ("ac00xx", "dropped", "no longer asked", None),
        ("ac04xx", "open", "", date(2026, 11, 27)),
        ("ac08xx", "done", "", None),
        ("ac01xx", "done", "", None),
        ("ac05xx", "done", "", None),
        ("ac09xx", "done", "", None),
    ]  # ac03, ac07, ac11: passed over, no record
    still = text.split("Still open", 1)[1]
    assert "task 4 · due Fri 27 Nov 2026" in still  # the still-open list carries the due dates


@runs("#back", "#vorige", "#undo")
@pytest.mark.parametrize("back", ["#back", "#vorige"])
def test_back_to_the_item_before_with_its_entries(
    tmp_path: Path, keys: PipeInput, clock: Clock, back: str
) -> None:
    typed = [
        ENTER,
        ENTER,
        back + ENTER,  # in the first item: there is none before
        "first note" + ENTER,
        "#action @bram call the customer" + ENTER,
        ENTER,  # on to Planning
        back + ENTER,  # back: the first item again, with what was said in it
        "#agreed one day" + ENTER,
        "#undo" + ENTER,  # says what it took back
        "#agreed two days" + ENTER,
        ENTER,  # Planning again
        ENTER,  # nothing noted: asked once
        ENTER,
    ]
    data, text = meet(agenda(tmp_path), keys, typed, clock)
    assert data is not None
    assert "there is no item before this one" in text
    again = text.split("Item 1 of 2")[2]
    assert "Said so far" in again and "note: first note" in again and "call the customer · Bram" in again
    assert "the last entry is taken back: decision: one day" in text
    assert "Nothing noted in this item" in text
    first, planning = data["items"]
    assert (first["notes"], first["decisions"]) == (["first note"], ["two days"])
    assert [a["text"] for a in first["actions"]] == ["call the customer"]
    assert planning["status"] == "done" and text.count("Item 2 of 2") == 2


@runs("chair.on_decisions", "#chair", "#stoel")
@pytest.mark.parametrize("call", ["#chair", "#stoel"])
def test_the_chair_on_call_and_after_every_decision(
    tmp_path: Path, keys: PipeInput, clock: Clock, call: str
) -> None:
    typed = [
        ENTER,
        ENTER,
        "portal is slow" + ENTER,
        call + ENTER,
        "They would be annoyed" + ENTER,
        "r",  # red
        "y",  # we know what the customer needs
        "#undo" + ENTER,  # takes back the answer: the question is asked again, and its colour
        "Annoyed, and they would call" + ENTER,
        "g",  # rated as the chair's other questions are: green, what do we keep?
        "publish the status @anna" + ENTER,
        ENTER,  # back in the item
        "#agreed a status page" + ENTER,  # on_decisions: the customer's check follows
        "They see it on the website" + ENTER,
        ENTER,
        "after the chair" + ENTER,  # the item goes on where it was
        "#end" + ENTER,
        "y",
    ]
    data, text = meet(agenda(tmp_path, chair="on_decisions = true"), keys, typed, clock)
    assert data is not None
    assert "What would the customer say about “Round the table”?" in text
    assert "the last entry is taken back: the answer: They would be annoyed" in text
    assert "How will the customer notice “a status page”?" in text and "during “Round the table”" in text
    first = data["items"][0]
    assert first["notes"] == ["portal is slow", "after the chair"] and first["decisions"] == ["a status page"]
    chair = [(c["moment"], c["after_item"], c["answer"], c.get("rating", "")) for c in data["chair"]]
    assert chair == [
        ("called", "Round the table", "Annoyed, and they would call", "green"),
        ("called", "Round the table", "They see it on the website", ""),
    ]
    assert [(a["text"], a["owner"]) for a in data["chair"][0]["actions"]] == [("publish the status", "Anna")]


def test_a_resumed_item_shows_what_was_said_and_a_resumed_chair_on_call_goes_on(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    typed = [ENTER, ENTER, "kept note" + ENTER, "#chair" + ENTER, "half an ans" + CTRL_C, DOWN + ENTER]
    data, _ = meet(path, keys, typed, clock)
    assert data is None
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, ["wer" + ENTER, ENTER, ENTER, "#end" + ENTER, "y"], clock, resume=True)
    assert data is not None
    assert data["chair"][0]["answer"] == "half an answer"
    assert "Said so far" in text and "note: kept note" in text  # the item, back after the chair
    assert data["items"][0]["notes"] == ["kept note"]


def test_an_overrun_is_said_at_once_above_the_line_being_typed(tmp_path: Path, keys: PipeInput) -> None:
    """Nobody types: the time box's bar is redrawn every half second, reads the clock, and the chair
    speaks as soon as the item is over; the line typed afterwards is kept whole."""
    path = agenda(tmp_path, minutes=1)
    out, shown = screen()
    err, _ = screen()
    keys.send_text(ENTER + ENTER + "half typ")

    def person() -> None:
        deadline = time.monotonic() + 20
        while "This item runs over" not in shown.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)  # waiting for the program, not for a clock
        keys.send_text("ed" + ENTER + ENTER + "#end" + ENTER + "y")
        keys.close()

    typist = threading.Thread(target=person, daemon=True)
    typist.start()
    written = run_meeting(path, out, err, clock=Clock(monday(4), 15))
    typist.join()
    assert written is not None
    text = shown.getvalue()
    assert text.index("This item runs over") < text.index("note: half typed")
    assert text.count("This item runs over") == 1
    assert tomllib.loads(written.read_text("utf-8"))["items"][0]["notes"] == ["half typed"]


def test_every_meeting_asks_a_standard_question_while_the_themes_rotate() -> None:
    questions = shipped("en")
    pool = questions.pool(["feedback"])
    asked: list[str] = []
    for _ in range(4):
        chosen = choose(pool, asked, 2, questions.standard())
        assert chosen[0].theme == "standard" and chosen[1].theme == "feedback"
        asked += [q.id for q in chosen]
    standard, feedback = asked[0::2], asked[1::2]
    assert len(set(standard)) == 4 and len(set(feedback[:3])) == 3  # none twice before all were asked


def test_resume_lands_in_the_right_place_after_back(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path)
    typed = [ENTER, ENTER, "one" + ENTER, ENTER, "#back" + ENTER, "more" + CTRL_C, DOWN + ENTER]
    assert meet(path, keys, typed, clock)[0] is None
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, [ENTER, ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    assert data["items"][0]["notes"] == ["one", "more"]
    assert "Item 1 of 2" in text and "Said so far" in text


def test_the_dutch_follow_up_keys(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    write(tmp_path / "minutes", meeting(0, actions=dozen()[:3]))
    typed = [ENTER, ENTER, "k", "v", "klant is weg" + ENTER, "r", "#einde" + ENTER, "j"]
    data, text = meet(agenda(tmp_path, language="nl"), keys, typed, clock)
    assert data is not None
    got = [(f["action"], f["status"], f["note"]) for f in data["followups"]]
    assert got == [("ac00xx", "done", ""), ("ac01xx", "dropped", "klant is weg")]
    assert "Open acties: 3" in text and "→ Klaar" in text and "→ Vervallen" in text


@runs("#help", "#hulp")
@pytest.mark.parametrize(
    ("language", "again", "short", "every", "end", "yes"),
    [
        ("en", "#help", "#help or ?: every marker again", "#topic Title 5m", "#end", "y"),
        ("nl", "#hulp", "#hulp of ?: alle markeringen nog eens", "#onderwerp Titel 5m", "#einde", "j"),
    ],
)  # fmt: skip
def test_every_marker_is_shown_in_the_first_item_then_one_line_until_asked(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, again: str, short: str, every: str,
    end: str, yes: str,
) -> None:  # fmt: skip
    typed = [
        ENTER,
        ENTER,
        "first note" + ENTER,
        ENTER,  # on to Planning: its panel has one line of help
        again + ENTER,
        "?" + ENTER,
        "a note" + ENTER,
        end + ENTER,
        yes + ENTER,
    ]
    data, text = meet(agenda(tmp_path, language=language), keys, typed, clock)
    assert data is not None
    first, planning = text.split("╭", 3)[2:4]
    assert every in first and short not in first
    panel = planning.split("╰")[0].splitlines()
    assert short in planning and every not in panel and len(panel) <= 4  # head, box, one line of help
    assert planning.count(every) == 2  # #help and `?` each show every marker again
    assert data["items"][1]["notes"] == ["a note"]  # neither was taken for a note


@pytest.mark.parametrize(
    ("language", "action", "warned", "end", "yes"),
    [
        ("en", "#action @bram send the quote due:27-11",
         "⚠ Sat 27 Nov 2027: a Saturday, more than half a year away. Enter keeps it", "#end", "y"),
        ("nl", "#actie @bram offerte sturen voor:27-11",
         "⚠ za 27 nov 2027: een zaterdag, meer dan een half jaar vooruit. Enter laat het zo",
         "#einde", "j"),
    ],
)  # fmt: skip
def test_a_due_date_on_a_weekend_or_far_off_comes_back_once_with_a_warning(
    tmp_path: Path, keys: PipeInput, language: str, action: str, warned: str, end: str, yes: str
) -> None:
    clear = "\x15"  # Ctrl-U: the line that came back is emptied, as a person would retype it
    typed = [
        ENTER,
        ENTER,
        action + ENTER,  # on 2 December, 27-11 is next year's, a Saturday: it comes back
        clear + action.replace("27-11", "4-12") + ENTER,  # fixed: a Friday this week
        action + ENTER,
        ENTER,  # back once more, unchanged: Enter keeps it
        "#action @anna pay the bill due:2026-11-30" + ENTER,  # past: comes back too
        ENTER,
        end + ENTER,
        yes + ENTER,
    ]
    clock = Clock(datetime(2026, 12, 2, 9, 0, tzinfo=CET))  # a Wednesday
    data, text = meet(agenda(tmp_path, language=language), keys, typed, clock)
    assert data is not None, text
    assert text.count(warned) == 2
    assert "30 nov 2026" in text.lower() and ("that day is past" in text or "die dag is al voorbij" in text)
    dues = [a.get("due") for a in data["items"][0]["actions"]]
    assert dues == [date(2026, 12, 4), date(2027, 11, 27), date(2026, 11, 30)]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_dates_offered_after_due_are_soon_and_on_working_days(language: str) -> None:
    from emptychair.core.dates import doubts, parse_due, suggestions

    start = date(2026, 1, 1)
    for n in range(0, 366 * 2, 3):  # every third day of two years, each weekday and month end met
        today = start + timedelta(days=n)
        offered = suggestions(language, today)
        assert len(offered) == len(set(offered)) > 10
        for said in offered:
            due = parse_due(said, today)
            assert "past" not in doubts(due, today) and "far" not in doubts(due, today), (today, said, due)
        dated = [s for s in offered if any(c.isdigit() for c in s) and not s.startswith("+")]
        assert all("weekend" not in doubts(parse_due(s, today), today) for s in dated if "-" in s or " " in s)


@pytest.mark.parametrize(
    ("language", "wrapped", "end", "yes"),
    [("en", "│     become an action.", "#end", "y"), ("nl", "│     actie worden.", "#einde", "j")],
)
def test_a_wrapped_bullet_in_a_panel_keeps_its_indent(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, wrapped: str, end: str, yes: str
) -> None:
    typed = [ENTER, ENTER, "#park " + "a very long topic " * 8 + ENTER, end + ENTER, yes + ENTER]
    data, text = meet(agenda(tmp_path, language=language), keys, typed, clock)
    assert data is not None
    assert wrapped in text  # the ground rule that runs over the panel's width, at width 100
    summary = text.split("╭", 4)[-1]
    long = [line for line in summary.splitlines() if "very long topic" in line]
    assert len(long) == 2 and long[0].startswith("│   • a very") and long[1].startswith("│     very long")
