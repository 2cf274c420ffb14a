"""The read side for people at a terminal: rich views of actions, hits, the chair's voice, stats, a meeting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from emptychair.core.history import Answer, Unit
from emptychair.core.ledger import Tracked
from emptychair.core.minutes import status_key
from emptychair.core.page import RATING_MARK
from emptychair.core.questions import RECOGNITION, Question
from emptychair.core.report import conflict_text
from emptychair.locale import day, tr
from emptychair.terminal.panels import RATING_STYLE, join, rating_mark, safe
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


def voice_view(answers: Sequence[Answer], questions: Sequence[Question], lang: str) -> Group:
    """For each question of the chair, what the team answered over time, newest first. A question
    the chair asked about one item (#chair) is a question of its own, as worded; the closing's
    question for exemplary work is answered by who was named."""
    by_question: dict[str, list[Answer]] = {}
    for a in answers:
        by_question.setdefault(_asked_as(a), []).append(a)
    parts: list[RenderableType] = []
    known = {RECOGNITION if q.theme == RECOGNITION else q.id: q.text for q in questions}
    for qid in [*known, *sorted(set(by_question) - set(known))]:
        given = by_question.get(qid, [])
        question = known.get(qid) or (given[0].question if given else qid)
        count = tr(lang, "voice_asked", count=len(given)) if given else tr(lang, "voice_never")
        parts.append(join(safe(question, "bold magenta"), Text(f"  ({count})", style="dim")))
        rated = [a.rating for a in reversed(given) if a.rating]
        if rated:
            trend = Text()
            trend.append(f"  {tr(lang, 'trend')}: ", style="dim")
            for rating in rated:
                trend.append(f"{RATING_MARK[rating]} ", style=RATING_STYLE[rating])
            parts.append(trend)
        for a in given:
            none = "voice_nobody_named" if a.question_id == RECOGNITION else "no_answer"
            answer = safe(a.answer) if a.answer else Text(tr(lang, none), style="dim")
            parts.append(
                join(Text(f"  {a.date.isoformat()}  ", style="dim"), answer, rating_mark(lang, a.rating))
            )
            for aid, text, owner, status in a.actions:
                style = {"done": "green", "dropped": "dim"}.get(status, "yellow")
                parts.append(
                    join(
                        Text("      → ", style="dim"),
                        safe(text),
                        Text(
                            f"  {visible(owner) or tr(lang, 'owner_none')} · {tr(lang, status_key(status))}"
                            f" [{visible(aid)}]",
                            style=style,
                        ),
                    )
                )
        parts.append(Text(""))
    return Group(*parts)


def _asked_as(a: Answer) -> str:
    """Which question an answer answers: its id, and for a question about one item, its words too."""
    return f"{a.question_id}\n{a.question}" if a.moment == "called" else a.question_id


def recognitions_view(recognised: Sequence[Unit], lang: str) -> Group:
    """Exemplary work for a customer over time: per month a star for each, and who it was."""
    if not recognised:
        return Group(Text(tr(lang, "recognitions_none"), style="dim"))
    people = sorted({u.owner for u in recognised}, key=str.casefold)
    total = tr(lang, "recognitions_total", count=len(recognised), people=visible(", ".join(people)))
    parts: list[RenderableType] = [Text(tr(lang, "recognitions_head"), style="bold yellow"), Text(total)]
    months: dict[str, list[Unit]] = {}
    for u in recognised:
        months.setdefault(f"{u.date:%Y-%m}", []).append(u)
    for month, found in months.items():
        names = ", ".join(dict.fromkeys(u.owner for u in found))
        parts.append(join(Text(f"  {month}  "), Text("★" * len(found), style="yellow"), "  ", safe(names)))
    return Group(*parts)


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
