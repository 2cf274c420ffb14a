from __future__ import annotations

from datetime import date

import pytest

from emptychair.core.dates import parse_due
from emptychair.core.line import Entry, parse_line
from emptychair.errors import EmptyChairError

TODAY = date(2026, 11, 23)  # a Monday
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


@pytest.mark.parametrize("said", ["someday", "2026-13-01", "next", "+3y", "27/11", "eind van de maand"])
def test_unknown_dates_are_refused_with_the_accepted_forms(said: str) -> None:
    with pytest.raises(EmptyChairError) as caught:
        parse_due(said, TODAY)
    assert caught.value.message.startswith(f"cannot read {said!r} as a date; use 2026-11-27, today")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("customers like the FAQ", Entry("note", "customers like the FAQ")),
        ("#agreed we answer within a day", Entry("decision", "we answer within a day")),
        ("#besluit we antwoorden binnen een dag", Entry("decision", "we antwoorden binnen een dag")),
        ("#info portal is down", Entry("info", "portal is down")),
        ("#link https://example.org/x", Entry("link", "https://example.org/x")),
        ("#undo", Entry("undo", "")),
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
def test_lines(line: str, expected: Entry) -> None:
    assert parse_line(line, PRESENT, TODAY) == expected


def test_a_plain_line_in_a_chair_step_is_an_action() -> None:
    assert parse_line("send it by mail @anna", PRESENT, TODAY, plain="action") == Entry(
        "action", "send it by mail", "Anna"
    )


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
        parse_line(line, PRESENT, TODAY)
    assert caught.value.message.startswith(message)
