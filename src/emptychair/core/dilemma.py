"""The dilemma round (004): a case where someone helped the customer against what the organisation
intends, told without names, reflected on together, practised, and what the team takes away.

"Het eerste onderdeel bestaat uit samen reflecteren … Het tweede onderdeel is praktischer. Het gaat
over oefenen van gespreksvoering … Zorg dat het thema regelmatig terugkomt in werkoverleggen. Niet
vanuit de corrigerende bestraffende toon, maar vanuit nieuwsgierigheid."

The round is part of its item: the item's clock runs through it, and each part said is an event
(`Reflected`), so a draft holds the round and a resume lands on the part that comes next.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final, Literal, assert_never

from emptychair.core.tomldata import Checker

DILEMMA: Final = "dilemma"  # the item kind
PRACTICE_MINUTES: Final = 5  # the practice's own time box when the item names none
DILEMMA_MINUTES: Final = 20  # the time box of a dilemma round that [chair] dilemma_every brings back
# The parts in order. "practice" is whether the team practises and who plays the customer (empty:
# no practice); "practised" ends the practice; "action" is whether the take-away became an action.
Part = Literal["case", "needed", "intends", "other", "practice", "practised", "takeaway", "action"]
PARTS: Final[tuple[Part, ...]] = (
    "case", "needed", "intends", "other", "practice", "practised", "takeaway", "action",
)  # fmt: skip
QUESTIONS: Final[tuple[Part, ...]] = ("needed", "intends", "other")  # the chair's three questions


@dataclass(frozen=True)
class Reflected:
    """One part of the dilemma round said (or passed over with nothing)."""

    at: datetime
    part: Part
    text: str = ""


@dataclass(frozen=True)
class Dilemma:
    """The parts of a dilemma round (004) as they were said."""

    case: str = ""  # what happened, without names
    needed: str = ""  # what the customer really needed
    intends: str = ""  # what the organisation intends ("de bedoeling")
    other: str = ""  # which other ways would have helped ("meer wegen naar Rome")
    player: str = ""  # who played the customer in the practice; "": no practice
    practice_seconds: int = 0
    practice_note: str = ""  # what the practice showed
    takeaway: str = ""  # what the team takes away
    action: str = ""  # the id of the action the take-away became
    done: tuple[Part, ...] = ()  # the parts said, in order
    practice_from: datetime | None = None  # when the practice began (while it runs)

    @property
    def told(self) -> bool:
        return bool(self.case)


def next_part(d: Dilemma) -> Part | None:
    """The part of the round that comes next; None once the round is over."""
    for part in PARTS:
        if part in d.done:
            continue
        if part == "practised" and not d.player:
            continue  # no practice: nothing to end
        if part != "case" and not d.case:
            return None  # no case told: no round (the item goes on as a plain one)
        return part
    return None


def reflect(d: Dilemma, e: Reflected) -> Dilemma:
    """The round after `e`. Raises ValueError for a part that is not the next one (a bug)."""
    if next_part(d) != e.part:
        raise ValueError(f"the dilemma round is not at {e.part!r} but at {next_part(d)!r}")
    d = replace(d, done=(*d.done, e.part))
    text = e.text.strip()
    match e.part:
        case "practice":
            return replace(d, player=text, practice_from=e.at if text else None)
        case "practised":
            since = d.practice_from or e.at
            seconds = max(0, int((e.at - since).total_seconds()))
            return replace(d, practice_seconds=seconds, practice_note=text, practice_from=None)
        case "case":
            return replace(d, case=text)
        case "needed":
            return replace(d, needed=text)
        case "intends":
            return replace(d, intends=text)
        case "other":
            return replace(d, other=text)
        case "takeaway":
            return replace(d, takeaway=text)
        case "action":
            return replace(d, action=text)
        case _:
            assert_never(e.part)


def not_reached(d: Dilemma) -> tuple[Part, ...]:
    """The parts of a round that was cut short (#end, #skip: the item ended first) and never came
    to: none once the round is over, none when no case was told (there was no round)."""
    if not d.told:
        return ()
    return tuple(
        p
        for p in PARTS
        if p not in d.done and (p != "practised" or d.player) and (p != "action" or d.takeaway)
    )


def practice_left(d: Dilemma, minutes: int, now: datetime) -> int:
    """Seconds left of the practice's time box (negative: over)."""
    since = d.practice_from or now
    return minutes * 60 - max(0, int((now - since).total_seconds()))


def dilemma_due(every: int, since_last: int | None, held: int) -> bool:
    """Whether this meeting brings a dilemma round back ([chair] dilemma_every = N: every Nth
    meeting). `since_last` is the meetings held since the last one with a dilemma round (None:
    there was none), `held` all meetings held before this one."""
    if every <= 0:
        return False
    gap = held if since_last is None else since_last
    return gap + 1 >= every


def meetings_since(dilemma_meetings: Sequence[str], held: Sequence[str]) -> int | None:
    """How many of `held` (oldest first) came after the last of `dilemma_meetings`."""
    marked = set(dilemma_meetings)
    for n, name in enumerate(reversed(held)):
        if name in marked:
            return n
    return None


def dilemma_line(d: Dilemma) -> str:
    """One line for the history and search: the case and what the team takes away."""
    return f"{d.case} → {d.takeaway}" if d.takeaway else d.case


# --- in the minutes ---------------------------------------------------------------------------

_FIELDS: Final = ("case", "needed", "intends", "other", "player", "practice_note", "takeaway", "action")


def dilemma_dict(d: Dilemma) -> dict[str, Any]:
    row: dict[str, Any] = {k: getattr(d, k) for k in _FIELDS if getattr(d, k)}
    if d.player:
        row["practice_minutes"] = math.ceil(d.practice_seconds / 60)
    if missed := not_reached(d):  # said apart from a part passed over with nothing
        row["not_reached"] = list(missed)
    return row


def read_dilemma(check: Checker, row: dict[str, Any], at: str) -> Dilemma:
    said = {k: check.text(row, k, at, default="") for k in _FIELDS}
    return Dilemma(
        case=said["case"],
        needed=said["needed"],
        intends=said["intends"],
        other=said["other"],
        player=said["player"],
        practice_note=said["practice_note"],
        takeaway=said["takeaway"],
        action=said["action"],
        practice_seconds=60 * check.whole(row, "practice_minutes", at, low=0, high=10_000, default=0),
        done=tuple(p for p in PARTS if p not in _missed(check, row, at)),
    )


def _missed(check: Checker, row: dict[str, Any], at: str) -> tuple[str, ...]:
    missed = check.texts(row, "not_reached", at)
    for part in missed:
        if part not in PARTS:
            check.report(f"{at}.not_reached", "chk_choice", options=", ".join(PARTS), got=repr(part))
    return missed
