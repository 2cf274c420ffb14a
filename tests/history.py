"""Past meetings for tests: a minutes folder built from plain data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from emptychair.core.history import MeetingRow
from emptychair.core.ledger import Ledger
from emptychair.core.minutes import Action, ChairRecord, FollowUp, ItemRecord, Minutes, Rating, dump_minutes
from emptychair.files.folder import Folder, Unreadable, write_atomic
from emptychair.files.readmodel import open_library
from emptychair.text import slug

from .conftest import CET


def monday(week: int) -> datetime:
    """09:00 on the Monday `week` weeks after 2026-10-26."""
    return datetime(2026, 10, 26, 9, 0, tzinfo=CET) + timedelta(weeks=week)


def meeting(
    week: int,
    *,
    actions: tuple[Action, ...] = (),
    chair_actions: tuple[Action, ...] = (),
    followups: tuple[FollowUp, ...] = (),
    unreached: str = "",
    answer: str = "",
    question: str = "irritates",
    rating: Rating = "",
) -> Minutes:
    started = monday(week)
    items = [ItemRecord("Feedback", 10, 9, "Bram", "done", ("a note",), ("a decision",), (), actions)]
    if unreached:
        items.append(ItemRecord(unreached, 15, 0, "Chris", "not reached"))
    return Minutes(
        title="Weekly",
        date=started.date(),
        started=started,
        ended=started + timedelta(minutes=45),
        language="en",
        team="Support",
        present=("Anna", "Bram", "Chris"),
        items=tuple(items),
        chair=(
            ChairRecord(
                moment="opening",
                question_id=question,
                question="Which of our behaviours irritates our customer?",
                answer=answer,
                actions=chair_actions,
                rating=rating,
            ),
        ),
        followups=followups,
    )


def write(folder: Path, *meetings: Minutes) -> list[Path]:
    """Minutes named as before clones shared a folder (2026-10-26-weekly.toml): such names stay
    readable, and tests can name the files. Folder.write_minutes' own names are tested apart."""
    Folder(folder).ensure()
    paths = []
    for m in meetings:
        stem = f"{m.date.isoformat()}-{slug(m.title)}"
        for n in range(1, 100):
            path = folder / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml")
            try:
                write_atomic(path, dump_minutes(m), exclusive=True)
            except FileExistsError:
                continue
            paths.append(path)
            break
    return paths


CHAIR_ACTION = Action("ch1aaa", "Send invoices by mail", "Bram")
ITEM_ACTION = Action("it1bbb", "Fix the FAQ", "Anna", date(2026, 11, 1))


def four_weeks(folder: Path) -> list[Path]:
    """A chair action open for three meetings, an item action, an item the last meeting did not reach."""
    return write(
        folder,
        meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,), answer="They must log in"),
        meeting(1, question="attention", answer="After a complaint"),  # answered: asked (a dodge is not)
        meeting(2, question="communication", answer="Too formal"),
        meeting(3, question="valued", unreached="Budget", answer="Mostly"),
    )


def read(folder: Path) -> tuple[Ledger, list[MeetingRow], list[Unreadable]]:
    """The folder as the commands read it: ledger, meetings, and the files that could not be read."""
    found = open_library(folder)
    return found.ledger, found.rows, found.unreadable
