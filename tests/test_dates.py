"""Due dates as teams say them: one table of phrases, the day they are said and what they mean."""

from __future__ import annotations

from datetime import date

import pytest

from emptychair.core.dates import parse_due, suggestions
from emptychair.core.line import parse_entry
from emptychair.errors import EmptyChairError

MON = date(2026, 11, 23)  # a Monday in week 48
FRI = date(2026, 11, 27)
SAT = date(2026, 11, 28)
NEW_YEARS_EVE = date(2026, 12, 31)  # a Thursday in ISO week 53 of 2026


@pytest.mark.parametrize(
    ("said", "today", "expected"),
    [
        # numeric, day first; without a year the next such date from today on
        ("2026-12-01", MON, date(2026, 12, 1)),
        ("1-12", MON, date(2026, 12, 1)),
        ("27/11", MON, date(2026, 11, 27)),
        ("23-11", MON, MON),
        ("22-11", MON, date(2027, 11, 22)),
        ("01-12-2026", MON, date(2026, 12, 1)),
        ("27-11-2026", MON, date(2026, 11, 27)),
        ("1/12/26", MON, date(2026, 12, 1)),
        ("27.11.", MON, date(2026, 11, 27)),
        ("27.11.2026", MON, date(2026, 11, 27)),
        ("5.1", MON, date(2027, 1, 5)),
        ("31-12-9999", MON, date(9999, 12, 31)),
        ("29-2", date(2027, 12, 1), date(2028, 2, 29)),
        # in words, either order
        ("27 nov", MON, date(2026, 11, 27)),
        ("1 december", MON, date(2026, 12, 1)),
        ("1 mei", MON, date(2027, 5, 1)),
        ("Dec 1", MON, date(2026, 12, 1)),
        ("December 1", MON, date(2026, 12, 1)),
        ("December 1, 2027", MON, date(2027, 12, 1)),
        ("1st December", MON, date(2026, 12, 1)),
        ("the 1st of December", MON, date(2026, 12, 1)),
        ("3rd jan", MON, date(2027, 1, 3)),
        ("1e december", MON, date(2026, 12, 1)),
        # a weekday with a date that agrees
        ("vrijdag 27 nov", MON, FRI),
        ("vr 27 nov", MON, FRI),
        ("fri 27 nov", MON, FRI),
        ("Friday, 27 November 2026", MON, FRI),
        ("di 1-12", MON, date(2026, 12, 1)),
        ("tue Dec 1", MON, date(2026, 12, 1)),
        # days and weekdays
        ("today", MON, MON),
        ("vandaag", MON, MON),
        ("morgen", MON, date(2026, 11, 24)),
        ("overmorgen", MON, date(2026, 11, 25)),
        ("friday", MON, FRI),
        ("vrijdag", FRI, date(2026, 12, 4)),  # never today itself
        ("aanstaande vrijdag", MON, FRI),
        ("next friday", MON, date(2026, 12, 4)),
        ("volgende vrijdag", MON, date(2026, 12, 4)),
        ("volgende week vrijdag", MON, date(2026, 12, 4)),
        ("vrijdag volgende week", MON, date(2026, 12, 4)),
        ("friday next week", MON, date(2026, 12, 4)),
        ("next-friday", SAT, date(2026, 12, 4)),
        ("vrijdag over twee weken", MON, date(2026, 12, 11)),
        ("friday in 1 week", MON, date(2026, 12, 4)),
        ("volgende week do", MON, None),  # two letters only alone or with a date: `next week do it`
        ("do 3 dec", MON, date(2026, 12, 3)),
        # spans
        ("next week", MON, date(2026, 11, 30)),
        ("volgende week", MON, date(2026, 11, 30)),
        ("+3d", MON, date(2026, 11, 26)),
        ("+2w", MON, date(2026, 12, 7)),
        ("in two weeks", MON, date(2026, 12, 7)),
        ("in 10 days", MON, date(2026, 12, 3)),
        ("over twee weken", MON, date(2026, 12, 7)),
        ("over 2 weken", MON, date(2026, 12, 7)),
        ("over 3 dagen", MON, date(2026, 11, 26)),
        ("binnen een week", MON, date(2026, 11, 30)),
        ("binnen één week", MON, date(2026, 11, 30)),
        ("within a week", MON, date(2026, 11, 30)),
        ("over twaalf dagen", MON, date(2026, 12, 5)),
        ("over een maand", date(2027, 1, 31), date(2027, 2, 28)),
        ("next month", MON, date(2026, 12, 23)),
        ("volgende maand", date(2027, 1, 31), date(2027, 2, 28)),
        # week numbers: their Friday; a week whose Friday has passed is next year's
        ("week 49", MON, date(2026, 12, 4)),
        ("wk 49", MON, date(2026, 12, 4)),
        ("w49", MON, date(2026, 12, 4)),
        ("week 48", MON, FRI),
        ("week 47", MON, date(2027, 11, 26)),
        ("week 53", MON, date(2027, 1, 1)),
        ("week 1", NEW_YEARS_EVE, date(2027, 1, 8)),
        # ends and middles
        ("eind van de week", MON, FRI),
        ("eind deze week", MON, FRI),
        ("end of week", FRI, FRI),
        ("end of the week", SAT, date(2026, 12, 4)),
        ("eind volgende week", MON, date(2026, 12, 4)),
        ("eind van de maand", MON, date(2026, 11, 30)),
        ("end of month", NEW_YEARS_EVE, NEW_YEARS_EVE),
        ("end of next month", MON, date(2026, 12, 31)),
        ("eind november", MON, date(2026, 11, 30)),
        ("end of february", MON, date(2027, 2, 28)),
        ("eind oktober", MON, date(2027, 10, 31)),
        ("medio december", MON, date(2026, 12, 15)),
        ("mid december", MON, date(2026, 12, 15)),
        ("mid-December", MON, date(2026, 12, 15)),
        ("half januari", MON, date(2027, 1, 15)),
        ("mid november", MON, date(2027, 11, 15)),
    ],
)
def test_phrases_are_read(said: str, today: date, expected: date | None) -> None:
    if expected is None:
        with pytest.raises(EmptyChairError, match="as a date"):
            parse_due(said, today)
    else:
        assert parse_due(said, today) == expected


@pytest.mark.parametrize(
    ("said", "today", "english", "dutch"),
    [
        (
            "31 feb",
            MON,
            "'31 feb' is not a date: February has 28 days in 2027",
            "'31 feb' is geen datum: februari heeft 28 dagen in 2027",
        ),
        (
            "31-02",
            MON,
            "'31-02' is not a date: February has 28 days in 2027",
            "'31-02' is geen datum: februari heeft 28 dagen in 2027",
        ),
        (
            "29-2",
            MON,
            "'29-2' is not a date: February has 28 days in 2027",
            "'29-2' is geen datum: februari heeft 28 dagen in 2027",
        ),
        (
            "31/4/2027",
            MON,
            "'31/4/2027' is not a date: April has 30 days in 2027",
            "'31/4/2027' is geen datum: april heeft 30 dagen in 2027",
        ),
        (
            "2026-13-01",
            MON,
            "'2026-13-01' is not a date: there is no month 13",
            "'2026-13-01' is geen datum: er is geen maand 13",
        ),
        (
            "vr 28 nov",
            MON,
            "'vr 28 nov' does not add up: 28 November 2026 is a Saturday",
            "'vr 28 nov' klopt niet: 28 november 2026 is een zaterdag",
        ),
        (
            "monday 1-12",
            MON,
            "'monday 1-12' does not add up: 1 December 2026 is a Tuesday",
            "'monday 1-12' klopt niet: 1 december 2026 is een dinsdag",
        ),
        (
            "week 54",
            MON,
            "'week 54' is not a week: 2026 has weeks 1 to 53",
            "'week 54' is geen week: 2026 heeft weken 1 tot en met 53",
        ),
        (
            "week 53",
            date(2027, 3, 1),
            "'week 53' is not a week: 2027 has weeks 1 to 52",
            "'week 53' is geen week: 2027 heeft weken 1 tot en met 52",
        ),
        (
            "0000-01-01",
            MON,
            "cannot read '0000-01-01' as a date; use 2026-12-03, today, tomorrow, friday, next friday, next week, "
            "end of week, end of month, in two weeks, week 49, 3-12, 3 dec, mid december, next month, +3d, +1w",
            "'0000-01-01' is geen datum die ik ken; gebruik 2026-12-03, vandaag, morgen, overmorgen, vrijdag, "
            "volgende week vrijdag, volgende week, eind van de week, eind van de maand, over twee weken, "
            "binnen een week, week 49, 3-12, 3 dec, medio december, volgende maand",
        ),
        (
            "someday",
            MON,
            "cannot read 'someday' as a date; use 2026-12-03, today, tomorrow, friday, next friday, next week, "
            "end of week, end of month, in two weeks, week 49, 3-12, 3 dec, mid december, next month, +3d, +1w",
            "'someday' is geen datum die ik ken; gebruik 2026-12-03, vandaag, morgen, overmorgen, vrijdag, "
            "volgende week vrijdag, volgende week, eind van de week, eind van de maand, over twee weken, "
            "binnen een week, week 49, 3-12, 3 dec, medio december, volgende maand",
        ),
    ],
)
def test_impossible_dates_are_refused_saying_why(said: str, today: date, english: str, dutch: str) -> None:
    with pytest.raises(EmptyChairError) as caught:
        parse_due(said, today)
    assert (caught.value.message, caught.value.say("nl")) == (english, dutch)


@pytest.mark.parametrize(
    ("line", "text", "due"),
    [
        ("#actie @bram offerte sturen due:over twee weken", "offerte sturen", date(2026, 12, 7)),
        ("#action due:friday mail the list", "mail the list", FRI),
        ("#action due:the 1st of December 2026 book the room", "book the room", date(2026, 12, 1)),
        ("#actie voor:volgende week vrijdag @bram bellen", "bellen", date(2026, 12, 4)),
        ("#actie zaal boeken VOOR:eind van de maand", "zaal boeken", date(2026, 11, 30)),
        ("#action due:week 49 plan 12 visits", "plan 12 visits", date(2026, 12, 4)),
        ("#action due:27 nov 12 copies", "12 copies", FRI),
        ("#action due:next week do the review", "do the review", date(2026, 11, 30)),
        ("#action due:friday may be late", "may be late", FRI),
    ],
)
def test_a_line_takes_the_longest_run_of_words_that_is_a_date(line: str, text: str, due: date) -> None:
    entry = parse_entry(line, ("Bram",), MON)
    assert (entry.text, entry.due) == (text, due)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("#actie bellen due:vr 28 nov klant", "'vr 28 nov' does not add up: 28 November 2026 is a Saturday"),
        ("#action call due:31 feb", "'31 feb' is not a date: February has 28 days in 2027"),
        ("#action call due:someday soon", "cannot read 'someday' as a date"),
    ],
)
def test_a_line_with_an_impossible_date_is_refused_with_the_whole_date(line: str, message: str) -> None:
    with pytest.raises(EmptyChairError) as caught:
        parse_entry(line, (), MON)
    assert caught.value.message.startswith(message)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_form_completion_offers_is_read(language: str) -> None:
    offered = suggestions(language, MON)
    assert len(offered) > 10
    assert [said for said in offered if parse_due(said, MON) < MON] == []


def test_completion_without_a_language_offers_both() -> None:
    assert set(suggestions("fr", MON)) == set(suggestions("en", MON)) | set(suggestions("nl", MON))
