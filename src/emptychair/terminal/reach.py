"""The meeting's reach beyond the room, at its start and its end: closed issues pulled in first,
then, once the minutes are written, the actions pushed to the tracker (after one question) and
the digest posted to the chat. Each failure is one yellow line: the meeting is safe on disk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from emptychair.core.agenda import Agenda
from emptychair.core.minutes import Minutes
from emptychair.errors import Interrupted
from emptychair.locale import tr
from emptychair.terminal import panels

if TYPE_CHECKING:
    from emptychair.terminal.meeting_ui import Prompter


def before_meeting(folder: Path, agenda: Agenda, err: Console) -> None:
    if not agenda.reach.pull:
        return
    from emptychair.app.tracker import pull_first

    worked, said = pull_first(folder, agenda, agenda.language)
    err.print(panels.safe(said), style=None if worked else "yellow")


def after_meeting(folder: Path, agenda: Agenda, minutes: Minutes, prompter: Prompter, err: Console) -> None:
    from emptychair.app.tracker import push_after, to_push

    lang = agenda.language
    actions = to_push(minutes, agenda)
    if actions:
        target = agenda.reach.tracker
        ids = " ".join(a.id for a in actions)
        if target is None:
            err.print(panels.safe(tr(lang, "push_no_tracker", ids=ids)), style="yellow")
        elif _yes(prompter, tr(lang, "push_confirm", count=len(actions), target=str(target))):
            worked, said = push_after(folder, agenda, actions, lang)
            err.print(panels.safe(said), style=None if worked else "yellow")
        else:
            err.print(panels.safe(tr(lang, "push_not_now", ids=ids)))
    if agenda.reach.post:
        from emptychair.app.share import post_after

        worked, said = post_after(folder, agenda, lang)
        err.print(panels.safe(said), style=None if worked else "yellow")


def _yes(prompter: Prompter, question: str) -> bool:
    try:
        return prompter.confirm(question)
    except Interrupted:  # Ctrl-C here is "not now": the minutes are written already
        return False
