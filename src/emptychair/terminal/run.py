"""`emptychair run`: agenda, minutes folder, lock, ledger, draft and terminal UI put together."""

from __future__ import annotations

import contextlib
import errno
import secrets
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from emptychair.app.reading import minutes_path, read_minutes
from emptychair.clock import now
from emptychair.core.agenda import Agenda, Item
from emptychair.core.dates import stamp
from emptychair.core.history import Memory
from emptychair.core.ids import ID_ALPHABET
from emptychair.core.meeting import (
    ITEM,
    Meeting,
    OpenAction,
    Resumed,
    apply,
    chair_steps,
    followup_order,
    start,
    step_key,
    to_minutes,
)
from emptychair.core.minutes import Minutes
from emptychair.core.questions import Question, choose
from emptychair.errors import EmptyChairError, Hangup, problem
from emptychair.files.config import ready
from emptychair.files.draft import Draft, DraftFile, SaveChange, find_drafts
from emptychair.files.folder import Folder, Lock, Unreadable
from emptychair.locale import tr
from emptychair.terminal import panels, reach, signals

if TYPE_CHECKING:
    from emptychair.terminal.meeting_ui import Prompter


def id_factory(taken: set[str]) -> Callable[[], str]:
    def new_id() -> str:
        while True:
            candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(6))
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    return new_id


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
    """Run a meeting; returns the minutes written, or None when it was saved for later or discarded.

    With `speak` (or `[chair] speak` in the agenda) the chair's questions are spoken aloud; with
    `speak_to` they are written as WAV files into that folder instead."""
    from emptychair.terminal.meeting_ui import MeetingUI, Prompter

    found_ready = ready(agenda_path, language, theme)  # every check `agenda check` makes
    agenda, questions = found_ready.agenda, found_ready.questions
    prompter = prompter or Prompter(agenda.language)
    folder = Folder(agenda.minutes_dir)
    started = clock()
    with folder.lock(started) as held:
        if agenda.git_sync:  # the team's meetings and follow-ups first, so the follow-up sees them
            _share("pull", folder.path, err, agenda.language)
        reach.before_meeting(folder.path, agenda, err)  # closed issues first: the follow-up skips them
        earlier = Earlier.of(folder)
        for broken in earlier.unreadable:
            said = tr(agenda.language, "skipped_files", message=broken.say(agenda.language))
            err.print(panels.safe(said), style="yellow")
        drafts = _drafts_left(folder, err, agenda.language)
        found = _draft_to_resume(folder, drafts, resume, prompter)
        if found is not None:
            meeting, pending, asking = found.meeting(), found.pending, found.asking
            if meeting.step.kind == ITEM:
                meeting = apply(meeting, Resumed(clock()))
        else:
            meeting = _new_meeting(agenda, found_ready.pool, questions.standard(), earlier, started, prompter)
            pending, asking = "", ""
        taken = set(earlier.memory.ids) | {a.id for a in meeting.all_actions()}

        lang = meeting.agenda.language
        # the minutes' name is taken now: its draft then knows which minutes are its own
        name = (found.minutes if found is not None else "") or folder.minutes_name(
            started.date(), agenda.title
        )
        with Keeper(folder, held, meeting, err, name) as keeper:
            if found is not None:
                keeper.save(meeting, pending, asking)  # `emptychair screen` sees the resume at once

            voice = None
            if speak or speak_to is not None or agenda.speak:
                from emptychair.terminal.speech import chair_voice

                voice = chair_voice(lang, err, speak_to)

            out.print(panels.meeting_header(meeting.agenda, questions.ground_rules, meeting.started.date()))
            ui = MeetingUI(
                prompter,
                out,
                clock,
                id_factory(taken),
                keeper.save,
                earlier.memory.recalls,
                questions.recognition(),
                voice.say if voice else None,
                reread(folder),
            )
            try:
                outcome = ui.run(meeting, pending, asking)
            except Hangup:
                if not signals.screen_gone():  # a closed window gets nothing more
                    with contextlib.suppress(OSError):
                        keeper.say_saved(out)
                raise
            finally:
                if voice is not None:
                    voice.close()
            if outcome.how == "discarded":
                keeper.remove()
                err.print(tr(lang, "discarded"))
                return None
            if outcome.how == "saved":
                keeper.say_saved(out)
                return None
            minutes = to_minutes(outcome.meeting)
            try:  # first, so that a terminal closed during the summary cannot stop it
                written = keeper.write(outcome.meeting, minutes)
            except EmptyChairError as exc:
                with _screen_may_close():
                    out.print(panels.summary(minutes, outcome.meeting.open_actions))
                raise keeper.kept(out, exc) from None
            keeper.remove()  # only now: the minutes are safe
            with _screen_may_close():
                out.print(panels.summary(minutes, outcome.meeting.open_actions))
                err.print(tr(lang, "written", path=str(written)))
            # before the sync, which then shares the links of the issues made
            reach.after_meeting(folder.path, agenda, minutes, prompter, err)
            if agenda.git_sync:
                _share("sync", folder.path, err, lang)
            return written


@contextlib.contextmanager
def _screen_may_close() -> Iterator[None]:
    """What is printed once the meeting is safe on disk: a terminal closed meanwhile ends the run
    as a closed terminal does at a prompt (exit 129), not with a traceback."""
    try:
        yield
    except OSError as exc:
        if exc.errno != errno.EIO and not signals.screen_gone():
            raise
        raise Hangup(signal.SIGHUP) from None


def _share(step: str, path: Path, err: Console, lang: str) -> None:
    """Pull or sync the minutes folder in git; a failure is one yellow line, the meeting goes on."""
    from emptychair.files import git

    worked, said = git.attempt(git.pull if step == "pull" else git.sync_folder, path, lang)
    err.print(panels.safe(said), style=None if worked else "yellow")


class Keeper:
    """Says what happens to the draft as the meeting goes: saved elsewhere, saved again, or not at
    all; and that the lock was lost. The disk side is the DraftFile. Nothing is said on a terminal
    that was closed: the save that follows a closed window must not fail on it."""

    def __init__(self, folder: Folder, held: Lock, m: Meeting, err: Console, minutes: str = "") -> None:
        self.draft = DraftFile(folder, m.started, m.agenda.title, minutes)
        self.folder, self.held, self.err, self.lang = folder, held, err, m.agenda.language
        self.lock_lost = False

    def __enter__(self) -> Keeper:
        return self

    def __exit__(self, *_: object) -> None:
        self.draft.close()

    def write(self, m: Meeting, minutes: Minutes) -> Path:
        """The minutes, under the name the draft gives them. Should another file have that name by
        now (a clone's meeting of the same title, pulled in), the draft says the new name first:
        a kill between the two writes then still finds its own minutes."""
        for _ in range(100):
            if not self.draft.minutes:  # the name was taken meanwhile: a new one, in the draft first
                self.draft.minutes = self.folder.minutes_name(minutes.date, minutes.title)
                self.save(m, "")
            try:
                return self.folder.write_minutes(minutes, self.draft.minutes)
            except FileExistsError:
                self.draft.minutes = ""
        raise problem("err_too_many", path=str(self.folder.path), name=minutes.title)

    def save(self, m: Meeting, typed: str, asking: str = "") -> None:
        change = self.draft.save(m, typed, asking)
        if change is not None and not signals.screen_gone():
            self._say(change)
        if not self.held.keep() and not self.lock_lost:
            self.lock_lost = True
            if not signals.screen_gone():
                self.err.print(tr(self.lang, "lock_lost"), style="bold red")

    def _say(self, change: SaveChange) -> None:
        said = change.why.say(self.lang) if change.why is not None else ""
        if change.how == "again":
            message, style = tr(self.lang, "draft_saved_again", path=str(change.where)), "green"
        elif change.how == "elsewhere":
            message, style = (
                tr(self.lang, "draft_elsewhere", message=said, path=str(change.where)),
                "bold red",
            )
        else:
            message, style = tr(self.lang, "draft_failed", message=said), "bold red"
        self.err.print(panels.safe(message), style=style)

    def say_saved(self, out: Console) -> None:
        where = self.draft.where
        if where == self.draft.home:
            self.err.print(tr(self.lang, "saved"))
        elif where is not None:
            self.err.print(panels.safe(tr(self.lang, "saved_elsewhere", path=str(where))))
        else:
            self._print(out)

    def kept(self, out: Console, why: EmptyChairError) -> EmptyChairError:
        """The minutes cannot be written: the error that says where the whole meeting is."""
        said = why.say(self.lang)
        if self.draft.where is None:
            self._print(out)
            return EmptyChairError(tr(self.lang, "kept_on_screen", message=said))
        return EmptyChairError(tr(self.lang, "kept_in_draft", message=said, draft=str(self.draft.where)))

    def remove(self) -> None:
        self.draft.remove()

    def _print(self, out: Console) -> None:
        self.err.print(tr(self.lang, "printed_instead"), style="bold red")
        out.print(self.draft.unsaved, markup=False, highlight=False, soft_wrap=True)


def _drafts_left(folder: Folder, err: Console, lang: str) -> list[Draft]:
    """The drafts a meeting may resume, newest first. One that cannot be read is named, not hidden.

    A kill between writing the minutes and removing the draft leaves both: the meeting is over,
    so the draft goes (resuming it would write the minutes a second time). The minutes carry the
    start of the meeting to the second, which tells them apart from any other."""
    left = []
    for path, found, why in find_drafts(folder):
        if found is None:
            err.print(panels.safe(tr(lang, "skipped_files", message=f"{path}: {why}")), style="yellow")
            continue
        written = folder.minutes_of(found.started, found.agenda.title, found.minutes)
        if written is None:
            left.append(found)
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            err.print(panels.safe(tr(lang, "draft_was_written", path=str(written), draft=str(path))))
    return left


@dataclass(frozen=True)
class Earlier:
    """What a new meeting needs of the earlier ones, from the read model: a meeting opens fast
    after years of minutes."""

    memory: Memory
    last: Minutes | None  # the latest meeting, for the items it did not reach
    unreadable: tuple[Unreadable, ...]

    @classmethod
    def of(cls, folder: Folder) -> Earlier:
        from emptychair.files.readmodel import open_library

        found = open_library(folder.path)
        memory = found.memory
        last = None
        if memory.latest:  # one that cannot be read now is as good as none: nothing carried over
            read = read_minutes(minutes_path(folder.path, memory.latest))
            last = read if isinstance(read, Minutes) else None
        return cls(memory, last, tuple(found.unreadable))


def _draft_to_resume(
    folder: Folder, drafts: list[Draft], resume: bool | None, prompter: Prompter
) -> Draft | None:
    if resume and not drafts:
        raise problem("err_no_draft", folder=str(folder.path))
    if not drafts or resume is False:
        return None
    found = drafts[0]
    if resume is None:
        meeting = found.meeting()
        lang = meeting.agenda.language
        message = tr(
            lang,
            "resume_found",
            title=meeting.agenda.title,
            when=stamp(meeting.started),
            where=describe_step(meeting),
        )
        choice = prompter.select(message, [("resume", tr(lang, "resume")), ("fresh", tr(lang, "fresh"))])
        if choice != "resume":
            return None
    return found


def _new_meeting(
    agenda: Agenda,
    pool: tuple[Question, ...],
    standard: tuple[Question, ...],
    earlier: Earlier,
    started: datetime,
    prompter: Prompter,
) -> Meeting:
    carried = unreached(agenda, earlier.last)
    if carried:
        titles = prompter.checkbox(tr(agenda.language, "carry_over"), [i.title for i in carried])
        agenda = replace(agenda, items=(*(i for i in carried if i.title in titles), *agenda.items))
    agenda, parked = _parked(agenda, earlier.last, prompter)
    chosen = choose(pool, earlier.memory.asked, chair_steps(agenda), standard)
    memory = earlier.memory
    open_actions = followup_order(
        (
            OpenAction(
                t.action,
                t.made.date(),
                t.origin,
                t.question or t.source,
                t.age,
                remind=t.origin == "chair" and t.age >= agenda.remind_after,
                after=t.seen[0],
                rev=t.seen[1],
                conflict=t.conflict,
            )
            for t in (*memory.open_actions, *memory.unsettled)  # a closed one in conflict is settled here
        ),
        started.date(),
    )
    return start(agenda, chosen, started, open_actions, parked)


def reread(folder: Folder) -> Callable[[OpenAction], OpenAction]:
    """How an action of the follow-up stands in the folder now: another shell may have followed it
    up during the meeting, and the meeting's record must come after what was written meanwhile."""

    def fresh(item: OpenAction) -> OpenAction:
        from emptychair.files.readmodel import open_library

        found = open_library(folder.path)
        try:
            t = found.action(item.action.id)
        finally:
            found.db.close()
        if t is None:
            return item
        after, rev = t.seen
        return replace(item, action=t.action, after=after, rev=rev, conflict=t.conflict)

    return fresh


def _parked(agenda: Agenda, last: Minutes | None, prompter: Prompter) -> tuple[Agenda, tuple[str, ...]]:
    """The last meeting's parking lot: the topics taken up become items (first, like the items it
    did not reach); the others stay parked, unless unticked: those are dropped."""
    waiting = [t for t in (last.parked if last else ()) if t not in {i.title for i in agenda.items}]
    if not waiting:
        return agenda, ()
    lang = agenda.language
    taken = prompter.checkbox(tr(lang, "parked_offer"), waiting)
    rest = [t for t in waiting if t not in taken]
    kept = prompter.checkbox(tr(lang, "parked_keep"), rest) if rest else []
    items = tuple(Item(t, agenda.topic_minutes) for t in taken)
    return replace(agenda, items=(*items, *agenda.items)), tuple(kept)


def unreached(agenda: Agenda, last: Minutes | None) -> tuple[Item, ...]:
    """Items the last meeting skipped or did not reach, and that this agenda does not hold already."""
    if last is None:
        return ()
    planned = {item.title for item in agenda.items}
    return tuple(
        Item(i.title, max(i.planned_minutes, 1), i.presenter)
        for i in last.items
        if i.status in ("skipped", "not reached") and i.title not in planned
    )


def describe_step(m: Meeting) -> str:
    step = m.step
    title = m.agenda.items[step.item].title if step.kind == ITEM else m.person()
    return tr(m.agenda.language, step_key(step.kind), title=title)
