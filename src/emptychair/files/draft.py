"""A meeting in progress as a file: its agenda, the questions and open actions chosen, every event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from emptychair.core.agenda import Agenda, agenda_dict, parse_agenda
from emptychair.core.meeting import Event, Meeting, OpenAction, replay, start
from emptychair.core.minutes import ORIGINS, action_dict, followup_dict, read_action, read_followups
from emptychair.core.questions import Question, question_dict, read_question
from emptychair.core.tomldata import Checker, dumps_blocks, parse_toml
from emptychair.errors import EmptyChairError

SCHEMA = 1


@dataclass(frozen=True)
class Draft:
    agenda: Agenda  # the plan as the meeting started: a later edit of the file does not change it
    started: datetime
    questions: tuple[Question, ...]
    open_actions: tuple[OpenAction, ...]
    events: tuple[Event, ...]
    pending: str = ""  # text half-typed when the meeting was interrupted
    folder: str = ""  # the minutes folder, absolute: a draft kept elsewhere (disk full) names its home

    def meeting(self) -> Meeting:
        """The meeting this draft describes, at the step where it stopped."""
        try:
            return replay(start(self.agenda, self.questions, self.started, self.open_actions), self.events)
        except ValueError as exc:
            raise EmptyChairError(
                f"the unfinished meeting of {self.started:%Y-%m-%d %H:%M} cannot be replayed: {exc}"
            ) from None


def draft_of(m: Meeting, pending: str = "", folder: str = "") -> Draft:
    return Draft(m.agenda, m.started, m.questions, m.open_actions, m.events, pending, folder)


def dump_draft(d: Draft) -> str:
    return dumps_blocks(
        {
            "schema": SCHEMA,
            "started": d.started,
            "pending": d.pending,
            "folder": d.folder,
            "agenda": agenda_dict(d.agenda),
            "questions": [question_dict(q) for q in d.questions],
            "open_actions": [
                {
                    "made": o.made,
                    "origin": o.origin,
                    "source": o.source,
                    "age": o.age,
                    "remind": o.remind,
                    "action": action_dict(o.action),
                }
                for o in d.open_actions
            ],
            "events": [_event_dict(e) for e in d.events],
        }
    )


def _event_dict(e: Event) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": e.kind, "at": e.at}
    if e.text:
        row["text"] = e.text
    if e.present or e.kind == "attend":
        row["present"] = list(e.present)
    if e.guests:
        row["guests"] = list(e.guests)
    if e.action is not None:
        row["action"] = action_dict(e.action)
    if e.followup is not None:
        row["followups"] = [followup_dict(e.followup)]
    if e.person:
        row["person"] = e.person
    return row


def load_draft(text: str, source: str) -> Draft:
    data = parse_toml(text, source)
    check = Checker(source)
    if data.get("schema") != SCHEMA:
        raise EmptyChairError(f"{source}: not a draft this version of emptychair can read")
    agenda = parse_agenda(check.table(data, "agenda"), check, base=Path("/"))
    draft = Draft(
        agenda=agenda,
        started=check.moment(data, "started"),
        questions=check.each(
            check.tables(data, "questions"), "questions", lambda r, at: read_question(check, r, at)
        ),
        open_actions=check.each(
            check.tables(data, "open_actions"), "open_actions", lambda r, at: _open(check, r, at)
        ),
        events=check.each(check.tables(data, "events"), "events", lambda r, at: _event(check, r, at)),
        pending=check.text(data, "pending", default=""),
        folder=check.text(data, "folder", default=""),
    )
    check.raise_if_any()
    return draft


def _open(check: Checker, row: dict[str, Any], at: str) -> OpenAction:
    return OpenAction(
        action=read_action(check, check.table(row, "action", at), f"{at}.action"),
        made=check.date(row, "made", at) or date(1970, 1, 1),
        origin=check.choice(row, "origin", ORIGINS, at),
        source=check.text(row, "source", at, default=""),
        age=check.whole(row, "age", at, low=0, high=1_000_000),
        remind=check.flag(row, "remind", at),
    )


def _event(check: Checker, row: dict[str, Any], at: str) -> Event:
    action = row.get("action")
    followups = read_followups(check, row)
    return Event(
        kind=check.text(row, "kind", at),
        at=check.moment(row, "at", at),
        text=check.text(row, "text", at, default=""),
        present=check.texts(row, "present", at),
        guests=check.texts(row, "guests", at),
        action=read_action(check, action, f"{at}.action") if isinstance(action, dict) else None,
        followup=followups[0] if followups else None,
        person=check.text(row, "person", at, default=""),
    )
