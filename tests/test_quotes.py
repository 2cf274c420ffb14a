"""The chair quotes a real customer before its question: approved feedback, never twice, the
question's theme first, recent and low scores first; the minutes and a quote record name it."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.feedback import APPROVED, Batch, Decision, FeedbackItem, Score
from emptychair.core.quotes import Candidate, Quote, pick_quotes, quote_line
from emptychair.files.feedback import read_records, write_batch, write_review

from .conftest import CET, Clock, meet
from .exports import HOSTILE, INJECTED
from .keys import ENTER
from .test_options import runs

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram"]
minutes_dir = "minutes"

[chair]
opening = true
closing = false
recognition = false
themes = ["standard"]
{quotes}

[[items]]
title = "Planning"
minutes = 10
"""

RATE = {"en": "a", "nl": "o"}  # amber
KNOW = {"en": "y", "nl": "j"}
WROTE = {"en": "A customer wrote on 3 Dec (NPS 3)", "nl": "Een klant schreef op 3 dec (NPS 3)"}
THANKS = {"en": "Who thanks this customer, and what do we do with it?", "nl": "Wie bedankt deze klant"}


def agenda(folder: Path, language: str, quotes: str = "") -> Path:
    path = folder / "agenda.toml"
    path.write_text(AGENDA.format(language=language, quotes=quotes), encoding="utf-8")
    (folder / "minutes").mkdir(exist_ok=True)
    return path


def feedback(folder: Path, *items: FeedbackItem, approve: bool = True) -> None:
    at = datetime(2026, 11, 20, 9, 0, tzinfo=CET)
    write_batch(folder, Batch(at, "nps", "delighted.csv", items, len(items)))
    if approve:
        write_review(folder, (Decision(at, APPROVED, tuple(i.id for i in items)),), at)


ANGRY = FeedbackItem("angryangry", f"You never call back. {HOSTILE}", date(2025, 12, 3), Score("nps", "3"))
GLAD = FeedbackItem("gladgladgl", "Great service, thanks!", date(2025, 12, 4), Score("nps", "10"))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_chair_quotes_a_customer_and_the_minutes_name_it(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    path = agenda(tmp_path, language)
    feedback(tmp_path / "minutes", ANGRY, GLAD)
    typed = [ENTER, ENTER, "We are slow to call back" + ENTER, RATE[language], KNOW[language]]
    typed += ["thank the customer and call back @anna" + ENTER, ENTER, ENTER, ENTER, ENTER]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    (chair,) = data["chair"]
    assert chair["quote"]["feedback"] == "angryangry"  # the low score first
    assert chair["quote"]["score"] == "3" and chair["quote"]["scale"] == "nps"
    assert chair["quote"]["text"].startswith("You never call back.")
    assert all(a["feedback"] == "angryangry" for a in chair["actions"])
    assert WROTE[language] in text and THANKS[language] in text
    assert "[bold]loud[/]" in text and not any(c in text for c in INJECTED)  # shown, never obeyed
    records = read_records(tmp_path / "minutes")
    assert [(q.feedback, q.question_id) for q in records.quotes] == [("angryangry", chair["question_id"])]
    (record,) = (tmp_path / "minutes").glob("*-quote-*.feedback.toml")
    assert tomllib.loads(record.read_text("utf-8"))["quotes"][0]["feedback"] == "angryangry"


def test_a_second_meeting_quotes_another_and_none_is_left_then(tmp_path: Path, clock: Clock) -> None:
    from .conftest import pipe_keys

    path = agenda(tmp_path, "en")
    feedback(tmp_path / "minutes", ANGRY, GLAD)
    typed = [ENTER, ENTER, "slow" + ENTER, "g", ENTER, ENTER, ENTER, ENTER]
    quoted = []
    for _ in range(3):
        with pipe_keys() as keys:
            data, _ = meet(path, keys, typed, clock)
        assert data is not None
        quoted.append(data["chair"][0].get("quote", {}).get("feedback"))
        clock.now += timedelta(days=7)
    assert quoted == ["angryangry", "gladgladgl", None]  # without feedback left the chair asks as today


@runs("chair.quotes")
def test_no_quotes_when_the_agenda_says_so_or_nothing_is_approved(tmp_path: Path, clock: Clock) -> None:
    from .conftest import pipe_keys

    for quotes, approve in (("quotes = false", True), ("", False)):
        path = agenda(tmp_path, "en", quotes)
        minutes = tmp_path / "minutes"
        for old in minutes.glob("*.toml"):
            old.unlink()
        feedback(minutes, ANGRY, approve=approve)
        with pipe_keys() as keys:
            data, text = meet(path, keys, [ENTER, ENTER, ENTER, ENTER, ENTER, ENTER], clock)
        assert data is not None and "quote" not in data["chair"][0]
        assert "A customer wrote" not in text


def test_a_resume_shows_the_same_quote(tmp_path: Path, clock: Clock) -> None:
    from .conftest import pipe_keys
    from .keys import CTRL_C

    path = agenda(tmp_path, "en")
    feedback(tmp_path / "minutes", ANGRY, GLAD)
    with pipe_keys() as keys:  # stopped at the chair's answer: saved for later
        data, text = meet(path, keys, [ENTER, ENTER, "half an ans", CTRL_C, "\x1b[B" + ENTER], clock)
    assert data is None and "A customer wrote on 3 Dec (NPS 3)" in text
    with pipe_keys() as keys:
        typed = ["wer" + ENTER, "g", ENTER, ENTER, ENTER, ENTER]
        data, text = meet(path, keys, typed, clock, resume=True)
    assert data is not None and data["chair"][0]["quote"]["feedback"] == "angryangry"
    assert "A customer wrote on 3 Dec (NPS 3)" in text


def test_the_pick_prefers_the_theme_then_recent_then_low_scores() -> None:
    today = date(2026, 11, 23)

    def c(i: str, text: str, day: date, score: str = "") -> Candidate:
        return Candidate(Quote(i, text, day, "nps" if score else "", score), day)

    old_red = c("old", "Nobody ever replies to my mail", date(2025, 1, 1), "1")
    new_amber = c("amber", "Nobody ever replies to my mail", date(2026, 11, 1), "7")
    new_red = c("red", "Nobody ever replies to my mail", date(2026, 10, 1), "2")
    off_theme = c("off", "The price is high", date(2026, 11, 20), "0")
    found = pick_quotes(
        [("communication", "standard"), None, ("communication", "standard"), ("x", "y"), ("x", "y")],
        [old_red, new_amber, new_red, off_theme],
        ["amber"],
        today,
    )
    assert [q.feedback if q else None for q in found] == ["red", None, "old", "off", None]


def test_the_quote_line_in_both_languages() -> None:
    q = Quote("a", "Too   slow\nreally", date(2026, 12, 3), "stars", "2")
    assert quote_line(q, "en") == "A customer wrote on 3 Dec (2/5): “Too slow really”"
    assert quote_line(q, "nl") == "Een klant schreef op 3 dec (2/5): “Too slow really”"
    assert quote_line(Quote("b", "ok"), "nl") == "Een klant schreef: “ok”"


MARKER = {"en": "#customer", "nl": "#klant"}


@runs("#customer", "#klant")
@pytest.mark.parametrize("language", ["en", "nl"])
def test_what_a_customer_said_is_kept_apart_from_the_notes(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    path = agenda(tmp_path, language)
    said = f'{MARKER[language]} 3/10 "It takes too long [bold]x[/] \x1b[2J"'
    typed = [ENTER, ENTER, ENTER, "our own note" + ENTER, said + ENTER, "#customer nps:11 hm" + ENTER]
    typed += ["\x15#klant stars:4 fine" + ENTER, ENTER, ENTER]  # Ctrl-U: the refused line away
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    assert data["items"][0]["notes"] == ["our own note"]
    first, second = data["customer"]
    assert (first["scale"], first["score"], first["item"]) == ("nps", "3", "Planning")
    assert first["text"].startswith("It takes too long [bold]x[/]")
    assert (second["scale"], second["score"], second["text"]) == ("stars", "4", "fine")
    assert "nps:11" in text  # refused with the reason, and kept for editing
    assert "[bold]x[/]" in text and "\x1b[2J" not in text


def test_the_score_of_a_customer_line() -> None:
    from emptychair.core.quotes import read_heard

    assert read_heard('3/10 "Te traag"') == ("Te traag", "nps", "3")
    assert read_heard("nps: 9 “Top”") == ("Top", "nps", "9")
    assert read_heard("4/5 ok") == ("ok", "stars", "4")
    assert read_heard("sterren:2 matig") == ("matig", "stars", "2")
    assert read_heard("'3 words here'") == ("3 words here", "", "")
    with pytest.raises(ValueError):
        read_heard("0/5 never")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_minutes_show_and_export_name_the_quote_and_what_was_done(tmp_path: Path, fmt: str) -> None:
    from dataclasses import replace

    from emptychair.core.minutes import Action, dump_minutes
    from emptychair.core.quotes import Heard

    from .history import meeting
    from .inprocess import emptychair

    quote = Quote("angryangry", "You never call back [bold]x[/]", date(2026, 11, 3), "nps", "3")
    m = meeting(
        4,
        answer="slow",
        rating="red",
        chair_actions=(Action("ab1cde", "Call back", "Anna", feedback="angryangry"),),
    )
    m = replace(
        m,
        chair=(replace(m.chair[0], quote=quote),),
        heard=(Heard("h", "Too slow", "stars", "2", "Feedback"),),
    )
    minutes = tmp_path / "minutes"
    minutes.mkdir()
    (minutes / "2026-11-23-weekly.toml").write_text(dump_minutes(m), "utf-8")
    args = (
        ["minutes", "show", "latest"] if fmt == "text" else ["minutes", "export", "latest", "--format", fmt]
    )
    done = emptychair(tmp_path, *args, "--minutes", str(minutes))
    assert done.returncode == 0, done.stderr
    assert "A customer wrote on 3 Nov (NPS 3)" in done.stdout and "Call back" in done.stdout
    assert "What customers said" in done.stdout and "(2/5)" in done.stdout
    if fmt == "text":
        assert "[bold]x[/]" in done.stdout
