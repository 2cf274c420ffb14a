"""The read side for people at a terminal: rich views of actions, hits and a meeting (the pages of
stats and voice are drawn by terminal/page.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from emptychair.core.history import Unit
from emptychair.core.ledger import Tracked
from emptychair.core.minutes import status_key
from emptychair.core.report import conflict_text
from emptychair.locale import day, tr
from emptychair.terminal.panels import join, safe
from emptychair.text import visible

if TYPE_CHECKING:
    from emptychair.core.document import Block


def actions_table(out: Console, actions: Sequence[Tracked], today: date, lang: str) -> None:
    table = Table(box=None, pad_edge=False, header_style="bold")
    linked = any(t.link for t in actions)
    columns = ["col_id", "col_action", "col_owner", "col_due", "col_age", "col_from"]
    for column in columns + (["col_link"] if linked else []):
        table.add_column(Text(tr(lang, column)), overflow="fold")
    for t in actions:
        due = Text("")
        if t.action.due:
            due = Text(day(lang, t.action.due), style="bold red" if t.overdue(today) else "")
        status = "" if t.is_open else f" ({tr(lang, status_key(t.action.status))})"
        text = safe(t.action.text + status)
        if t.conflict:
            text.append_text(safe(f" ⚠ {conflict_text(lang, t.conflict)}", "bold yellow"))
        origin = (
            Text(tr(lang, "from_chair"), style="magenta") if t.origin == "chair" else safe(t.source, "dim")
        )
        table.add_row(
            safe(t.action.id, "dim"),
            text,
            safe(t.action.owner) if t.action.owner else Text("—", style="red"),
            due,
            Text(day(lang, t.made.date()), style="dim"),
            origin,
            *([safe(t.link, "cyan")] if linked else []),
        )
    out.print(table)


def hits_view(hits: Sequence[Unit], words: Sequence[str], lang: str) -> Text:
    """One line a hit: date, kind, where it was said, and the text with the words highlighted."""
    out = Text()
    for u in hits:
        out.append(f"{u.date.isoformat()}  {tr(lang, 'kind_' + u.kind):<9}  ", style="dim")
        out.append(visible(u.where).replace("\n", " ")[:50], style="cyan")
        out.append("  ")
        line = Text(visible(u.text).replace("\n", " ⏎ "))
        if u.owner:
            line.append(f"  @{visible(u.owner)}")
        if u.status:
            line.append(f"  [{tr(lang, status_key(u.status))}]")
        for word in words:
            line.highlight_words([word], style="bold reverse", case_sensitive=False)
        out.append(line)
        out.append("\n")
    return out


def document_view(blocks: Sequence[Block]) -> Group:
    parts: list[RenderableType] = []
    for b in blocks:
        if b.kind == "title":
            parts.append(safe(b.text, "bold underline"))
        elif b.kind == "heading":
            parts += [Text(""), safe(b.text, "bold cyan")]
        elif b.kind == "subheading":
            parts.append(safe(b.text, "bold"))
        elif b.kind == "meta":
            parts.append(safe(b.text, "dim"))
        elif b.kind == "quote":
            parts.append(join("  ", safe(b.text, "italic magenta")))
        elif b.kind == "bullets":
            parts += [join("  • ", safe(item)) for item in b.items]
        else:
            parts.append(join("    → ", safe(b.text)))
    return Group(*parts)
