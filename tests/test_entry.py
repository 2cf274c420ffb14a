from __future__ import annotations

from datetime import date

import pytest

from emptychair.core.dates import parse_due
from emptychair.core.line import Command, Entry, read_line, recognition_line
from emptychair.errors import EmptyChairError

TODAY = date(2026, 11, 23)  # a Monday


def today() -> date:
    return TODAY


PRESENT = ("Anna", "Bram", "Bas", "Chris de Vries")


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("2026-12-24", date(2026, 12, 24)),
        ("today", TODAY),
        ("vandaag", TODAY),
        ("tomorrow", date(2026, 11, 24)),
        ("morgen", date(2026, 11, 24)),
        ("overmorgen", date(2026, 11, 25)),
        ("friday", date(2026, 11, 27)),
        ("vrijdag", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("monday", date(2026, 11, 30)),
        ("maandag", date(2026, 11, 30)),  # never today itself
        ("next friday", date(2026, 12, 4)),
        ("volgende vrijdag", date(2026, 12, 4)),
        ("next-friday", date(2026, 12, 4)),
        ("next week", date(2026, 11, 30)),
        ("volgende week", date(2026, 11, 30)),
        ("+3d", date(2026, 11, 26)),
        ("+2w", date(2026, 12, 7)),
        ("27 nov", date(2026, 11, 27)),
        ("1 december", date(2026, 12, 1)),
        ("5 jan", date(2027, 1, 5)),
        ("23 november", TODAY),
        ("1 mei", date(2027, 5, 1)),
        ("3 okt", date(2027, 10, 3)),
    ],
)
def test_due_dates(said: str, expected: date) -> None:
    assert parse_due(said, TODAY) == expected


@pytest.mark.parametrize("said", ["someday", "next", "+3y", "27/11/2026/1", "eind van het jaar"])
def test_unknown_dates_are_refused_with_the_accepted_forms(said: str) -> None:
    with pytest.raises(EmptyChairError) as caught:
        parse_due(said, TODAY)
    assert caught.value.message.startswith(
        f"cannot read {said!r} as a date; use 2026-12-03, today"
    )  # days from today on


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("customers like the FAQ", Entry("note", "customers like the FAQ")),
        ("#agreed we answer within a day", Entry("decision", "we answer within a day")),
        ("#besluit we antwoorden binnen een dag", Entry("decision", "we antwoorden binnen een dag")),
        ("#info portal is down", Entry("info", "portal is down")),
        ("#link https://example.org/x", Entry("link", "https://example.org/x")),
        ("", Command.NEXT),
        ("  \t ", Command.NEXT),
        ("#undo", Command.UNDO),
        ("#UNDO: whatever", Command.UNDO),
        ("#skip", Command.SKIP),
        ("#overslaan", Command.SKIP),
        ("#end:", Command.END),
        ("#einde nu", Command.END),
        (
            "#action @bram mail invoices as attachment due:friday",
            Entry("action", "mail invoices as attachment", "Bram", date(2026, 11, 27)),
        ),
        (
            "#actie facturen mailen @BR due:vrijdag",
            Entry("action", "facturen mailen", "Bram", date(2026, 11, 27)),
        ),
        (
            "#ACTION call back due:next week and log it",
            Entry("action", "call back and log it", "", date(2026, 11, 30)),
        ),
        (
            "#action due:+2w @chris plan the visit",
            Entry("action", "plan the visit", "Chris de Vries", date(2026, 12, 7)),
        ),
        (
            "#action @chrisdevries mail bram@example.org",
            Entry("action", "mail bram@example.org", "Chris de Vries"),
        ),
        ("# not a marker", Entry("note", "# not a marker")),
        ("#42 is the ticket", Entry("note", "#42 is the ticket")),
        ("[bold]x[/] \x1b[2J", Entry("note", "[bold]x[/] \x1b[2J")),
    ],
)
def test_lines(line: str, expected: Entry | Command) -> None:
    assert read_line(line, PRESENT, today) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("send it by mail @anna", Entry("action", "send it by mail", "Anna")),
        ("#action @anna send it", Entry("action", "send it", "Anna")),
        ("#undo", Command.UNDO),
        ("", Command.NEXT),
    ],
)
def test_after_the_chairs_question_a_line_is_an_action(line: str, expected: Entry | Command) -> None:
    assert read_line(line, PRESENT, today, chair=True) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("#agreed we call", "here each line is an action for the customer (or #undo)"),
        ("#info portal down", "here each line is an action for the customer (or #undo)"),
        ("#skip", "unknown marker '#skip'"),  # items only
        ("#end", "unknown marker '#end'"),
    ],
)
def test_a_chair_step_refuses_what_belongs_to_the_items(line: str, message: str) -> None:
    with pytest.raises(EmptyChairError) as caught:
        read_line(line, PRESENT, today, chair=True)
    assert caught.value.message.startswith(message)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("@bra answered on Sunday", ("Bram", "answered on Sunday")),  # someone present: a start will do
        ("@Femke  fixed the printer ", ("Femke", "fixed the printer")),  # anyone else: as typed
    ],
)
def test_recognition_lines(line: str, expected: tuple[str, str]) -> None:
    assert recognition_line(line, PRESENT) == expected


@pytest.mark.parametrize("line", ["Bram did well", "@", "@bram", "  "])
def test_a_recognition_names_who_and_what(line: str) -> None:
    with pytest.raises(EmptyChairError) as caught:
        recognition_line(line, PRESENT)
    assert caught.value.message == "start with who it was: @name what they did"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("#action @b call", "@b could be Bram, Bas; type more of the name"),
        ("#action @zoe call", "nobody present is called @zoe; present: Anna, Bram, Bas, Chris de Vries"),
        ("#action call due:someday", "cannot read 'someday' as a date"),
        ("#action @anna", "an action needs text: what is to be done?"),
        ("#agreed", "#agreed needs text after it"),
        ("#todo something", "unknown marker '#todo'; markers: #action, #agreed, #info"),
    ],
)
def test_bad_lines(line: str, message: str) -> None:
    with pytest.raises(EmptyChairError) as caught:
        read_line(line, PRESENT, today)
    assert caught.value.message.startswith(message)
