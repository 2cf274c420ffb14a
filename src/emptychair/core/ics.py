"""Due dates as an iCalendar file (RFC 5545): one all-day entry per action that has a due date.

The UID comes from the action id, and SEQUENCE counts the action's follow-ups: importing the file
again updates an entry instead of adding a second one. A closed action stays in the file as a
cancelled entry, so a calendar that imported it before takes it away.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from emptychair.core.ledger import Tracked
from emptychair.locale import tr
from emptychair.text import visible

PRODID = "-//emptychair//emptychair//EN"
FOLD_AT = 75  # octets per line, CRLF not counted


def calendar(actions: Sequence[Tracked], now: datetime, lang: str, name: str = "") -> str:
    """The calendar of every action in `actions` that has a due date."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    for t in actions:
        if t.action.due is not None:
            lines += _event(t, now, lang)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def _event(t: Tracked, now: datetime, lang: str) -> list[str]:
    a = t.action
    assert a.due is not None
    changed = t.history[-1].at if t.history else t.made
    summary = a.text if a.status == "open" else f"{a.text} ({tr(lang, 'status_' + a.status)})"
    if a.owner:
        summary += f" — {a.owner}"
    about = [tr(lang, "ics_made", meeting=t.meeting, source=t.question or t.source), f"id: {a.id}"]
    about += [f.note for f in t.history if f.note]
    # DTEND is the day after (exclusive); the last day of the calendar has none, and an all-day
    # entry without DTEND lasts that one day (RFC 5545, 3.6.1)
    end = [f"DTEND;VALUE=DATE:{a.due + timedelta(days=1):%Y%m%d}"] if a.due < date.max else []
    return [
        "BEGIN:VEVENT",
        f"UID:{escape(a.id)}@emptychair",
        f"DTSTAMP:{utc(now)}",
        f"CREATED:{utc(t.made)}",
        f"LAST-MODIFIED:{utc(changed)}",
        f"SEQUENCE:{len(t.history)}",
        f"DTSTART;VALUE=DATE:{a.due:%Y%m%d}",
        *end,
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(chr(10).join(about))}",
        "STATUS:" + ("CONFIRMED" if a.status == "open" else "CANCELLED"),
        "TRANSP:TRANSPARENT",  # a due date does not make anyone busy
        "END:VEVENT",
    ]


def utc(moment: datetime) -> str:
    """A date-time in UTC form (20261127T080000Z); a naive one is taken as local time."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape(text: str) -> str:
    """A TEXT value: no control character but tab, backslash ; , escaped, a newline as \\n."""
    shown = visible(text.replace("\r\n", "\n"))
    return shown.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    chunk, size = "", 0
    for char in line:
        width = len(char.encode("utf-8", "surrogatepass"))
        if size + width > FOLD_AT:
            out.append(chunk)
            chunk, size = " ", 1
        chunk += char
        size += width
    out.append(chunk)
    return "\r\n".join(out)
