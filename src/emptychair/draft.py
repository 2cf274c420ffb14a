"""A meeting in progress as a file: the agenda it runs, the questions chosen and every event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from emptychair.chair import Question
from emptychair.errors import EmptyChairError
from emptychair.meeting import Event, Meeting
from emptychair.minutes import action_dict, read_action
from emptychair.tomlfile import Checker, dumps_blocks, parse_toml

SCHEMA = 1


@dataclass(frozen=True)
class Draft:
    agenda_path: str
    agenda_text: str  # the agenda as it was when the meeting started, so a resume runs the same plan
    started: datetime
    questions: tuple[Question, ...]
    events: tuple[Event, ...]
    pending: str = ""  # text half-typed when the meeting was interrupted


def from_meeting(m: Meeting, agenda_path: str, agenda_text: str, pending: str = "") -> Draft:
    return Draft(agenda_path, agenda_text, m.started, m.questions, m.events, pending)


def to_toml(d: Draft) -> str:
    return dumps_blocks(
        {
            "schema": SCHEMA,
            "agenda_path": d.agenda_path,
            "started": d.started,
            "pending": d.pending,
            "agenda": d.agenda_text,
            "questions": [
                {"id": q.id, "theme": q.theme, "text": q.text, "follow_up": q.follow_up, "seed": q.seed}
                for q in d.questions
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
    return row


def from_toml(text: str, source: str) -> Draft:
    data = parse_toml(text, source)
    check = Checker(source)
    if data.get("schema") != SCHEMA:
        raise EmptyChairError(f"{source}: not a draft this version of emptychair can read")
    questions = check.each(
        check.tables(data, "questions"),
        "questions",
        lambda r, at: Question(
            id=check.text(r, "id", at),
            theme=check.text(r, "theme", at),
            text=check.text(r, "text", at),
            follow_up=check.text(r, "follow_up", at),
            seed=check.text(r, "seed", at, default=""),
        ),
    )
    events = check.each(check.tables(data, "events"), "events", lambda r, at: _event(check, r, at))
    draft = Draft(
        agenda_path=check.text(data, "agenda_path"),
        agenda_text=check.text(data, "agenda"),
        started=check.moment(data, "started"),
        questions=questions,
        events=events,
        pending=check.text(data, "pending", default=""),
    )
    check.raise_if_any()
    return draft


def _event(check: Checker, row: dict[str, Any], at: str) -> Event:
    action = row.get("action")
    return Event(
        kind=check.text(row, "kind", at),
        at=check.moment(row, "at", at),
        text=check.text(row, "text", at, default=""),
        present=check.texts(row, "present", at),
        guests=check.texts(row, "guests", at),
        action=read_action(check, action, f"{at}.action") if isinstance(action, dict) else None,
    )
