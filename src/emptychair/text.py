"""Make text from users and files safe to show in a terminal.

Rich does not strip escape sequences, so a note or a minutes file from someone else's clone could
clear the screen, retitle the window, write to the clipboard or hide text with bidi overrides and
zero-width characters. Every string that did not come from this program passes through `visible`
before it is printed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Every character that is not shown as itself: controls (Unicode category Cc) but newline and tab;
# every format character (Cf: bidi marks and overrides, the Arabic letter mark, zero-width spaces
# and joiners, the byte order mark, soft hyphen, tags...); the line and paragraph separators (Zl, Zp);
# and lone surrogates, which odd bytes typed at a prompt become. The Cf list is Unicode 14 (Python
# 3.11); tests/test_escaping.py checks it against unicodedata of the Python that runs the tests.
UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "\ud800-\udfff"
)
# What must stay: the joiner inside an emoji sequence (👩‍💻) and the tags of a flag (🏴 + tags).
_EMOJI = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
_KEEP = rf"(?<=[{_EMOJI}])\u200d(?=[{_EMOJI}])|\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
_CONTROL = re.compile(rf"({_KEEP})|[{UNSAFE}]")


def _show(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1)
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
    """Replace control, format and bidi characters with visible stand-ins; keep newline and tab."""
    # Most text has none of them, and saying so is ten to fifty times faster than the search: printable
    # ASCII, or what Python calls printable (no Cc, Cf, Zl, Zp or Cs character: all of UNSAFE).
    if text.isascii():
        if not text.encode().translate(None, _PLAIN):
            return text
    elif text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return _CONTROL.sub(_show, text)


_PLAIN = bytes(range(0x20, 0x7F)) + b"\n\t"


def visible_each(text: str) -> list[str]:
    """Each character of `text` as `visible` shows it, one string per character (a stand-in, or the
    character itself): for a display that must map what is shown back to the text it shows."""
    shown = list(text)
    for match in _CONTROL.finditer(text):
        if not match.group(1):
            shown[match.start()] = _show(match)
    return shown


def slug(text: str, fallback: str = "meeting") -> str:
    """A file-name-safe, lower-case ASCII slug: 'Wekelijks Overleg!' -> 'wekelijks-overleg'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:60].strip("-") or fallback


def name_key(name: str) -> str:
    """A name as it is matched: case, accents and spaces ignored ('Zoë van Dam' -> 'zoevandam')."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c) and not c.isspace())


@functools.cache
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled on its first use: a pattern used only on some paths (scrubbing, reading an
    export) costs a read command that never takes them nothing at its start."""
    return re.compile(pattern, flags)
