"""The read side: lists of actions (and later minutes) as terminal tables or versioned JSON.

Nothing here prompts, and nothing imports questionary or prompt_toolkit: listing stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from emptychair.chair import Question
from emptychair.document import Block
from emptychair.i18n import tr
from emptychair.index import Answer, MeetingRow, Split, Stats, Unit
from emptychair.ledger import Tracked
from emptychair.render import day, join, safe
from emptychair.text import visible

JSON_VERSION = 1


def select_actions(
    actions: Sequence[Tracked], today: date, *, owner: str = "", overdue: bool = False, every: bool = False
) -> list[Tracked]:
    chosen = [t for t in actions if every or t.is_open]
    if owner:
        want = owner.casefold()
        chosen = [t for t in chosen if t.action.owner.casefold() == want]
    if overdue:
        chosen = [t for t in chosen if t.overdue(today)]
    return sorted(chosen, key=lambda t: (t.action.due or date.max, t.made, t.action.id))


def action_json(t: Tracked, today: date) -> dict[str, Any]:
    return {
        "id": t.action.id,
        "text": t.action.text,
        "owner": t.action.owner,
        "due": t.action.due.isoformat() if t.action.due else None,
        "status": t.action.status,
        "overdue": t.overdue(today),
        "age_meetings": t.age,
        "origin": t.origin,
        "source": t.source,
        "question": t.question,
        "meeting": t.meeting,
        "made": t.made.isoformat(),
        "closed": t.closed.isoformat() if t.closed else None,
    }


def actions_json(actions: Sequence[Tracked], today: date) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "today": today.isoformat(),
        "actions": [action_json(t, today) for t in actions],
    }


def actions_table(out: Console, actions: Sequence[Tracked], today: date) -> None:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "action", "owner", "due", "age", "from"):
        table.add_column(column, overflow="fold")
    for t in actions:
        due = Text("")
        if t.action.due:
            due = Text(day(t.action.due), style="bold red" if t.overdue(today) else "")
        status = "" if t.is_open else f" ({t.action.status})"
        origin = Text("chair", style="magenta") if t.origin == "chair" else safe(t.source, "dim")
        table.add_row(
            Text(t.action.id, style="dim"),
            safe(t.action.text + status),
            safe(t.action.owner) if t.action.owner else Text("—", style="red"),
            due,
            str(t.age),
            origin,
        )
    out.print(table)


# --- minutes list --------------------------------------------------------------------------


def plain_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Aligned columns of escaped text, without rich: fast for ten thousand rows, and greppable."""
    cells = [[visible(c).replace("\n", " ") for c in row] for row in rows]
    widths = [max(len(h), *(len(r[n]) for r in cells)) if cells else len(h) for n, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def select_rows(
    rows: Sequence[MeetingRow], *, since: date | None = None, until: date | None = None, team: str = ""
) -> list[MeetingRow]:
    return [
        r
        for r in rows
        if (since is None or r.date >= since)
        and (until is None or r.date <= until)
        and (not team or r.team.casefold() == team.casefold())
    ]


def rows_text(rows: Sequence[MeetingRow], lang: str) -> str:
    header = [
        tr(lang, k)
        for k in (
            "col_date",
            "col_meeting",
            "col_items",
            "col_decisions",
            "col_new",
            "col_closed",
            "col_chair",
            "col_id",
        )
    ]
    body = [
        [
            r.date.isoformat(),
            r.title,
            str(r.items),
            str(r.decisions),
            str(r.actions_new),
            str(r.actions_closed),
            str(r.chair_answers),
            r.name,
        ]
        for r in rows
    ]
    return plain_table(body, header)


def rows_json(rows: Sequence[MeetingRow]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "meetings": [
            {
                "id": r.name,
                "date": r.date.isoformat(),
                "started": r.started.isoformat(),
                "title": r.title,
                "team": r.team,
                "items": r.items,
                "decisions": r.decisions,
                "actions_new": r.actions_new,
                "actions_closed": r.actions_closed,
                "chair_answers": r.chair_answers,
            }
            for r in rows
        ],
    }


# --- search --------------------------------------------------------------------------------


def hits_json(query: str, hits: Sequence[Unit]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "query": query,
        "hits": [
            {
                "meeting": u.meeting,
                "date": u.date.isoformat(),
                "kind": u.kind,
                "where": u.where,
                "text": u.text,
                "owner": u.owner,
                "status": u.status,
                "action": u.action,
            }
            for u in hits
        ],
    }


def hits_text(hits: Sequence[Unit], words: Sequence[str]) -> Text:
    """One line a hit: date, kind, where it was said, and the text with the words highlighted."""
    out = Text()
    for u in hits:
        out.append(f"{u.date.isoformat()}  {u.kind:<8}  ", style="dim")
        out.append(visible(u.where).replace("\n", " ")[:50], style="cyan")
        out.append("  ")
        line = Text(visible(u.text).replace("\n", " ⏎ "))
        if u.owner:
            line.append(f"  @{visible(u.owner)}")
        if u.status:
            line.append(f"  [{u.status}]")
        for word in words:
            line.highlight_words([word], style="bold reverse", case_sensitive=False)
        out.append(line)
        out.append("\n")
    return out


# --- voice ---------------------------------------------------------------------------------


def voice(answers: Sequence[Answer], questions: Sequence[Question], lang: str) -> Group:
    """For each question of the chair, what the team answered over time, newest first."""
    by_question: dict[str, list[Answer]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    parts: list[RenderableType] = []
    known = [q.id for q in questions]
    for qid in known + sorted(set(by_question) - set(known)):
        given = by_question.get(qid, [])
        question = next((q.text for q in questions if q.id == qid), given[0].question if given else qid)
        count = tr(lang, "voice_asked", count=len(given)) if given else tr(lang, "voice_never")
        parts.append(join(safe(question, "bold magenta"), Text(f"  ({count})", style="dim")))
        for a in given:
            answer = safe(a.answer) if a.answer else Text(tr(lang, "no_answer"), style="dim")
            parts.append(join(Text(f"  {a.date.isoformat()}  ", style="dim"), answer))
            for aid, text, owner, status in a.actions:
                style = {"done": "green", "dropped": "dim"}.get(status, "yellow")
                parts.append(
                    join(
                        Text("      → ", style="dim"),
                        safe(text),
                        Text(f"  {visible(owner)} · {tr(lang, 'status_' + status)} [{aid}]", style=style),
                    )
                )
        parts.append(Text(""))
    return Group(*parts)


def voice_json(answers: Sequence[Answer]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "answers": [
            {
                "meeting": a.meeting,
                "date": a.date.isoformat(),
                "question_id": a.question_id,
                "question": a.question,
                "moment": a.moment,
                "answer": a.answer,
                "actions": [{"id": i, "text": t, "owner": o, "status": s} for i, t, o, s in a.actions],
            }
            for a in answers
        ],
    }


# --- stats ---------------------------------------------------------------------------------


def _split_json(s: Split) -> dict[str, Any]:
    return {
        "created": s.created,
        "closed": s.closed,
        "done": s.done,
        "dropped": s.dropped,
        "follow_through": None if s.follow_through is None else round(s.follow_through, 3),
        "median_days_to_close": s.median_days,
    }


def stats_json(st: Stats) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "meetings": st.meetings,
        "first": st.first.isoformat() if st.first else None,
        "last": st.last.isoformat() if st.last else None,
        "actions": {
            "all": _split_json(st.all),
            "chair": _split_json(st.chair),
            "items": _split_json(st.items),
        },
        "months": [{"month": m, "meetings": n, "created": c, "closed": d} for m, n, c, d in st.months],
    }


def stats_view(st: Stats, lang: str) -> Group:
    if not st.meetings:
        return Group(Text(tr(lang, "no_meetings")))
    parts: list[RenderableType] = [
        Text(tr(lang, "stats_meetings", count=st.meetings, first=st.first, last=st.last), style="bold")
    ]
    table = Table(box=None, header_style="bold", pad_edge=False)
    for col in ("stats_head", "stats_created", "stats_closed", "stats_rate", "stats_median"):
        table.add_column(tr(lang, col), justify="left" if col == "stats_head" else "right")
    for key, split in (("stats_all", st.all), ("stats_chair", st.chair), ("stats_items", st.items)):
        rate = "—" if split.follow_through is None else f"{split.follow_through:.0%}"
        median = "—" if split.median_days is None else f"{split.median_days:g}"
        table.add_row(tr(lang, key), str(split.created), str(split.closed), rate, median)
    parts += [Text(""), table, Text(""), Text(tr(lang, "stats_month"), style="dim")]
    widest = max((max(c, d) for _, _, c, d in st.months), default=1) or 1
    for month, meetings, created, closed in st.months:
        bar = "▮" * round(20 * created / widest) + " " + "▯" * round(20 * closed / widest)
        parts.append(Text(f"{month}  {meetings:>3}  {created:>4} {closed:>4}  {bar}"))
    return Group(*parts)


# --- show ----------------------------------------------------------------------------------


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
