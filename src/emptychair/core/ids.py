"""The one alphabet of every id a person may read aloud or type: actions, follow-up records,
feedback, and the suffixes that keep two clones' file names apart; and the ids drawn from it.

Drawing is random, not input or output: the core stays pure of the disk and the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from random import SystemRandom

ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_SYSTEM = SystemRandom()  # os.urandom, as secrets.choice draws; secrets itself loads OpenSSL


def random_letters(length: int) -> str:
    """`length` letters of ID_ALPHABET drawn at random, none to be guessed from the others."""
    return "".join(_SYSTEM.choice(ID_ALPHABET) for _ in range(length))


def new_record_id() -> str:
    """A follow-up record's own id: ten random letters, so that no two clones ever make the same."""
    return random_letters(10)


def id_factory(taken: set[str]) -> Callable[[], str]:
    """New action ids of six letters, none of them one of `taken` (which grows with each)."""

    def new_id() -> str:
        while True:
            candidate = random_letters(6)
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    return new_id
