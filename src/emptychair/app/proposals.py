"""Topics proposed between meetings: `propose` writes one, `proposals` lists them, and the next
meeting offers those no meeting decided yet (see core/proposals)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emptychair import clock
from emptychair.app.team import Team, share
from emptychair.core.proposals import NOTE_LIMIT, TITLE_LIMIT, Offer, Proposal
from emptychair.errors import problem
from emptychair.files.folder import Unreadable


@dataclass(frozen=True)
class Proposed:
    """A proposal made for the next meeting: the record written, and how it was shared."""

    proposal: Proposal
    file: Path
    shared: str = ""  # how the git sync went, or "" when the folder is not shared


@dataclass(frozen=True)
class Listed:
    """A proposal as the list shows it: waiting, or what a meeting made of it."""

    proposal: Proposal
    file: str
    outcome: str  # "" (waiting), taken or declined
    meeting: str = ""  # the meeting that decided it
    date: str = ""


@dataclass(frozen=True)
class ProposalList:
    """The proposals the list shows, and the files that could not be read."""

    entries: tuple[Listed, ...]
    unreadable: tuple[Unreadable, ...]


def make_proposal(ours: Team, title: str, *, minutes: int = 0, by: str = "", note: str = "") -> Proposed:
    from emptychair.core.ids import new_record_id
    from emptychair.files.proposals import write_proposal

    title, by = " ".join(title.split()), " ".join(by.split())  # one line each
    if not title:
        raise problem("err_proposal_empty")
    if len(title) > TITLE_LIMIT:
        raise problem("err_proposal_long", limit=TITLE_LIMIT)
    if len(note) > NOTE_LIMIT:
        raise problem("err_proposal_note_long", limit=NOTE_LIMIT)
    if minutes and not 1 <= minutes <= 480:
        raise problem("err_proposal_minutes")
    p = Proposal(new_record_id(), title, clock.exact(), minutes, by, note.strip())
    path = write_proposal(ours.folder, p)
    return Proposed(p, path, share(ours.folder, ours.agenda, ours.language))


def proposals_of(folder: Path, *, everything: bool = False) -> ProposalList:
    """The proposals, oldest first: those waiting; with `everything` the decided ones too."""
    from emptychair.files.proposals import read_proposals
    from emptychair.files.readmodel import open_library

    found = read_proposals(folder)
    library = open_library(folder)
    try:
        outcomes = library.proposal_outcomes()
    finally:
        library.db.close()
    entries, seen = [], set()
    for name, p in sorted(found.proposals, key=lambda f: (f[1].at, f[1].id)):
        if p.id in seen:  # the same proposal twice (a copied file): the first counts
            continue
        seen.add(p.id)
        outcome, meeting, day = outcomes.get(p.id, ("", "", ""))
        if outcome and not everything:
            continue
        entries.append(Listed(p, name, outcome, meeting, day))
    return ProposalList(tuple(entries), found.unreadable)


def offers(folder: Path) -> tuple[tuple[Offer, ...], tuple[Unreadable, ...]]:
    """What a new meeting offers of the proposals: every one no meeting decided yet."""
    found = proposals_of(folder)
    return (
        tuple(
            Offer(e.proposal.title, e.proposal.minutes, e.proposal.by, e.proposal.id) for e in found.entries
        ),
        found.unreadable,
    )


def proposals_json(entries: tuple[Listed, ...]) -> dict[str, Any]:
    return {
        "version": 1,
        "proposals": [
            {
                "id": e.proposal.id,
                "title": e.proposal.title,
                "minutes": e.proposal.minutes or None,
                "by": e.proposal.by,
                "note": e.proposal.note,
                "at": e.proposal.at.isoformat(),
                "file": e.file,
                "outcome": e.outcome,
                "meeting": e.meeting,
            }
            for e in entries
        ],
    }
