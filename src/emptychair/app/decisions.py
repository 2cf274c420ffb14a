"""The decision log: every decision over time, and a revisit recorded between meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from emptychair import clock
from emptychair.app.team import Team, share
from emptychair.core.decisions import DecisionEntry, Revisit
from emptychair.core.ledger import id_key
from emptychair.errors import problem
from emptychair.files.folder import Unreadable

Entry = tuple[DecisionEntry, tuple[Revisit, ...]]


@dataclass(frozen=True)
class Log:
    """Every decision over time, and the files that could not be read."""

    entries: list[Entry]
    unreadable: list[Unreadable]


@dataclass(frozen=True)
class Revisited:
    """A decision looked at again: the record written, and how it was shared."""

    decision: DecisionEntry
    file: Path
    shared: str = ""


def decision_log(folder: Path, since: date | None = None) -> Log:
    from emptychair.files.readmodel import open_library

    found = open_library(folder)
    try:
        return Log(found.decisions(since), found.unreadable)
    finally:
        found.db.close()


def find_decision(entries: list[Entry], said: str) -> DecisionEntry:
    """The decision whose id is `said` or starts with it, ignoring case."""
    key = id_key(said.strip())
    if not key:
        raise problem("err_decision_empty")
    matches = [d for d, _ in entries if id_key(d.id) == key] or [
        d for d, _ in entries if id_key(d.id).startswith(key)
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise problem("err_decision_ambiguous", said=said, ids=", ".join(sorted(d.id for d in matches)[:8]))
    raise problem("err_decision_unknown", said=said)


def revisit(ours: Team, said: str, note: str) -> Revisited:
    """A revisit of the decision `said` names, in a file of its own that no other clone can name."""
    from emptychair.core.decisions import dump_revisits
    from emptychair.files.folder import DECISION, write_record

    note = note.strip()
    if not note:
        raise problem("err_revisit_note")
    found = decision_log(ours.folder)
    decision = find_decision(found.entries, said)
    at = clock.now()
    path = write_record(
        ours.folder, at, decision.id, DECISION, dump_revisits((Revisit(decision.id, at, note),))
    )
    return Revisited(decision, path, share(ours.folder, ours.agenda, ours.language))
