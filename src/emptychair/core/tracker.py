"""An action as an issue in the team's tracker, and what the tracker answers, read back.

The issue says what the action is, where it was made (the meeting and its item, or the question
the customer on the empty chair asked), who owns it and when it is due, and the action's id, so
that anyone can find it in the minutes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from emptychair.core.document import markdown
from emptychair.core.ledger import Tracked
from emptychair.core.reach import Reach, Target
from emptychair.errors import problem
from emptychair.locale import day, tr

TITLE_MOST = 200  # characters: GitHub takes 256, and a title is read in a list
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Issue:
    """An action as an issue in the team's tracker."""

    title: str
    body: str  # Markdown: both trackers render it
    assignee: str = ""  # the owner's login in that tracker, from [people]
    due: date | None = None


def issue_for(t: Tracked, target: Target, reach: Reach, meeting: str, held: date, lang: str) -> Issue:
    """The issue for action `t`, made in the meeting titled `meeting` held on `held`."""
    a = t.action
    first = " ".join(a.text.split())
    title = first if len(first) <= TITLE_MOST else first[: TITLE_MOST - 1].rstrip() + "…"
    facts = [tr(lang, "issue_meeting", meeting=markdown(meeting), date=day(lang, held))]
    if t.origin == "chair":
        facts.append(tr(lang, "issue_chair", question=markdown(t.question or t.source)))
    else:
        facts.append(tr(lang, "issue_item", item=markdown(t.source)))
    if a.owner:
        facts.append(tr(lang, "issue_owner", owner=markdown(a.owner)))
    if a.due:
        facts.append(tr(lang, "issue_due", date=day(lang, a.due)))
    body = "\n".join(
        [markdown(a.text), "", *(f"- {fact}" for fact in facts), "", tr(lang, "issue_id", id=f"`{a.id}`")]
    )
    person = reach.person(a.owner) if a.owner else None
    login = (person.github if target.kind == "github" else person.gitlab) if person else ""
    return Issue(title, body + "\n", login, a.due)


def created_url(printed: str, program: str) -> str:
    """The issue's address: `gh issue create` prints it alone, glab after a line or two about it."""
    found = _URL.findall(printed)
    if not found:
        raise problem("err_tracker_answer", program=program, reason="no address")
    url: str = found[-1]
    return url.rstrip(".,)")


def issue_state(printed: str, kind: str, program: str) -> tuple[bool, datetime | None]:
    """(closed, when) from `gh issue view --json state,closedAt` ({"state": "CLOSED", "closedAt":
    "2026-11-25T10:00:00Z"}) or `glab issue view --output json` ({"state": "closed", "closed_at": …})."""
    try:
        data = json.loads(printed)
    except ValueError:
        raise problem("err_tracker_answer", program=program, reason="not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("state"), str):
        raise problem("err_tracker_answer", program=program, reason="no state")
    closed = data["state"].lower() == "closed"
    when = data.get("closedAt" if kind == "github" else "closed_at")
    if not closed or not isinstance(when, str) or not when:
        return closed, None
    try:
        at = datetime.fromisoformat(when.replace("Z", "+00:00"))
    except ValueError:
        raise problem("err_tracker_answer", program=program, reason=f"closed at {when[:40]!r}") from None
    return True, at if at.tzinfo is not None else None
