from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emptychair.core.minutes import (
    ACTION_STATUSES,
    Action,
    ActionStatus,
    ChairRecord,
    ItemRecord,
    Minutes,
    dump_minutes,
    load_minutes,
)
from emptychair.errors import EmptyChairError

CET = timezone(timedelta(hours=1))
HOSTILE = [
    "[bold]loud[/]",
    "[/]",
    "[link=https://evil]x[/link]",
    ":smile:",
    'quote " and \' and """',
    "line\nbreak",
    "crlf\r\nline",
    "lone\rcr",
    "\x1b]0;title\x07",
    "\x1b[2J",
    "\x9b31m",
    "\u202eevil\u202c",
    "e\u0301",
    "",
    "tab\there",
    "x" * 100_000,
    'trailing quote"',
    "\\n not a newline",
]


def sample(text: str = "Mail the invoice") -> Minutes:
    action = Action("k7q2mx", text, "Bram", date(2026, 11, 27))
    return Minutes(
        title="Weekly",
        team="Support",
        language="en",
        date=date(2026, 11, 23),
        started=datetime(2026, 11, 23, 9, 0, tzinfo=CET),
        ended=datetime(2026, 11, 23, 9, 48, 12, tzinfo=CET),
        present=("Anna", "Bram"),
        guests=("Dewi",),
        absent=("Chris",),
        items=(
            ItemRecord("Feedback", 10, 12, "Bram", "done", (text, "second"), ("We agree",), (), (action,)),
            ItemRecord("Planning", 10, 0, "", "not reached"),
        ),
        chair=(
            ChairRecord(
                "opening",
                "irritates",
                "Which of our behaviours irritates our customer?",
                text,
                "",
                (Action("p3n8ds", "Call back", "", None),),
            ),
        ),
    )


def test_round_trip_is_exact() -> None:
    minutes = sample()
    assert load_minutes(dump_minutes(minutes), "m.toml") == minutes


def test_the_file_reads_field_by_field() -> None:
    data = tomllib.loads(dump_minutes(sample()))
    assert data["schema"] == 1
    assert data["started"] == datetime(2026, 11, 23, 9, 0, tzinfo=CET)
    assert data["items"][0]["actions"][0] == {
        "id": "k7q2mx",
        "text": "Mail the invoice",
        "owner": "Bram",
        "due": date(2026, 11, 27),
        "status": "open",
    }
    assert "due" not in data["chair"][0]["actions"][0]  # no due date: no key
    assert "actions" not in data["items"][1]
    assert data["items"][1]["status"] == "not reached"


def test_layout_is_blocks_whatever_the_length() -> None:
    short, long = dump_minutes(sample("x")), dump_minutes(sample("x" * 300))
    for text in (short, long):
        assert "\n[[items]]\n" in text and "\n[[items.actions]]\n" in text and "\n[[chair.actions]]\n" in text
        assert "{" not in text  # never an inline table


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_exactly(text: str) -> None:
    minutes = sample(text)
    assert load_minutes(dump_minutes(minutes), "m.toml") == minutes


names = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=150, deadline=None)
@given(
    title=names.filter(str.strip),
    note=names,
    notes=st.lists(names, max_size=4),
    owner=names,
    due=st.none() | st.dates(),
    status=st.sampled_from(ACTION_STATUSES),
)
def test_any_text_survives_the_round_trip(
    title: str, note: str, notes: list[str], owner: str, due: date | None, status: ActionStatus
) -> None:
    base = sample(note)
    action = Action("abc234", note or "x", owner, due, status)
    item = ItemRecord(title, 5, 7, owner, "done", tuple(notes), (note,), (note,), (action,))
    minutes = Minutes(
        title=title,
        team=owner,
        language="nl",
        date=base.date,
        started=base.started,
        ended=base.ended,
        present=tuple(notes),
        items=(item,),
        chair=base.chair,
    )
    assert load_minutes(dump_minutes(minutes), "m.toml") == minutes


def test_newer_schema_is_named() -> None:
    text = dump_minutes(sample()).replace("schema = 1", "schema = 7")
    with pytest.raises(EmptyChairError, match=r"m.toml: written by a newer emptychair \(schema 7"):
        load_minutes(text, "m.toml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "Weekly"', "title = 3", "m.toml: title: expected text, got a number"),
        ("date = 2026-11-23", 'date = "monday"', "m.toml: date: expected a date like 2026-11-27"),
        ('status = "open"', 'status = "maybe"', "m.toml: items[1].actions[1].status: expected one of open"),
        (
            "started = 2026-11-23 09:00:00+01:00",
            "started = 2026-11-23T09:00:00",
            "m.toml: started: expected a date and time with offset",
        ),
    ],
)
def test_wrong_shape_names_the_key(old: str, new: str, message: str) -> None:
    text = dump_minutes(sample())
    assert old in text
    with pytest.raises(EmptyChairError) as caught:
        load_minutes(text.replace(old, new, 1), "m.toml")
    assert caught.value.message.startswith(message)


def test_truncated_file_names_line() -> None:
    text = dump_minutes(sample())
    with pytest.raises(EmptyChairError, match=r"^m.toml:\d+:\d+: "):
        load_minutes(text[: text.index("[[chair]]") + 5], "m.toml")
