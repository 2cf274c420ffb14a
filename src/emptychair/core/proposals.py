"""Topics brought between meetings: a proposal, and what a meeting made of it.

Anyone proposes a topic from any clone (`emptychair propose`); it is a small file of its own in the
minutes folder. The next meeting offers it after the attendance, with the topics parked the last
time; the minutes then say whether it was taken up as an item or declined, and a proposal a
meeting decided is never offered again. One that was neither stays waiting for the next meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal, get_args

from emptychair.core.tomldata import Checker, dumps_blocks, parse_toml

SCHEMA: Final = 1
TITLE_LIMIT: Final = 200  # characters: a topic is a title, not a text
NOTE_LIMIT: Final = 2000
Outcome = Literal["taken", "declined"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
DEFAULT_MINUTES: Final = 0  # no time box given: the agenda's topic_minutes


@dataclass(frozen=True)
class Proposal:
    """A topic someone wants on the next meeting's agenda."""

    id: str
    title: str
    at: datetime
    minutes: int = DEFAULT_MINUTES
    by: str = ""
    note: str = ""


@dataclass(frozen=True)
class Offer:
    """A topic a meeting offers after the attendance: parked the last time, or proposed."""

    title: str
    minutes: int = DEFAULT_MINUTES
    by: str = ""
    proposal: str = ""  # the proposal's id; "" for a parked topic


@dataclass(frozen=True)
class Decided:
    """What a meeting made of a proposal (kept in its minutes under [[proposals]])."""

    id: str
    title: str
    outcome: Outcome


def dump_proposal(p: Proposal) -> str:
    row: dict[str, Any] = {"schema": SCHEMA, "id": p.id, "title": p.title, "at": p.at}
    if p.minutes:
        row["minutes"] = p.minutes
    row.update(by=p.by, note=p.note)
    return dumps_blocks(row)


def load_proposal(text: str, source: str) -> Proposal:
    """A proposal file; EmptyChairError names the file and the first bad key."""
    data = parse_toml(text, source)
    check = Checker(source)
    schema = data.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        check.report("schema", "chk_whole", low=1, high=SCHEMA, got=str(schema))
    else:
        check.whole(data, "schema", low=1, high=SCHEMA)
    proposal = Proposal(
        id=check.text(data, "id"),
        title=check.text(data, "title"),
        at=check.moment(data, "at"),
        minutes=check.whole(data, "minutes", low=1, high=480, default=1) if "minutes" in data else 0,
        by=check.text(data, "by", default=""),
        note=check.text(data, "note", default=""),
    )
    if len(proposal.title) > TITLE_LIMIT:
        check.report("title", "chk_too_long", limit=TITLE_LIMIT)
    if len(proposal.note) > NOTE_LIMIT:
        check.report("note", "chk_too_long", limit=NOTE_LIMIT)
    check.raise_if_any()
    return proposal


def decided_dict(d: Decided) -> dict[str, Any]:
    return {"id": d.id, "title": d.title, "outcome": d.outcome}


def read_decided(check: Checker, data: dict[str, Any]) -> tuple[Decided, ...]:
    return check.each(
        check.tables(data, "proposals"),
        "proposals",
        lambda r, at: Decided(
            check.text(r, "id", at),
            check.text(r, "title", at, default=""),
            check.choice(r, "outcome", OUTCOMES, at),
        ),
    )


def waiting(proposals: tuple[Proposal, ...], decided: set[str]) -> tuple[Proposal, ...]:
    """The proposals no meeting decided yet, oldest first; of an id written twice the first."""
    seen: set[str] = set()
    found = []
    for p in sorted(proposals, key=lambda p: (p.at, p.id)):
        if p.id not in decided and p.id not in seen:
            found.append(p)
        seen.add(p.id)
    return tuple(found)
