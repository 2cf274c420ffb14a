"""The one alphabet of every id a person may read aloud or type: actions, follow-up records,
feedback, and the suffixes that keep two clones' file names apart; and the ids drawn from it.

Drawing is random, not input or output: the core stays pure of the disk and the clock.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_record_id() -> str:
    """A follow-up record's own id: ten random letters, so that no two clones ever make the same."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(10))


def id_factory(taken: set[str]) -> Callable[[], str]:
    """New action ids of six letters, none of them one of `taken` (which grows with each)."""

    def new_id() -> str:
        while True:
            candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(6))
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    return new_id
