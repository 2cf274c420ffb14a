"""The topics waiting at the start of a meeting, asked right after the attendance: parked the last
time and proposed since. None is ticked: what is taken up is chosen, not confirmed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from emptychair.core.meeting import Chosen, Meeting
from emptychair.core.proposals import Offer
from emptychair.locale import tr


class Ticks(Protocol):
    """The meeting's prompter (terminal.meeting_ui), as far as this needs it."""

    def checkbox(self, message: str, names: Sequence[str], *, ticked: bool = True) -> list[str]: ...


def offer_label(lang: str, o: Offer) -> str:
    if not o.proposal:
        return tr(lang, "offer_parked", title=o.title)
    if o.by:
        return tr(lang, "offer_proposed_by", title=o.title, by=o.by)
    return tr(lang, "offer_proposed", title=o.title)


def choose_topics(prompter: Ticks, m: Meeting, at: datetime) -> Chosen:
    """Which topics become items (none ticked), then which of the others stay for next time (all
    ticked: untick to drop a parked topic or decline a proposal)."""
    lang = m.agenda.language
    labels = _unique([offer_label(lang, o) for o in m.offered])
    picked = set(prompter.checkbox(tr(lang, "topics_offer"), labels, ticked=False))
    taken = tuple(n for n, label in enumerate(labels) if label in picked)
    rest = [label for n, label in enumerate(labels) if n not in taken]
    left = set(prompter.checkbox(tr(lang, "topics_keep"), rest)) if rest else set()
    kept = tuple(n for n, label in enumerate(labels) if n not in taken and label in left)
    return Chosen(at, taken, kept)


def _unique(labels: list[str]) -> list[str]:
    """Labels a checkbox can tell apart: a second "Hold music (proposed)" gets a number."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out
