"""The dilemma round on screen (004): one prompt for each part, each part saved as it is said, so a
stop anywhere in the round comes back to the part that was next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from rich.console import Console
from rich.text import Text

from emptychair.core.dates import clock_text
from emptychair.core.dilemma import DILEMMA, Dilemma, Part, Reflected, next_part, practice_left
from emptychair.core.line import ACTION, Command, Entry, command_of
from emptychair.core.meeting import ActionTaken, Event, Meeting
from emptychair.core.minutes import Action
from emptychair.locale import tr
from emptychair.terminal import panels
from emptychair.text import visible


class Asks(Protocol):
    """The prompts the round uses (meeting_ui.Prompter)."""

    def text(self, message: str, default: str = "", **session: Any) -> str: ...

    def select(self, message: str, choices: Sequence[tuple[str, str]]) -> str: ...

    def key(self, message: str, keys: str, default: int | None = 0) -> str: ...


class Screen(Protocol):
    """What the round needs of the meeting's screen (meeting_ui.MeetingUI)."""

    @property
    def prompter(self) -> Asks: ...

    out: Console
    clock: Callable[[], datetime]
    new_id: Callable[[], str]
    chair_said: Callable[[str], None]
    latest: Meeting

    def record(self, m: Meeting, event: Event, pending: str = "") -> Meeting: ...

    def command(self, m: Meeting, said: Command) -> Meeting: ...


def in_round(m: Meeting) -> Dilemma | None:
    """The dilemma round of the current item while a part of it is still to come."""
    n = m.step.index
    if m.agenda.items[n].kind != DILEMMA:
        return None
    d = m.items[n].dilemma
    return d if next_part(d) is not None else None


def play(ui: Screen, m: Meeting, pending: str) -> Meeting:
    """The next part of the round: asked, saved, and the meeting after it."""
    lang = m.agenda.language
    d = m.items[m.step.index].dilemma
    part = next_part(d)
    assert part is not None
    if part == "case":
        said = ui.prompter.text(tr(lang, "dilemma_case"), default=pending).strip()
        return _command(ui, m, said) or _said(ui, m, "case", said)
    if part in ("needed", "intends", "other", "takeaway"):
        asked = tr(lang, f"dilemma_{part}")
        ui.out.print(panels.safe(f"  🪑 {asked}", panels.CHAIR_STYLE))
        ui.chair_said(asked)
        said = ui.prompter.text(tr(lang, "dilemma_answer"), default=pending).strip()
        return _command(ui, m, said) or _said(ui, m, part, said)
    if part == "practice":
        return _practice(ui, m)
    if part == "practised":
        return _practised(ui, m, pending)
    return _action(ui, m, d)


def _command(ui: Screen, m: Meeting, said: str) -> Meeting | None:
    """A command typed as an answer does what it does in the item: #end and #skip end the item
    (the parts still to come are recorded as not reached), #pause, #resume, #back and #help too.
    #undo and #chair wait until the round is over. None: the line is an answer."""
    command = command_of(said)
    if command is None:
        return None
    if command in (Command.UNDO, Command.CHAIR):
        marker = said.split()[0]
        ui.out.print(panels.safe(f"  ✗ {tr(m.agenda.language, 'dilemma_later', marker=marker)}", "red"))
        return m
    return ui.command(m, command)


def _said(ui: Screen, m: Meeting, part: Part, text: str) -> Meeting:
    m = ui.record(m, Reflected(ui.clock(), part, text))
    if part == "case" and not text:
        ui.out.print(panels.chair_remark(m.agenda.language, "dilemma_none"))
    return m


def _practice(ui: Screen, m: Meeting) -> Meeting:
    """Practise the conversation, or not: one key; then who plays the customer."""
    lang = m.agenda.language
    keys = tr(lang, "dilemma_practice_keys")
    ui.out.print(panels.chair_remark(lang, "dilemma_practice"))
    if ui.prompter.key(tr(lang, "dilemma_practice_help") + " ", keys, default=1).lower() != keys[0]:
        return ui.record(m, Reflected(ui.clock(), "practice", ""))
    people = m.people
    player = people[0] if people else tr(lang, "dilemma_someone")
    if len(people) > 1:
        player = ui.prompter.select(tr(lang, "dilemma_player"), [(p, p) for p in people])
    minutes = m.agenda.items[m.step.index].practice_minutes
    m = ui.record(m, Reflected(ui.clock(), "practice", player))
    said = tr(lang, "dilemma_practice_go", player=visible(player), minutes=minutes)
    ui.out.print(panels.safe(f"  🪑 {said}", panels.CHAIR_STYLE))
    ui.chair_said(said)
    return m


def _practised(ui: Screen, m: Meeting, pending: str) -> Meeting:
    """The practice runs in its own time box, shown under the prompt; Enter ends it."""
    lang = m.agenda.language
    minutes = m.agenda.items[m.step.index].practice_minutes

    def toolbar() -> list[tuple[str, str]]:
        d = ui.latest.items[m.step.index].dilemma
        left = practice_left(d, minutes, ui.clock())
        if left < 0:
            return [("bg:ansired fg:ansiwhite bold", f" {tr(lang, 'dilemma_over', time=clock_text(-left))} ")]
        return [("", f" {tr(lang, 'dilemma_left', time=clock_text(left))} ")]

    said = ui.prompter.text(
        tr(lang, "dilemma_practised"), default=pending, bottom_toolbar=toolbar, refresh_interval=0.5
    ).strip()
    return _command(ui, m, said) or ui.record(m, Reflected(ui.clock(), "practised", said))


def _action(ui: Screen, m: Meeting, d: Dilemma) -> Meeting:
    """What the team takes away may become an action, with an owner: one key."""
    lang = m.agenda.language
    if not d.takeaway:
        return ui.record(m, Reflected(ui.clock(), "action", ""))
    keys = tr(lang, "dilemma_action_keys")
    if ui.prompter.key(tr(lang, "dilemma_action_help") + " ", keys, default=1).lower() != keys[0]:
        return ui.record(m, Reflected(ui.clock(), "action", ""))
    people = m.people
    owner = people[0] if people else ""
    if len(people) > 1:
        owner = ui.prompter.select(tr(lang, "dilemma_owner"), [(p, p) for p in people])
    action = Action(ui.new_id(), d.takeaway, owner)
    m = ui.record(m, ActionTaken(ui.clock(), action))
    m = ui.record(m, Reflected(ui.clock(), "action", action.id))
    ui.out.print(panels.echo(lang, Entry(ACTION, action.text, owner)))
    return m


def intro(lang: str) -> Text:
    """What the chair says as the round begins: from curiosity, not blame, and without names."""
    return panels.chair_remark(lang, "dilemma_item")
