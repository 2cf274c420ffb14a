"""The decision log: every decision of every meeting, its state, whether the customer's check was
made, and the revisits recorded since.

A decision has no id in the minutes (they hold it as a line of its item); its id is drawn from the
meeting's name and its place there, which never change: minutes are never rewritten. A revisit is
a record of its own, like an action's follow-up: `minutes/<time>-<id>-<random>.decision.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, Literal, get_args

from emptychair.core.ids import ID_ALPHABET
from emptychair.core.minutes import Minutes
from emptychair.core.tomldata import Checker, dumps_blocks, parse_toml

SCHEMA: Final = 1
CHECK_ID: Final = "chair-check"  # the question id of the customer's check after a decision
DecisionState = Literal["made", "accepted", "amended", "not accepted", "revisited"]
DECISION_STATES: tuple[DecisionState, ...] = get_args(DecisionState)


def decision_id(meeting: str, item: int, n: int) -> str:
    """Six letters from the meeting's name and the decision's place in it: the same in every clone."""
    import hashlib  # here: a read command that only lists decisions needs no OpenSSL

    digest = hashlib.sha256(f"{meeting}/{item}/{n}".encode()).digest()
    return "".join(ID_ALPHABET[b % len(ID_ALPHABET)] for b in digest[:6])


@dataclass(frozen=True)
class DecisionEntry:
    """One decision as the log lists it: where and when it was made, and how."""

    id: str
    meeting: str  # the minutes file without .toml
    date: date
    item: str  # the item's title
    text: str
    state: DecisionState = "made"
    checked: bool = False  # the customer's check ("How will the customer notice this?") was answered


@dataclass(frozen=True)
class Revisit:
    """A decision looked at again, with a note: a record of its own."""

    decision: str  # its id
    at: datetime
    note: str


def decisions_of(name: str, m: Minutes) -> tuple[DecisionEntry, ...]:
    """The decisions of one meeting, in its order. The n-th decision of an item counts as checked
    when the item's n-th customer check was answered."""
    found = []
    for i, item in enumerate(m.items):
        checks = [c for c in m.chair if c.question_id == CHECK_ID and c.after_item == item.title]
        for n, text in enumerate(item.decisions):
            checked = n < len(checks) and bool(checks[n].answer.strip())
            state = consent_state(m, i, n)
            found.append(
                DecisionEntry(decision_id(name, i, n), name, m.date, item.title, text, state, checked)
            )
    return tuple(found)


def consent_state(m: Minutes, item: int, n: int) -> DecisionState:
    """The state a decision was taken in: made, unless the meeting recorded another (by consent)."""
    states = m.items[item].decision_states
    return read_state(states[n] if n < len(states) else "")


def read_state(said: str) -> DecisionState:
    return next((s for s in DECISION_STATES if s == said), "made")


def dump_revisits(revisits: tuple[Revisit, ...]) -> str:
    return dumps_blocks(
        {
            "schema": SCHEMA,
            "revisits": [{"decision": r.decision, "at": r.at, "note": r.note} for r in revisits],
        }
    )


def load_revisits(text: str, source: str) -> tuple[Revisit, ...]:
    data = parse_toml(text, source)
    check = Checker(source)
    check.whole(data, "schema", low=1, high=SCHEMA)
    found = check.each(
        check.tables(data, "revisits"),
        "revisits",
        lambda r, at: Revisit(
            check.text(r, "decision", at), check.moment(r, "at", at), check.text(r, "note", at, default="")
        ),
    )
    check.raise_if_any()
    return found


def log_json(entries: list[tuple[DecisionEntry, tuple[Revisit, ...]]]) -> dict[str, Any]:
    return {
        "version": 1,
        "decisions": [
            {
                "id": d.id,
                "meeting": d.meeting,
                "date": d.date.isoformat(),
                "item": d.item,
                "text": d.text,
                "state": "revisited" if revisits else d.state,
                "taken": d.state,
                "checked": d.checked,
                "revisits": [{"at": r.at.isoformat(), "note": r.note} for r in revisits],
            }
            for d, revisits in entries
        ],
    }
