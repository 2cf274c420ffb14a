"""What a read command shows, as plain data: lines of styled runs, and tables. The terminal draws a
page with rich (terminal/page.py); through a pipe it is plain text (`as_text`), whole lines that
grep finds, without loading rich. A view is written once, as a page, and looks the same in both.

A style is a name of what the text is, not how it looks: the terminal chooses the look.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from emptychair.core.minutes import Rating
from emptychair.text import visible

# strong: a heading or a total; muted: what explains; title: a section's head; told: the head of what
# was told or recognised; said: what someone said; warn: what asks for attention; a rating: that
# colour the customer would give us (also an action's state: done green, open amber)
Style = Literal[
    "", "strong", "muted", "title", "told", "said", "warn", "enthusiastic", "green", "amber", "red"
]
RATING_MARK: dict[Rating, str] = {"enthusiastic": "★", "green": "●", "amber": "●", "red": "●"}

Run = tuple[str, Style]  # a piece of a line and its style; the text as the user or a file gave it


@dataclass(frozen=True)
class TextLine:
    """One line of a page: runs of text, each with its style."""

    runs: tuple[Run, ...] = ()

    @classmethod
    def of(cls, text: str, style: Style = "") -> TextLine:
        return cls(((text, style),))

    def plus(self, text: str, style: Style = "") -> TextLine:
        return TextLine((*self.runs, (text, style)))

    def then(self, other: TextLine) -> TextLine:
        return TextLine(self.runs + other.runs)


@dataclass(frozen=True)
class TextColumns:
    """A table without lines: a header, and rows of one line per cell; numbers to the right."""

    header: tuple[str, ...]
    rows: tuple[tuple[TextLine, ...], ...]
    right: frozenset[int] = frozenset()  # the columns aligned to the right


Part = TextLine | TextColumns
BLANK = TextLine()


def as_text(parts: Sequence[Part]) -> str:
    """The page as plain text: every line whole, every text made visible (no escape reaches the
    terminal), columns two spaces apart as the terminal draws them."""
    out: list[str] = []
    for part in parts:
        out += _columns(part) if isinstance(part, TextColumns) else [_plain(part)]
    return "".join(line + "\n" for line in out)


def _plain(line: TextLine, one_line: bool = False) -> str:
    text = "".join(text for text, _ in line.runs)
    return visible(flat(text) if one_line else text).expandtabs(8)


def flat(text: str) -> str:
    """A table cell's text on one line: its tabs and line breaks as spaces."""
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _columns(table: TextColumns) -> list[str]:
    head = [visible(flat(h)) for h in table.header]
    cells = [head, *([_plain(cell, one_line=True) for cell in row] for row in table.rows)]
    widths = [max(len(row[n]) for row in cells) for n in range(len(table.header))]

    def aligned(row: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if n in table.right else c.ljust(w)
            for n, (c, w) in enumerate(zip(row, widths, strict=True))
        )

    return [aligned(row) for row in cells]
