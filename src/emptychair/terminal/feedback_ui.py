"""The review of new customer feedback: one item on the screen, one key to decide it.

The keys are read as the meeting's follow-up keys are (`Prompter.key`): no Enter, either case;
Ctrl-C and Ctrl-D stop the review with what was decided so far.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from emptychair.core.feedback import Choice, FeedbackEntry
from emptychair.core.minutes import colour_key
from emptychair.locale import day, tr
from emptychair.terminal.meeting_ui import Prompter
from emptychair.terminal.panels import RATING_STYLE, join, safe

CHOICES: tuple[Choice, ...] = ("approved", "skipped", "stop")  # in the order of the catalogue's fb_keys;
# a key after the third stops too (q in Dutch, beside s)


def feedback_panel(entry: FeedbackEntry, n: int, total: int, lang: str) -> RenderableType:
    """The item as the lead decides on it: where and when it came from, its score, all of its text."""
    item = entry.item
    head = [tr(lang, "fb_review_of", n=n, total=total), entry.source, day(lang, entry.day)]
    meta = Text(" · ".join(head), style="dim")
    if item.score is not None:
        colour = tr(lang, colour_key(item.score.rating))
        meta = join(
            meta, " · ", Text(f"{item.score.said(lang)} ({colour})", style=RATING_STYLE[item.score.rating])
        )
    body: list[RenderableType] = [meta, Text("")]
    if item.title:
        body.append(safe(item.title, "bold"))
    body.append(safe(item.text or "—"))
    return Panel(Group(*body), title=Text(tr(lang, "fb_review_title")), title_align="left")


class Reviewer:
    """Asks the lead about one item: use it (the chair may quote it), skip it, or stop."""

    def __init__(self, out: Console, lang: str, prompter: Prompter | None = None) -> None:
        self.out = out
        self.lang = lang
        self.prompter = prompter or Prompter(lang)

    def __call__(self, entry: FeedbackEntry, n: int, total: int) -> Choice:
        lang = self.lang
        self.out.print(feedback_panel(entry, n, total, lang))
        keys = tr(lang, "fb_keys")
        pressed = self.prompter.key(
            f"{tr(lang, 'fb_review_ask')} {tr(lang, 'fb_keys_help')} ", keys, default=1
        )
        chosen = CHOICES[min(keys.index(pressed), len(CHOICES) - 1)]
        self.out.print(
            Text(f"  → {tr(lang, 'fb_said_' + chosen)}", style="green" if chosen == "approved" else "dim")
        )
        return chosen
