"""Dates outside a meeting: every date option reads what `due:` reads, in both languages and
unquoted, and days behind us too (`--since vorige week`); the date hints offer no day that is past."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from emptychair.commands.common import join_dates
from emptychair.core.dates import Forms, parse_due, parse_since, suggestions
from emptychair.errors import EmptyChairError

from .conftest import CET
from .history import ITEM_ACTION, meeting, write
from .inprocess import emptychair

WED = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("vorige week", date(2026, 11, 25)),
        ("last week", date(2026, 11, 25)),
        ("afgelopen week", date(2026, 11, 25)),
        ("gisteren", date(2026, 12, 1)),
        ("yesterday", date(2026, 12, 1)),
        ("eergisteren", date(2026, 11, 30)),
        ("vorige maand", date(2026, 11, 2)),
        ("last month", date(2026, 11, 2)),
        ("last friday", date(2026, 11, 27)),
        ("vorige woensdag", date(2026, 11, 25)),  # a week back, never today
        ("3 dagen geleden", date(2026, 11, 29)),
        ("two weeks ago", date(2026, 11, 18)),
        ("een maand geleden", date(2026, 11, 2)),
        ("30d", date(2026, 11, 2)),
        ("3m", date(2026, 9, 2)),
        ("begin van de maand", date(2026, 12, 1)),
        ("start of week", date(2026, 11, 30)),
        # a day of the calendar without its year: the last such day, not the next
        ("27-11", date(2026, 11, 27)),
        ("27 nov", date(2026, 11, 27)),
        ("vr 27 nov", date(2026, 11, 27)),
        ("eind oktober", date(2026, 10, 31)),
        ("28-12", date(2025, 12, 28)),
        ("27-11-2027", date(2027, 11, 27)),  # a year said is kept
        # and what `due:` reads, as it reads it
        ("2026-11-01", date(2026, 11, 1)),
        ("vrijdag", date(2026, 12, 4)),
        ("volgende maand", date(2027, 1, 2)),
    ],
)
def test_a_date_option_reads_days_behind_us_and_what_due_reads(said: str, day: date) -> None:
    assert parse_since(said, WED) == day


def test_a_date_that_is_no_date_is_refused_with_forms_from_today_on() -> None:
    with pytest.raises(EmptyChairError) as caught:
        parse_since("someday", WED)
    assert caught.value.say("en").startswith(
        "cannot read 'someday' as a date; use 2026-12-14, today, tomorrow"
    )
    assert "gebruik 2026-12-14, vandaag, morgen" in caught.value.say("nl")
    assert "2026-11-27" not in caught.value.say("en") and "27-11" not in caught.value.say("nl")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_date_offered_is_past(language: str) -> None:
    """The hints after `due:` and in a refusal, on every day of a year and a bit."""
    for n in range(400):
        today = date(2026, 1, 1) + timedelta(days=n)
        offered = format(Forms(today), language).split(", ")
        assert offered == [offered[0], *suggestions(language, today)]
        assert all(parse_due(form, today) >= today for form in offered), today


@pytest.mark.parametrize(
    ("args", "joined"),
    [
        (["--since", "vorige", "week"], ["--since", "vorige week"]),
        (
            ["--since", "last", "week", "--until", "yesterday"],
            ["--since", "last week", "--until", "yesterday"],
        ),
        (["--since=the", "1st", "of", "December", "latest"], ["--since", "the 1st of December", "latest"]),
        (["latest", "--since", "vorige", "week", "latest"], ["latest", "--since", "vorige week", "latest"]),
        (["--since", "someday", "soon"], ["--since", "someday", "soon"]),  # refused later, as it was said
        (["--since"], ["--since"]),
    ],
)
def test_the_words_of_a_date_option_are_one_date(args: list[str], joined: list[str]) -> None:
    assert join_dates(args) == joined


def held(days_ago: int) -> object:
    started = datetime.combine(date.today() - timedelta(days=days_ago), time(9), CET)
    return replace(meeting(0), date=started.date(), started=started, ended=started + timedelta(minutes=45))


@pytest.mark.today
@pytest.mark.parametrize(
    "since", [("vorige", "week"), ("last", "week"), ("8", "dagen", "geleden"), ("a", "week", "ago")]
)
def test_minutes_list_since_last_week_unquoted(tmp_path: Path, since: tuple[str, ...]) -> None:
    write(tmp_path, held(3), held(12))  # type: ignore[arg-type]
    said = emptychair(tmp_path, "minutes", "list", "--since", *since, "--json", "--minutes", str(tmp_path))
    assert said.returncode == 0, said.stderr
    assert [m["date"] for m in json.loads(said.stdout)["meetings"]] == [str(date.today() - timedelta(days=3))]
    until = emptychair(tmp_path, "minutes", "list", "--until", "vorige", "week", "--minutes", str(tmp_path))
    assert until.returncode == 0 and str(date.today() - timedelta(days=12)) in until.stdout
    assert str(date.today() - timedelta(days=3)) not in until.stdout


def test_a_date_option_that_is_no_date_is_one_line(tmp_path: Path) -> None:
    write(tmp_path, meeting(0))
    said = emptychair(tmp_path, "minutes", "list", "--since", "someday", "--minutes", str(tmp_path))
    assert (said.returncode, said.stdout) == (2, "")
    assert said.stderr.startswith("emptychair: --since takes a date like 2026-09-01, last week")
    assert len(said.stderr.splitlines()) == 1


@pytest.mark.today
@pytest.mark.parametrize(("words", "days"), [(("volgende", "maand"), None), (("over", "twee", "weken"), 14)])
def test_actions_due_takes_the_date_unquoted(
    tmp_path: Path, words: tuple[str, ...], days: int | None
) -> None:
    write(tmp_path, meeting(0, actions=(ITEM_ACTION,)))
    said = emptychair(tmp_path, "actions", "due", "it1", *words, "--minutes", str(tmp_path))
    assert said.returncode == 0, said.stderr
    today = date.today()
    if days is None:  # the same day next month, its last day when that month is shorter
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        day = next(d for d in range(today.day, 0, -1) if _valid(year, month, d))
        expected = date(year, month, day)
    else:
        expected = today + timedelta(days=days)
    (record,) = tmp_path.glob("*.followup.toml")
    (followup,) = tomllib.loads(record.read_text("utf-8"))["followups"]
    assert followup["due"] == expected


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
