"""Deciding by consent: a proposal, a round in which each person present says ok, has a concern or
objects (one key each), then the outcome: accepted, amended (with its new words) or not accepted.
The outcome is a decision of the item with that state; the round is kept as a note beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Say = Literal["ok", "concern", "objection"]
SAYS: tuple[Say, ...] = get_args(Say)
Outcome = Literal["accepted", "amended", "not accepted"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)


@dataclass(frozen=True)
class Round:
    """A consent round under way: the proposal, and what each person said so far, in order."""

    text: str
    said: tuple[Say, ...] = ()


def say_key(say: Say) -> str:
    return "consent_" + say


def outcome_key(outcome: Outcome) -> str:
    return "consent_outcome_" + outcome.replace(" ", "_")
