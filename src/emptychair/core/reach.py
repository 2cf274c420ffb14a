"""Where the team works besides the meeting: who is who in the tracker and the mail, and where
actions and digests go. Read from the agenda's [people], [tracker], [chat] and [mail] tables.

[people]
Bram = { github = "bvdb", gitlab = "bram", email = "bram@example.org" }

[tracker]
to = "github:acme/support"     # or "gitlab:group/project"
pull = true                    # `run` asks the tracker first which pushed actions are closed
push = "ask"                   # at the end of a meeting, offer all its actions (default: those marked #gh)

[chat]
webhook = "https://hooks.slack.com/services/…"   # a secret: better in EMPTYCHAIR_WEBHOOK
post = true                    # `run` posts the digest at the end

[mail]
smtp = "smtp.example.org:587"
from = "Support team <support@example.org>"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from emptychair.core.tomldata import Checker
from emptychair.errors import EmptyChairError, problem
from emptychair.text import name_key

TrackerKind = Literal["github", "gitlab"]
TRACKERS: tuple[TrackerKind, ...] = ("github", "gitlab")
PUSH_MODES = ("marked", "ask")  # marked: the actions typed with #gh; ask: every action of the meeting
REACH_KEYS = ("people", "tracker", "chat", "mail")
_PERSON_KEYS = ("github", "gitlab", "email")
_TRACKER_KEYS = ("to", "pull", "push")
_CHAT_KEYS = ("webhook", "post")
_MAIL_KEYS = ("smtp", "from")
# GitHub logins: letters, digits and single hyphens, 39 at most; GitLab usernames allow _ and . too.
_GITHUB_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_GITLAB_USER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}")
_GITHUB_REPO = re.compile(r"[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}")
_GITLAB_PROJECT = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+")
_HOST_PORT = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})")


@dataclass(frozen=True)
class Person:
    """How to reach one person of the team: tracker logins, mail address."""

    name: str
    github: str = ""
    gitlab: str = ""
    email: str = ""


@dataclass(frozen=True)
class Target:
    """An issue tracker: a GitHub repository or a GitLab project."""

    kind: TrackerKind
    path: str  # OWNER/REPO, or GROUP/[SUBGROUP/]PROJECT

    def __str__(self) -> str:
        return f"{self.kind}:{self.path}"


@dataclass(frozen=True)
class Reach:
    """Where the actions go: the team's people, tracker, chat and mail."""

    people: tuple[Person, ...] = ()
    tracker: Target | None = None
    pull: bool = False
    push: str = "marked"
    webhook: str = ""
    post: bool = False
    smtp: str = ""  # host:port
    sender: str = ""  # [mail] from

    def person(self, name: str) -> Person | None:
        """The [people] entry of `name`, case, accents and spaces ignored."""
        key = name_key(name)
        return next((p for p in self.people if name_key(p.name) == key), None) if key else None


def parse_target(said: str) -> Target:
    """`github:OWNER/REPO` or `gitlab:GROUP/PROJECT`; refused with the forms there are."""
    kind, colon, path = said.strip().partition(":")
    path = path.strip().strip("/")
    if colon and kind == "github" and _GITHUB_REPO.fullmatch(path):
        return Target("github", path)
    if colon and kind == "gitlab" and _GITLAB_PROJECT.fullmatch(path):
        return Target("gitlab", path)
    raise problem("err_tracker_target", said=said)


def host_port(said: str) -> tuple[str, int]:
    """`host:port` as the SMTP server to send through."""
    found = _HOST_PORT.fullmatch(said.strip())
    if not found or not 1 <= int(found[2]) <= 65535:
        raise problem("err_smtp_address", said=said)
    return found[1].strip("[]"), int(found[2])


def is_address(said: str) -> bool:
    """A mail address someone could be sent to: `bram@example.org`, or `Bram <bram@example.org>`."""
    from email.headerregistry import Address
    from email.utils import parseaddr

    _, spec = parseaddr(said)
    if not spec or "@" not in spec or any(c.isspace() for c in spec) or any(ord(c) < 32 for c in said):
        return False
    try:
        found = Address(addr_spec=spec)
    except (ValueError, IndexError):
        return False
    return bool(found.username and "." in found.domain.strip("."))


def is_webhook(said: str) -> bool:
    return re.fullmatch(r"https?://[^\s/]+/\S*", said) is not None


def parse_reach(data: dict[str, Any], check: Checker) -> Reach:
    """The agenda's [people], [tracker], [chat] and [mail]; every problem reported on `check`."""
    tracker = check.table(data, "tracker")
    check.known_keys(tracker, "tracker", _TRACKER_KEYS)
    chat = check.table(data, "chat")
    check.known_keys(chat, "chat", _CHAT_KEYS)
    mail = check.table(data, "mail")
    check.known_keys(mail, "mail", _MAIL_KEYS)
    target = None
    if (to := check.optional_text(tracker, "to", "tracker")) is not None:
        try:
            target = parse_target(to)
        except EmptyChairError:
            check.report("tracker.to", "chk_tracker_to")
    pull = check.flag(tracker, "pull", "tracker")
    push = check.choice(tracker, "push", PUSH_MODES, "tracker", default="marked")
    if target is None and "to" not in tracker and (pull or "push" in tracker):
        check.report("tracker.to", "chk_tracker_needed")
    webhook = check.text(chat, "webhook", "chat", default="")
    if webhook and not is_webhook(webhook):
        check.report("chat.webhook", "chk_webhook")  # never the value: it is a secret
    smtp = check.text(mail, "smtp", "mail", default="")
    if smtp:
        try:
            host_port(smtp)
        except EmptyChairError:
            check.report("mail.smtp", "chk_smtp", got=repr(smtp))
    sender = check.text(mail, "from", "mail", default="")
    if sender and not is_address(sender):
        check.report("mail.from", "chk_email", got=repr(sender))
    return Reach(
        people=_people(check, check.table(data, "people")),
        tracker=target,
        pull=pull,
        push=push,
        webhook=webhook,
        post=check.flag(chat, "post", "chat"),
        smtp=smtp,
        sender=sender,
    )


def _people(check: Checker, table: dict[str, Any]) -> tuple[Person, ...]:
    found: list[Person] = []
    seen: set[str] = set()
    for name, row in table.items():
        at = f"people.{_key(name)}"
        if not isinstance(row, dict):
            check.report(at, "chk_person")
            continue
        check.known_keys(row, at, _PERSON_KEYS)
        if not name.strip():
            check.report(at, "chk_name_empty")
        elif name_key(name) in seen:
            check.report(at, "chk_twice", name=name)
        seen.add(name_key(name))
        person = Person(
            name.strip(),
            check.text(row, "github", at, default=""),
            check.text(row, "gitlab", at, default=""),
            check.text(row, "email", at, default=""),
        )
        if person.github and not _GITHUB_LOGIN.fullmatch(person.github):
            check.report(f"{at}.github", "chk_github_login", got=repr(person.github))
        if person.gitlab and not _GITLAB_USER.fullmatch(person.gitlab):
            check.report(f"{at}.gitlab", "chk_gitlab_user", got=repr(person.gitlab))
        if person.email and not is_address(person.email):
            check.report(f"{at}.email", "chk_email", got=repr(person.email))
        found.append(person)
    return tuple(found)


def _key(name: str) -> str:
    """A name as a TOML key in a key path: bare when it can be, else quoted."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
