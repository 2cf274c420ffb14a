"""The agenda: what a meeting plans to cover, checked from its TOML data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emptychair.core.reach import REACH_KEYS, Reach, parse_reach
from emptychair.core.tomldata import Checker
from emptychair.locale import LANGUAGES  # the languages there are catalogues for: one list

ROUND_TITLES = {"en": "Closing round", "nl": "Rondvraag"}  # the title the closing round has in the minutes
MAX_ITEM_MINUTES = 480


@dataclass(frozen=True)
class Item:
    """One item of the agenda, with its time box in minutes."""

    title: str
    minutes: int
    presenter: str = ""
    description: str = ""
    chair_after: bool = False
    added: bool = False  # added during the meeting with #topic
    round: bool = False  # the closing round, put last once it is known who is present
    kind: str = ""  # "story": the customer story of the week (003); "dilemma": the dilemma round (004)
    practice_minutes: int = 5  # a dilemma item's practice: its own time box


@dataclass(frozen=True)
class Agenda:
    """The plan of a meeting: its items, who attends and when the chair speaks."""

    title: str
    team: str
    language: str
    minutes_dir: Path
    attendees: tuple[str, ...]
    items: tuple[Item, ...]
    chair_opening: bool = True
    chair_closing: bool = True
    remind_after: int = 3  # meetings a chair action may stay open before the chair names it
    chair_every_item: bool = False
    chair_every_minutes: int = 0  # 0: off; else the chair speaks after the item in which N minutes passed
    themes: tuple[str, ...] = ()  # the themes the chair rotates through; empty: all but recognition
    questions: Path | None = None  # the team's own question set
    recognition: bool = True  # the closing asks who did something exemplary for a customer
    speak: bool = False  # the chair's questions are spoken aloud (`run --speak`)
    git_sync: bool = False  # the minutes folder is shared in git: pull before a meeting, sync after
    chair_on_decisions: bool = False  # every decision is followed by the customer's check
    closing_round: bool = False  # before the closing, each person present raises one thing
    topic_minutes: int = 5  # the time box of an item added during the meeting without one
    chair_quotes: bool = True  # the chair quotes approved customer feedback before its questions
    dilemma_every: int = 0  # 0: off; else every Nth meeting brings a dilemma round (004)
    checkin: bool = False  # after the attendance, each person present answers a check-in question
    dots: int = 3  # #vote: the dots each person present gives ([voting] dots)
    rate_meeting: bool = False  # the closing asks for one key: how was this meeting?
    # [people], [tracker], [chat], [mail]: read from the file each time, never kept in a draft (the
    # webhook is a secret, and a resumed meeting uses the agenda as it is now)
    reach: Reach = field(default_factory=Reach)

    @property
    def topics(self) -> tuple[Item, ...]:
        """The items as a meeting counts them ("item 2 of 4", "4 items"), before and after the
        attendance alike: the closing round is none of them, it is named as the closing round."""
        return tuple(item for item in self.items if not item.round)

    @property
    def planned_minutes(self) -> int:
        """The time boxes of the items (the closing round's depends on who came)."""
        return sum(item.minutes for item in self.topics)


_TOP_KEYS = ("title", "team", "language", "minutes_dir", "attendees", "chair", "closing", "items", "git",
    "opening", "voting")  # fmt: skip
_GIT_KEYS = ("sync",)
_CLOSING_KEYS = ("round", "topic_minutes", "rate_meeting")
_OPENING_KEYS = ("checkin",)
_VOTING_KEYS = ("dots",)
_ITEM_KEYS = ("title", "minutes", "presenter", "description", "chair_after", "kind", "practice_minutes")
ITEM_KINDS = ("", "story", "dilemma")
_CHAIR_KEYS = (
    "opening", "closing", "after_every_item", "every_minutes", "themes", "questions", "recognition", "remind_after",
    "speak", "on_decisions", "quotes", "dilemma_every",
)  # fmt: skip


def parse_agenda(data: dict[str, Any], check: Checker, base: Path, language: str = "en") -> Agenda:
    check.known_keys(data, "", (*_TOP_KEYS, *REACH_KEYS))
    chair = check.table(data, "chair")
    check.known_keys(chair, "chair", _CHAIR_KEYS)
    git = check.table(data, "git")
    check.known_keys(git, "git", _GIT_KEYS)
    closing = check.table(data, "closing")
    check.known_keys(closing, "closing", _CLOSING_KEYS)
    opening = check.table(data, "opening")
    check.known_keys(opening, "opening", _OPENING_KEYS)
    voting = check.table(data, "voting")
    check.known_keys(voting, "voting", _VOTING_KEYS)
    attendees = check.texts(data, "attendees")  # none listed: the meeting asks who came
    _check_names(check, attendees)
    items = check.each(check.tables(data, "items"), "items", lambda row, at: _item(check, row, at))
    if not items and "items" in data:
        check.report("items", "chk_no_items")
    elif not items:
        check.report("items", "chk_items_missing")
    return Agenda(
        title=check.text(data, "title"),
        team=check.text(data, "team", default=""),
        language=check.choice(data, "language", LANGUAGES, default=language),
        minutes_dir=base / check.text(data, "minutes_dir", default="minutes"),
        attendees=attendees,
        items=items,
        chair_opening=check.flag(chair, "opening", "chair", default=True),
        chair_closing=check.flag(chair, "closing", "chair", default=True),
        remind_after=check.whole(chair, "remind_after", "chair", low=1, high=100, default=3),
        chair_every_item=check.flag(chair, "after_every_item", "chair"),
        chair_every_minutes=check.whole(chair, "every_minutes", "chair", low=0, high=480, default=0),
        themes=check.texts(chair, "themes", "chair"),
        questions=base / own if (own := check.optional_text(chair, "questions", "chair")) else None,
        recognition=check.flag(chair, "recognition", "chair", default=True),
        speak=check.flag(chair, "speak", "chair"),
        git_sync=check.flag(git, "sync", "git"),
        chair_on_decisions=check.flag(chair, "on_decisions", "chair"),
        chair_quotes=check.flag(chair, "quotes", "chair", default=True),
        dilemma_every=check.whole(chair, "dilemma_every", "chair", low=0, high=52, default=0),
        closing_round=check.flag(closing, "round", "closing"),
        topic_minutes=check.whole(
            closing, "topic_minutes", "closing", low=1, high=MAX_ITEM_MINUTES, default=5
        ),
        checkin=check.flag(opening, "checkin", "opening"),
        dots=check.whole(voting, "dots", "voting", low=1, high=20, default=3),
        rate_meeting=check.flag(closing, "rate_meeting", "closing"),
        reach=parse_reach(data, check),
    )


def _item(check: Checker, row: dict[str, Any], at: str) -> Item:
    check.known_keys(row, at, _ITEM_KEYS)
    return Item(
        title=check.text(row, "title", at),
        minutes=check.whole(row, "minutes", at, low=1, high=MAX_ITEM_MINUTES),
        presenter=check.text(row, "presenter", at, default=""),
        description=check.text(row, "description", at, default=""),
        chair_after=check.flag(row, "chair_after", at),
        kind=check.choice(row, "kind", ITEM_KINDS[1:], at) if "kind" in row else "",
        practice_minutes=check.whole(row, "practice_minutes", at, low=1, high=60, default=5),
    )


def _check_names(check: Checker, names: tuple[str, ...]) -> None:
    if any(f.path == "attendees" for f in check.findings):
        return  # the list itself is wrong: its names say nothing more
    seen: set[str] = set()
    for n, name in enumerate(names, start=1):
        if not name.strip():
            check.report(f"attendees[{n}]", "chk_name_empty")
        elif name.strip().casefold() in seen:
            check.report(f"attendees[{n}]", "chk_twice", name=name)
        seen.add(name.strip().casefold())


def agenda_dict(agenda: Agenda) -> dict[str, Any]:
    """The agenda in its own file format, so a draft keeps the plan the meeting started with."""
    return {
        "title": agenda.title,
        "team": agenda.team,
        "language": agenda.language,
        "minutes_dir": str(agenda.minutes_dir),
        "attendees": list(agenda.attendees),
        "chair": {
            "opening": agenda.chair_opening,
            "closing": agenda.chair_closing,
            "after_every_item": agenda.chair_every_item,
            "every_minutes": agenda.chair_every_minutes,
            "themes": list(agenda.themes),
            "recognition": agenda.recognition,
            "remind_after": agenda.remind_after,
            **({"questions": str(agenda.questions)} if agenda.questions else {}),
            **({"speak": True} if agenda.speak else {}),  # drafts without it stay as they were
            **({"on_decisions": True} if agenda.chair_on_decisions else {}),
            **({"quotes": False} if not agenda.chair_quotes else {}),
            **({"dilemma_every": agenda.dilemma_every} if agenda.dilemma_every else {}),
        },
        **({"git": {"sync": True}} if agenda.git_sync else {}),  # likewise
        **_closing_dict(agenda),
        **({"opening": {"checkin": True}} if agenda.checkin else {}),
        **({"voting": {"dots": agenda.dots}} if agenda.dots != 3 else {}),
        "items": [
            {
                "title": i.title,
                "minutes": i.minutes,
                "presenter": i.presenter,
                "description": i.description,
                "chair_after": i.chair_after,
                **({"kind": i.kind} if i.kind else {}),  # drafts without it read as before
                **({"practice_minutes": i.practice_minutes} if i.practice_minutes != 5 else {}),
            }
            for i in agenda.items
        ],
    }


def _closing_dict(agenda: Agenda) -> dict[str, Any]:
    """Only what differs from the defaults: a draft of an agenda without them reads as it did."""
    closing: dict[str, Any] = {}
    if agenda.closing_round:
        closing["round"] = True
    if agenda.topic_minutes != 5:
        closing["topic_minutes"] = agenda.topic_minutes
    if agenda.rate_meeting:
        closing["rate_meeting"] = True
    return {"closing": closing} if closing else {}
