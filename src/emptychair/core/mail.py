"""The digest as one mail per person: their own open actions, overdue first, and the decisions.

Messages are RFC 5322 through the stdlib `email` package; every header value made from a name or
a title is one line (a line break in a header would start a header of its own), the body is
the plain-text document, UTF-8.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr

from emptychair.core.digest import Digest
from emptychair.core.document import Block, to_text
from emptychair.core.ledger import Tracked
from emptychair.core.minutes import Minutes
from emptychair.core.reach import Person
from emptychair.locale import day, tr
from emptychair.text import name_key, visible


@dataclass(frozen=True)
class Letter:
    """One mail to one person: their open actions."""

    person: Person
    subject: str
    body: str


def letters(
    d: Digest,
    meetings: Sequence[Minutes],
    open_actions: Sequence[Tracked],
    people: Sequence[Person],
    today: date,
) -> tuple[Letter, ...]:
    """A letter for each person with an address: their open actions as they stand today (overdue
    first, then by due date), and the decisions of the digest's meetings."""
    lang = d.language
    if len(d.meetings) == 1:
        title, held = d.meetings[0]
        about = f"{title} — {day(lang, held)}"
    else:
        about = tr(lang, "digest_title")
    made = {m.action.id for minutes in meetings for m in minutes.actions()}
    found = []
    for person in people:
        if not person.email:
            continue
        key = name_key(person.name)
        own = sorted(
            (t for t in open_actions if name_key(t.action.owner) == key),
            key=lambda t: (not t.overdue(today), t.action.due or date.max, t.made, t.action.id),
        )
        blocks = [Block("title", about)]
        blocks.append(Block("heading", tr(lang, "mail_your_actions")))
        if own:
            blocks.append(
                Block("bullets", items=tuple(_line(t, today, lang, t.action.id in made) for t in own))
            )
        else:
            blocks.append(Block("text", tr(lang, "mail_no_actions")))
        if d.decisions:
            blocks.append(Block("heading", tr(lang, "decisions")))
            blocks.append(Block("bullets", items=tuple(f"{text} ({item})" for item, text in d.decisions)))
        for heading, lines in d.votes:  # what the team weighed beside what it decided
            blocks += [Block("heading", heading), Block("bullets", items=lines)]
        subject = tr(lang, "mail_subject", about=about)
        found.append(Letter(person, subject, to_text(blocks)))
    return tuple(found)


def _line(t: Tracked, today: date, lang: str, new: bool) -> str:
    a = t.action
    parts = []
    if a.due:
        late = f" ({tr(lang, 'overdue')})" if t.overdue(today) else ""
        parts.append(tr(lang, "due", date=day(lang, a.due)) + late)
    if new:
        parts.append(tr(lang, "mail_new"))
    if t.link:
        parts.append(t.link)
    return f"[{a.id}] {a.text}" + (f" — {' · '.join(parts)}" if parts else "")


def message(letter: Letter, sender: str, when: str, message_id: str) -> EmailMessage:
    """The letter as a message from `sender` ("Team <team@example.org>"), dated `when` (an RFC 5322
    date), with its Message-ID."""
    msg = EmailMessage()
    msg["From"] = _address(*parseaddr(sender))
    named, spec = parseaddr(letter.person.email)  # `email` may carry its own name: Bram van Dam <…>
    msg["To"] = _address(named or letter.person.name, spec)
    msg["Subject"] = _one_line(letter.subject)
    msg["Date"] = when
    msg["Message-ID"] = message_id
    msg.set_content(letter.body, charset="utf-8")
    return msg


def _address(name: str, spec: str) -> Address:
    return Address(display_name=_one_line(name), addr_spec=spec.strip())


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())
