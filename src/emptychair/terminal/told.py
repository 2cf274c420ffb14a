"""What customers and the team told, as `voice` lists it: the customer stories (003) and the
dilemmas the team reflected on (004), newest first."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from emptychair.core.history import Unit
from emptychair.locale import tr
from emptychair.terminal.panels import join, safe


def told_view(told: Sequence[Unit], lang: str, head: str) -> Group:
    """Each thing told with its date and where it was told; nothing when there is none."""
    if not told:
        return Group()
    parts: list[RenderableType] = [Text(""), Text(tr(lang, head), style="bold yellow")]
    for u in sorted(told, key=lambda u: (u.date, u.meeting), reverse=True):
        parts.append(
            join(Text(f"  {u.date.isoformat()}  "), safe(u.text), Text("  ("), safe(u.where, "dim"), ")")
        )
    return Group(*parts)
