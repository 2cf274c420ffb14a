"""Big letters for the room's screen: a small block font, five dots high, drawn in three lines of
half blocks, so an item's title can be read across a room.

Only the letters below are drawn big (ASCII letters, digits, a few signs); a title with any other
character, or one that does not fit, is left to the caller to show plainly.
"""

from __future__ import annotations

from typing import Final

HEIGHT: Final = 3  # lines of text a line of big letters takes

# Each glyph five rows of dots ("#" on), all rows of a glyph as wide as each other.
_FONT: Final[dict[str, tuple[str, ...]]] = {
    "A": (".##.", "#..#", "####", "#..#", "#..#"),
    "B": ("###.", "#..#", "###.", "#..#", "###."),
    "C": (".###", "#...", "#...", "#...", ".###"),
    "D": ("###.", "#..#", "#..#", "#..#", "###."),
    "E": ("####", "#...", "###.", "#...", "####"),
    "F": ("####", "#...", "###.", "#...", "#..."),
    "G": (".###", "#...", "#.##", "#..#", ".###"),
    "H": ("#..#", "#..#", "####", "#..#", "#..#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..##", "...#", "...#", "#..#", ".##."),
    "K": ("#..#", "#.#.", "##..", "#.#.", "#..#"),
    "L": ("#...", "#...", "#...", "#...", "####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".##.", "#..#", "#..#", "#..#", ".##."),
    "P": ("###.", "#..#", "###.", "#...", "#..."),
    "Q": (".##.", "#..#", "#..#", "#.#.", ".#.#"),
    "R": ("###.", "#..#", "###.", "#.#.", "#..#"),
    "S": (".###", "#...", ".##.", "...#", "###."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#..#", "#..#", "#..#", "#..#", ".##."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("####", "...#", "..#.", ".#..", "####"),
    "0": (".##.", "#.##", "##.#", "#..#", ".##."),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###.", "...#", ".##.", "#...", "####"),
    "3": ("###.", "...#", ".##.", "...#", "###."),
    "4": ("#..#", "#..#", "####", "...#", "...#"),
    "5": ("####", "#...", "###.", "...#", "###."),
    "6": (".##.", "#...", "###.", "#..#", ".##."),
    "7": ("####", "...#", "..#.", ".#..", ".#.."),
    "8": (".##.", "#..#", ".##.", "#..#", ".##."),
    "9": (".##.", "#..#", ".###", "...#", ".##."),
    " ": ("..", "..", "..", "..", ".."),
    "-": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    ".": (".", ".", ".", ".", "#"),
    ",": ("..", "..", "..", ".#", "#."),
    ":": (".", "#", ".", "#", "."),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("###.", "...#", ".##.", "....", ".#.."),
    "'": ("#", "#", ".", ".", "."),
    "/": ("...#", "..#.", ".#..", "#...", "...."),
    "&": (".#..", "#.#.", ".#.#", "#.#.", ".#.#"),
    "(": (".#", "#.", "#.", "#.", ".#"),
    ")": ("#.", ".#", ".#", ".#", "#."),
}
_HALVES: Final = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def drawable(text: str) -> bool:
    """Whether every character of `text` has a big letter."""
    return bool(text.strip()) and all(c.upper() in _FONT and c.isascii() for c in text)


def width(text: str) -> int:
    """How many columns `text` takes in big letters (a column between two letters)."""
    return sum(len(_FONT[c.upper()][0]) for c in text) + max(len(text) - 1, 0)


def block_letters(text: str) -> list[str]:
    """`text` (drawable) in big letters: HEIGHT lines, each `width(text)` long."""
    rows = [""] * 5
    for n, c in enumerate(text.upper()):
        glyph = _FONT[c]
        rows = [row + ("." if n else "") + part for row, part in zip(rows, glyph, strict=True)]
    rows.append("." * len(rows[0]))  # an even number of rows: the last line's lower half is empty
    return [
        "".join(
            _HALVES[(top == "#", bottom == "#")] for top, bottom in zip(rows[r], rows[r + 1], strict=True)
        )
        for r in range(0, 6, 2)
    ]


def lines(text: str, room: int, most: int = 2) -> list[str] | None:
    """`text` in big letters, broken between words into at most `most` lines of big letters no
    wider than `room` (with an empty line between two); None when it cannot be drawn so."""
    text = " ".join(text.split())
    if not drawable(text):
        return None
    parts: list[str] = []
    for word in text.split(" "):
        joined = f"{parts[-1]} {word}" if parts else word
        if parts and width(joined) <= room:
            parts[-1] = joined
        elif width(word) <= room:
            parts.append(word)
        else:
            return None
    if len(parts) > most:
        return None
    drawn: list[str] = []
    for n, part in enumerate(parts):
        drawn += ([""] if n else []) + block_letters(part)
    return drawn
