"""`emptychair run`: agenda, minutes folder, lock, ledger, draft and terminal UI put together."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from emptychair.core.agenda import Agenda, Item, load_agenda
from emptychair.core.history import Memory
from emptychair.core.meeting import (
    CHAIR,
    ITEM,
    Event,
    Meeting,
    OpenAction,
    apply,
    chair_steps,
    start,
    to_minutes,
)
from emptychair.core.minutes import Minutes, from_toml
from emptychair.core.questions import QuestionSet, choose, shipped, team_set
from emptychair.errors import EmptyChairError, problem
from emptychair.files import draft as draft_codec
from emptychair.files.folder import Folder, Problem, read_each
from emptychair.locale import tr
from emptychair.terminal import panels

if TYPE_CHECKING:
    from emptychair.terminal.meeting_ui import Prompter

ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: ids are read aloud and typed


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def id_factory(taken: set[str]) -> Callable[[], str]:
    def new_id() -> str:
        while True:
            candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(6))
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    return new_id


def run(
    agenda_path: Path,
    out: Console,
    err: Console,
    *,
    resume: bool | None = None,
    prompter: Prompter | None = None,
    clock: Callable[[], datetime] = now,
    language: str = "en",
    theme: str = "",
) -> Path | None:
    """Run a meeting; returns the minutes written, or None when it was saved for later or discarded."""
    from emptychair.terminal.meeting_ui import MeetingUI, Prompter

    agenda = load_agenda(agenda_path, language)
    prompter = prompter or Prompter(agenda.language)
    questions = question_set(agenda)
    folder = Folder(agenda.minutes_dir)
    started = clock()
    with folder.lock(started):
        history = History.of(folder)
        for broken in history.problems:
            said = tr(agenda.language, "skipped_files", message=broken.say(agenda.language))
            err.print(panels.safe(said), style="yellow")
        found = _draft_to_resume(folder, resume, prompter)
        if found is not None:
            draft_path, draft = found
            meeting, pending = draft.meeting(), draft.pending
            if meeting.step.kind == ITEM:
                meeting = apply(meeting, Event("resume", clock()))
        else:
            meeting = _new_meeting(agenda, questions, theme, history, started, prompter)
            draft_path, pending = folder.draft_path(started, agenda.title), ""
        taken = set(history.memory.ids) | {a.id for a in meeting.all_actions()}

        lang = meeting.agenda.language
        failing: list[str] = []  # the last draft write that failed, if the latest one did

        def save(m: Meeting, typed: str) -> None:
            try:
                folder.save_draft(draft_path, draft_codec.from_meeting(m, typed))
                failing.clear()
            except EmptyChairError as exc:
                if not failing:
                    err.print(panels.safe(tr(lang, "draft_failed", message=exc.say(lang))), style="bold red")
                failing[:] = [draft_codec.to_toml(draft_codec.from_meeting(m, typed))]

        out.print(panels.meeting_header(meeting.agenda, questions.ground_rules, meeting.started.date()))
        ui = MeetingUI(
            prompter, out, clock, id_factory(taken), save, history.memory.recalls, questions.recognition()
        )
        outcome = ui.run(meeting, pending)
        if outcome.how == "discarded":
            draft_path.unlink(missing_ok=True)
            err.print(tr(lang, "discarded"))
            return None
        if outcome.how == "saved":
            _last_resort(out, err, lang, failing)
            err.print(tr(lang, "saved"))
            return None
        minutes = to_minutes(outcome.meeting)
        out.print(panels.summary(minutes, outcome.meeting.open_actions))
        try:
            written = folder.write_minutes(minutes)
        except EmptyChairError as exc:
            _last_resort(out, err, lang, failing)
            raise EmptyChairError(
                tr(lang, "kept_in_draft", message=exc.say(lang), draft=str(draft_path))
            ) from None
        draft_path.unlink(missing_ok=True)  # only now: the minutes are safe
        err.print(tr(lang, "written", path=str(written)))
        return written


def _last_resort(out: Console, err: Console, lang: str, failing: list[str]) -> None:
    """The draft could not be saved either: print the meeting, so that it is not lost."""
    if failing:
        err.print(tr(lang, "printed_instead"), style="bold red")
        out.print(failing[0], markup=False, highlight=False, soft_wrap=True)


def question_set(agenda: Agenda) -> QuestionSet:
    """The team's own set when the agenda names one, else the shipped set of the meeting's language."""
    if agenda.questions is not None:
        return team_set(agenda.questions, agenda.language)
    return shipped(agenda.language)


@dataclass(frozen=True)
class History:
    """What a new meeting needs of the earlier ones, from the read model: a meeting opens fast
    after years of minutes."""

    memory: Memory
    last: Minutes | None  # the latest meeting, for the items it did not reach
    problems: tuple[Problem, ...]

    @classmethod
    def of(cls, folder: Folder) -> History:
        from emptychair.files.readmodel import open_library

        found = open_library(folder.path)
        memory = found.memory
        last = None
        if memory.latest:
            read, _ = read_each([folder.path / f"{memory.latest}.toml"], from_toml)
            last = read[0][1] if read else None
        return cls(memory, last, tuple(found.problems))


def _draft_to_resume(
    folder: Folder, resume: bool | None, prompter: Prompter
) -> tuple[Path, draft_codec.Draft] | None:
    drafts = [(path, d) for path, d, _ in folder.drafts() if d is not None]
    if resume and not drafts:
        raise problem("err_no_draft", folder=str(folder.path))
    if not drafts or resume is False:
        return None
    path, found = drafts[0]
    if resume is None:
        meeting = found.meeting()
        lang = meeting.agenda.language
        message = tr(
            lang,
            "resume_found",
            title=meeting.agenda.title,
            when=f"{meeting.started:%Y-%m-%d %H:%M}",
            where=describe_step(meeting),
        )
        choice = prompter.select(message, [("resume", tr(lang, "resume")), ("fresh", tr(lang, "fresh"))])
        if choice != "resume":
            return None
    return path, found


def _new_meeting(
    agenda: Agenda,
    questions: QuestionSet,
    theme: str,
    history: History,
    started: datetime,
    prompter: Prompter,
) -> Meeting:
    carried = unreached(agenda, history.last)
    if carried:
        titles = prompter.checkbox(tr(agenda.language, "carry_over"), [i.title for i in carried])
        agenda = replace(agenda, items=(*(i for i in carried if i.title in titles), *agenda.items))
    pool = questions.pool([theme] if theme else agenda.themes)
    chosen = choose(pool, history.memory.asked, chair_steps(agenda))
    open_actions = tuple(
        OpenAction(
            t.action,
            t.made.date(),
            t.origin,
            t.question or t.source,
            t.age,
            remind=t.origin == "chair" and t.age >= agenda.remind_after,
        )
        for t in history.memory.open_actions
    )
    return start(agenda, chosen, started, open_actions)


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
    lang = m.agenda.language
    if step.kind == ITEM:
        return f"“{m.agenda.items[step.item].title}”"
    if step.kind == CHAIR:
        return tr(lang, "step_chair")
    return tr(lang, "step_" + step.kind)
