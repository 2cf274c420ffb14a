"""The digest as a chat message for a Slack or Mattermost incoming webhook: `{"text": …}`.

Both read the same markup here: `*bold*` (Mattermost shows it in italics), `_italics_`, `>` for a
quote and `•` bullets. Each field escapes only what the chats act on: `&`, `<` and `>` (Slack's
links and mentions are written `<…>`), and the mentions that would call a whole channel
(`@channel`, `@here`, `@all`, `@everyone`) get a zero-width space after the `@`, so posting the
minutes never pages the team. Line breaks inside a field are indented, so they cannot fake a bullet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from emptychair.core.digest import Digest, blocks
from emptychair.core.document import Block
from emptychair.text import visible

MOST = 39_000  # characters: Slack cuts a message's text at 40,000
_CALL_ALL = re.compile(r"@(?=(?:channel|here|all|everyone)\b)", re.IGNORECASE)


def chat_text(d: Digest) -> str:
    return _cut(chat_markup(blocks(d)))


def chat_markup(found: Sequence[Block]) -> str:
    out: list[str] = []
    for b in found:
        text = chat_field(b.text)
        if b.kind in ("title", "heading"):
            out.append(("" if not out else "\n") + f"*{text}*")
        elif b.kind in ("subheading", "meta"):
            out.append(f"_{text}_")
        elif b.kind == "quote":
            out.append("> " + text.replace("\n   ", "\n> "))
        elif b.kind == "bullets":
            out.extend(f"• {chat_field(item)}" for item in b.items)
        else:
            out.append(text)
    return "\n".join(out) + "\n"


def chat_field(text: str) -> str:
    plain = visible(text.replace("\r\n", "\n")).strip()
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CALL_ALL.sub("@\u200b", plain).replace("\n", "\n   ")


def _cut(text: str) -> str:
    return text if len(text) <= MOST else text[: MOST - 1].rstrip() + "…\n"
