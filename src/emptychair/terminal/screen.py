"""`emptychair screen`: the running meeting for the room, on a projector or a second terminal.

What the minutes folder says about its meeting is followed in `emptychair.app.watch`; here it is
drawn to the size of the terminal, again at every resize. No prompt library is loaded: this is a view.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from rich.align import Align
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.live import Live
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from emptychair.app.watch import Over, Running, State, Waiting, Watcher
from emptychair.clock import now
from emptychair.core.chooser import Why, reason_line
from emptychair.core.dates import clock_text
from emptychair.core.line import ACTION, DECISION, INFO, LINK, NOTE, kind_key
from emptychair.core.meeting import Meeting, asks_customer, worded
from emptychair.core.minutes import moment_key
from emptychair.locale import day, tr
from emptychair.terminal import bigtext, panels
from emptychair.terminal.panels import CHAIR_STYLE, safe
from emptychair.text import visible

POLL = 0.1  # seconds between two looks at the drafts: a stat of each, so the room sees a line at once
BIG_FROM = 18  # the least height of the screen that shows the title in big letters


# --- what is drawn ---------------------------------------------------------------------------


def view(state: State, at: datetime, width: int, height: int) -> RenderableType:
    match state:
        case Waiting():
            return waiting_view(state, height)
        case Running():
            return meeting_view(state.meeting, at, width, height)
        case Over():
            said = tr(state.minutes.language, "screen_ended", path=visible(str(state.path)))
            return Group(Text(said, style="bold green"), panels.summary(state.minutes, state.followed))


def waiting_view(state: Waiting, height: int) -> RenderableType:
    lines = [Text(state.note, style="yellow"), Text("")] if state.note else []
    lines += [
        safe(tr(state.lang, "screen_waiting", folder=str(state.folder)), "bold"),
        Text(""),
        Text(tr(state.lang, "screen_start"), style="dim"),
    ]
    body = Align.center(Group(*(Align.center(line) for line in lines)), vertical="middle")
    return Panel(body, title=Text("🪑"), title_align="left", height=height)


def meeting_view(m: Meeting, at: datetime, width: int, height: int) -> RenderableType:
    """A line naming the meeting, then the step: the item, the chair's question, the follow-up…"""
    lang = m.agenda.language
    started = tr(lang, "screen_started", time=f"{m.started:%H:%M}")
    now = tr(lang, "screen_now", time=f"{at.astimezone(m.started.tzinfo):%H:%M}")  # the meeting's own zone
    top = panels.join(
        safe(m.agenda.title, "bold"), Text(f" · {started} · ", style="dim"), Text(now, style="bold")
    )
    if m.agenda.team:
        top = panels.join(safe(m.agenda.team, "dim"), Text(" · ", style="dim"), top)
    room = max(height - 1, 5)
    match m.step.kind:
        case "item" | "round":
            body = item_view(m, at, width, room)
        case "chair":
            body = chair_view(m, room)
        case "followup":
            body = followup_view(m, at)
        case "closing":
            body = closing_view(m)
        case _:
            body = attendance_view(m)
    return Group(top, body)


def item_view(m: Meeting, at: datetime, width: int, height: int) -> RenderableType:
    """The item large at the top with its time bar; below it, the latest lines that fit. In the
    closing round: whose turn it is, large, and the round's time."""
    lang = m.agenda.language
    n = m.step.index
    item = m.agenda.items[n]
    if m.step.kind == "round":
        counted = tr(lang, "round_turn", n=m.step.person + 1, total=len(m.people))
        item = replace(item, title=m.person(), presenter="")
    else:
        counted = tr(lang, "item_of", n=n + 1, total=len(m.agenda.topics))
    big = bigtext.lines(item.title, width - 6) if height >= BIG_FROM else None
    title: RenderableType = safe(item.title, "bold")
    title_lines = -(-len(visible(item.title)) // max(width - 6, 10))  # inside the borders and padding
    if big is not None:
        title, title_lines = Text("\n".join(big), style="bold", no_wrap=True), len(big)
    caption = Text(counted, style="dim")
    if big is not None:  # the title as typed, too: the big letters have no accents or case
        caption = panels.join(caption, Text(" · ", style="dim"), safe(item.title, "dim"))
        caption.no_wrap, caption.overflow = True, "ellipsis"
    head: list[RenderableType] = [
        caption,
        Padding(title, (1, 0, 0 if item.presenter else 1, 0)),
    ]
    if item.presenter:
        presenter = Text(
            tr(lang, "presents", name=visible(item.presenter)), no_wrap=True, overflow="ellipsis"
        )
        head.append(Padding(presenter, (0, 0, 1, 0)))
    head.append(time_bar(m, at))
    head_height = 2 + 1 + 1 + title_lines + (2 if item.presenter else 1) + 1
    below = max(height - head_height, 3)
    said = captured(m, n)
    fits = below - 2
    if len(said) > fits:
        said = (
            [Text(f"… {len(said) - fits + 1}", style="dim"), *said[-(fits - 1) :]] if fits > 1 else said[-1:]
        )
    return Group(
        Panel(Group(*head), border_style="cyan", padding=(0, 2)),
        Panel(Group(*said), border_style="dim", padding=(0, 2), height=below),
    )


@dataclass(frozen=True)
class Bar:
    """A bar as wide as it is given, drawn in characters, so that it shows without colour too."""

    done: float  # 0 to 1
    style: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        full = round(width * min(max(self.done, 0.0), 1.0))
        yield Text("█" * full + "░" * (width - full), style=self.style)


def time_bar(m: Meeting, at: datetime) -> RenderableType:
    """The time box as a bar: green, yellow in its last fifth (at least the last minute), red when over."""
    lang = m.agenda.language
    box = m.agenda.items[m.step.index].minutes * 60
    spent = m.item_seconds(at)
    left = box - spent
    style = bar_style(left, box)
    if left < 0:
        label = tr(lang, "screen_over", time=clock_text(-left))
    else:
        label = tr(lang, "screen_left", time=clock_text(left))
    if m.clock_since is None:
        label += " · " + tr(lang, "screen_paused")
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True)
    grid.add_row(Bar(spent / box, style), Text(label, style=f"bold {style}"))
    return grid


def bar_style(left: int, box: int) -> str:
    if left < 0:
        return "red"
    if left <= max(60, box // 5):
        return "yellow"
    return "green"


def captured(m: Meeting, n: int) -> list[Text]:
    """The item's lines in the order they were typed, one screen line each."""
    lang = m.agenda.language
    state = m.items[n]
    texts = {NOTE: iter(state.notes), DECISION: iter(state.decisions), LINK: iter(state.links)}
    actions = iter(state.actions)
    out = []
    for kind in state.log:
        label = Text(f"{tr(lang, kind_key(kind))}: ", style="yellow" if kind == ACTION else "green")
        if kind == ACTION:
            action = next(actions)
            line = panels.join(label, safe(action.text), " · ")
            line.append_text(
                safe(action.owner, "bold") if action.owner else Text(tr(lang, "owner_none"), "red")
            )
            if action.due:
                line.append(" · " + tr(lang, "due", date=day(lang, action.due)), style="dim")
        else:
            text = next(texts[NOTE if kind == INFO else kind])  # an info is kept among the notes
            line = panels.join(label, safe(text.removeprefix("#info ") if kind == INFO else text))
        line.no_wrap, line.overflow = True, "ellipsis"
        out.append(line)
    return out


def chair_view(m: Meeting, height: int) -> RenderableType:
    """The chair's question, filling the screen."""
    lang = m.agenda.language
    state = m.chair[m.chair_index()]
    step = m.step
    title = m.agenda.items[step.index].title if step.item is not None else ""
    where = tr(lang, moment_key(step.chair_moment), item=title)
    direct = asks_customer(m, state.question)  # a real customer present is asked directly
    opening = (
        tr(lang, "chair_asks_customer", names=", ".join(m.customers)) if direct else tr(lang, "chair_asks")
    )
    body: list[RenderableType] = [
        safe(opening, CHAIR_STYLE),
        Text(""),
        safe(worded(m, state.question), "bold"),
    ]
    if state.question.hint:
        body.append(safe(state.question.hint, "dim italic"))
    if state.reason is not None and state.reason.kind != Why.ROTATION:
        body.append(safe(tr(lang, "why", reason=reason_line(lang, state.reason)), "dim"))
    if state.answer:
        body += [
            Text(""),
            panels.join("→ ", safe(state.answer), panels.rating_mark(lang, state.rating or "")),
        ]
    if state.rated and state.answer:
        body += [Text(""), safe(state.question.follow_up_after(state.rating), CHAIR_STYLE)]
        body += [
            panels.join(
                "  • ", safe(a.text), " · ", safe(a.owner, "bold") if a.owner else tr(lang, "owner_none")
            )
            for a in state.actions
        ]
    return Panel(
        Align.center(Group(*body), vertical="middle"),
        title=safe("🪑  " + where),
        title_align="left",
        border_style="magenta",
        padding=(1, 4),
        height=height,
    )


def followup_view(m: Meeting, at: datetime) -> RenderableType:
    lang = m.agenda.language
    n = m.step.index
    return panels.followup_panel(lang, n + 1, len(m.open_actions), m.open_actions[n], at.date())


def closing_view(m: Meeting) -> RenderableType:
    lang = m.agenda.language
    lines: list[RenderableType] = [Text(tr(lang, "step_closing"), style="bold")]
    if m.recognition:
        lines += [Text(""), Text(tr(lang, "recognition"), style="bold yellow")]
        lines += [panels.join("  ★ ", safe(r.person, "bold"), ": ", safe(r.text)) for r in m.recognition]
    return Panel(Group(*lines), border_style="cyan", padding=(1, 2))


def attendance_view(m: Meeting) -> RenderableType:
    lang = m.agenda.language
    lines: list[RenderableType] = [Text(tr(lang, "attendance"), style="bold"), Text("")]
    for n, item in enumerate(m.agenda.items, start=1):
        who = Text(f" · {visible(item.presenter)}", style="dim") if item.presenter else Text("")
        lines.append(
            panels.join(f"{n}. ", safe(item.title), who, Text(f" · {item.minutes} min", style="dim"))
        )
    return Panel(Group(*lines), border_style="cyan", padding=(1, 2))


# --- the loop --------------------------------------------------------------------------------


@contextlib.contextmanager
def wakeups() -> Iterator[int]:
    """A file descriptor that becomes readable when the terminal is resized (SIGWINCH)."""
    read, write = os.pipe()
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    previous_fd = signal.set_wakeup_fd(write)
    previous = signal.signal(signal.SIGWINCH, lambda *_: None)
    try:
        yield read
    finally:
        signal.signal(signal.SIGWINCH, previous)
        signal.set_wakeup_fd(previous_fd)
        os.close(read)
        os.close(write)


def follow(path: Path, console: Console, lang: str, clock: Callable[[], datetime] = now) -> None:
    """Show the meeting on the minutes folder `path` until Ctrl-C; the last screen stays."""
    watcher = Watcher(path, lang)
    drawn: tuple[object, ...] = ()
    try:
        with wakeups() as woken, Live(console=console, screen=True, auto_refresh=False) as live:
            while True:
                watcher.poll()
                at = clock().replace(microsecond=0)  # the clock shows seconds: redraw once a second
                size = console.size
                wanted = (watcher.state, size, at if isinstance(watcher.state, Running) else None)
                if wanted != drawn:
                    drawn = wanted
                    live.update(view(watcher.state, at, size.width, size.height), refresh=True)
                ready, _, _ = select.select([woken], [], [], POLL)
                if ready:
                    with contextlib.suppress(BlockingIOError):
                        os.read(woken, 512)
    except KeyboardInterrupt:
        pass
    if isinstance(watcher.state, Over):  # the alternate screen is gone: the summary stays in view
        console.print(view(watcher.state, clock(), *console.size))
