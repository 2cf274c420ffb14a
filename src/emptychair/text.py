"""Make text from users and files safe to show in a terminal.

Rich does not strip escape sequences, so a note or a minutes file from someone else's clone could
clear the screen, retitle the window or hide text with bidi overrides. Every string that did not come
from this program passes through `visible` before it is printed.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")


def _show(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\x1b":
        return "␛"
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ␁ … ␟
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """Replace control and bidi characters with visible stand-ins; keep newline and tab."""
    return _CONTROL.sub(_show, text)


def slug(text: str, fallback: str = "meeting") -> str:
    """A file-name-safe, lower-case ASCII slug: 'Wekelijks Overleg!' -> 'wekelijks-overleg'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:60].strip("-") or fallback
