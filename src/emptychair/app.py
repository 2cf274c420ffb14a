"""`emptychair run`: agenda, minutes folder, lock, draft and terminal UI put together."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from emptychair import chair, render
from emptychair import draft as draft_codec
from emptychair.agenda import Agenda, load_agenda, parse_agenda
from emptychair.errors import EmptyChairError
from emptychair.i18n import tr
from emptychair.meeting import CHAIR, ITEM, Event, Meeting, apply, chair_steps, replay, start, to_minutes
from emptychair.minutes import Minutes
from emptychair.store import Folder
from emptychair.tomlfile import Checker, parse_toml

if TYPE_CHECKING:
    from emptychair.ui import Prompter

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
) -> Path | None:
    """Run a meeting; returns the minutes written, or None when it was saved for later or discarded."""
    from emptychair.ui import MeetingUI, Prompter

    prompter = prompter or Prompter()
    agenda = load_agenda(agenda_path)
    agenda_text = agenda_path.read_text("utf-8")
    folder = Folder(agenda.minutes_dir)
    started = clock()
    with folder.lock(started):
        past, problems = folder.read_all()
        for problem in problems:
            err.print(
                render.safe(
                    tr(agenda.language, "skipped_files", path=problem.path.name, message=problem.message)
                ),
                style="yellow",
            )
        meeting, draft_path, pending = _resume_or_start(
            folder, agenda, past, resume, started, clock, prompter
        )
        taken = {a.id for _, minutes in past for a, _ in minutes.actions()}
        taken |= {a.id for a in meeting.all_actions()}

        def save(m: Meeting, typed: str) -> None:
            folder.save_draft(draft_path, draft_codec.from_meeting(m, str(agenda_path), agenda_text, typed))

        ui = MeetingUI(prompter, out, clock, id_factory(taken), save)
        out.print(render.meeting_header(meeting.agenda, _rules(meeting.agenda), meeting.started.date()))
        outcome = ui.run(meeting, pending)
        lang = meeting.agenda.language
        if outcome.how == "saved":
            err.print(tr(lang, "saved"))
            return None
        if outcome.how == "discarded":
            draft_path.unlink(missing_ok=True)
            err.print(tr(lang, "discarded"))
            return None
        minutes = to_minutes(outcome.meeting)
        out.print(render.summary(minutes))
        written = folder.write_minutes(minutes)  # the draft goes only once the minutes are safe
        draft_path.unlink(missing_ok=True)
        err.print(tr(lang, "written", path=str(written)))
        return written


def _rules(agenda: Agenda) -> tuple[str, ...]:
    return chair.shipped(agenda.language).ground_rules


def _resume_or_start(
    folder: Folder,
    agenda: Agenda,
    past: list[tuple[Path, Minutes]],
    resume: bool | None,
    started: datetime,
    clock: Callable[[], datetime],
    prompter: Prompter,
) -> tuple[Meeting, Path, str]:
    drafts = [(path, d) for path, d, _ in folder.drafts() if d is not None]
    if resume and not drafts:
        raise EmptyChairError(f"no unfinished meeting to resume in {folder.path}")
    if drafts and resume is not False:
        path, found = drafts[0]
        meeting = rebuild(found)
        if resume is None:
            lang = meeting.agenda.language
            message = tr(
                lang,
                "resume_found",
                title=meeting.agenda.title,
                when=f"{meeting.started:%Y-%m-%d %H:%M}",
                where=describe_step(meeting),
            )
            choice = prompter.select(message, [("resume", tr(lang, "resume")), ("fresh", tr(lang, "fresh"))])
            resume = choice == "resume"
        if resume:
            if meeting.step.kind == ITEM:
                meeting = apply(meeting, Event("resume", clock()))
            return meeting, path, found.pending
    asked = [record.question_id for _, minutes in past for record in minutes.chair]
    questions = chair.choose(chair.shipped(agenda.language).standard(), asked, chair_steps(agenda))
    meeting = start(agenda, questions, started)
    return meeting, folder.draft_path(started, agenda.title), ""


def rebuild(found: draft_codec.Draft) -> Meeting:
    """The meeting a draft describes, at the step where it stopped."""
    check = Checker(found.agenda_path)
    data = parse_toml(found.agenda_text, found.agenda_path)
    agenda = parse_agenda(data, check, base=Path(found.agenda_path).parent)
    check.raise_if_any()
    try:
        return replay(start(agenda, found.questions, found.started), found.events)
    except ValueError as exc:
        raise EmptyChairError(
            f"the unfinished meeting of {found.started:%Y-%m-%d %H:%M} cannot be replayed: {exc}"
        ) from None


def describe_step(m: Meeting) -> str:
    step = m.step
    lang = m.agenda.language
    if step.kind == ITEM:
        return f"“{m.agenda.items[step.item].title}”"
    if step.kind == CHAIR:
        return tr(lang, "step_chair")
    return tr(lang, "step_" + step.kind)
