"""Proposals on disk: one small file each in the minutes folder, beside the minutes.

`2026-11-23T101500-hold-music-k7q2mx.proposal.toml`: the moment, the topic and six random
letters, so that no two clones ever make the same name and a git rebase only adds files. Written
once, atomically, never rewritten: what a meeting made of it is kept in that meeting's minutes.
The minutes readers (the read model, the broken-file checks) pass over these names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from emptychair.core.proposals import Proposal, dump_proposal, load_proposal
from emptychair.errors import problem
from emptychair.files.folder import PROPOSAL, Unreadable, read_each, write_record
from emptychair.text import slug

RECORD_LIMIT = 100_000  # bytes: a proposal larger than this was not written by us


@dataclass(frozen=True)
class Found:
    """The proposals read, by file, and the files that could not be read."""

    proposals: tuple[tuple[str, Proposal], ...]  # by file name, in name order (time order)
    unreadable: tuple[Unreadable, ...]


def write_proposal(folder: Path, p: Proposal) -> Path:
    """The proposal under a name no other file has, here or in another clone."""
    return write_record(folder, p.at, slug(p.title, "topic")[:40], PROPOSAL, dump_proposal(p))


def read_proposals(folder: Path) -> Found:
    """Every proposal in `folder`; one that cannot be read (not TOML, too large, not a plain file)
    is named, the rest read."""
    paths: list[Path] = []
    unreadable: list[Unreadable] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        entries = []
    for entry in entries:
        if not entry.name.endswith(PROPOSAL) or entry.name.startswith("."):
            continue
        try:
            size = entry.stat().st_size
        except OSError as exc:
            said = problem("err_cannot_read", path=entry.name, reason=str(exc.strerror or exc))
            unreadable.append(Unreadable.of(Path(entry.path), said))
            continue
        if size > RECORD_LIMIT:
            too_big = problem("err_proposal_too_big", path=entry.name)
            unreadable.append(Unreadable.of(Path(entry.path), too_big))
            continue
        paths.append(Path(entry.path))  # a FIFO or a device: read_text refuses it unread
    found, broken = read_each(paths, load_proposal)
    return Found(tuple((path.name, p) for path, p in found), tuple(unreadable + broken))
