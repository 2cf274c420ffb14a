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

import re
from datetime import date, timedelta

from emptychair.errors import problem

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
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
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
        return _next_day_month(int(day_month[1]), MONTHS[day_month[2]], today)
    return None


def _next_day_month(day: int, month: int, today: date) -> date | None:
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None
