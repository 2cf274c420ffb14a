"""A meeting in progress as a file: its agenda, the questions and open actions chosen, every event."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, assert_never, get_args

from emptychair.core.agenda import Agenda, agenda_dict, parse_agenda
from emptychair.core.checkin import checkin_dict, read_checkins
from emptychair.core.chooser import Because, read_reason, reason_dict
from emptychair.core.consent import OUTCOMES, SAYS
from emptychair.core.dates import stamp
from emptychair.core.dilemma import PARTS, Reflected
from emptychair.core.meeting import (
    UNDONE_ASIDES,
    ActionTaken,
    Answered,
    Assigned,
    Attended,
    Back,
    Called,
    CheckedIn,
    CheckinPlanned,
    Chosen,
    ConsentAsked,
    ConsentDecided,
    ConsentSaid,
    CustomerSaid,
    Ended,
    Entered,
    Event,
    FollowedUp,
    Introduced,
    Meeting,
    MeetingRated,
    Next,
    OpenAction,
    Parked,
    Paused,
    Rated,
    Recognized,
    Resumed,
    Skipped,
    TopicAdded,
    Undone,
    VoteAsked,
    VoteCast,
    replay,
    start,
)
from emptychair.core.minutes import (
    ORIGINS,
    RATINGS,
    Action,
    FollowUp,
    action_dict,
    followup_dict,
    read_action,
    read_followups,
)
from emptychair.core.proposals import Offer
from emptychair.core.questions import Question, question_dict, read_question
from emptychair.core.quotes import Quote, heard_dict, quote_dict, read_heard_row, read_quote
from emptychair.core.tomldata import Checker, dumps_blocks, parse_toml
from emptychair.core.vote import Ballot
from emptychair.errors import EmptyChairError
from emptychair.files.data import read_text
from emptychair.files.folder import DRAFTS, Folder, read_own, spare_folders, spares_to_read, tomls_in

T = TypeVar("T")
SCHEMA = 1
ASKING = ("note", "open", "dropped", "ask_first")  # the follow-up choices that ask for a line next,
# and the chair's ask-first question after an amber or red answer, not yet answered


@dataclass(frozen=True)
class Draft:
    """A meeting in progress as saved after every entry: enough to resume it exactly."""

    agenda: Agenda  # the plan as the meeting started: a later edit of the file does not change it
    started: datetime
    questions: tuple[Question, ...]
    open_actions: tuple[OpenAction, ...]
    events: tuple[Event, ...]
    pending: str = ""  # text half-typed when the meeting was interrupted
    folder: str = ""  # the minutes folder, absolute: a draft kept elsewhere (disk full) names its home
    parked: tuple[str, ...] = ()  # the parking lot the meeting started with
    asking: str = ""  # the follow-up choice whose note or reason `pending` was typed for, if any
    minutes: str = ""  # the minutes it writes (file name without .toml); "" in drafts of earlier versions
    quotes: tuple[Quote | None, ...] = ()  # the feedback quoted with each question; None: nothing
    offered: tuple[Offer, ...] = ()  # the topics offered after the attendance
    team: tuple[str, ...] = ()  # who could own an action as the meeting started, present or not
    reasons: tuple[Because | None, ...] = ()  # why the chair chose each question

    def meeting(self) -> Meeting:
        """The meeting this draft describes, at the step where it stopped."""
        try:
            begun = start(
                self.agenda,
                self.questions,
                self.started,
                self.open_actions,
                self.parked,
                self.quotes,
                self.offered,
                team=self.team,
                reasons=self.reasons,
            )
            return replay(begun, self.events)
        except ValueError as exc:
            raise EmptyChairError(
                f"the unfinished meeting of {stamp(self.started)} cannot be replayed: {exc}"
            ) from None


def draft_of(m: Meeting, pending: str = "", folder: str = "", asking: str = "", minutes: str = "") -> Draft:
    agenda = m.planned or m.agenda
    return Draft(
        agenda,
        m.started,
        m.questions,
        m.open_actions,
        m.events,
        pending,
        folder,
        m.carried,
        asking,
        minutes,
        m.quotes,
        m.offered,
        m.team,
        m.reasons,
    )


def dump_draft(d: Draft) -> str:
    return dumps_blocks(
        {
            "schema": SCHEMA,
            "started": d.started,
            "pending": d.pending,
            **({"asking": d.asking} if d.asking else {}),
            "folder": d.folder,
            **({"minutes": d.minutes} if d.minutes else {}),
            "agenda": agenda_dict(d.agenda),
            "questions": [question_dict(q) for q in d.questions],
            "open_actions": [_open_dict(o) for o in d.open_actions],
            "events": [_event_dict(e) for e in d.events],
            **({"parked": list(d.parked)} if d.parked else {}),
            **({"team": list(d.team)} if d.team else {}),
            # each with the question it goes with (TOML has no null for a question quoting nothing)
            **({"quotes": _per_question_dicts(d.quotes, quote_dict)} if any(d.quotes) else {}),
            **({"reasons": _per_question_dicts(d.reasons, reason_dict)} if any(d.reasons) else {}),
            **({"offered": [_offer_dict(o) for o in d.offered]} if d.offered else {}),
        }
    )


def _per_question_dicts(
    kept: tuple[T | None, ...], as_dict: Callable[[T], dict[str, Any]]
) -> list[dict[str, Any]]:
    """What goes with some of the questions, each row naming its question by number."""
    return [{"question": n, **as_dict(x)} for n, x in enumerate(kept) if x is not None]


def _per_question(
    check: Checker,
    data: dict[str, Any],
    table: str,
    questions: int,
    read: Callable[[Checker, dict[str, Any], str], T],
) -> tuple[T | None, ...]:
    """The rows of `table`, each at the question it names; () when there are none."""
    found: list[T | None] = [None] * questions
    for n, row in enumerate(check.tables(data, table), start=1):
        at = f"{table}[{n}]"
        index = check.whole(row, "question", at, low=0, high=max(0, questions - 1))
        if 0 <= index < questions:
            found[index] = read(check, row, at)
    return tuple(found) if any(found) else ()


def _offer_dict(o: Offer) -> dict[str, Any]:
    return {"title": o.title, "minutes": o.minutes, "by": o.by, "proposal": o.proposal}


def _offer(check: Checker, row: dict[str, Any], at: str) -> Offer:
    return Offer(
        check.text(row, "title", at),
        check.whole(row, "minutes", at, low=0, high=480, default=0),
        check.text(row, "by", at, default=""),
        check.text(row, "proposal", at, default=""),
    )


def _open_dict(o: OpenAction) -> dict[str, Any]:
    row: dict[str, Any] = {
        "made": o.made,
        "origin": o.origin,
        "source": o.source,
        "age": o.age,
        "remind": o.remind,
    }
    if o.after:  # what its follow-up here follows; nothing when no record named it yet
        row.update(after=list(o.after), rev=o.rev)
    row["action"] = action_dict(o.action)
    if o.conflict:
        row["conflict"] = [action_dict(c) for c in o.conflict]
    return row


# The kind each event is written as: the strings of the first drafts, so that those still load.
EventKind = Literal[
    "attend", "note", "decision", "info", "link", "story", "action", "undo", "answer", "rate", "recognize",
    "followup", "next", "skip", "end", "pause", "resume", "assign", "back", "call", "topic", "park",
    "introduce",
    "customer",
    "choose", "consent", "consent_say", "consent_decide", "dilemma",
    "checkin_plan", "checkin", "vote", "vote_cast", "meeting_rating",
]  # fmt: skip
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)


def event_kind(e: Event) -> EventKind:
    match e:
        case Attended():
            return "attend"
        case Entered():
            return e.kind
        case ActionTaken():
            return "action"
        case Undone():
            return "undo"
        case Answered():
            return "answer"
        case Rated():
            return "rate"
        case Recognized():
            return "recognize"
        case FollowedUp():
            return "followup"
        case Next():
            return "next"
        case Skipped():
            return "skip"
        case Ended():
            return "end"
        case Paused():
            return "pause"
        case Resumed():
            return "resume"
        case Assigned():
            return "assign"
        case Back():
            return "back"
        case Called():
            return "call"
        case TopicAdded():
            return "topic"
        case Parked():
            return "park"
        case Introduced():
            return "introduce"
        case CustomerSaid():
            return "customer"
        case Chosen():
            return "choose"
        case ConsentAsked():
            return "consent"
        case ConsentSaid():
            return "consent_say"
        case ConsentDecided():
            return "consent_decide"
        case Reflected():
            return "dilemma"
        case CheckinPlanned():
            return "checkin_plan"
        case CheckedIn():
            return "checkin"
        case VoteAsked():
            return "vote"
        case VoteCast():
            return "vote_cast"
        case MeetingRated():
            return "meeting_rating"
        case _:
            assert_never(e)


def _event_dict(e: Event) -> dict[str, Any]:
    """The fields in the order the first drafts wrote them; empty text and names are left out."""
    row: dict[str, Any] = {"kind": event_kind(e), "at": e.at}
    match e:
        case Entered(text=text, state=state) if text:
            row["text"] = text
            if state:
                row["state"] = state
        case Answered(text=text) | Rated(rating=text) | MeetingRated(rating=text) if text:
            row["text"] = text
        case Attended():
            row["present"] = list(e.present)
            if e.guests:
                row["guests"] = list(e.guests)
            if e.customers:
                row["customers"] = list(e.customers)
        case ActionTaken(action=action) | Assigned(action=action):
            row["action"] = action_dict(action)
        case FollowedUp():
            row["followups"] = [followup_dict(e.followup)]
        case Called():
            row["question"] = question_dict(e.question)
            if e.rate:
                row["rate"] = True
        case Introduced():
            row["text"] = e.name
        case TopicAdded():
            row["text"] = e.title
            row["minutes"] = e.minutes
        case Parked():
            row["text"] = e.text
        case CustomerSaid():
            row["heard"] = heard_dict(e.heard)
        case Chosen():
            row["taken"] = list(e.taken)
            row["kept"] = list(e.kept)
        case ConsentAsked():
            row["text"] = e.text
        case ConsentSaid():
            row["say"] = e.say
        case ConsentDecided():
            row["outcome"] = e.outcome
            row["text"] = e.text
        case Reflected():
            row["part"] = e.part
            if e.text:
                row["text"] = e.text
        case CheckinPlanned():
            row["checkin"] = [checkin_dict(c) for c in e.checkins]
        case CheckedIn():
            row["text"] = e.text
        case VoteCast():
            row["person"] = e.ballot.person
            row["topics"] = list(e.ballot.topics)
        case Recognized():
            if e.text:
                row["text"] = e.text
            if e.person:
                row["person"] = e.person
        case Undone(what=what) if what:  # the aside it took back: an #undo without takes back an entry
            row["what"] = what
        case Paused(held=True) | Resumed(held=True):
            row["held"] = True  # a break (#pause): a resume keeps the clock stopped
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
        parked=check.texts(data, "parked"),
        asking=check.choice(data, "asking", ASKING) if "asking" in data else "",
        minutes=_minutes_name(check, data),
        team=check.texts(data, "team"),
        offered=check.each(check.tables(data, "offered"), "offered", lambda r, at: _offer(check, r, at)),
    )
    if "quotes" in data:
        draft = replace(draft, quotes=_per_question(check, data, "quotes", len(draft.questions), read_quote))
    if "reasons" in data:
        draft = replace(
            draft, reasons=_per_question(check, data, "reasons", len(draft.questions), read_reason)
        )
    check.raise_if_any()
    return draft


def _minutes_name(check: Checker, data: dict[str, Any]) -> str:
    """The name of the minutes file the meeting writes: a plain name in the minutes folder, never a path."""
    import re

    name = check.text(data, "minutes", default="")
    if name and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", name):
        check.report("minutes", "chk_minutes_name")
        return ""
    return name


def _open(check: Checker, row: dict[str, Any], at: str) -> OpenAction:
    return OpenAction(
        action=read_action(check, check.table(row, "action", at), f"{at}.action"),
        made=check.date(row, "made", at) or date(1970, 1, 1),
        origin=check.choice(row, "origin", ORIGINS, at),
        source=check.text(row, "source", at, default=""),
        age=check.whole(row, "age", at, low=0, high=1_000_000),
        remind=check.flag(row, "remind", at),
        after=check.texts(row, "after", at),  # drafts of earlier versions have none
        rev=check.whole(row, "rev", at, low=1, high=10**9, default=1),
        conflict=check.each(
            check.tables(row, "conflict", at), f"{at}.conflict", lambda r, p: read_action(check, r, p)
        ),
    )


def _event(check: Checker, row: dict[str, Any], at: str) -> Event:
    kind = check.choice(row, "kind", EVENT_KINDS, at)
    when = check.moment(row, "at", at)
    match kind:
        case "attend":
            return Attended(
                when,
                check.texts(row, "present", at),
                check.texts(row, "guests", at),
                check.texts(row, "customers", at),
            )
        case "note" | "decision" | "info" | "link" | "story":
            state = check.choice(row, "state", ("", *OUTCOMES), at, default="") if "state" in row else ""
            return Entered(when, kind, _text(check, row, at), state=state)
        case "action":
            return ActionTaken(when, _action(check, row, at))
        case "undo":
            return Undone(when, check.choice(row, "what", ("", *UNDONE_ASIDES), at, default=""))
        case "answer":
            return Answered(when, _text(check, row, at))
        case "rate":
            return Rated(when, check.choice(row, "text", RATINGS, at, default=""))
        case "recognize":
            return Recognized(when, check.text(row, "person", at, default=""), _text(check, row, at))
        case "followup":
            return FollowedUp(when, _the_followup(check, row, at))
        case "next":
            return Next(when)
        case "skip":
            return Skipped(when)
        case "end":
            return Ended(when)
        case "pause":
            return Paused(when, check.flag(row, "held", at))
        case "resume":
            return Resumed(when, check.flag(row, "held", at))
        case "assign":
            return Assigned(when, _action(check, row, at))
        case "back":
            return Back(when)
        case "topic":
            return TopicAdded(when, _text(check, row, at), check.whole(row, "minutes", at, low=1, high=480))
        case "park":
            return Parked(when, _text(check, row, at))
        case "customer":
            return CustomerSaid(when, read_heard_row(check, check.table(row, "heard", at), f"{at}.heard"))
        case "consent":
            return ConsentAsked(when, _text(check, row, at))
        case "consent_say":
            return ConsentSaid(when, check.choice(row, "say", SAYS, at))
        case "consent_decide":
            return ConsentDecided(when, check.choice(row, "outcome", OUTCOMES, at), _text(check, row, at))
        case "checkin_plan":
            return CheckinPlanned(when, read_checkins(check, row))
        case "checkin":
            return CheckedIn(when, check.text(row, "text", at, default=""))
        case "vote":
            return VoteAsked(when)
        case "vote_cast":
            topics = check.wholes(row, "topics", at, low=1, high=10_000)
            return VoteCast(when, Ballot(check.text(row, "person", at), topics))
        case "meeting_rating":
            return MeetingRated(when, check.choice(row, "text", RATINGS, at, default=""))
        case "choose":
            return Chosen(when, _indices(check, row, "taken", at), _indices(check, row, "kept", at))
        case "dilemma":
            return Reflected(when, check.choice(row, "part", PARTS, at), _text(check, row, at))
        case "call":
            question = read_question(check, check.table(row, "question", at), f"{at}.question")
            return Called(when, question, check.flag(row, "rate", at))
        case "introduce":
            return Introduced(when, _text(check, row, at))
        case _:
            assert_never(kind)


def _indices(check: Checker, row: dict[str, Any], key: str, at: str) -> tuple[int, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(type(v) is int and 0 <= v < 10_000 for v in value):
        check.report(f"{at}.{key}", "chk_whole", low=0, high=9999, got=str(value)[:40])
        return ()
    return tuple(value)


def _text(check: Checker, row: dict[str, Any], at: str) -> str:
    return check.text(row, "text", at, default="")


def _action(check: Checker, row: dict[str, Any], at: str) -> Action:
    return read_action(check, check.table(row, "action", at), f"{at}.action")


def _the_followup(check: Checker, row: dict[str, Any], at: str) -> FollowUp:
    found = read_followups(check, row)
    if len(found) != 1:
        check.report(f"{at}.followups", "chk_tables", key="followups", got=f"{len(found)} tables")
        return FollowUp("", datetime(1970, 1, 1).astimezone(), "open")
    return found[0]


@dataclass(frozen=True)
class SaveChange:
    """Where the meeting went at a save, when that differs from the save before."""

    how: Literal["again", "elsewhere", "nowhere"]  # the minutes folder works again; a spare; nothing
    where: Path | None
    why: EmptyChairError | None = None


class DraftFile:
    """The running meeting's draft on disk, saved after every event so that nothing typed is lost.

    It goes into the minutes folder; when that cannot be written (a full disk, a folder made
    read-only), into a spare folder (the user's state folder, else the temporary folder), where
    `emptychair run` finds it too. Every save tries the minutes folder again. It remembers where the
    meeting is (`where`), and the meeting as TOML when nothing could be written (`unsaved`).

    The file last saved stays open and flocked (`in_use`) until `close`: a second `run` sees that
    the meeting is alive even when the folder's lock file was removed under it.
    """

    def __init__(self, folder: Folder, started: datetime, title: str, minutes: str = "") -> None:

        self.folder = folder
        self.minutes = minutes  # the name of its minutes file, without .toml
        self.home = folder.draft_path(started, title)
        self.spares = [folder.spare_path(s, started, title) for s in spare_folders()]
        # every file that holds a copy of this meeting: a resumed draft may have been kept elsewhere
        self.copies = {p for p, d, _ in find_drafts(folder) if d is not None and d.started == started}
        self.where: Path | None = None
        self.unsaved = ""
        self.failed = False
        self.held: int | None = None

    def save(self, m: Meeting, typed: str, asking: str = "") -> SaveChange | None:
        text = dump_draft(draft_of(m, typed, str(self.folder.path.absolute()), asking, self.minutes))
        try:
            self._hold(self.folder.save_draft_text(self.home, text))
        except EmptyChairError as exc:
            return self._elsewhere(text, exc)
        change = SaveChange("again", self.home) if self.failed else None
        self.failed, self.where, self.unsaved = False, self.home, ""
        self._remove(self.copies - {self.home})
        return change

    def _elsewhere(self, text: str, why: EmptyChairError) -> SaveChange | None:
        for spare in self.spares:
            try:
                self._hold(self.folder.save_draft_text(spare, text))
            except EmptyChairError:
                continue
            change = SaveChange("elsewhere", spare, why) if spare != self.where else None
            self.failed, self.where, self.unsaved = True, spare, ""
            self.copies.add(spare)
            return change
        change = SaveChange("nowhere", None, why) if not self.failed or self.where is not None else None
        self.failed, self.where, self.unsaved = True, None, text
        return change

    def _hold(self, fd: int) -> None:
        """Hold the file just saved; only then let go of the one before, so that some copy of the
        meeting is held at every moment."""
        before, self.held = self.held, fd
        if before is not None:
            os.close(before)

    def close(self) -> None:
        """The meeting no longer runs here: let go of its draft."""
        if self.held is not None:
            os.close(self.held)
            self.held = None

    def remove(self) -> None:
        self._remove(self.copies | {self.home})

    @staticmethod
    def _remove(paths: set[Path]) -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def find_drafts(folder: Folder) -> list[tuple[Path, Draft | None, str]]:
    """Every draft of `folder`, newest first, also those kept in a spare folder when this
    one could not be written: (path, draft or None, problem). Of two copies of one meeting, the
    one with more events comes first."""
    result: list[tuple[Path, Draft | None, str]] = []
    for path in tomls_in(folder.path / DRAFTS):
        try:
            result.append((path, load_draft(read_text(path, name=path.name), path.name), ""))
        except EmptyChairError as exc:
            result.append((path, None, exc.message))
    home = str(folder.path.absolute())
    for spare in spares_to_read():
        for path in tomls_in(spare):
            try:
                text = read_own(path)
                if text is None:
                    continue  # not the user's own: another user may have put it there
                found = load_draft(text, path.name)
            except (EmptyChairError, UnicodeDecodeError, OSError):
                continue  # not ours to judge: it may be another team's
            if found.folder == home:
                result.append((path, found, ""))

    def newest(row: tuple[Path, Draft | None, str]) -> tuple[str, int, str]:
        path, found, _ = row
        if found is None:
            return (path.name, 0, path.name)
        return (found.started.isoformat(), len(found.events), path.name)

    return sorted(result, key=newest, reverse=True)
