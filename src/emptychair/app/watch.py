"""What `emptychair screen` follows: the meeting running on a minutes folder, from its draft.

`run` rewrites the draft atomically after every event: a reader sees a whole draft or the one before
it, never takes the lock and never writes. The drafts are watched by stat (in the folder and in the
spare folders a draft may have gone to); what they say is replayed into a `Meeting`; once its
minutes are written, those are what is shown.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from emptychair.app.reading import read_minutes
from emptychair.core.meeting import Meeting, OpenAction
from emptychair.core.minutes import Minutes
from emptychair.errors import EmptyChairError
from emptychair.files.draft import find_drafts
from emptychair.files.folder import DRAFTS, Folder, spare_folders
from emptychair.locale import tr


@dataclass(frozen=True)
class Waiting:
    """The second screen before a meeting starts: what it waits for."""

    folder: Path
    lang: str
    note: str = ""  # what became of the meeting followed before, if anything


@dataclass(frozen=True)
class Running:
    """The second screen during a meeting: the meeting as its draft has it."""

    meeting: Meeting
    minutes: str = ""  # the name of the minutes it writes, as its draft says


@dataclass(frozen=True)
class Over:
    """The second screen after a meeting: its minutes and the actions followed up."""

    minutes: Minutes
    path: Path
    followed: tuple[OpenAction, ...]


State = Waiting | Running | Over


class Watcher:
    """What the minutes folder says about its meeting, read again only when a draft changed."""

    def __init__(self, path: Path, lang: str) -> None:
        self.folder, self.lang = Folder(path), lang
        self.seen: tuple[tuple[str, int, int, int], ...] | None = None
        self.state: State = Waiting(path, lang)
        self.source: Path | None = None  # the draft the meeting shown was read from

    def poll(self) -> bool:
        """Look again; True when the state changed."""
        seen = self._stat()
        if seen == self.seen:
            return False
        self.seen = seen
        before = self.state
        self.state = self._read()
        return self.state != before

    def _stat(self) -> tuple[tuple[str, int, int, int], ...]:
        """Name, inode, size and time of every draft: an atomic rewrite changes the inode."""
        rows = []
        for place in (self.folder.path / DRAFTS, *spare_folders()):
            with contextlib.suppress(OSError), os.scandir(place) as entries:
                for entry in entries:
                    if entry.name.endswith(".toml"):
                        with contextlib.suppress(OSError):
                            st = entry.stat(follow_symlinks=False)
                            rows.append((entry.path, st.st_ino, st.st_size, st.st_mtime_ns))
        return tuple(sorted(rows))

    def _read(self) -> State:
        drafts = find_drafts(self.folder)
        for path, draft, _ in drafts:  # newest first
            if draft is None:
                continue
            try:
                meeting = draft.meeting()
            except EmptyChairError:
                continue  # a draft that cannot be replayed is not the meeting to show
            self.source = path
            if meeting.finished:
                return self._ended(meeting, draft.minutes) or Running(meeting, draft.minutes)
            return Running(meeting, draft.minutes)
        if isinstance(self.state, Running):
            meeting = self.state.meeting
            if any(path == self.source for path, _, _ in drafts):
                return self.state  # its draft is there but not whole: keep what was last read whole
            ended = self._ended(meeting, self.state.minutes)
            if ended is not None:
                return ended
            return Waiting(self.folder.path, self.lang, tr(meeting.agenda.language, "screen_gone"))
        return self.state if isinstance(self.state, Over) else Waiting(self.folder.path, self.lang)

    def _ended(self, meeting: Meeting, name: str) -> Over | None:
        path = self.folder.minutes_of(meeting.started, meeting.agenda.title, name)
        if path is None:
            return None
        found = read_minutes(path)
        if not isinstance(found, Minutes):
            return None  # not whole yet, or not readable: the meeting is not shown as over
        return Over(found, path, meeting.open_actions)
