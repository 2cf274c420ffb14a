"""The check-in round on screen: after the attendance each person present, in turn, gets their
question and answers in one line (Enter passes). Every line is an event in the draft, so a resume
goes on with the person whose turn it was, with what was half typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from rich.console import Console

from emptychair.core.checkin import Checkin
from emptychair.core.meeting import CheckedIn, CheckinPlanned, Event, Meeting
from emptychair.locale import tr
from emptychair.terminal import panels


class Lines(Protocol):
    """The meeting's prompter (terminal.meeting_ui), as far as the round needs it."""

    def text(self, message: str, default: str = "", **session: Any) -> str: ...


def checkin_round(
    prompter: Lines,
    out: Console,
    m: Meeting,
    record: Callable[[Meeting, Event], Meeting],
    clock: Callable[[], datetime],
    plan: Callable[[tuple[str, ...]], tuple[Checkin, ...]] | None,
    pending: str = "",
) -> Meeting:
    """Plan the round once (who came is known now), then each person from whoever's turn it is."""
    lang = m.agenda.language
    if not m.checkin_planned:
        m = record(m, CheckinPlanned(clock(), plan(m.people) if plan is not None else ()))
        if m.checkin:
            out.print(panels.safe(f"  ☕ {tr(lang, 'checkin_heading')}", "bold"))
    while m.checking_in:
        turn = m.checkin[m.checked_in]
        out.print(panels.safe(f"  {turn.person}: {turn.question}", "cyan"))
        said = prompter.text(tr(lang, "checkin_ask", name=turn.person), default=pending).strip()
        pending = ""
        m = record(m, CheckedIn(clock(), said))
    return m
