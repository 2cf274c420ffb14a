"""What the meetings decided, taken to where the team reads: the digest itself, posted to the
team's chat, and mailed to each person with their own actions.

The webhook address is a secret (whoever has it can post as the team): it is never printed, not
in an error either, and never written anywhere; it comes from `--post URL`, `EMPTYCHAIR_WEBHOOK`
or the agenda's `[chat] webhook`, in that order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from emptychair.app.reading import minutes_path, read_minutes
from emptychair.app.team import team_agenda
from emptychair.clock import now
from emptychair.core.agenda import Agenda
from emptychair.core.digest import Digest, digest_of
from emptychair.core.minutes import Minutes
from emptychair.errors import EmptyChairError, problem
from emptychair.files.folder import Unreadable

if TYPE_CHECKING:
    from email.message import EmailMessage

    from emptychair.core.history import MeetingRow
    from emptychair.files.readmodel import Library

WEBHOOK_VARIABLE = "EMPTYCHAIR_WEBHOOK"
SMTP_USER = "EMPTYCHAIR_SMTP_USER"
SMTP_PASSWORD = "EMPTYCHAIR_SMTP_PASSWORD"


@dataclass(frozen=True)
class Shared:
    """The digest of a span of meetings, the meetings it covers and the files skipped."""

    digest: Digest
    meetings: tuple[Minutes, ...]  # oldest first
    skipped: tuple[Unreadable, ...]  # minutes that could not be read now


def digest_for(found: Library, which: str, since: date | None, lang: str | None, fallback: str) -> Shared:
    """The digest of the meeting `which` names (or of every meeting from `since` on), in `lang`,
    else the meeting's language, else `fallback`."""
    rows = found.rows  # newest first
    skipped: list[Unreadable] = []
    if since is not None:
        chosen = [r for r in rows if r.date >= since]
        after: datetime | None = _midnight(since)
    else:
        row = found.pick(which)
        chosen = [row]
        at = rows.index(row)
        before = _load(found, rows[at + 1], skipped) if at + 1 < len(rows) else None
        after = before.ended if before is not None else None
    meetings = [m for m in (_load(found, r, skipped) for r in chosen) if m is not None]
    until = None  # the latest meeting: closed up to now
    if since is None and meetings and rows.index(chosen[0]) > 0:
        until = meetings[0].ended  # an earlier meeting: what was closed up to its end
    said = lang or (meetings[0].language if meetings else fallback)
    result = digest_of(meetings, found.ledger.actions, date.today(), (after, until), said)
    return Shared(result, tuple(sorted(meetings, key=lambda m: m.started)), tuple(skipped))


def _midnight(day: date) -> datetime:
    """The start of `day` here; at the ends of the calendar, where local time may not exist, in UTC."""
    try:
        return datetime.combine(day, time()).astimezone()
    except (ValueError, OverflowError):
        return datetime.combine(day, time(), tzinfo=UTC)


def _load(found: Library, row: MeetingRow, skipped: list[Unreadable]) -> Minutes | None:
    read = read_minutes(minutes_path(found.folder, row.name))
    if isinstance(read, Unreadable):
        skipped.append(read)
        return None
    return read


# --- chat ---------------------------------------------------------------------------------------


def webhook_url(given: str, agenda: Agenda | None) -> str:
    """The webhook to post to: given, else EMPTYCHAIR_WEBHOOK, else the agenda's [chat] webhook."""
    from emptychair.core.reach import is_webhook

    found = given.strip() or os.environ.get(WEBHOOK_VARIABLE, "").strip()
    if not found and agenda is not None:
        found = agenda.reach.webhook
    if not found:
        raise problem("err_webhook_none")
    if not is_webhook(found):
        raise problem("err_webhook_url")  # never the address itself
    return found


def post_digest(shared: Shared, url: str) -> None:
    """The digest, in the chat's own markup, to a Slack or Mattermost incoming webhook."""
    from emptychair.core.chat import chat_text
    from emptychair.files import webhook as hook

    hook.post_json(url, {"text": chat_text(shared.digest)})


def post_after(folder: Path, agenda: Agenda, lang: str) -> tuple[bool, str]:
    """`[chat] post`: the digest of the meeting just written, to the team's chat; the line to show.
    A failure is said, never raised: the minutes are written, and `digest --post` posts it later."""
    from emptychair.files.readmodel import open_library
    from emptychair.locale import tr

    try:
        url = webhook_url("", agenda)
        post_digest(digest_for(open_library(folder), "latest", None, None, lang), url)
    except EmptyChairError as exc:
        return False, tr(lang, "post_failed", message=exc.say(lang))
    return True, tr(lang, "posted")


# --- mail ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mailing:
    """The mail for each owner of open actions, and who has no address to send it to."""

    messages: tuple[tuple[str, EmailMessage], ...]  # (person, message)
    without_address: tuple[str, ...]  # owners of open actions that [people] gives no address
    written: tuple[Path, ...] = ()  # with --to-dir: the files
    server: str = ""  # else: the SMTP server they went through


def mail_digest(
    found: Library, shared: Shared, to_dir: Path | None, clock: Callable[[], datetime] = now
) -> Mailing:
    """One message per person of the agenda's [people] with an address: their own open actions,
    overdue first, and the decisions. Written as .eml files into `to_dir`, or sent through the
    agenda's [mail] smtp (user and password from EMPTYCHAIR_SMTP_USER / _PASSWORD)."""
    from email.utils import format_datetime, make_msgid

    from emptychair.core.mail import letters, message

    agenda = team_agenda(found.folder)
    if agenda is None or not any(p.email for p in agenda.reach.people):
        raise problem("err_mail_nobody")
    reach = agenda.reach
    if not reach.sender:
        raise problem("err_mail_from")
    if to_dir is None and not reach.smtp:
        raise problem("err_smtp_none")
    at = clock()
    domain = reach.sender.rpartition("@")[2].strip(" >") or "localhost"
    open_actions = found.open_actions
    made = tuple(
        (
            letter.person.name,
            message(letter, reach.sender, format_datetime(at), make_msgid("emptychair", domain)),
        )
        for letter in letters(shared.digest, shared.meetings, open_actions, reach.people, date.today())
    )
    owners = sorted({t.action.owner for t in open_actions if t.action.owner}, key=str.casefold)
    missing = tuple(o for o in owners if not getattr(reach.person(o), "email", ""))
    if to_dir is not None:
        return Mailing(made, missing, written=_write(to_dir, made))
    from emptychair.files import smtp

    user, password = os.environ.get(SMTP_USER, ""), os.environ.get(SMTP_PASSWORD, "")
    smtp.send(reach.smtp, [m for _, m in made], user, password)
    return Mailing(made, missing, server=reach.smtp)


def _write(folder: Path, made: Sequence[tuple[str, EmailMessage]]) -> tuple[Path, ...]:
    from email import policy

    from emptychair.files.folder import cannot_write, write_atomic_bytes
    from emptychair.text import slug

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    paths = []
    taken: set[str] = set()
    for name, msg in made:
        stem = slug(name, "person")
        while stem in taken:
            stem += "-2"
        taken.add(stem)
        path = folder / f"{stem}.eml"
        try:
            write_atomic_bytes(path, msg.as_bytes(policy=policy.SMTP))
        except OSError as exc:
            raise cannot_write(path, exc) from None
        paths.append(path)
    return tuple(paths)
