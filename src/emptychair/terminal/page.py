"""A page of the read side (core/page.py) drawn with rich: its styles given their look."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from emptychair.core.page import Part, Style, TextColumns, TextLine, flat
from emptychair.terminal.panels import RATING_STYLE
from emptychair.text import visible

LOOK: dict[Style, str] = {
    "": "",
    "strong": "bold",
    "muted": "dim",
    "title": "bold magenta",
    "told": "bold yellow",
    "said": "italic",
    "warn": "yellow",
    "enthusiastic": RATING_STYLE["enthusiastic"],
    "green": RATING_STYLE["green"],
    "amber": RATING_STYLE["amber"],
    "red": RATING_STYLE["red"],
}


def rich_page(parts: Sequence[Part]) -> Group:
    return Group(*(_table(p) if isinstance(p, TextColumns) else _text(p) for p in parts))


def _text(line: TextLine, one_line: bool = False) -> Text:
    out = Text()
    for text, style in line.runs:
        out.append(visible(flat(text) if one_line else text), style=LOOK[style])
    return out


def _table(columns: TextColumns) -> RenderableType:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for n, head in enumerate(columns.header):
        table.add_column(Text(visible(flat(head))), justify="right" if n in columns.right else "left")
    for row in columns.rows:
        table.add_row(*(_text(cell, one_line=True) for cell in row))
    return table
