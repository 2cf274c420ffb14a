"""The meeting, from the agenda to the minutes: lock, git pull, closed issues, the look back at
earlier meetings, drafts and resume, carry-over, the draft after every event, the minutes, then
the tracker, the chat and the git sync.

The people in the room are reached through a `Room` (the terminal implements it); nothing here
draws or prompts, and what happens is told to the room as plain messages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from emptychair.app.checkin import planner
from emptychair.app.chooser import choices
from emptychair.app.reading import minutes_path, read_minutes
from emptychair.app.team import see_minutes
from emptychair.clock import now
from emptychair.core.agenda import Agenda, Item
from emptychair.core.appreciation import kept_promises
from emptychair.core.checkin import Checkin
from emptychair.core.dates import stamp
from emptychair.core.dilemma import DILEMMA, DILEMMA_MINUTES, dilemma_due, meetings_since
from emptychair.core.history import Memory
from emptychair.core.ids import id_factory
from emptychair.core.meeting import (
    ITEM,
    TIMED,
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
from emptychair.core.proposals import Offer
from emptychair.core.questions import Question, QuestionSet, Recall
from emptychair.core.search import Query
from emptychair.errors import EmptyChairError, Hangup, Interrupted, problem
from emptychair.files.config import ready
from emptychair.files.draft import Draft, DraftFile, SaveChange, find_drafts
from emptychair.files.folder import Folder, Lock, Recordings, Unreadable
from emptychair.locale import tr

if TYPE_CHECKING:
    from emptychair.files.feedback import Records

Tone = Literal["", "ok", "warn", "alarm"]  # plain, it went well, it did not (the meeting goes on), act now


class Room(Protocol):
    """The people in the room, as the meeting reaches them: the terminal implements it (its
    MeetingUI, Prompter and consoles). Every message is plain text, escaped by the room."""

    def begin(self, lang: str) -> None:
        """The agenda is read: from here on the room speaks `lang`."""

    def tell(self, message: str, tone: Tone = "") -> None:
        """One line beside the meeting (stderr): "" plain, ok, warn or alarm."""

    def select(self, message: str, choices: list[tuple[str, str]], keys: str = "") -> str:
        """One of `choices` (value, label); `keys` a letter each (else the room picks them)."""
        ...

    def checkbox(self, message: str, names: list[str]) -> list[str]: ...

    def confirm(self, message: str) -> bool:
        """Yes or no; Ctrl-C raises Interrupted."""
        ...

    def hold(self, meeting: Meeting, pending: str, asking: str, ties: Ties) -> Outcome:
        """The meeting itself, its header first, then step by step until it is finished, saved for
        later or discarded."""
        ...

    def summary(self, minutes: Minutes, followed: tuple[OpenAction, ...]) -> None: ...

    def unsaved(self, text: str) -> None:
        """The whole draft, printed as it is: it could be saved nowhere."""

    def gone(self) -> bool:
        """The room's screen was closed: nothing more is said on it."""
        ...

    def may_close(self) -> AbstractContextManager[None]:
        """What is said once the meeting is safe on disk: a screen closed meanwhile ends the run as
        a closed screen does at a prompt (Hangup), not with a traceback."""
        ...


@dataclass(frozen=True)
class Ties:
    """What the meeting's screen needs of the folder and of earlier meetings."""

    new_id: Callable[[], str]  # a new action id, none of those taken
    save: Callable[[Meeting, str, str], None]  # the draft, after every event (meeting, typed, asking)
    recalls: dict[str, Recall]  # what the chair's questions got before
    recognition: Question | None
    reread: Callable[[OpenAction], OpenAction]  # an action of the follow-up as it stands now
    ground_rules: tuple[str, ...] = ()
    speak: bool = False  # the chair's questions aloud
    speak_to: Recordings | None = None  # or as WAV files into this folder
    kept: tuple[str, ...] = ()  # the chair's actions done since the last meeting: the chair says so
    checkin: Callable[[tuple[str, ...]], tuple[Checkin, ...]] | None = None  # [opening] checkin


@dataclass(frozen=True)
class Outcome:
    """How the meeting's screen ended: finished, or stopped with a draft to keep, or discarded."""

    meeting: Meeting
    how: Literal["finished", "saved", "discarded"]
    pending: str = ""


def hold_meeting(
    agenda_path: Path,
    room: Room,
    *,
    resume: bool | None = None,
    clock: Callable[[], datetime] = now,
    language: str = "en",
    theme: str = "",
    speak: bool = False,
    speak_to: Path | None = None,
) -> Path | None:
    """Run a meeting; returns the minutes written, or None when it was saved for later or discarded.

    The folder is locked, pulled (with `[git] sync`) and closed issues pulled in first; a draft is
    resumed, or a new meeting starts with what the last one did not reach; after every event the
    draft is saved; at the end the minutes are written, then actions pushed, the digest posted and
    the folder synced, as the agenda says."""
    found_ready = ready(agenda_path, language, theme)  # every check `agenda check` makes
    agenda, questions = found_ready.agenda, found_ready.questions
    room.begin(agenda.language)
    folder = Folder(agenda.minutes_dir)
    started = clock()
    with folder.lock(started) as held:
        if agenda.git_sync:  # the team's meetings and follow-ups first, so the follow-up sees them
            _share("pull", folder.path, room, agenda.language)
        _before(folder.path, agenda, room)  # closed issues first: the follow-up skips them
        earlier = Earlier.of(folder)
        for broken in earlier.unreadable:
            room.tell(tr(agenda.language, "skipped_files", message=broken.say(agenda.language)), "warn")
        drafts = _drafts_left(folder, room, agenda.language)
        found = _draft_to_resume(folder, drafts, resume, room)
        if found is not None:
            meeting, pending, asking = found.meeting(), found.pending, found.asking
            if meeting.step.kind in TIMED:  # a break (#pause) stays one: the core keeps its clock stopped
                meeting = apply(meeting, Resumed(clock()))
        else:
            meeting = _new_meeting(agenda, questions, found_ready.pool, earlier, started, room)
            pending, asking = "", ""
        taken = set(earlier.memory.ids) | {a.id for a in meeting.all_actions()}

        lang = meeting.agenda.language
        # the minutes' name is taken now: its draft then knows which minutes are its own
        name = (found.minutes if found is not None else "") or folder.minutes_name(
            started.date(), agenda.title
        )
        with Keeper(folder, held, meeting, room, name) as keeper:
            if found is not None:
                keeper.save(meeting, pending, asking)  # `emptychair screen` sees the resume at once
            ties = Ties(
                id_factory(taken),
                keeper.save,
                earlier.memory.recalls,
                questions.recognition(),
                reread(folder),
                questions.ground_rules,
                speak=speak or speak_to is not None or agenda.speak,
                speak_to=Recordings(speak_to) if speak_to is not None else None,
                kept=earlier.kept,
                checkin=planner(folder.path, lang) if meeting.agenda.checkin else None,
            )
            try:
                outcome = room.hold(meeting, pending, asking, ties)
            except Hangup:
                if not room.gone():  # a closed window gets nothing more
                    with contextlib.suppress(OSError):
                        keeper.say_saved()
                raise
            if outcome.how == "discarded":
                keeper.remove()
                room.tell(tr(lang, "discarded"))
                return None
            if outcome.how == "saved":
                keeper.say_saved()
                return None
            recognition = questions.recognition()
            minutes = to_minutes(outcome.meeting, recognition.text if recognition else "")
            try:  # first, so that a screen closed during the summary cannot stop it
                written = keeper.write(outcome.meeting, minutes)
            except EmptyChairError as exc:
                with room.may_close():
                    room.summary(minutes, outcome.meeting.open_actions)
                raise keeper.kept(exc) from None
            keeper.remove()  # only now: the minutes are safe
            _quoted(folder.path, minutes, written, room, lang)
            with room.may_close():
                room.summary(minutes, outcome.meeting.open_actions)
                room.tell(tr(lang, "written", path=str(written)))
                room.tell(tr(lang, "minutes_see", command=see_minutes(folder.path, written)))
            # before the sync, which then shares the links of the issues made
            _after(folder.path, agenda, minutes, room)
            if agenda.git_sync:
                _share("sync", folder.path, room, lang)
            return written


def _before(folder: Path, agenda: Agenda, room: Room) -> None:
    """Closed issues pulled in first (`[tracker] pull`); a failure is one line, the meeting goes on."""
    if not agenda.reach.pull:
        return
    from emptychair.app.tracker import pull_first

    worked, said = pull_first(folder, agenda, agenda.language)
    room.tell(said, "" if worked else "warn")


def _after(folder: Path, agenda: Agenda, minutes: Minutes, room: Room) -> None:
    """Once the minutes are written: the actions pushed to the tracker (after one question) and the
    digest posted to the chat. Each failure is one line: the meeting is safe on disk."""
    from emptychair.app.tracker import push_after, to_push

    lang = agenda.language
    actions = to_push(minutes, agenda)
    if actions:
        target = agenda.reach.tracker
        ids = " ".join(a.id for a in actions)
        if target is None:
            room.tell(tr(lang, "push_no_tracker", ids=ids), "warn")
        elif _yes(room, tr(lang, "push_confirm", count=len(actions), target=str(target))):
            worked, said = push_after(folder, agenda, actions, lang)
            room.tell(said, "" if worked else "warn")
        else:
            room.tell(tr(lang, "push_not_now", ids=ids))
    if agenda.reach.post:
        from emptychair.app.share import post_after

        worked, said = post_after(folder, agenda, lang)
        room.tell(said, "" if worked else "warn")


def _quoted(folder: Path, minutes: Minutes, written: Path, room: Room, lang: str) -> None:
    """The record of the feedback the chair quoted, so that no later meeting quotes it again; a
    failure is a warning (the minutes name the quotes too)."""
    from emptychair.app.quotes import record_quotes

    try:
        record_quotes(folder, minutes, written.stem, minutes.ended)
    except EmptyChairError as exc:
        room.tell(exc.say(lang), "warn")


def _yes(room: Room, question: str) -> bool:
    try:
        return room.confirm(question)
    except Interrupted:  # Ctrl-C here is "not now": the minutes are written already
        return False


def _share(step: str, path: Path, room: Room, lang: str) -> None:
    """Pull or sync the minutes folder in git; a failure is one warning, the meeting goes on."""
    from emptychair.files import git

    worked, said = git.attempt(git.pull if step == "pull" else git.sync_folder, path, lang)
    room.tell(said, "" if worked else "warn")


class Keeper:
    """Says what happens to the draft as the meeting goes: saved elsewhere, saved again, or not at
    all; and that the lock was lost. The disk side is the DraftFile. Nothing is said on a terminal
    that was closed: the save that follows a closed window must not fail on it."""

    def __init__(self, folder: Folder, held: Lock, m: Meeting, room: Room, minutes: str = "") -> None:
        self.draft = DraftFile(folder, m.started, m.agenda.title, minutes)
        self.folder, self.held, self.room, self.lang = folder, held, room, m.agenda.language
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
        if change is not None and not self.room.gone():
            self._say(change)
        if not self.held.keep() and not self.lock_lost:
            self.lock_lost = True
            if not self.room.gone():
                self.room.tell(tr(self.lang, "lock_lost"), "alarm")

    def _say(self, change: SaveChange) -> None:
        said = change.why.say(self.lang) if change.why is not None else ""
        tone: Tone
        if change.how == "again":
            message, tone = tr(self.lang, "draft_saved_again", path=str(change.where)), "ok"
        elif change.how == "elsewhere":
            message, tone = tr(self.lang, "draft_elsewhere", message=said, path=str(change.where)), "alarm"
        else:
            message, tone = tr(self.lang, "draft_failed", message=said), "alarm"
        self.room.tell(message, tone)

    def say_saved(self) -> None:
        where = self.draft.where
        if where == self.draft.home:
            self.room.tell(tr(self.lang, "saved"))
        elif where is not None:
            self.room.tell(tr(self.lang, "saved_elsewhere", path=str(where)))
        else:
            self._print()

    def kept(self, why: EmptyChairError) -> EmptyChairError:
        """The minutes cannot be written: the error that says where the whole meeting is."""
        said = why.say(self.lang)
        if self.draft.where is None:
            self._print()
            return EmptyChairError(tr(self.lang, "kept_on_screen", message=said))
        return EmptyChairError(tr(self.lang, "kept_in_draft", message=said, draft=str(self.draft.where)))

    def remove(self) -> None:
        self.draft.remove()

    def _print(self) -> None:
        self.room.tell(tr(self.lang, "printed_instead"), "alarm")
        self.room.unsaved(self.draft.unsaved)


def _drafts_left(folder: Folder, room: Room, lang: str) -> list[Draft]:
    """The drafts a meeting may resume, newest first. One that cannot be read is named, not hidden.

    A kill between writing the minutes and removing the draft leaves both: the meeting is over,
    so the draft goes (resuming it would write the minutes a second time). The minutes carry the
    start of the meeting to the second, which tells them apart from any other."""
    left = []
    for path, found, why in find_drafts(folder):
        if found is None:
            room.tell(tr(lang, "skipped_files", message=f"{path}: {why}"), "warn")
            continue
        written = folder.minutes_of(found.started, found.agenda.title, found.minutes)
        if written is None:
            left.append(found)
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            room.tell(tr(lang, "draft_was_written", path=str(written), draft=str(path)))
    return left


@dataclass(frozen=True)
class Earlier:
    """What a new meeting needs of the earlier ones, from the read model: a meeting opens fast
    after years of minutes."""

    memory: Memory
    last: Minutes | None  # the latest meeting, for the items it did not reach
    unreadable: tuple[Unreadable, ...]
    kept: tuple[str, ...] = ()  # the chair's actions done since the latest meeting ended
    people: tuple[str, ...] = ()  # every name the minutes know: who may own an action, absent or not
    since_dilemma: int | None = None  # meetings held since the last dilemma round (None: none yet)
    held: int = 0  # meetings held before this one
    feedback: Callable[[], Records] | None = None  # the feedback records, read when the chair quotes

    @classmethod
    def of(cls, folder: Folder) -> Earlier:
        from emptychair.files.readmodel import open_library

        found = open_library(folder.path)
        memory = found.memory
        last = None
        if memory.latest:  # one that cannot be read now is as good as none: nothing carried over
            read = read_minutes(minutes_path(folder.path, memory.latest))
            last = read if isinstance(read, Minutes) else None
        kept = kept_promises(found.done_by_chair_since(last.ended), last.ended) if last else ()
        held = [r.name for r in reversed(found.rows)]
        told = [u.meeting for u in found.search(Query(kinds=frozenset({DILEMMA})))]
        return cls(
            memory,
            last,
            tuple(found.unreadable),
            kept,
            found.people,
            meetings_since(told, held),
            len(held),
            found.feedback_records,
        )


def _draft_to_resume(folder: Folder, drafts: list[Draft], resume: bool | None, room: Room) -> Draft | None:
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
        choices = [("resume", tr(lang, "resume")), ("fresh", tr(lang, "fresh"))]
        choice = room.select(message, choices, tr(lang, "resume_keys"))
        if choice != "resume":
            return None
    return found


def _new_meeting(
    agenda: Agenda,
    questions: QuestionSet,
    pool: tuple[Question, ...],
    earlier: Earlier,
    started: datetime,
    room: Room,
) -> Meeting:
    carried = unreached(agenda, earlier.last)
    if carried:
        titles = room.checkbox(tr(agenda.language, "carry_over"), [i.title for i in carried])
        agenda = replace(agenda, items=(*(i for i in carried if i.title in titles), *agenda.items))
    offered = _offered(agenda, earlier.last, room)
    agenda = _dilemma_back(agenda, earlier, room)
    # where the customer's voice is weakest (core.chooser), as `prompts next` says it
    picks = choices(agenda.minutes_dir, questions, pool, chair_steps(agenda), started.date(), agenda)
    chosen = tuple(c.question for c in picks)
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
    from emptychair.app.quotes import chosen_quotes

    quotes = chosen_quotes(earlier.feedback or _records_of(agenda.minutes_dir), agenda, chosen, started)
    team = (*agenda.attendees, *earlier.people)  # Meeting.owners counts each person once
    reasons = tuple(c.reason for c in picks)
    return start(
        agenda, chosen, started, open_actions, quotes=quotes, offered=offered, team=team, reasons=reasons
    )


def _dilemma_back(agenda: Agenda, earlier: Earlier, room: Room) -> Agenda:
    """[chair] dilemma_every = N: every Nth meeting has a dilemma round, so that the theme comes
    back regularly (004), unless the agenda has one already."""
    if any(i.kind == DILEMMA for i in agenda.items):
        return agenda
    if not dilemma_due(agenda.dilemma_every, earlier.since_dilemma, earlier.held):
        return agenda
    lang = agenda.language
    room.tell(tr(lang, "dilemma_back", every=agenda.dilemma_every))
    item = Item(tr(lang, "dilemma_title"), DILEMMA_MINUTES, kind=DILEMMA)
    return replace(agenda, items=(*agenda.items, item))


def _records_of(path: Path) -> Callable[[], Records]:
    def read() -> Records:
        from emptychair.files.readmodel import open_library

        found = open_library(path)
        try:
            return found.feedback_records()
        finally:
            found.db.close()

    return read


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


def _offered(agenda: Agenda, last: Minutes | None, room: Room) -> tuple[Offer, ...]:
    """What the meeting offers after the attendance: the last meeting's parking lot, then every
    proposal no meeting decided yet (the room chooses; see core.meeting.Chosen)."""
    from emptychair.app.proposals import offers

    titles = {i.title for i in agenda.items}
    parked = tuple(Offer(t) for t in dict.fromkeys(last.parked if last else ()) if t not in titles)
    proposed, unreadable = offers(agenda.minutes_dir)
    for broken in unreadable:
        room.tell(tr(agenda.language, "skipped_files", message=broken.say(agenda.language)), "warn")
    return (*parked, *proposed)


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
    """Where a meeting stopped, as the resume question and the list of drafts say it."""
    step = m.step
    title = m.agenda.items[step.index].title if step.kind == ITEM else m.person()
    return tr(m.agenda.language, step_key(step.kind), title=title)
