"""A consent round on screen: each person present in turn, one key (ok, concern, objection), then
the outcome, one key (accepted, amended, not accepted); amended asks for the new words. Every key is
an event in the draft, so a resume goes on with the person whose turn it was. Enter alone
answers neither: only the person says ok, and only the team says what came of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from rich.console import Console
from rich.text import Text

from emptychair.core.consent import OUTCOMES, SAYS, outcome_key, say_key
from emptychair.core.meeting import ConsentDecided, ConsentSaid, Event, Meeting
from emptychair.locale import tr
from emptychair.terminal import panels


class Keys(Protocol):
    """The meeting's prompter (terminal.meeting_ui), as far as a round needs it."""

    def key(self, message: str, keys: str, default: int | None = 0) -> str: ...

    def text(self, message: str, default: str = "", **session: Any) -> str: ...


def consent_round(
    prompter: Keys,
    out: Console,
    m: Meeting,
    record: Callable[[Meeting, Event], Meeting],
    clock: Callable[[], datetime],
) -> Meeting:
    """The round from whoever's turn it is, then the outcome."""
    lang = m.agenda.language
    assert m.consent is not None
    out.print(panels.safe(f"  ⚖ {tr(lang, 'consent_proposal', text=m.consent.text)}", "bold"))
    keys = tr(lang, "consent_keys")  # one letter for each of SAYS, in order
    while m.consent is not None and len(m.consent.said) < len(m.people):
        person = m.people[len(m.consent.said)]
        said = SAYS[keys.index(prompter.key(tr(lang, "consent_ask", name=person), keys, default=None))]
        out.print(
            panels.safe(f"    {person}: {tr(lang, say_key(said))}", "red" if said == "objection" else "")
        )
        m = record(m, ConsentSaid(clock(), said))
    assert m.consent is not None
    counted = {s: m.consent.said.count(s) for s in SAYS}
    out.print(Text("  " + tr(lang, "consent_count", **{s: n for s, n in counted.items()})))
    ends = tr(lang, "consent_outcome_keys")  # one letter for each of OUTCOMES, in order
    outcome = OUTCOMES[ends.index(prompter.key(tr(lang, "consent_outcome_ask"), ends, default=None))]
    text = m.consent.text
    if outcome == "amended":
        text = prompter.text(tr(lang, "consent_amended"), default=text).strip() or text
    m = record(m, ConsentDecided(clock(), outcome, text))
    out.print(panels.safe(f"  ↳ {tr(lang, outcome_key(outcome))}: {text}", "green"))
    return m
