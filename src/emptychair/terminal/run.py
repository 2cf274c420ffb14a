"""`emptychair run` on a terminal: the room of `emptychair.app.meeting`, drawn with rich and asked
with the prompts of `meeting_ui`."""

from __future__ import annotations

import contextlib
import errno
import signal
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from emptychair.app.meeting import Outcome, Ties, Tone, hold_meeting
from emptychair.clock import now
from emptychair.core.meeting import Meeting, OpenAction
from emptychair.core.minutes import Minutes
from emptychair.errors import Hangup
from emptychair.terminal import panels, signals

if TYPE_CHECKING:
    from emptychair.terminal.meeting_ui import Prompter

STYLES: dict[Tone, str | None] = {"": None, "ok": "green", "warn": "yellow", "alarm": "bold red"}


def run_meeting(
    agenda_path: Path,
    out: Console,
    err: Console,
    *,
    resume: bool | None = None,
    prompter: Prompter | None = None,
    clock: Callable[[], datetime] = now,
    language: str = "en",
    theme: str = "",
    speak: bool = False,
    speak_to: Path | None = None,
) -> Path | None:
    """Run a meeting in this terminal (see `hold_meeting`); returns the minutes written, or None
    when it was saved for later or discarded.

    With `speak` (or `[chair] speak` in the agenda) the chair's questions are spoken aloud; with
    `speak_to` they are written as WAV files into that folder instead."""
    room = TerminalRoom(out, err, prompter, clock)
    return hold_meeting(
        agenda_path, room, resume=resume, clock=clock, language=language, theme=theme, speak=speak,
        speak_to=speak_to,
    )  # fmt: skip


class TerminalRoom:
    """The meeting's room on this terminal: what is said goes to `err`, the meeting to `out`."""

    def __init__(
        self, out: Console, err: Console, prompter: Prompter | None, clock: Callable[[], datetime]
    ) -> None:
        self.out, self.err, self.clock = out, err, clock
        self.given = prompter
        self.lang = "en"

    @property
    def prompter(self) -> Prompter:
        if self.given is None:
            from emptychair.terminal.meeting_ui import Prompter

            self.given = Prompter(self.lang)
        return self.given

    def begin(self, lang: str) -> None:
        self.lang = lang

    def tell(self, message: str, tone: Tone = "") -> None:
        self.err.print(panels.safe(message), style=STYLES[tone])

    def select(self, message: str, choices: list[tuple[str, str]], keys: str = "") -> str:
        return self.prompter.select(message, choices, keys=keys)

    def checkbox(self, message: str, names: list[str]) -> list[str]:
        return self.prompter.checkbox(message, names)

    def confirm(self, message: str) -> bool:
        return self.prompter.confirm(message)

    def hold(self, meeting: Meeting, pending: str, asking: str, ties: Ties) -> Outcome:
        from emptychair.terminal.meeting_ui import MeetingUI

        voice = None
        if ties.speak:
            from emptychair.terminal.speech import chair_voice

            voice = chair_voice(meeting.agenda.language, self.err, ties.speak_to)
        self.out.print(panels.meeting_header(meeting.agenda, ties.ground_rules, meeting.started.date()))
        ui = MeetingUI(
            self.prompter,
            self.out,
            self.clock,
            ties.new_id,
            ties.save,
            ties.recalls,
            ties.recognition,
            voice.say if voice else None,
            ties.reread,
            kept=ties.kept,
            checkin=ties.checkin,
        )
        try:
            return ui.run(meeting, pending, asking)
        finally:
            if voice is not None:
                voice.close()

    def summary(self, minutes: Minutes, followed: tuple[OpenAction, ...]) -> None:
        self.out.print(panels.summary(minutes, followed))

    def unsaved(self, text: str) -> None:
        self.out.print(text, markup=False, highlight=False, soft_wrap=True)

    def gone(self) -> bool:
        return signals.screen_gone()

    @contextlib.contextmanager
    def may_close(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            if exc.errno != errno.EIO and not signals.screen_gone():
                raise
            raise Hangup(signal.SIGHUP) from None
