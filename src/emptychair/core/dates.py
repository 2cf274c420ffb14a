"""Due dates as people say them in a meeting, in English and Dutch, with one defined meaning each.

2026-11-27            that date
today / vandaag       today
tomorrow / morgen     tomorrow;  overmorgen: the day after
friday / vrijdag      the next Friday after today (never today itself)
next friday / volgende vrijdag   the Friday of next week (Monday to Sunday)
next week / volgende week        one week from today
+3d  +2w              three days, two weeks from today
27 nov / 27 november  the next 27 November from today on
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from emptychair.errors import EmptyChairError, problem

WEEKDAYS = {
    **dict.fromkeys(("monday", "mon", "maandag", "ma"), 0),
    **dict.fromkeys(("tuesday", "tue", "dinsdag", "di"), 1),
    **dict.fromkeys(("wednesday", "wed", "woensdag", "wo"), 2),
    **dict.fromkeys(("thursday", "thu", "donderdag", "do"), 3),
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
MONTH_NAMES = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
}  # fmt: skip
RELATIVE = {"today": 0, "vandaag": 0, "tomorrow": 1, "morgen": 1, "overmorgen": 2}
NEXT = ("next", "volgende")
WEEK = ("week",)
# The words offered by completion after `due:`.
SUGGESTIONS = (
    "today",
    "tomorrow",
    "friday",
    "next-week",
    "+1w",
    "+3d",
    "vandaag",
    "morgen",
    "vrijdag",
    "volgende-week",
)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_OFFSET = re.compile(r"^\+(\d{1,3})([dw])$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?$")


class NotADate(EmptyChairError):
    """A day the month does not have, said with the month named in the reader's language."""

    def __init__(self, said: str, year: int, month: int) -> None:
        self.said, self.year, self.month = said, year, month
        super().__init__(self.say("en"))

    def say(self, lang: str) -> str:
        from emptychair.locale import tr

        names = MONTH_NAMES.get(lang, MONTH_NAMES["en"])
        days = calendar.monthrange(self.year, self.month)[1]
        return tr(
            lang, "err_not_a_date", said=self.said, month=names[self.month - 1], days=days, year=self.year
        )


def parse_due(text: str, today: date) -> date:
    """Resolve a due date said in words; raises EmptyChairError listing the forms understood."""
    said = " ".join(text.strip().lower().replace("-", " ").split())
    said_iso = text.strip()
    found = _resolve(said, said_iso, today)
    if found is None:
        raise problem("err_date", said=text)
    return found


def _resolve(said: str, said_iso: str, today: date) -> date | None:
    if iso := _ISO.match(said_iso):
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
        if not 1 <= month <= 12 or not 1 <= year <= 9999:
            return None
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise NotADate(said_iso, year, month)
        return date(year, month, day)
    if said in RELATIVE:
        return today + timedelta(days=RELATIVE[said])
    if said in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[said] - today.weekday() - 1) % 7 + 1)
    words = said.split()
    if len(words) == 2 and words[0] in NEXT:
        if words[1] in WEEK:
            return today + timedelta(weeks=1)
        if words[1] in WEEKDAYS:
            next_monday = today + timedelta(days=7 - today.weekday())
            return next_monday + timedelta(days=WEEKDAYS[words[1]])
    if offset := _OFFSET.match(said.replace(" ", "")):
        amount = int(offset[1])
        return today + (timedelta(days=amount) if offset[2] == "d" else timedelta(weeks=amount))
    if (day_month := _DAY_MONTH.match(said)) and day_month[2] in MONTHS:
        return _next_day_month(said, int(day_month[1]), MONTHS[day_month[2]], today)
    return None


def _next_day_month(said: str, day: int, month: int, today: date) -> date:
    """The next such day from today on; a day the month does not have in that year is refused
    (29 feb in 2027 is not moved to 2028)."""
    year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise NotADate(said, year, month)
    return date(year, month, day)
