"""The read side: lists of actions (and later minutes) as terminal tables or versioned JSON.

Nothing here prompts, and nothing imports questionary or prompt_toolkit: listing stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from emptychair.ledger import Tracked
from emptychair.render import day, safe

JSON_VERSION = 1


def select_actions(
    actions: Sequence[Tracked], today: date, *, owner: str = "", overdue: bool = False, every: bool = False
) -> list[Tracked]:
    chosen = [t for t in actions if every or t.is_open]
    if owner:
        want = owner.casefold()
        chosen = [t for t in chosen if t.action.owner.casefold() == want]
    if overdue:
        chosen = [t for t in chosen if t.overdue(today)]
    return sorted(chosen, key=lambda t: (t.action.due or date.max, t.made, t.action.id))


def action_json(t: Tracked, today: date) -> dict[str, Any]:
    return {
        "id": t.action.id,
        "text": t.action.text,
        "owner": t.action.owner,
        "due": t.action.due.isoformat() if t.action.due else None,
        "status": t.action.status,
        "overdue": t.overdue(today),
        "age_meetings": t.age,
        "origin": t.origin,
        "source": t.source,
        "question": t.question,
        "meeting": t.meeting,
        "made": t.made.isoformat(),
        "closed": t.closed.isoformat() if t.closed else None,
    }


def actions_json(actions: Sequence[Tracked], today: date) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "today": today.isoformat(),
        "actions": [action_json(t, today) for t in actions],
    }


def actions_table(out: Console, actions: Sequence[Tracked], today: date) -> None:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "action", "owner", "due", "age", "from"):
        table.add_column(column, overflow="fold")
    for t in actions:
        due = Text("")
        if t.action.due:
            due = Text(day(t.action.due), style="bold red" if t.overdue(today) else "")
        status = "" if t.is_open else f" ({t.action.status})"
        origin = Text("chair", style="magenta") if t.origin == "chair" else safe(t.source, "dim")
        table.add_row(
            Text(t.action.id, style="dim"),
            safe(t.action.text + status),
            safe(t.action.owner) if t.action.owner else Text("—", style="red"),
            due,
            str(t.age),
            origin,
        )
    out.print(table)
