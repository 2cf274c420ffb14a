"""A minutes folder from someone else's clone: broken files and text made to fool a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.minutes import Action

from .conftest import EXAMPLE, Clock, meet
from .history import meeting, write
from .inprocess import emptychair
from .keys import ENTER
from .test_readside import READS

INJECTED = ("\x1b", "\x9b", "\x07", "\u202e", "\u2066")
EVIL = (
    "\x1b]0;owned\x07 \x1b[2J [bold]loud[/] [link=https://evil]click[/link] \u202eevil\u202c \x9b31m :smile:"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "minutes"
    write(folder, meeting(0, answer=EVIL, actions=(Action("ev1lll", EVIL, EVIL),)))
    good = (folder / "2026-10-26-weekly.toml").read_text("utf-8")
    (folder / "2026-11-01-truncated.toml").write_text(good[: len(good) // 2], "utf-8")
    (folder / "2026-11-02-latin1.toml").write_bytes('title = "Overleg café"\n'.encode("latin-1"))
    (folder / "2026-11-03-not-toml.toml").write_text("this is not toml at all\n", "utf-8")
    (folder / "2026-11-04-newer.toml").write_text(good.replace("schema = 1", "schema = 99"), "utf-8")
    (folder / "2026-11-05-shape.toml").write_text('schema = 1\ntitle = ["a list"]\nitems = "none"\n', "utf-8")
    (folder / "2026-11-06-x.followup.toml").write_text("[[followups]]\naction = 3\n", "utf-8")
    return folder


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The command on `folder`, in this process; its output as the bytes a terminal would get."""
    env = {"XDG_CACHE_HOME": str(folder.parent / "cache"), "TERM": "xterm", "LANG": "en_GB.UTF-8"}
    done = emptychair(folder.parent, *args, "--minutes", str(folder), env=env)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.encode(), done.stderr.encode())


EXPECTED_PROBLEMS = [
    "skipped: 2026-11-01-truncated.toml:",
    "skipped: 2026-11-02-latin1.toml: not UTF-8 text (byte 20)",
    "skipped: 2026-11-03-not-toml.toml:1:6: ",
    "skipped: 2026-11-04-newer.toml: written by a newer emptychair (schema 99; this version reads 1)",
    "skipped: 2026-11-05-shape.toml: title: expected text, got a list (and 5 more problems)",
    "skipped: 2026-11-06-x.followup.toml: schema: missing: not an emptychair file, or a damaged one",
]


@pytest.mark.parametrize(
    "args",
    [("minutes", "list"), ("minutes", "show"), ("actions",), ("actions", "--json"), ("search", "evil"),
     ("search", "evil", "--json"), ("voice",), ("stats",), ("minutes", "export", "--format", "md")],
)  # fmt: skip
def test_broken_files_are_named_and_nothing_reaches_the_terminal(
    hostile: Path, args: tuple[str, ...]
) -> None:
    result = run(hostile, *args)
    assert result.returncode == 0, result.stderr
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    lines = err.splitlines()
    assert len(lines) == len(EXPECTED_PROBLEMS)
    for line, expected in zip(lines, EXPECTED_PROBLEMS, strict=True):
        assert line.startswith(expected)
    for raw in INJECTED:
        assert raw not in out and raw not in err
    if args[0] in ("actions", "search", "voice") or args[:2] == ("minutes", "show"):
        assert "[bold]loud[/]" in out or "[bold]loud" in out  # markup shown, not applied
    if args[:2] == ("minutes", "export"):
        assert "[bold]loud[/]" in out  # as typed: Markdown reads no link in it, so nothing is escaped


def test_escapes_are_shown_as_visible_marks(hostile: Path) -> None:
    out = run(hostile, "minutes", "show").stdout.decode("utf-8")
    assert (
        "␛]0;owned␇ ␛[2J [bold]loud[/] [link=https://evil]click[/link] <U+202E>evil<U+202C> <U+009B>31m :smile:"
        in out
    )


def test_json_keeps_the_text_exactly(hostile: Path) -> None:
    import json

    data = json.loads(run(hostile, "actions", "--json").stdout)
    assert data["actions"][0]["text"] == EVIL and data["actions"][0]["owner"] == EVIL


def test_a_broken_agenda_is_one_line(tmp_path: Path) -> None:
    for raw in (b"\xff\xfe", b'title = "x', b"items = 3\n"):
        path = tmp_path / "agenda.toml"
        path.write_bytes(raw)
        result = emptychair(tmp_path, "agenda", "check", str(path))  # a traceback would fail the test
        assert result.returncode == 2
        assert len(result.stdout.splitlines()) >= 1 and "Traceback" not in result.stderr


def test_an_agenda_nested_too_deep_is_one_line_for_every_command_that_looks_for_the_team(
    tmp_path: Path,
) -> None:
    (tmp_path / "agenda.toml").write_text("a = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    for args in (("actions",), ("minutes", "list"), ("voice",), ("search", "x")):
        result = emptychair(tmp_path, *args)  # a traceback would fail the test
        assert (result.returncode, result.stderr) == (
            2,
            "emptychair: agenda.toml: nested too deeply to read (lists or tables inside each other)\n",
        ), args


# --- dates at the ends of the calendar ---------------------------------------------------------


def far_folder(folder: Path) -> Path:
    """A good meeting with an action due on the last day of the calendar, beside a meeting that
    started in year 1 east of Greenwich and a follow-up made in year 9999 west of it: neither
    moment exists in UTC."""
    (good,) = write(folder, meeting(0, actions=(Action("fa1rrr", "Some day", "Anna", date.max),)))
    text = good.read_text("utf-8")
    early = text.replace("started = 2026-10-26 09:00:00+01:00", "started = 0001-01-01T00:30:00+01:00")
    assert early != text
    (folder / "2026-11-02-early.toml").write_text(early.replace("fa1rrr", "ea1rly"), "utf-8")
    (folder / "2026-11-03T090000-fa1rrr-ab12.followup.toml").write_text(
        'schema = 1\n\n[[followups]]\naction = "fa1rrr"\nat = 9999-12-31T23:00:00-05:00\n'
        'status = "done"\nnote = ""\n',
        "utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def far(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return far_folder(tmp_path_factory.mktemp("far") / "minutes")


FAR_PROBLEMS = [
    "skipped: 2026-11-02-early.toml: started: expected a date and time from 0001-01-02 to 9999-12-30, "
    "got 0001-01-01 00:30:00+01:00",
    "skipped: 2026-11-03T090000-fa1rrr-ab12.followup.toml: followups[1].at: expected a date and time from "
    "0001-01-02 to 9999-12-30, got 9999-12-31 23:00:00-05:00",
]


@pytest.mark.parametrize(
    "args",
    [*READS, ("actions", "--ics"), ("digest",), ("digest", "--since", "0001-01-01"), ("db",)],
)
def test_a_moment_no_clock_can_show_is_named_and_skipped(far: Path, args: tuple[str, ...]) -> None:
    result = run(far, *args)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    assert err.splitlines() == FAR_PROBLEMS
    if args[0] == "actions" and "--ics" not in args:
        assert "fa1rrr" in result.stdout.decode("utf-8")  # the good meeting's action, still open


def test_a_due_date_on_the_last_day_of_the_calendar_is_in_the_calendar(far: Path) -> None:
    from icalendar import Calendar

    (entry,) = Calendar.from_ical(run(far, "actions", "--ics").stdout).walk("VEVENT")
    assert entry.decoded("DTSTART") == date.max and "DTEND" not in entry  # one day: RFC 5545 3.6.1


def test_a_meeting_runs_beside_a_moment_no_clock_can_show(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    far_folder(tmp_path / "minutes")
    team = tmp_path
    (team / "agenda.toml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    typed = [ENTER, ENTER, "p" + ENTER, ENTER, "#end" + ENTER, "y" + ENTER, ENTER, ENTER]  # Enter by habit
    data, text = meet(team / "agenda.toml", keys, typed, clock)
    assert data is not None, text
    assert "skipped: 2026-11-02-early.toml: started:" in text


def test_the_first_year_of_the_calendar_has_a_last_year_too(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    (path,) = write(folder, meeting(0, answer="Long ago"))
    text = path.read_text("utf-8").replace("2026-10-26", "0001-03-05")
    path.write_text(text, "utf-8")
    for args in (("voice", "--json"), ("stats", "--json")):
        result = run(folder, *args)
        assert (result.returncode, result.stderr) == (0, b""), result.stderr
    assert b"Long ago" in run(folder, "voice", "--json").stdout


# --- action ids as typed ------------------------------------------------------------------------


@pytest.fixture
def ids(tmp_path: Path) -> Path:
    """An id written in capitals by hand, beside an item action whose id the chair used again."""
    folder = tmp_path / "minutes"
    write(
        folder,
        meeting(
            0,
            actions=(Action("UP1AAA", "Written in capitals", "Anna"), Action("tw1ccc", "First", "Bram")),
            chair_actions=(Action("tw1ccc", "Second", "Chris"),),
        ),
    )
    return folder


def followups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.followup.toml"))


@pytest.mark.parametrize("said", ["", " ", "\t"])
def test_no_id_closes_no_action(tmp_path: Path, said: str) -> None:
    folder = tmp_path / "minutes"
    write(folder, meeting(0, actions=(Action("on1eee", "The only one", "Anna"),)))  # every id starts with ""
    result = run(folder, "actions", "done", said)
    err = result.stderr.decode("utf-8").splitlines()
    assert err == ["emptychair: no action id given; emptychair actions lists them"]
    assert result.returncode == 2 and followups(folder) == []


@pytest.mark.parametrize("said", ["UP1AAA", "up1aaa", "Up1"])
def test_an_id_in_capitals_is_closed_as_listed(ids: Path, said: str) -> None:
    assert b"UP1AAA" in run(ids, "actions").stdout
    result = run(ids, "actions", "done", said)
    assert result.returncode == 0, result.stderr
    (made,) = followups(ids)
    assert tomllib.loads((ids / made).read_text("utf-8"))["followups"][0]["action"] == "UP1AAA"
    assert b"UP1AAA" not in run(ids, "actions").stdout


def test_tab_offers_an_id_in_capitals(ids: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(ids.parent / "cache"), "LANG": "en_GB.UTF-8"}
    env |= {
        "_EMPTYCHAIR_COMPLETE": "complete_bash",
        "COMP_WORDS": f"emptychair actions done --minutes {ids} UP",
    }
    done = subprocess.run(
        [sys.executable, "-m", "emptychair"], capture_output=True, env={**env, "COMP_CWORD": "5"}
    )
    assert done.stdout.split() == [b"UP1AAA"]


def test_an_id_made_twice_in_one_file_is_named(ids: Path) -> None:
    result = run(ids, "actions")
    assert result.stderr.decode("utf-8").splitlines() == [
        "skipped: 2026-10-26-weekly.toml has two actions with the id tw1ccc; only the first counts, not 'Second'"
    ]
    assert b"First" in result.stdout and b"Second" not in result.stdout


# --- files that never end ---------------------------------------------------------------------

DRAFT = Path(__file__).parent / "data" / "draft-schema1.toml"  # Weekly, started 2026-11-23 09:00


def endless(path: Path, how: str) -> None:
    if how == "zero":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)


def command(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """In this process: a command that opened the endless file would hang, and is stopped after 30 s."""
    return emptychair(cwd, *args, env={"XDG_CACHE_HOME": str(cwd / "cache"), "LANG": "en_GB.UTF-8"})


@pytest.mark.parametrize("how", ["zero", "fifo"])
def test_an_agenda_that_never_ends_is_refused_unread(tmp_path: Path, how: str) -> None:
    endless(tmp_path / "agenda.toml", how)
    (tmp_path / "minutes").mkdir()
    assert command(tmp_path, "--version").stdout.startswith("emptychair ")
    checked = command(tmp_path, "agenda", "check")
    assert checked.returncode == 2
    assert checked.stdout == "agenda.toml: not a regular file (a device, a FIFO or a socket); not read\n"
    listed = command(tmp_path, "actions", "--minutes", "minutes")
    assert (listed.returncode, listed.stderr) == (0, "No open actions.\n")  # and nothing about the agenda


@pytest.mark.parametrize("how", ["zero", "fifo"])
def test_a_minutes_name_that_never_ends_is_not_read(tmp_path: Path, how: str) -> None:
    """The drafts are matched with the minutes of their meeting: one named so is a device or a FIFO."""
    folder = tmp_path / "minutes"
    write(folder, meeting(0))
    (folder / ".drafts" / "2026-11-23T090000-weekly.toml").write_text(DRAFT.read_text("utf-8"), "utf-8")
    endless(folder / "2026-11-23-weekly-zzzz.toml", how)
    listed = command(tmp_path, "drafts", "--minutes", "minutes")
    assert listed.returncode == 0 and "Weekly" in listed.stdout, listed.stderr
    assert "minutes written" not in listed.stdout
    for args in READS:
        done = command(tmp_path, *args, "--minutes", "minutes")
        assert done.returncode == 0, args
        none = "No open actions.\n" if args == ("actions",) else ""  # meeting(0) made none
        assert done.stderr == (
            "skipped: 2026-11-23-weekly-zzzz.toml: not a regular file (a device, a FIFO or a socket); not read\n"
            + none
        )
