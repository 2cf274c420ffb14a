"""Due dates as teams say them in a meeting, in English and Dutch, each with one defined meaning.

Numbers are day first, as in the Netherlands; "the next such date" counts today in.

2026-11-27                               that date
27-11  27/11  27.11.  1-12-2026  1/12/26  day first; without a year the next such date
27 nov  1st December  the 1st of December  Dec 1  December 1, 2026    the same, in words
today / vandaag, tomorrow / morgen, overmorgen (the day after tomorrow)
friday / vrijdag / aanstaande vrijdag    the next Friday after today (never today itself)
next friday / volgende vrijdag / volgende week vrijdag / vrijdag volgende week / friday next week
                                         the Friday of next week (weeks run Monday to Sunday)
vrijdag over twee weken / friday in 2 weeks    the Friday of the week two weeks on
vrijdag 27 nov / fri 27-11               that date, refused when it is not that weekday
next week / volgende week                seven days from today
next month / volgende maand              the same day next month (its last day if shorter)
+3d  +2w                                 three days, two weeks from today
in two weeks / over 2 weken / binnen een week / in 10 days / over een maand
                                         that span from today; number words one to twelve
week 49 / wk 49 / w49                    the Friday of ISO week 49; next year's when it is past
end of week / eind van de week / eind deze week    the coming Friday, today included
end of next week / eind volgende week    the Friday of next week
end of month / eind van de maand         the last day of this month (end of next month too)
end of november / eind november          the last day of the next November not yet over
mid december / medio december / half december      the 15th of the next such month from today on
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from emptychair.errors import EmptyChairError, problem

WEEKDAYS = {
    **dict.fromkeys(("monday", "mon", "maandag", "ma"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues", "dinsdag", "di"), 1),
    **dict.fromkeys(("wednesday", "wed", "woensdag", "wo"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs", "donderdag", "do"), 3),
    **dict.fromkeys(("friday", "fri", "vrijdag", "vr"), 4),
    **dict.fromkeys(("saturday", "sat", "zaterdag", "za"), 5),
    **dict.fromkeys(("sunday", "sun", "zondag", "zo"), 6),
}
MONTHS = {
    **dict.fromkeys(("january", "jan", "januari"), 1),
    **dict.fromkeys(("february", "feb", "februari"), 2),
    **dict.fromkeys(("march", "mar", "maart", "mrt"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("may", "mei"), 5),
    **dict.fromkeys(("june", "jun", "juni"), 6),
    **dict.fromkeys(("july", "jul", "juli"), 7),
    **dict.fromkeys(("august", "aug", "augustus"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("october", "oct", "oktober", "okt"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
_ENGLISH_NUMBERS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_DUTCH_NUMBERS = (
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
)
NUMBERS = {
    **{word: n for n, word in enumerate(_ENGLISH_NUMBERS, 1)},
    **{word: n for n, word in enumerate(_DUTCH_NUMBERS, 1)},
    **dict.fromkeys(("a", "an", "één"), 1),
}
UNITS = {
    **dict.fromkeys(("day", "days", "dag", "dagen"), "d"),
    **dict.fromkeys(("week", "weeks", "weken"), "w"),
    **dict.fromkeys(("month", "months", "maand", "maanden"), "m"),
    "d": "d",
    "w": "w",
}
RELATIVE = {"today": 0, "vandaag": 0, "tomorrow": 1, "morgen": 1, "overmorgen": 2}
FRIDAY = 4
MIDDLE = 15
FAR_DAYS = 183  # a due date further off than about half a year is more likely a slip than a plan
Doubt = Literal["past", "weekend", "far"]

# What completion offers after `due:`, per language; SUGGESTIONS offers both. A form that names a
# day of the calendar (`27-11`, `week 49`) is an example only: `suggestions` puts a near one in.
SUGGESTIONS_BY_LANGUAGE = {
    "en": (
        "today",
        "tomorrow",
        "friday",
        "next friday",
        "next week",
        "end of week",
        "end of month",
        "in two weeks",
        "week 49",
        "27-11",
        "27 nov",
        "mid december",
        "next month",
        "+3d",
        "+1w",
    ),
    "nl": (
        "vandaag",
        "morgen",
        "overmorgen",
        "vrijdag",
        "volgende week vrijdag",
        "volgende week",
        "eind van de week",
        "eind van de maand",
        "over twee weken",
        "binnen een week",
        "week 49",
        "27-11",
        "27 nov",
        "medio december",
        "volgende maand",
    ),
}
SUGGESTIONS = tuple(dict.fromkeys(SUGGESTIONS_BY_LANGUAGE["en"] + SUGGESTIONS_BY_LANGUAGE["nl"]))


def stamp(at: datetime) -> str:
    """A moment as messages show it: 2026-11-23 09:00."""
    return f"{at:%Y-%m-%d %H:%M}"


def suggestions(language: str, today: date) -> tuple[str, ...]:
    """The forms completion offers after `due:` in a meeting held in `language` on `today`: each
    names a day soon after it, never one that is past or a year on (`27-11` on 2 December)."""
    own = language if language in _MONTH_WORDS else "en"
    ahead = today + timedelta(days=10)
    while ahead.weekday() >= 5:  # a working day: a suggestion is never a date to doubt
        ahead += timedelta(days=1)
    middle = today if today.day < MIDDLE else _add_months(today.replace(day=1), 1)
    named = {
        "27-11": f"{ahead.day}-{ahead.month}",
        "27 nov": f"{ahead.day} {_MONTH_SHORT[own][ahead.month - 1]}",
        "week 49": f"week {(today + timedelta(weeks=1)).isocalendar().week}",
        "mid december": "mid " + _MONTH_WORDS["en"][middle.month - 1],
        "medio december": "medio " + _MONTH_WORDS["nl"][middle.month - 1],
    }
    forms = SUGGESTIONS_BY_LANGUAGE.get(language, SUGGESTIONS)
    return tuple(dict.fromkeys(named.get(form, form) for form in forms))


_MONTH_WORDS = {
    "en": (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
}
_MONTH_SHORT = {
    "en": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}  # fmt: skip


def doubts(due: date, today: date) -> tuple[Doubt, ...]:
    """Why a due date that was read may still not be what was meant: past, on a weekend, or more
    than about half a year away (`voor:27-11` said on 2 December is 27 November next year)."""
    found: list[Doubt] = []
    if due < today:
        found.append("past")
    if due.weekday() >= 5:
        found.append("weekend")
    if (due - today).days > FAR_DAYS:
        found.append("far")
    return tuple(found)


def parse_due(text: str, today: date) -> date:
    """Resolve a due date said in words; raises EmptyChairError saying why or listing the forms understood."""
    said = _normal(text)
    for pattern, read in _rules():
        if found := pattern.fullmatch(said):
            return read(found, _Said(text.strip(), today))
    raise problem("err_date", said=text, forms=Forms(today))


def parse_since(text: str, today: date) -> date:
    """A day that may lie behind us, for an option such as --since: what `parse_due` reads, and
    also yesterday (gisteren, eergisteren), last week (vorige week, afgelopen week: seven days
    back), last month (vorige maand), last friday (vorige vrijdag), 3 days ago (3 dagen geleden),
    start of week or month (begin van de week, van de maand) and a span back (30d, 6w, 3m). A day
    named on the calendar without a year (27-11, 1 december, week 49) is the last such day, not the
    next: nobody asks for the meetings since a day that has not come."""
    said = _normal(text)
    for pattern, read in _back_rules():
        if found := pattern.fullmatch(said):
            return read(found, today)
    if not any(pattern.fullmatch(said) for pattern in _calendar_rules()):
        return parse_due(text, today)
    try:
        day: date | None = parse_due(text, today)
    except EmptyChairError as error:  # `vr 27 nov`: not a Friday next year, but maybe this year
        day, refused = None, error
    if day is None or day > today:
        try:
            year_before: date | None = parse_due(text, _add_months(today, -12))
        except EmptyChairError:
            year_before = None
        if year_before is not None and year_before <= today:
            return year_before  # the same day of the calendar, a year earlier
        if day is None:
            raise refused
    return day


@functools.cache
def _calendar_rules() -> list[re.Pattern[str]]:
    """The forms that name a day of the calendar without its year: 27-11, 1 december, eind november."""
    forms = [pattern for pattern, _ in _DATES[1:]] + [
        rf"{_END} {_MON}",
        rf"(?:medio|mid|midden|half)(?: (?:of|van))? {_MON}",
    ]
    return [re.compile(rf"(?:{_WD} )?" + form.replace("(?P<y>", "(?P<y>(?!)")) for form in forms]


def _back(found: re.Match[str], today: date) -> date:
    amount, unit = _number(found["amount"]), UNITS.get(found["unit"], found["unit"])
    if unit == "m":
        return _add_months(today, -amount)
    return today - (timedelta(days=amount) if unit == "d" else timedelta(weeks=amount))


_LAST = r"(?:last|previous|vorige|vorig|afgelopen)"
_START = r"(?:start|begin|beginning)(?: (?:of|van))?(?: (?:the|de|deze|this))?"


@functools.cache
def _back_rules() -> list[tuple[re.Pattern[str], Callable[[re.Match[str], date], date]]]:
    """The forms only a day behind us takes, compiled on the first such day read."""
    return [(re.compile(pattern), read) for pattern, read in _back_forms()]


def _back_forms() -> list[tuple[str, Callable[[re.Match[str], date], date]]]:
    return [
        (r"yesterday|gisteren", lambda found, today: today - timedelta(days=1)),
        (r"eergisteren", lambda found, today: today - timedelta(days=2)),
        (rf"{_LAST} week", lambda found, today: today - timedelta(weeks=1)),
        (rf"{_LAST} (?:month|maand)", lambda found, today: _add_months(today, -1)),
        (rf"{_LAST} (?:year|jaar)", lambda found, today: _add_months(today, -12)),
        (
            rf"{_LAST} (?P<weekday>{_alternatives(WEEKDAYS)})\.?",
            lambda found, today: (
                today - timedelta(days=(today.weekday() - WEEKDAYS[found["weekday"]] - 1) % 7 + 1)
            ),
        ),
        (rf"{_NUM} ?(?P<unit>{_alternatives(UNITS)}|m) (?:ago|geleden)", _back),
        (r"(?P<amount>\d{1,4}) ?(?P<unit>[dwm])", _back),
        (rf"{_START} week", lambda found, today: today - timedelta(days=today.weekday())),
        (rf"{_START} (?:month|maand)", lambda found, today: today.replace(day=1)),
    ]


@dataclass(frozen=True)
class Forms:
    """The forms a date can take, as a message lists them in its own language (`{forms:nl}`): each
    names a day from `today` on, never one that is past."""

    today: date

    def __format__(self, language: str) -> str:
        ahead = self.today + timedelta(days=10)
        while ahead.weekday() >= 5:
            ahead += timedelta(days=1)
        return ", ".join([ahead.isoformat(), *suggestions(language or "en", self.today)])


def is_vague(error: EmptyChairError) -> bool:
    """True when `error` only says the words are no date (not: which date it is not, and why)."""
    return error.key == "err_date"


@dataclass(frozen=True)
class Named:
    """A month or weekday whose name a message gives in its own language: `{month:nl}`."""

    names: str  # the catalogue key holding the twelve or seven names
    index: int

    def __format__(self, language: str) -> str:
        from emptychair.locale import tr

        return tr(language or "en", self.names).split()[self.index]


@dataclass(frozen=True)
class _Said:
    """A date as typed, and the day it was typed on."""

    text: str
    today: date


def _normal(text: str) -> str:
    said = text.strip().lower().replace(",", " ")
    said = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", said)  # next-friday, mid-december
    return " ".join(said.split())


def _make(year: int, month: int, day: int, said: _Said) -> date:
    if not date.min.year <= year <= date.max.year:
        raise problem("err_date", said=said.text, forms=Forms(said.today))
    if not 1 <= month <= 12:
        raise problem("err_date_month", said=said.text, month=month)
    days = _days_in(year, month)
    if not 1 <= day <= days:
        raise problem(
            "err_date_day", said=said.text, month=Named("month_names", month - 1), days=days, year=year
        )
    return date(year, month, day)


def _next(month: int, day: int, said: _Said) -> date:
    """The next `day` of `month` from today on; refused when that year has no such day."""
    today = said.today
    year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    return _make(year, month, day, said)


def _days_in(year: int, month: int) -> int:
    """How many days `month` has in `year`, without importing calendar (about 9 ms at start-up)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def _last_day(year: int, month: int) -> date:
    return date(year, month, _days_in(year, month))


def _add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, _days_in(year, month)))


def _weekday_after(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _in_next_week(today: date, weekday: int) -> date:
    return today + timedelta(days=7 - today.weekday() + weekday)


def _iso_week(week: int, said: _Said) -> date:
    today = said.today
    for year in (today.isocalendar().year, today.isocalendar().year + 1):
        weeks = date(year, 12, 28).isocalendar().week
        if not 1 <= week <= weeks:
            raise problem("err_date_week", said=said.text, year=year, weeks=weeks)
        friday = date.fromisocalendar(year, week, FRIDAY + 1)
        if friday >= today:
            return friday
    raise AssertionError("a week number always falls this year or next")


def _span(amount: int, unit: str, today: date) -> date:
    if unit == "m":
        return _add_months(today, amount)
    return today + (timedelta(days=amount) if unit == "d" else timedelta(weeks=amount))


def _month_named(month: str, said: _Said, day_in: Callable[[int, int], int]) -> date:
    """The next such day of `month` from today on; `day_in(year, month)` picks the day."""
    today, number = said.today, MONTHS[month]
    year = today.year if (number, day_in(today.year, number)) >= (today.month, today.day) else today.year + 1
    return date(year, number, day_in(year, number))


def _agreeing(weekday: str, day: date, said: _Said) -> date:
    if day.weekday() != WEEKDAYS[weekday]:
        raise problem(
            "err_date_weekday",
            said=said.text,
            day=day.day,
            month=Named("month_names", day.month - 1),
            year=day.year,
            weekday=Named("weekday_names", day.weekday()),
        )
    return day


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_WD = rf"(?P<weekday>{_alternatives(WEEKDAYS)})\.?"
# Inside a longer phrase only a weekday of three letters or more: `due:next week do the review`.
_WD_WORD = rf"(?P<weekday>{_alternatives(day for day in WEEKDAYS if len(day) > 2)})\.?"
_MON = rf"(?P<month>{_alternatives(MONTHS)})\.?"
_NUM = rf"(?P<amount>\d{{1,3}}|{_alternatives(NUMBERS)})"
_UNIT = rf"(?P<unit>{_alternatives(UNITS)})"
_ORD = r"(?:st|nd|rd|th|e|ste|de)?"
_END = r"(?:eind|einde|end)(?: (?:of|van))?"
_THIS = r"(?: (?:the|de|deze|this))?"
_NEXT = r"(?:next|volgende)"
_YEAR = r"(?: (?P<y>\d{4}))?"

Read = Callable[[re.Match[str], _Said], date]


def _iso(found: re.Match[str], said: _Said) -> date:
    return _make(int(found["y"]), int(found["m"]), int(found["d"]), said)


def _numeric(found: re.Match[str], said: _Said) -> date:
    year = found["y"]
    if year is None:
        return _next(int(found["m"]), int(found["d"]), said)
    return _make(2000 + int(year) if len(year) == 2 else int(year), int(found["m"]), int(found["d"]), said)


def _worded(found: re.Match[str], said: _Said) -> date:
    month, day = MONTHS[found["month"]], int(found["d"])
    return _next(month, day, said) if found["y"] is None else _make(int(found["y"]), month, day, said)


_DATES: list[tuple[str, Read]] = [
    (r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})", _iso),
    (r"(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?\.?", _numeric),
    (rf"(?:the )?(?P<d>\d{{1,2}}){_ORD}(?: of)? {_MON}{_YEAR}", _worded),
    (rf"{_MON} (?P<d>\d{{1,2}}){_ORD}{_YEAR}", _worded),
]


def _with_weekday(pattern: str, read: Read) -> tuple[str, Read]:
    def agreeing(found: re.Match[str], said: _Said) -> date:
        return _agreeing(found["weekday"], read(found, said), said)

    return rf"{_WD} {pattern}", agreeing


def _relative(found: re.Match[str], said: _Said) -> date:
    return said.today + timedelta(days=RELATIVE[found[0]])


def _weekday(found: re.Match[str], said: _Said) -> date:
    return _weekday_after(said.today, WEEKDAYS[found["weekday"]])


def _next_weeks_day(found: re.Match[str], said: _Said) -> date:
    return _in_next_week(said.today, WEEKDAYS[found["weekday"]])


def _weeks_day(found: re.Match[str], said: _Said) -> date:
    weeks = _number(found["amount"])
    return _in_next_week(said.today + timedelta(weeks=weeks - 1), WEEKDAYS[found["weekday"]])


def _next_week(found: re.Match[str], said: _Said) -> date:
    return said.today + timedelta(weeks=1)


def _next_month(found: re.Match[str], said: _Said) -> date:
    return _add_months(said.today, 1)


def _offset(found: re.Match[str], said: _Said) -> date:
    return _span(_number(found["amount"]), UNITS[found["unit"]], said.today)


def _number(said: str) -> int:
    return NUMBERS[said] if said in NUMBERS else int(said)


def _week_number(found: re.Match[str], said: _Said) -> date:
    return _iso_week(int(found["week"]), said)


def _end_of_week(found: re.Match[str], said: _Said) -> date:
    return said.today + timedelta(days=(FRIDAY - said.today.weekday()) % 7)


def _end_of_next_week(found: re.Match[str], said: _Said) -> date:
    return _in_next_week(said.today, FRIDAY)


def _end_of_month(found: re.Match[str], said: _Said) -> date:
    return _last_day(said.today.year, said.today.month)


def _end_of_next_month(found: re.Match[str], said: _Said) -> date:
    first = _add_months(said.today.replace(day=1), 1)
    return _last_day(first.year, first.month)


def _end_of(found: re.Match[str], said: _Said) -> date:
    return _month_named(found["month"], said, lambda year, month: _days_in(year, month))


def _middle_of(found: re.Match[str], said: _Said) -> date:
    return _month_named(found["month"], said, lambda year, month: MIDDLE)


@functools.cache
def _rules() -> list[tuple[re.Pattern[str], Read]]:
    """Compiled on the first date read: about 15 ms that commands reading no dates need not pay."""
    return [
        (re.compile(pattern), read)
        for pattern, read in [
            *_DATES,
            *(_with_weekday(pattern, read) for pattern, read in _DATES),
            (_alternatives(RELATIVE), _relative),
            (rf"(?:(?:aanstaande|komende|coming) )?{_WD}", _weekday),
            (rf"{_NEXT}(?: week)? {_WD_WORD}", _next_weeks_day),
            (rf"{_WD_WORD} {_NEXT} week", _next_weeks_day),
            (rf"{_WD_WORD} (?:over|in) {_NUM} (?:weken|weeks|week)", _weeks_day),
            (rf"{_NEXT} week", _next_week),
            (rf"{_NEXT} (?:month|maand)", _next_month),
            (r"\+ ?(?P<amount>\d{1,3}) ?(?P<unit>[dw])", _offset),
            (rf"(?:in|within|over|binnen) {_NUM} {_UNIT}", _offset),
            (r"(?:week|wk|w) ?(?P<week>\d{1,2})", _week_number),
            (rf"{_END}{_THIS} week", _end_of_week),
            (rf"{_END}(?: (?:the|de))? {_NEXT} week", _end_of_next_week),
            (rf"{_END}{_THIS} (?:month|maand)", _end_of_month),
            (rf"{_END}(?: (?:the|de))? {_NEXT} (?:month|maand)", _end_of_next_month),
            (rf"{_END} {_MON}", _end_of),
            (rf"(?:medio|mid|midden|half)(?: (?:of|van))? {_MON}", _middle_of),
        ]
    ]


def clock_text(seconds: int) -> str:
    """Seconds as a time box shows them: 4:05."""
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"
