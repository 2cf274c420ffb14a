"""The feedback records in the read model: its feedback, approvals and quotes tables, kept right by
the files alone (a new record, one changed by hand, one removed), and a record that cannot be read
named by the feedback commands only."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from emptychair.app.feedback import listing
from emptychair.core.feedback import APPROVED, SKIPPED, Batch, Decision, FeedbackItem, Score
from emptychair.files.feedback import write_batch, write_review
from emptychair.files.folder import FEEDBACK

from .conftest import CET
from .exports import HOSTILE, INJECTED
from .inprocess import emptychair

AT = datetime(2026, 11, 20, 9, 0, tzinfo=CET)
SLOW = FeedbackItem("slowslowsl", f"Too slow {HOSTILE}", date(2026, 11, 3), Score("nps", "3"))
FINE = FeedbackItem("finefinefi", "Fine", date(2026, 11, 4), Score("stars", "4"))


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    folder.mkdir()
    return folder


def statuses(folder: Path) -> dict[str, str]:
    return {e.item.id: e.status for e in listing(folder).entries}


def later(path: Path) -> None:
    """A file changed by hand just after it was read: its stamp moves on, whatever the clock says."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_a_new_record_a_changed_one_and_a_removed_one_are_seen(minutes: Path) -> None:
    write_batch(minutes, Batch(AT, "nps", "delighted.csv", (SLOW,), 1))
    assert statuses(minutes) == {"slowslowsl": "new"}
    review = write_review(minutes, (Decision(AT, APPROVED, ("slowslowsl",)),), AT)
    write_batch(minutes, Batch(AT, "app-store", "appstore.csv", (FINE,), 1))
    assert statuses(minutes) == {"slowslowsl": "approved", "finefinefi": "new"}
    text = review.read_text("utf-8").replace('"approved"', '"skipped"')
    review.write_text(text, "utf-8")
    later(review)
    assert statuses(minutes)["slowslowsl"] == SKIPPED
    review.unlink()
    assert statuses(minutes) == {"slowslowsl": "new", "finefinefi": "new"}
    (importing,) = (p for p in minutes.glob(f"*{FEEDBACK}") if "-app-store-" in p.name)
    importing.unlink()
    assert statuses(minutes) == {"slowslowsl": "new"}


def test_the_tables_hold_what_the_records_say(minutes: Path) -> None:
    from emptychair.core.quotes import Quoted
    from emptychair.files.feedback import read_records, write_quotes
    from emptychair.files.readmodel import open_library

    write_batch(minutes, Batch(AT, "nps", "delighted.csv", (SLOW, FINE), 2))
    write_review(minutes, (Decision(AT, APPROVED, ("slowslowsl", "finefinefi")),), AT)
    write_quotes(minutes, (Quoted("slowslowsl", "2026-11-23T0900-weekly", AT, "irritates"),), AT)
    stored, read = open_library(minutes).feedback_records(), read_records(minutes)
    assert [(n, b.items, b.imported, b.format, b.file) for n, b in stored.batches] == [
        (n, b.items, b.imported, b.format, b.file) for n, b in read.batches
    ]
    assert stored.decisions == read.decisions and stored.quotes == read.quotes


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_broken_record_is_named_by_feedback_and_not_by_the_minutes(
    tmp_path: Path, minutes: Path, language: str
) -> None:
    write_batch(minutes, Batch(AT, "nps", "delighted.csv", (SLOW,), 1))
    (minutes / f"2026-11-21T090000-review-broken{FEEDBACK}").write_text(
        'schema = 1\nrecord = "review"\n[[decisions]\nat = [bold]x[/] \x1b[2J\n', "utf-8"
    )
    env = {"LANG": "nl_NL.UTF-8" if language == "nl" else "en_GB.UTF-8", "LC_ALL": ""}
    said = emptychair(tmp_path, "feedback", "--minutes", str(minutes), env=env)
    assert said.returncode == 0, said.stderr
    assert "review-broken" in said.stderr and "slowslowsl" in said.stdout
    assert "Too slow" in said.stdout and "[bold]loud[/]" in said.stdout
    assert not any(c in said.stdout + said.stderr for c in INJECTED) and "\x1b[2J" not in said.stderr
    listed = emptychair(tmp_path, "minutes", "list", "--minutes", str(minutes), env=env)
    assert "review-broken" not in listed.stderr
    as_json = emptychair(tmp_path, "feedback", "--json", "--minutes", str(minutes), env=env)
    assert not any(c in as_json.stdout for c in INJECTED)


def quoted_minutes(folder: Path, language: str = "en") -> str:
    """Minutes whose chair quoted SLOW, with no quote record beside them (its writing failed), and a
    #customer line; the meeting's name."""
    from dataclasses import replace

    from emptychair.core.minutes import dump_minutes
    from emptychair.core.quotes import Heard, Quote

    from .history import meeting

    m = meeting(4, answer="slow", rating="red")
    quote = Quote("slowslowsl", SLOW.text, SLOW.date, "nps", "3", "NPS")
    said = f"It takes ages {HOSTILE}"
    m = replace(
        m,
        language=language,
        chair=(replace(m.chair[0], quote=quote),),
        heard=(Heard("h1", said, "stars", "2", "Feedback"),),
    )
    (folder / "2026-11-23-weekly.toml").write_text(dump_minutes(m), "utf-8")
    return "2026-11-23-weekly"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_list_has_what_customers_said_in_meetings_and_where_it_was_quoted(
    tmp_path: Path, minutes: Path, language: str
) -> None:
    import json

    write_batch(minutes, Batch(AT, "nps", "delighted.csv", (SLOW, FINE), 2))
    name = quoted_minutes(minutes, language)
    env = {"LANG": "nl_NL.UTF-8" if language == "nl" else "en_GB.UTF-8", "LC_ALL": ""}
    said = emptychair(tmp_path, "feedback", "--minutes", str(minutes), env=env)
    assert said.returncode == 0, said.stderr
    header = said.stdout.splitlines()[0]
    assert ("geciteerd in" if language == "nl" else "quoted in") in header
    (slow,) = (line for line in said.stdout.splitlines() if "slowslowsl" in line)
    assert slow.rstrip().endswith(name)
    (heard,) = (line for line in said.stdout.splitlines() if "It takes ages" in line)
    assert " meeting " in heard and "[bold]loud[/]" in heard
    assert not any(c in said.stdout for c in INJECTED)
    data = json.loads(emptychair(tmp_path, "feedback", "--json", "--minutes", str(minutes), env=env).stdout)
    by_id = {e["id"]: e for e in data["feedback"]}
    assert by_id["slowslowsl"]["quoted"] == [name] and by_id["finefinefi"]["quoted"] == []
    (heard_json,) = (e for e in data["feedback"] if e["text"].startswith("It takes ages"))
    assert (heard_json["source"], heard_json["meeting"], heard_json["status"]) == ("meeting", name, None)
    assert (heard_json["scale"], heard_json["score"]) == ("stars", "2")
    approved = emptychair(
        tmp_path, "feedback", "--status", "new", "--json", "--minutes", str(minutes), env=env
    )
    assert all(e["source"] != "meeting" for e in json.loads(approved.stdout)["feedback"])


def test_feedback_the_minutes_name_as_quoted_is_not_quoted_again(tmp_path: Path, clock: object) -> None:
    """The quote record was never written after the minutes: the minutes alone say it was quoted."""
    from .conftest import meet, pipe_keys
    from .keys import ENTER
    from .test_quotes import ANGRY, GLAD, agenda, feedback

    path = agenda(tmp_path, "en")
    folder = tmp_path / "minutes"
    feedback(folder, ANGRY, GLAD)
    quoted_minutes(folder)
    (tmp_path / "minutes" / "2026-11-23-weekly.toml").write_text(
        (folder / "2026-11-23-weekly.toml").read_text("utf-8").replace("slowslowsl", "angryangry"), "utf-8"
    )
    typed = [ENTER, ENTER, "slow" + ENTER, "g" + ENTER, ENTER, ENTER, ENTER, ENTER]
    with pipe_keys() as keys:
        data, _ = meet(path, keys, typed, clock)  # type: ignore[arg-type]
    assert data is not None
    assert data["chair"][0]["quote"]["feedback"] == "gladgladgl"


def test_a_view_of_the_last_year_skips_feedback_that_is_all_older(minutes: Path) -> None:
    """stats and voice ask for the items since a day: none when every item is older, else all."""
    from emptychair.files.readmodel import open_library

    write_batch(minutes, Batch(AT, "nps", "delighted.csv", (SLOW, FINE), 1))
    write_review(minutes, (Decision(AT, APPROVED, ("slowslowsl",)),), AT)
    found = open_library(minutes)
    every = found.feedback_records()
    assert found.feedback_records(date(2026, 11, 4)) == every  # FINE is of that day: all of it
    older = found.feedback_records(date(2026, 11, 5))
    assert (older.batches, older.decisions, older.quotes) == ((), (), every.quotes)
