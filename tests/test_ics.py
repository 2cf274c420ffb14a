"""`actions --ics`: an RFC 5545 calendar that a well-kept parser (icalendar) reads back exactly."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import icalendar

from emptychair.core.ics import fold_line
from emptychair.core.minutes import Action, FollowUp
from emptychair.text import visible

from .history import meeting, monday, write
from .inprocess import invoke
from .test_escaping import EVIL
from .test_readside import cli

# Everything RFC 5545 makes special in a TEXT value, a terminal would act on, or UTF-8 makes wide.
WORST = f'a\\b;c,d:e "f"\r\ng\nh {EVIL} ëéï 漢字 👩‍💻 ' + "x" * 80
OPEN = Action("op1aaa", "Send " + WORST, "Bram " + WORST, date(2026, 12, 4))
DONE = Action("dn2bbb", "Fix " + WORST, "Anna", date(2026, 11, 30))
NO_DUE = Action("nd3ccc", "Call the customer", "Chris")


def calendar(folder: Path, *args: str) -> tuple[bytes, icalendar.Calendar]:
    result = invoke(["actions", "--ics", *args, "--minutes", str(folder)])
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    return raw, icalendar.Calendar.from_ical(raw)


def events(cal: icalendar.Calendar) -> dict[str, icalendar.cal.Component]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_hostile_text_in_every_field_parses_back_and_lines_are_folded(tmp_path: Path) -> None:
    done = FollowUp("dn2bbb", monday(1) + timedelta(hours=1), "done", note="note " + WORST)
    write(tmp_path, meeting(0, actions=(OPEN, DONE, NO_DUE)), meeting(1, followups=(done,)))
    raw, cal = calendar(tmp_path)

    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert max(len(line) for line in lines) <= 75
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")  # folding never split a character
    assert not any(c in unfolded for c in "\x1b\x9b\u202e\x00")
    assert cal["VERSION"] == "2.0" and cal["PRODID"]

    found = events(cal)
    assert set(found) == {"op1aaa@emptychair", "dn2bbb@emptychair"}  # only actions with a due date
    entry = found["op1aaa@emptychair"]
    assert str(entry["SUMMARY"]) == visible(f"Send {WORST} — Bram {WORST}".replace("\r\n", "\n"))
    assert entry.decoded("DTSTART") == date(2026, 12, 4) and entry.decoded("DTEND") == date(2026, 12, 5)
    assert str(entry["STATUS"]) == "CONFIRMED" and int(str(entry["SEQUENCE"])) == 0
    assert entry.decoded("DTSTAMP").utcoffset() == timedelta(0)
    assert entry.decoded("CREATED") == monday(0)

    closed = found["dn2bbb@emptychair"]
    assert str(closed["STATUS"]) == "CANCELLED" and int(str(closed["SEQUENCE"])) == 1
    assert visible("note " + WORST.replace("\r\n", "\n")) in str(closed["DESCRIPTION"])
    assert closed.decoded("LAST-MODIFIED") == done.at


def test_hostile_ids_and_team_stay_inside_their_values(tmp_path: Path) -> None:
    odd = Action("k7q;x,y\\z" + EVIL, "Plan", "Bram", date(2026, 12, 1))
    write(tmp_path, meeting(0, actions=(odd,)))
    raw, cal = calendar(tmp_path)
    (entry,) = cal.walk("VEVENT")
    assert str(entry["UID"]) == visible(odd.id) + "@emptychair"
    assert raw.count(b"BEGIN:VEVENT") == 1 and raw.count(b"\r\nUID:") == 1


def test_a_later_follow_up_keeps_the_uid_and_raises_the_sequence(tmp_path: Path) -> None:
    write(tmp_path, meeting(0, actions=(OPEN,)))
    _, before = calendar(tmp_path)
    later = FollowUp("op1aaa", monday(1), "open", due=date(2026, 12, 11))
    write(tmp_path, meeting(1, followups=(later,)))
    _, after = calendar(tmp_path)
    (first,), (second,) = before.walk("VEVENT"), after.walk("VEVENT")
    assert first["UID"] == second["UID"]
    assert int(str(second["SEQUENCE"])) > int(str(first["SEQUENCE"]))
    assert second.decoded("DTSTART") == date(2026, 12, 11)


def test_owner_filter_and_a_file_written_whole(tmp_path: Path) -> None:
    write(tmp_path, meeting(0, actions=(OPEN, DONE)))
    target = tmp_path / "team.ics"
    result = invoke(["actions", "--ics-file", str(target), "--owner", "anna", "--minutes", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "team.ics" in result.stderr and result.stdout == ""
    (entry,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(entry["UID"]) == "dn2bbb@emptychair"
    assert not any(tmp_path.glob(".team.ics.*"))  # no temporary file left behind


def test_an_unwritable_path_is_one_line(tmp_path: Path) -> None:
    write(tmp_path, meeting(0, actions=(OPEN,)))
    code, out, err = cli("actions", "--ics-file", str(tmp_path / "no" / "x.ics"), "--minutes", str(tmp_path))
    assert (code, out) == (2, "") and len(err.strip().splitlines()) == 1 and "x.ics" in err


def test_folding_counts_octets_and_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold_line(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert b"".join(p[1:] if n else p for n, p in enumerate(folded)).decode("utf-8") == line
    assert fold_line("x" * 75) == "x" * 75


def test_made_and_stamps_are_utc(tmp_path: Path) -> None:
    write(tmp_path, meeting(0, actions=(OPEN,)))
    raw, _ = calendar(tmp_path)
    assert b"CREATED:20261026T080000Z" in raw  # 09:00 CET
