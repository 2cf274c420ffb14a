"""What the meeting decided, to share: the digest as data, written as plain text, Markdown or HTML.

A digest covers one meeting or every meeting since a date. It holds the decisions, the actions made
there by owner with their due dates (as they stand today), every action that is overdue, what was
closed since the meeting before, the chair's answers with their ratings, and the recognitions; its
good news comes first (002: share good results): the customer's promises kept, the glad answers.
Every field is escaped for the format it is written in: plain text loses only what a terminal or
a mail client would act on, Markdown and HTML escape their own syntax too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from emptychair.core.appreciation import glad_answers, kept_promises
from emptychair.core.document import (
    Block,
    checkin_lines,
    proposal_lines,
    result_lines,
    to_html,
    to_markdown,
    to_text,
    vote_heading,
    with_states,
)
from emptychair.core.ledger import Tracked
from emptychair.core.minutes import OPEN, ActionStatus, Minutes, status_key
from emptychair.core.quotes import Quote, quote_line
from emptychair.locale import day, tr

FORMATS = ("text", "md", "html")


@dataclass(frozen=True)
class Line:
    """One action as the digest shows it."""

    id: str
    text: str
    owner: str
    due: date | None
    status: ActionStatus
    overdue: bool


@dataclass(frozen=True)
class Told:
    """A chair's question with the team's answer and its rating, as the digest tells it."""

    question: str
    answer: str
    rating: str  # green, amber, red or ""


@dataclass(frozen=True)
class Digest:
    """What a span of meetings decided, who owns what and what the customer said."""

    language: str
    meetings: tuple[tuple[str, date], ...]  # (title, date), oldest first
    decisions: tuple[tuple[str, str], ...]  # (item title, decision)
    by_owner: tuple[tuple[str, tuple[Line, ...]], ...]  # owner ("" for none) and their actions
    overdue: tuple[Line, ...]
    closed: tuple[Line, ...]
    told: tuple[Told, ...]
    recognition: tuple[tuple[str, str], ...]  # (person, what they did)
    kept: tuple[str, ...] = ()  # the chair's actions done since the meeting before
    glad: tuple[tuple[str, str], ...] = ()  # (answer, rating) the customer would be glad of
    stories: tuple[tuple[str, str], ...] = ()  # (item title, the customer story told there)
    proposals: tuple[str, ...] = ()  # what the meetings made of the proposals offered
    checkin: tuple[str, ...] = ()  # the check-in rounds: who, the question, their line
    votes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each round of dots: where, and its result
    quoted: tuple[tuple[Quote, tuple[Line, ...]], ...] = ()  # feedback the chair quoted, actions made on it


def digest_of(
    meetings: Sequence[Minutes],
    ledger: Sequence[Tracked],
    today: date,
    closed: tuple[datetime | None, datetime | None],
    language: str,
) -> Digest:
    """The digest of `meetings` (any order), with actions as `ledger` has them today.

    `closed`: actions closed after the first moment and up to the second count as closed since the
    meeting before (None: no bound on that side).
    """
    meetings = sorted(meetings, key=lambda m: m.started)
    made = {made.action.id for m in meetings for made in m.actions()}
    now = {t.action.id: t for t in ledger}
    lines = [_line(now[i], today) for i in now if i in made and now[i].is_open]
    owners: dict[str, list[Line]] = {}
    for line in sorted(lines, key=lambda x: (x.owner == "", x.owner.casefold(), x.due or date.max, x.id)):
        owners.setdefault(line.owner, []).append(line)
    after, until = closed
    shut = [
        t
        for t in ledger
        if t.closed is not None
        and (after is None or t.closed > after)
        and (until is None or t.closed <= until)
    ]
    return Digest(
        language=language,
        meetings=tuple((m.title, m.date) for m in meetings),
        decisions=tuple((i.title, d) for m in meetings for i in m.items for d in with_states(m.language, i)),
        by_owner=tuple((owner, tuple(group)) for owner, group in owners.items()),
        overdue=tuple(
            _line(t, today)
            for t in sorted(ledger, key=lambda t: (t.action.due or date.max, t.action.id))
            if t.overdue(today)
        ),
        closed=tuple(_line(t, today) for t in sorted(shut, key=lambda t: (t.closed or t.made, t.action.id))),
        told=tuple(Told(c.question, c.answer, c.rating) for m in meetings for c in m.chair if c.answer),
        recognition=tuple((r.person, r.text) for m in meetings for r in m.recognition),
        kept=kept_promises(shut, None),
        glad=glad_answers(meetings),
        stories=tuple((i.title, s) for m in meetings for i in m.items for s in i.stories),
        proposals=tuple(line for m in meetings for line in proposal_lines(m)),
        checkin=tuple(line for m in meetings for line in checkin_lines(m.checkin)),
        votes=tuple(
            (vote_heading(m.language, v), result_lines(m.language, v)) for m in meetings for v in m.votes
        ),
        quoted=_quoted(meetings, now, today),
    )


def _quoted(
    meetings: Sequence[Minutes], now: dict[str, Tracked], today: date
) -> tuple[tuple[Quote, tuple[Line, ...]], ...]:
    """Each item of feedback the chair quoted, with the actions made on it (those that name it, and
    those made at its question) as they stand today."""
    found = []
    for m in meetings:
        for c in m.chair:
            if c.quote is None:
                continue
            named = [
                x.action for x in m.actions() if c.quote.feedback and x.action.feedback == c.quote.feedback
            ]
            made = list({a.id: a for a in (*c.actions, *named)}.values())
            lines = tuple(
                _line(now[a.id], today)
                if a.id in now
                else Line(a.id, a.text, a.owner, a.due, a.status, False)
                for a in made
            )
            found.append((c.quote, lines))
    return tuple(found)


def _line(t: Tracked, today: date) -> Line:
    a = t.action
    return Line(a.id, a.text, a.owner, a.due, a.status, t.overdue(today))


# --- one document, three ways to write it -------------------------------------------------------


def blocks(d: Digest) -> list[Block]:
    """The digest as document blocks; every field is still raw text here."""
    lang = d.language
    if len(d.meetings) == 1:
        title, held = d.meetings[0]
        found = [Block("title", f"{title} — {day(lang, held)}")]
    else:
        found = [Block("title", tr(lang, "digest_title"))]
        found.append(Block("meta", " · ".join(f"{t} ({day:%Y-%m-%d})" for t, day in d.meetings)))
    if not d.meetings:
        found.append(Block("text", tr(lang, "digest_no_meetings")))
    if d.checkin:
        found += [Block("heading", tr(lang, "checkin_heading")), Block("bullets", items=d.checkin)]
    found += _good_news(d)
    if d.stories:
        found += [
            Block("heading", tr(lang, "stories")),
            Block("bullets", items=tuple(s for _, s in d.stories)),
        ]
    if d.decisions:
        found += [Block("heading", tr(lang, "decisions")), Block("bullets", items=_decisions(d))]
    for heading, lines in d.votes:  # beside the decisions: what the team weighed, and how
        found += [Block("heading", heading), Block("bullets", items=lines)]
    if d.proposals:
        found += [Block("heading", tr(lang, "proposals_heading")), Block("bullets", items=d.proposals)]
    if d.by_owner:
        found.append(Block("heading", tr(lang, "actions_by_owner")))
        for owner, group in d.by_owner:
            found.append(Block("subheading", owner or tr(lang, "no_owner_group")))
            found.append(Block("bullets", items=tuple(_action(lang, line, owner=False) for line in group)))
    if d.overdue:
        found.append(Block("heading", tr(lang, "digest_overdue")))
        found.append(Block("bullets", items=tuple(_action(lang, line) for line in d.overdue)))
    if d.closed:
        found.append(Block("heading", tr(lang, "digest_closed")))
        found.append(Block("bullets", items=tuple(_action(lang, line) for line in d.closed)))
    if d.quoted:
        found.append(Block("heading", tr(lang, "digest_quoted")))
        for quote, done in d.quoted:
            found.append(Block("text", quote_line(quote, lang, limit=100_000)))
            if done:
                found.append(Block("bullets", items=tuple(_action(lang, line, state=True) for line in done)))
            else:
                found.append(Block("text", tr(lang, "digest_quote_nothing")))
    if d.told:
        found.append(Block("heading", tr(lang, "customer_told")))
        for told in d.told:
            rated = f" ({tr(lang, 'rate_' + told.rating).split(':')[0]})" if told.rating else ""
            found += [Block("quote", told.question), Block("text", told.answer + rated)]
    if d.recognition:
        found.append(Block("heading", tr(lang, "recognition")))
        found.append(Block("bullets", items=tuple(f"{who}: {what}" for who, what in d.recognition)))
    return found


def _good_news(d: Digest) -> list[Block]:
    """What went well first: the promises to the customer kept, the answers the customer is glad of."""
    lang = d.language
    said = [tr(lang, "good_kept", text=text) for text in d.kept]
    said += [f"{answer} ({tr(lang, 'rate_' + rating).split(':')[0]})" for answer, rating in d.glad]
    return [Block("heading", tr(lang, "good_news")), Block("bullets", items=tuple(said))] if said else []


def _decisions(d: Digest) -> tuple[str, ...]:
    return tuple(f"{text} ({item})" for item, text in d.decisions)


def _action(lang: str, line: Line, *, owner: bool = True, state: bool = False) -> str:
    parts = [line.owner or tr(lang, "owner_none")] if owner else []
    if line.due:
        late = f" ({tr(lang, 'overdue')})" if line.overdue else ""
        parts.append(tr(lang, "due", date=day(lang, line.due)) + late)
    if line.status != OPEN or state:
        parts.append(tr(lang, status_key(line.status)))
    return f"[{line.id}] {line.text}" + (f" — {' · '.join(parts)}" if parts else "")


def render(d: Digest, fmt: str) -> str:
    """The digest as plain text (for mail or chat), Markdown or an HTML page."""
    found = blocks(d)
    if fmt == "md":
        return to_markdown(found)
    if fmt == "html":
        return to_html(found, d.language)
    return to_text(found)
