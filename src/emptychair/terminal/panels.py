"""What the terminal shows, built as rich renderables. Text from users and files is never markup.

Rich reads a plain str as markup wherever it is given one (Console.print, a Panel's or Table's title,
a table cell), so every renderable here is built from Text, and every text from a user or a file is
passed through `visible` first (`safe` does both).
"""

from __future__ import annotations

import errno
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from emptychair.core.minutes import Action, Minutes, Origin, Rating, colour_key, status_key
from emptychair.core.page import RATING_MARK
from emptychair.core.report import conflict_text, state_text
from emptychair.locale import day, tr
from emptychair.text import visible

if TYPE_CHECKING:  # the line and date readers load only where a meeting runs: a read command never needs them
    from emptychair.core.agenda import Agenda, Item
    from emptychair.core.chooser import Because
    from emptychair.core.line import Change, Entry
    from emptychair.core.meeting import ItemState, Meeting, OpenAction
    from emptychair.core.questions import Question, Recall
    from emptychair.core.quotes import Quote

CHAIR_STYLE = "bold magenta"
T = TypeVar("T")


def console(*, stderr: bool = False) -> Console:
    """A console made for this call, so NO_COLOR, the terminal width and test capture apply.

    Messages on stderr are not wrapped by rich: a path in them must stay whole to be copied.
    """
    return _Console(stderr=stderr, highlight=False, emoji=False, soft_wrap=stderr)


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader stopped early (`| head`). Rich would exit 1 here; the error goes on to the one
        place that ends a command on it (emptychair.cli.main), as a print's or a write's does."""
        self.quiet = True  # nothing more from this console
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def safe(text: str, style: str = "") -> Text:
    return Text(visible(text), style=style)


def join(*parts: str | Text, sep: str = "") -> Text:
    out = Text()
    for n, part in enumerate(parts):
        if n and sep:
            out.append(sep)
        out.append(part)
    return out


def bullet(lead: str, *parts: str | Text) -> RenderableType:
    """A line under a bullet (`  • `) whose wrapped lines stay indented under its first word."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(lead), join(*parts))
    return grid


def meeting_header(agenda: Agenda, rules: Iterable[str], when: date) -> RenderableType:
    lang = agenda.language
    items = count(lang, "n_items", len(agenda.topics))
    planned = tr(
        lang,
        "planned_round" if agenda.closing_round else "planned",
        items=items,
        minutes=agenda.planned_minutes,
    )
    lines: list[RenderableType] = [
        join(safe(agenda.team, "bold"), " · " if agenda.team else "", day(lang, when)),
        Text(planned, style="dim"),
    ]
    rules = list(rules)
    if rules:
        lines.append(Text(""))
        lines.append(Text(tr(lang, "ground_rules"), style="bold"))
        lines.extend(bullet("  • ", safe(rule)) for rule in rules)
    return Panel(Group(*lines), title=safe(agenda.title, "bold"), title_align="left")


def item_header(
    agenda: Agenda, n: int, state: ItemState | None = None, *, help: bool = True
) -> RenderableType:
    """An item's panel; with `help` every marker under it, else one line that says how to get them."""
    item: Item = agenda.items[n]
    lang = agenda.language
    meta = [tr(lang, "minutes_box", minutes=item.minutes)]
    head = join(
        Text(tr(lang, "item_of", n=n + 1, total=len(agenda.topics)) + " · ", style="dim"),
        safe(item.title, "bold"),
    )
    body: list[RenderableType] = [head]
    if item.added:
        meta.append(tr(lang, "added_now"))
    if item.presenter:
        meta.insert(0, tr(lang, "presents", name=visible(item.presenter)))
    body.append(Text(" · ".join(meta), style="dim"))
    if item.description:
        body.append(safe(item.description))
    body += item_help(lang) if help else [Text(tr(lang, "item_help_short"), style="dim italic")]
    if state is not None and state.log:  # back in an item, or resumed: what was said so far
        body.append(Text(tr(lang, "said_so_far"), style="bold"))
        body += [echo(lang, entry) for entry in entries(state)]
    return Panel(Group(*body), border_style="cyan")


def item_help(lang: str) -> list[Text]:
    """Every marker an item takes, in two lines."""
    return [Text(tr(lang, key), style="dim italic") for key in ("item_help", "item_help_more")]


def entries(state: ItemState) -> list[Entry]:
    """An item's entries in the order they were said: every kind an item's log holds."""
    from emptychair.core.line import Entry

    taken = dict.fromkeys(("note", "decision", "link", "action", "story"), 0)
    out = []
    for kind in state.log:
        field = "note" if kind == "info" else kind  # an info is kept among the notes
        n = taken[field]
        taken[field] += 1
        if kind == "action":
            a = state.actions[n]
            out.append(Entry(kind, a.text, a.owner, a.due))
        elif kind == "decision":
            said = state.decision_states[n] if n < len(state.decision_states) else ""
            out.append(Entry(kind, state.decisions[n], state=said))
        else:
            texts = {"note": state.notes, "link": state.links, "story": state.stories}[field]
            out.append(Entry(kind, texts[n]))
    return out


def undone(lang: str, before: Meeting, after: Meeting, aside: str = "") -> Text:
    """What #undo took back, by name: an entry, the chair's action or answer, or the `aside`
    ("park", "topic", "customer") it named."""
    step = before.step
    if step.kind == "chair":
        was, now = before.chair[before.chair_index()], after.chair[after.chair_index()]
        if len(now.actions) < len(was.actions):
            what = f"{tr(lang, 'kind_action')}: {was.actions[-1].text}"
        else:
            what = f"{tr(lang, 'the_answer')}: {was.answer or ''}"
        return join(Text("  ↶ " + tr(lang, "undone") + ": ", style="dim"), safe(what))
    if aside:
        what = f"{tr(lang, 'undone_' + aside)}: {_aside_gone(lang, before, after, aside)}"
        return join(Text("  ↶ " + tr(lang, "undone") + ": ", style="dim"), safe(what))
    was_item = before.items[step.index]
    if was_item.log == after.items[step.index].log:
        return Text("  ↶ " + tr(lang, "nothing_to_undo"), style="dim")
    from emptychair.core.line import kind_key

    last = entries(was_item)[-1]
    return join(
        Text("  ↶ " + tr(lang, "undone") + ": ", style="dim"),
        safe(f"{tr(lang, kind_key(last.kind))}: {last.text}"),
    )


def _aside_gone(lang: str, before: Meeting, after: Meeting, aside: str) -> str:
    """The topic parked, the item added or what the customer said that #undo took back."""
    if aside == "park":
        return _gone(before.parked, after.parked)
    if aside == "topic":
        return _gone(before.agenda.items, after.agenda.items).title
    from emptychair.core.quotes import Quote, quote_score

    heard = _gone(before.heard, after.heard)
    score = quote_score(Quote("", heard.text, None, heard.scale, heard.score), lang)
    return f"“{heard.text}”" + (f" ({score})" if score else "")


def _gone(was: Sequence[T], now: Sequence[T]) -> T:
    """The one element of `was` that `now`, `was` less one, no longer holds."""
    return next((x for x, y in zip(was, now, strict=False) if x != y), was[-1])


def chair_panel(
    lang: str,
    question: Question,
    where: str,
    recall: Recall | None = None,
    quote: Quote | None = None,
    reason: Because | None = None,
    customers: tuple[str, ...] = (),
    asked: str = "",
) -> RenderableType:
    """The chair's question; to a real customer present (`customers`) put directly, as `asked`."""
    from emptychair.core.chooser import Why, reason_line  # the chooser and the quotes: only in a meeting
    from emptychair.core.quotes import quote_line

    body: list[RenderableType] = []
    if quote is not None:  # a real customer first: what they wrote, then the question
        body += [safe(quote_line(quote, lang), "italic"), Text("")]
    opening = (
        tr(lang, "chair_asks_customer", names=", ".join(customers)) if customers else tr(lang, "chair_asks")
    )
    body += [safe(opening, CHAIR_STYLE), Text("")]
    if recall is not None:
        said = tr(lang, "recall", date=day(lang, recall.date), answer=visible(recall.answer))
        body += [Text(said, style="italic")]
        if recall.open_actions:
            body.append(Text(tr(lang, "recall_open"), style="dim"))
            body += [bullet("  • ", Text(f"[{visible(i)}] ", style="dim"), safe(text), Text(f" · {visible(owner)}", style="dim"))
                     for i, text, owner in recall.open_actions]  # fmt: skip
        body.append(Text(""))
    body.append(safe(asked or question.text, "bold"))
    if question.hint:
        body.append(safe(question.hint, "dim italic"))
    if reason is not None and reason.kind != Why.ROTATION:  # in turn needs no saying in the room
        body.append(safe(tr(lang, "why", reason=reason_line(lang, reason)), "dim"))
    if quote is not None:
        body += [
            Text(tr(lang, "quote_thanks"), style=CHAIR_STYLE),
            Text(tr(lang, "quote_thanks_help"), style="dim"),
        ]
    return Panel(
        Group(*body), title=safe("🪑  " + where), title_align="left", border_style="magenta", padding=(1, 2)
    )


def chair_follow_up(
    lang: str, question: Question, rating: Rating = "", recognition: bool = False
) -> RenderableType:
    """What the chair asks after the rating: what we keep when the customer is glad, else what we
    change; a glad answer also points to the closing, where who made it happen is named."""
    asked = question.follow_up_after(rating)
    parts: list[RenderableType] = [safe(asked, CHAIR_STYLE)]
    if recognition and asked != question.follow_up:
        parts.append(Text(tr(lang, "chair_keep_recognition"), style=CHAIR_STYLE))
    parts.append(Text(tr(lang, "chair_change_help"), style="dim italic"))
    return Group(*parts)


def echo(lang: str, entry: Entry) -> Text:
    """The line as it was understood, so a mistake is seen at once."""
    from emptychair.core.line import kind_key

    label = Text(
        f"  ↳ {tr(lang, kind_key(entry.kind))}", style="green" if entry.kind != "action" else "yellow"
    )
    out = join(label, ": ", safe(entry.text))
    if entry.kind == "action":
        out.append(" · ")
        out.append(safe(entry.owner, "bold") if entry.owner else Text(tr(lang, "owner_none"), style="red"))
        if entry.due:
            out.append(" · " + tr(lang, "due", date=day(lang, entry.due)))
        if entry.tracker:
            out.append(" · " + tr(lang, "echo_tracker"), style="cyan")
    return out


def due_doubt(lang: str, due: date | None, today: date) -> Text | None:
    """A warning when a due date that was read may not be the one meant (None: nothing odd)."""
    from emptychair.core.dates import Named, doubts

    found = doubts(due, today) if due else ()
    if due is None or not found:
        return None
    named = {"weekend": {"weekday": Named("weekday_names", due.weekday())}}
    why = ", ".join(tr(lang, f"due_doubt_{doubt}", **named.get(doubt, {})) for doubt in found)
    return Text("  " + tr(lang, "due_doubt", date=day(lang, due), why=why), style="bold yellow")


def change_echo(lang: str, change: Change) -> Text:
    """A follow-up line as it was understood: new owner, new due date, note."""
    parts = [Text(tr(lang, "status_open"), style="yellow")]
    if change.owner:
        parts.append(safe(change.owner, "bold"))
    if change.due:
        parts.append(Text(tr(lang, "due", date=day(lang, change.due))))
    if change.note:
        parts.append(safe(change.note))
    return join(Text("  ↳ "), join(*parts, sep=" · "))


def action_line(lang: str, action: Action, *, due: bool = True) -> Text:
    out = join(Text(f"[{visible(action.id)}] ", style="dim"), safe(action.text))
    if due and action.due:
        out.append(" · " + tr(lang, "due", date=day(lang, action.due)), style="dim")
    return out


def followup_panel(lang: str, n: int, total: int, open_action: OpenAction, today: date) -> RenderableType:
    action = open_action.action
    meta = [safe(action.owner, "bold") if action.owner else Text(tr(lang, "owner_none"), style="red")]
    if action.due:
        late = action.due < today
        due = tr(lang, "due", date=day(lang, action.due)) + (f" · {tr(lang, 'overdue')}" if late else "")
        meta.append(Text(due, style="bold red" if late else ""))
    meta.append(Text(tr(lang, "made_in", date=day(lang, open_action.made)), style="dim"))
    if open_action.age:
        meta.append(Text(tr(lang, "age", count=open_action.age), style="dim"))
    origin = tr(lang, "from_chair") if open_action.origin == "chair" else visible(open_action.source)
    meta.append(Text(origin, style="magenta" if open_action.origin == "chair" else "dim"))
    if action.status != "open":
        meta.append(Text(tr(lang, status_key(action.status)), style="bold"))
    lines: list[RenderableType] = [action_line(lang, action, due=False), join(*meta, sep=" · ")]
    if open_action.conflict:
        lines.append(safe(f"⚠ {conflict_text(lang, open_action.conflict)}", "bold yellow"))
    body = Group(*lines)
    return Panel(
        body, title=Text(tr(lang, "followup_of", n=n, total=total)), title_align="left", border_style="blue"
    )


def aside_echo(lang: str, key: str, text: str, minutes: int = 0) -> Text:
    """A topic added or parked, as it was understood."""
    return join(Text(f"  ↳ {tr(lang, key, minutes=minutes)}: ", style="cyan"), safe(text, "bold"))


def round_header(lang: str, person: str, n: int, total: int) -> RenderableType:
    head = join(Text(tr(lang, "round_turn", n=n + 1, total=total) + " · ", style="dim"), safe(person, "bold"))
    return Panel(Group(head, Text(tr(lang, "round_help"), style="dim italic")), border_style="cyan")


def followup_overview(lang: str, actions: Sequence[OpenAction], today: date) -> RenderableType:
    """Every open action on one screen, numbered in the order they are asked, under their owner."""
    body: list[RenderableType] = []
    owner = None
    for n, item in enumerate(actions, start=1):
        action = item.action
        if action.owner != owner or n == 1:
            owner = action.owner
            body.append(safe(owner, "bold") if owner else Text(tr(lang, "owner_none"), style="bold red"))
        line = join(Text(f"  {n:>2}. ", style="dim"), action_line(lang, action))
        if action.due and action.due < today:
            line.append(f" · {tr(lang, 'overdue')}", style="bold red")
        if item.origin == "chair":
            line.append(f"  ({tr(lang, 'from_chair')})", style="magenta")
        if item.conflict:
            line.append_text(safe(f"  ⚠ {conflict_text(lang, item.conflict)}", "bold yellow"))
        body.append(line)
    body.append(Text(tr(lang, "fu_overview_help"), style="dim italic"))
    title = Text(tr(lang, "fu_overview", count=len(actions)))
    return Panel(Group(*body), title=title, title_align="left", border_style="blue")


def followup_line(lang: str, n: int, total: int, item: OpenAction, today: date) -> str:
    """One open action as the follow-up prompt names it (plain text: a prompt is no rich console)."""
    action = item.action
    late = action.due is not None and action.due < today
    parts = [f"{n}/{total} {visible(action.text)}", visible(action.owner) or tr(lang, "owner_none")]
    if action.due:
        parts.append(
            tr(lang, "due", date=day(lang, action.due)) + (f" ({tr(lang, 'overdue')})" if late else "")
        )
    if action.status != "open":  # closed elsewhere, or closed by the rule of a conflict
        parts.append(tr(lang, status_key(action.status)))
    return " · ".join(parts)


def conflict_said(lang: str, states: Sequence[Action]) -> Text:
    """An action changed in two places at once: both states, and that what is recorded now settles it."""
    said = f"  ⚠ {conflict_text(lang, states)}; {tr(lang, 'conflict_settle')}"
    return safe(said, "bold yellow")


def changed_meanwhile(lang: str, action: Action) -> Text:
    """An action followed up elsewhere while the meeting ran: how it stands now, before it is asked again."""
    return safe(f"  ⚠ {tr(lang, 'fu_changed', state=state_text(lang, action))}", "bold yellow")


def followup_said(lang: str, line: str, status: str) -> Text:
    return join(Text("  ✓ ", style="cyan"), Text(line), Text(f" → {status}", style="bold"))


def item_summary(lang: str, state: ItemState, planned: int) -> Text:
    """How an item ended: what it produced, actions still without an owner, and its time."""
    unowned = sum(1 for a in state.actions if not a.owner)
    minutes = math.ceil(state.seconds / 60)  # as the minutes record it: 5:15 of 5 is over
    out = Text("  ✓ " + tr(lang, "item_done", notes=len(state.notes), decisions=len(state.decisions),
                           actions=len(state.actions)), style="dim")  # fmt: skip
    if unowned:
        out.append(" · " + tr(lang, "unowned", count=unowned), style="bold red")
    out.append(
        " · " + tr(lang, "of_planned", actual=minutes, planned=planned),
        style="red" if minutes > planned else "dim",
    )
    return out


def chair_remark(lang: str, key: str) -> Text:
    return Text(f"  🪑 {tr(lang, key)}", style=CHAIR_STYLE)


def chair_kept(lang: str, text: str) -> Text:
    """The customer on the chair notices a promise kept, in its own voice."""
    return Text(f"  🪑 {tr(lang, 'chair_kept', text=visible(text))}", style=CHAIR_STYLE)


def chair_reminder(lang: str, open_action: OpenAction) -> RenderableType:
    said = tr(lang, "chair_reminder", text=visible(open_action.action.text), count=open_action.age)
    body = Group(Text(tr(lang, "chair_says"), style=CHAIR_STYLE), Text(""), Text(said, style="bold"))
    return Panel(body, title=Text("🪑"), title_align="left", border_style="magenta", padding=(1, 2))


def summary(m: Minutes, followed: Sequence[OpenAction] = ()) -> RenderableType:
    lang = m.language
    parts: list[RenderableType] = []

    from emptychair.core.document import with_states

    decisions = [
        (i.title, d) for i in m.items for d in with_states(lang, i)
    ]  # a proposal not accepted says so
    if decisions:
        parts.append(Text(tr(lang, "decisions"), style="bold"))
        parts.extend(bullet("  • ", safe(d), Text(f"  ({visible(t)})", style="dim")) for t, d in decisions)

    by_owner: dict[str, list[tuple[Action, Origin]]] = defaultdict(list)
    for action, origin, _ in m.actions():
        by_owner[action.owner].append((action, origin))
    if by_owner:
        parts.append(Text(tr(lang, "actions_by_owner"), style="bold"))
        for owner in sorted(by_owner, key=lambda o: (o == "", o.casefold())):
            name = safe(owner, "bold") if owner else Text(tr(lang, "no_owner_group"), style="bold red")
            parts.append(join("  ", name))
            for action, origin in by_owner[owner]:
                line = action_line(lang, action)
                if origin == "chair":
                    line.append(f"  ({tr(lang, 'from_chair')})", style="magenta")
                parts.append(bullet("    • ", line))

    parts.extend(_followed(m, followed))

    if m.chair:
        parts.append(Text(tr(lang, "customer_told"), style=f"{CHAIR_STYLE}"))
        for record in m.chair:
            parts.append(join("  ", safe(record.question, "italic")))
            answer = safe(record.answer) if record.answer else Text(tr(lang, "no_answer"), style="dim")
            parts.append(bullet("    → ", answer, rating_mark(lang, record.rating)))

    if m.parked:
        parts.append(Text(tr(lang, "parked_topics"), style="bold"))
        parts += [bullet("  • ", safe(text)) for text in m.parked]

    if m.recognition:
        parts.append(Text(tr(lang, "recognition"), style="bold yellow"))
        parts += [bullet("  ★ ", safe(r.person, "bold"), ": ", safe(r.text)) for r in m.recognition]

    table = Table(title=Text(tr(lang, "items_time")), title_justify="left", show_header=False, box=None)
    for item in m.items:
        status = "" if item.status == "done" else tr(lang, status_key(item.status))
        late = item.actual_minutes > item.planned_minutes
        table.add_row(
            safe(item.title),
            Text(
                tr(lang, "of_planned", actual=item.actual_minutes, planned=item.planned_minutes),
                style="red" if late else "",
            ),
            Text(status, style="dim"),
        )
    parts.append(table)
    return Panel(Group(*parts), title=Text(tr(lang, "summary")), title_align="left")


def _followed(m: Minutes, followed: Sequence[OpenAction]) -> list[RenderableType]:
    """Earlier actions: what this meeting closed, and what is still open."""
    lang = m.language
    latest = {f.action: f for f in m.followups}
    done: list[RenderableType] = []
    dropped: list[RenderableType] = []
    still: list[RenderableType] = []
    for item in followed:
        record = latest.get(item.action.id)
        if record is not None and record.status != "open":
            # "well done" is said of what was done, not of what was dropped
            (done if record.status == "done" else dropped).append(
                bullet("  • ", action_line(lang, item.action, due=False))
            )
        else:
            owner = record.owner if record and record.owner is not None else item.action.owner
            due = record.due if record and record.due is not None else item.action.due
            still.append(
                bullet(
                    "  • ",
                    action_line(lang, replace(item.action, due=due)),
                    " · ",
                    safe(owner, "bold") if owner else Text(tr(lang, "owner_none"), style="red"),
                )
            )
    parts: list[RenderableType] = []
    if done:
        parts += [Text(tr(lang, "closed"), style="bold"), *done]
    if dropped:
        parts += [Text(tr(lang, "closed_dropped"), style="bold"), *dropped]
    if still:
        parts += [Text(tr(lang, "carried"), style="bold"), *still]
    return parts


RATING_STYLE: dict[Rating, str] = {
    "enthusiastic": "bold bright_green",
    "green": "green",
    "amber": "yellow",
    "red": "red",
}


def rating_mark(lang: str, rating: Rating) -> Text:
    """A colour the customer would give us, as a coloured dot and the colour's name in the language;
    enthusiasm, above green, as a star."""
    if not rating:
        return Text("")
    return Text(f"  {RATING_MARK[rating]} {tr(lang, colour_key(rating))}", style=RATING_STYLE[rating])


def count(lang: str, key: str, n: int) -> str:
    """A number with its noun, in the plural form the language asks for: "1 punt", "3 punten"."""
    return tr(lang, key, count=n)
