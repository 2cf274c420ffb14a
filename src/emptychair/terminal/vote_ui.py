"""A round of dots on screen (#vote): the topics numbered, then one line a person (`1 1 3`, or `Bram
2 2` for someone else). A line that cannot be read comes back as typed, with the reason. Every line
is an event in the draft, so a resume goes on with the first person who has not given their dots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from rich.console import Console
from rich.text import Text

from emptychair.core.document import ballot_text, result_lines
from emptychair.core.meeting import Event, Meeting, Undone, VoteCast
from emptychair.core.vote import Ballot, Vote, read_ballot
from emptychair.locale import meaning, tr
from emptychair.terminal import panels

T = TypeVar("T")


class Voting(Protocol):
    """What the round needs of the meeting's screen (meeting_ui.MeetingUI)."""

    out: Console
    clock: Callable[[], datetime]

    def record(self, m: Meeting, event: Event, pending: str = "") -> Meeting: ...

    def ask(
        self,
        lang: str,
        message: str,
        pending: str,
        read: Callable[[str], T],
        doubt: Callable[[T], Text | None] = ...,
        **session: Any,
    ) -> T: ...


def vote_round(ui: Voting, m: Meeting, pending: str = "") -> Meeting:
    """The round from whoever has not given their dots yet, then the result."""
    lang = m.agenda.language
    vote = m.vote
    assert vote is not None
    out = ui.out
    out.print(panels.safe(f"  ● {tr(lang, 'vote_intro', count=vote.dots)}", "bold"))
    for n, topic in enumerate(vote.topics, start=1):
        out.print(panels.join(Text(f"    {n:>2}  ", style="bold"), panels.safe(topic)))
    out.print(Text("  " + tr(lang, "vote_help"), style="dim italic"))
    for b in vote.ballots:  # resumed: what was given before the stop
        out.print(panels.safe(f"    {ballot_text(lang, vote, b)}", "dim"))
    people = m.people
    while m.vote is not None:
        now = m.vote
        person = now.waiting(people)[0]

        def read(typed: str, now: Vote = now) -> Ballot | None:
            first = typed.strip().split(" ", 1)[0].rstrip(":")
            if meaning(first) == "undo":
                return None
            return read_ballot(typed, now, people)

        said = ui.ask(lang, tr(lang, "vote_ask", name=person, count=now.dots), pending, read)
        pending = ""
        if said is None:  # #undo: the last person's dots, asked again
            if not now.ballots:
                out.print(panels.safe(f"  ✗ {tr(lang, 'vote_nothing_undone')}", "red"))
                continue
            m = ui.record(m, Undone(ui.clock()))
            out.print(panels.safe(f"  ↶ {tr(lang, 'vote_undone', name=now.ballots[-1].person)}", "yellow"))
            continue
        m = ui.record(m, VoteCast(ui.clock(), said))
        out.print(panels.safe(f"    ↳ {ballot_text(lang, now, said)}", "green"))
    held = m.votes[-1]
    out.print(panels.safe(f"  ↳ {tr(lang, 'vote_result')}", "bold"))
    for line in result_lines(lang, held):
        out.print(panels.safe(f"    {line}"))
    if held.item:
        out.print(Text("  " + tr(lang, "vote_items_now"), style="cyan"))
    return m
