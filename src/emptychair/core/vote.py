"""Weighing topics with dots (#vote): the topics are numbered, each person present gives their dots
in one line (`Anna 1 1 3`: two on topic 1, one on topic 3), and the topics are then ordered by the
dots they got, most first; topics with as many dots keep the order they were shown in, and a tie is
said. In an item the topics are the items still to come, which then run in that order; at the start
of a meeting they are the topics waiting (parked, proposed), offered in that order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from emptychair.core.tomldata import Checker
from emptychair.errors import problem

DEFAULT_DOTS = 3
MAX_DOTS = 20


@dataclass(frozen=True)
class Ballot:
    """One person's dots: the number (from 1) of the topic each dot went on, as typed."""

    person: str
    topics: tuple[int, ...] = ()


@dataclass(frozen=True)
class Vote:
    """A round of dots, under way or done: where it was held ("" at the start of the meeting), the
    dots each, the topics as numbered, and the ballots in the order they were typed."""

    item: str
    dots: int
    topics: tuple[str, ...]
    ballots: tuple[Ballot, ...] = ()
    places: tuple[int, ...] = ()  # while under way: the agenda items (or topics offered) weighed

    @property
    def totals(self) -> tuple[int, ...]:
        """The dots each topic got, in the order the topics were shown."""
        return tuple(sum(b.topics.count(n) for b in self.ballots) for n in range(1, len(self.topics) + 1))

    @property
    def order(self) -> tuple[int, ...]:
        """The topics (from 0) in the order of the result: most dots first, a tie as shown."""
        totals = self.totals
        return tuple(sorted(range(len(self.topics)), key=lambda n: (-totals[n], n)))

    @property
    def ties(self) -> tuple[tuple[int, ...], ...]:
        """The topics (from 0) that got as many dots as another, one or more: each group once."""
        totals = self.totals
        groups: dict[int, list[int]] = {}
        for n in self.order:
            if totals[n]:
                groups.setdefault(totals[n], []).append(n)
        return tuple(tuple(g) for g in groups.values() if len(g) > 1)

    def waiting(self, people: Sequence[str]) -> tuple[str, ...]:
        """Who of `people` has not given their dots yet, in order."""
        voted = {b.person for b in self.ballots}
        return tuple(p for p in people if p not in voted)


def read_ballot(line: str, vote: Vote, people: Sequence[str]) -> Ballot:
    """A line of the round: the numbers of the topics the dots go on, for the first person who has
    not voted yet, or for the person named first (`Bram 2 2`, `@bram 2 2`). No numbers: no dots."""
    waiting = vote.waiting(people)
    words = line.replace(",", " ").split()
    named = []
    while words and not _number(words[0]):
        named.append(words.pop(0))
    person = waiting[0] if waiting else ""
    if named:
        from emptychair.core.line import match_owner  # line's regexes and dates: only for a named voter

        said = " ".join(named).removeprefix("@")
        person = match_owner(said, people)
        if person not in waiting:
            raise problem("vote_had_dots", name=person)
    topics = []
    for word in words:
        if not _number(word):
            raise problem("vote_not_a_number", said=word)
        n = int(word)
        if not 1 <= n <= len(vote.topics):
            raise problem("vote_no_topic", said=word, count=len(vote.topics))
        topics.append(n)
    if len(topics) > vote.dots:
        raise problem("vote_too_many", name=person, count=vote.dots, given=len(topics))
    return Ballot(person, tuple(topics))


def _number(word: str) -> bool:
    return word.isascii() and word.isdigit()


def vote_dict(v: Vote) -> dict[str, Any]:
    return {
        "item": v.item,
        "dots": v.dots,
        "topics": list(v.topics),
        "totals": list(v.totals),
        "order": [v.topics[n] for n in v.order],
        **({"ballots": [ballot_dict(b) for b in v.ballots]} if v.ballots else {}),
    }


def ballot_dict(b: Ballot) -> dict[str, Any]:
    return {"person": b.person, "topics": list(b.topics)}


def read_votes(check: Checker, data: dict[str, Any]) -> tuple[Vote, ...]:
    """The rounds of dots in minutes (`[[votes]]`); totals and order follow from the ballots."""
    return check.each(check.tables(data, "votes"), "votes", lambda r, at: _vote(check, r, at))


def _vote(check: Checker, row: dict[str, Any], at: str) -> Vote:
    topics = check.texts(row, "topics", at)
    ballots = read_ballots(check, row, at, len(topics))
    return Vote(
        check.text(row, "item", at, default=""),
        check.whole(row, "dots", at, low=1, high=MAX_DOTS, default=DEFAULT_DOTS),
        topics,
        ballots,
    )


def read_ballots(check: Checker, row: dict[str, Any], at: str, topics: int) -> tuple[Ballot, ...]:
    """The ballots of a round; each dot names one of the `topics`, numbered from 1."""
    return check.each(
        check.tables(row, "ballots", at),
        f"{at}.ballots" if at else "ballots",
        lambda r, where: Ballot(
            check.text(r, "person", where), check.wholes(r, "topics", where, low=1, high=max(topics, 1))
        ),
    )
