"""The minutes of one meeting: a plain record, written to and read from TOML."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, get_args

from emptychair.core.tomldata import Checker, dumps_blocks, parse_toml
from emptychair.errors import EmptyChairError

# The parts of a meeting other than its items, chair and actions are read and written by their own
# modules, imported where a file is read or written: a read command answering from the read model
# needs only the records, not their readers.
if TYPE_CHECKING:
    from emptychair.core.checkin import Checkin
    from emptychair.core.dilemma import Dilemma
    from emptychair.core.proposals import Decided
    from emptychair.core.quotes import Heard, Quote
    from emptychair.core.vote import Vote

SCHEMA = 1

ActionStatus = Literal["open", "done", "dropped"]
ItemStatus = Literal["done", "skipped", "not reached"]
ChairMoment = Literal["opening", "after-item", "timed", "closing", "called"]
Origin = Literal["item", "chair"]  # where an action was made: in an item, or at the empty chair
# How the customer would see us, best first; "": not rated. "enthusiastic" came after the others
# (003: a satisfied customer has no story, an enthusiastic one does): older minutes simply lack it.
Rating = Literal["", "enthusiastic", "green", "amber", "red"]

ACTION_STATUSES: tuple[ActionStatus, ...] = get_args(ActionStatus)
ITEM_STATUSES: tuple[ItemStatus, ...] = get_args(ItemStatus)
CHAIR_MOMENTS: tuple[ChairMoment, ...] = get_args(ChairMoment)
ORIGINS: tuple[Origin, ...] = get_args(Origin)
RATINGS: tuple[Rating, ...] = get_args(Rating)
GOOD_RATINGS: tuple[Rating, ...] = ("enthusiastic", "green")  # asked what we keep, not what we change
OPEN: Final = "open"
DONE: Final = "done"
DROPPED: Final = "dropped"


def status_key(status: ActionStatus | ItemStatus) -> str:
    """The catalogue key that names a status: `status_not_reached`."""
    return "status_" + status.replace(" ", "_")


def rating_key(rating: Rating) -> str:
    """The catalogue key of a rating as the choice offered: `rate_amber` ("amber: there is …")."""
    return "rate_" + (rating or "skip")


def colour_key(rating: Rating) -> str:
    """The catalogue key of a given rating's colour alone: `rating_amber` ("amber", "oranje")."""
    return "rating_" + rating


def moment_key(moment: ChairMoment) -> str:
    """The catalogue key that says where the chair speaks; after an item it names the item."""
    return "chair_after_item" if moment in ("after-item", "timed") else "chair_at_" + moment


@dataclass(frozen=True)
class Action:
    """Something someone will do, by a date: made in a meeting, followed up later."""

    id: str
    text: str
    owner: str = ""
    due: date | None = None
    status: ActionStatus = OPEN
    tracker: bool = False  # typed with #gh: the meeting asked for an issue in the team's tracker
    feedback: str = ""  # made where the chair quoted a customer: that feedback's id


@dataclass(frozen=True)
class FollowUp:
    """A later word on an action: its status then, and a new owner or due date if they changed.

    Its place among the other records of the action does not come from a clock: `after` names the
    records of this action its writer had seen last (their ids), and `rev` is one above the highest
    rev among the records it had seen. Records of earlier versions have no id and rev 0; see
    core/ledger.py for the order.

    A record with a `link` only says where the action lives in an issue tracker: it changes
    neither status, owner nor due date (its status is the action's as its writer saw it).
    """

    action: str
    at: datetime
    status: ActionStatus
    owner: str | None = None
    due: date | None = None
    note: str = ""
    id: str = ""  # the record's own id, unique across clones; "" in records of earlier versions
    after: tuple[str, ...] = ()
    rev: int = 0
    link: str = ""


@dataclass(frozen=True)
class ItemRecord:
    """What an agenda item recorded: notes, decisions, links, actions, its minutes."""

    title: str
    planned_minutes: int
    actual_minutes: int = 0
    presenter: str = ""
    status: ItemStatus = "done"
    notes: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    added: bool = False  # added during the meeting (#topic)
    stories: tuple[str, ...] = ()  # customer stories told in it (#story, 003)
    kind: str = ""  # the agenda item's kind: "" a plain item, "story", "dilemma"
    decision_states: tuple[str, ...] = ()  # beside decisions: "" made, or accepted, amended, not accepted
    dilemma: Dilemma | None = None  # the dilemma round told in it (004)
    round: bool = False  # the closing round: a turn for each person, named apart from the items


@dataclass(frozen=True)
class ChairRecord:
    """A question the chair asked for the customer, the answer and what came of it."""

    moment: ChairMoment
    question_id: str
    question: str
    answer: str = ""
    after_item: str = ""
    actions: tuple[Action, ...] = ()
    rating: Rating = ""
    quote: Quote | None = None  # the real customer the chair quoted before its question


@dataclass(frozen=True)
class Recognition:
    """Someone who did something exemplary for a customer, and what."""

    person: str
    text: str


@dataclass(frozen=True)
class Minutes:
    """The record of one meeting, as its TOML file holds it."""

    title: str
    date: date
    started: datetime
    ended: datetime
    language: str
    team: str = ""
    present: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()  # the guests who were real customers (co-creation, 000)
    absent: tuple[str, ...] = ()
    items: tuple[ItemRecord, ...] = ()
    chair: tuple[ChairRecord, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    recognition: tuple[Recognition, ...] = ()
    parked: tuple[str, ...] = ()  # topics on the parking lot, offered at the next meeting
    heard: tuple[Heard, ...] = ()  # what real customers said, told in the meeting (#customer)
    proposals: tuple[Decided, ...] = ()  # the proposals this meeting took up or declined
    checkin: tuple[Checkin, ...] = ()  # the check-in round at the opening: question and line each
    recognition_question: str = ""  # the question the closing asked for `recognition`, when it did
    votes: tuple[Vote, ...] = ()  # the rounds of dots (#vote, or on the topics waiting at the start)
    meeting_rating: Rating = ""  # [closing] rate_meeting: how the meeting itself went
    schema: int = field(default=SCHEMA)

    def actions(self) -> tuple[Made, ...]:
        """Every action with where it came from: an item's title, or the chair's question id."""
        from_items = (Made(a, "item", i.title) for i in self.items for a in i.actions)
        from_chair = (Made(a, "chair", c.question_id) for c in self.chair for a in c.actions)
        return (*from_items, *from_chair)


class Made(NamedTuple):
    """An action and where it was made."""

    action: Action
    origin: Origin
    source: str  # the item's title, or the chair's question id


# --- writing -------------------------------------------------------------------------------


def dump_minutes(minutes: Minutes) -> str:
    return dumps_blocks(minutes_dict(minutes))


def minutes_dict(m: Minutes) -> dict[str, Any]:
    from emptychair.core.checkin import checkin_dict
    from emptychair.core.proposals import decided_dict
    from emptychair.core.quotes import heard_dict
    from emptychair.core.vote import vote_dict

    return {
        "schema": m.schema,
        "title": m.title,
        "team": m.team,
        "language": m.language,
        "date": m.date,
        "started": m.started,
        "ended": m.ended,
        "present": list(m.present),
        "guests": list(m.guests),
        **({"customers": list(m.customers)} if m.customers else {}),
        "absent": list(m.absent),
        "items": [_item_dict(i) for i in m.items],
        "chair": [_chair_dict(c) for c in m.chair],
        "followups": [followup_dict(f) for f in m.followups],
        "recognition": [{"person": r.person, "text": r.text} for r in m.recognition],
        **({"recognition_question": m.recognition_question} if m.recognition_question else {}),
        **({"parked": list(m.parked)} if m.parked else {}),
        **({"customer": [heard_dict(h) for h in m.heard]} if m.heard else {}),
        **({"proposals": [decided_dict(d) for d in m.proposals]} if m.proposals else {}),
        **({"checkin": [checkin_dict(c) for c in m.checkin]} if m.checkin else {}),
        **({"meeting_rating": m.meeting_rating} if m.meeting_rating else {}),
        **({"votes": [vote_dict(v) for v in m.votes]} if m.votes else {}),
    }


def followup_dict(f: FollowUp) -> dict[str, Any]:
    row: dict[str, Any] = {"action": f.action}
    if f.id:  # a record of an earlier version is written back as it was read
        row.update(id=f.id, rev=f.rev, after=list(f.after))
    row.update(at=f.at, status=f.status)
    if f.owner is not None:
        row["owner"] = f.owner
    if f.due is not None:
        row["due"] = f.due
    row["note"] = f.note
    if f.link:
        row["link"] = f.link
    return row


def action_dict(a: Action) -> dict[str, Any]:
    row: dict[str, Any] = {"id": a.id, "text": a.text, "owner": a.owner}
    if a.due is not None:  # TOML has no null: no due date is no key
        row["due"] = a.due
    row["status"] = a.status
    if a.tracker:  # only when asked: minutes without it read as before
        row["tracker"] = True
    if a.feedback:
        row["feedback"] = a.feedback
    return row


def _item_dict(i: ItemRecord) -> dict[str, Any]:
    from emptychair.core.dilemma import dilemma_dict

    return {
        "title": i.title,
        "presenter": i.presenter,
        "status": i.status,
        "planned_minutes": i.planned_minutes,
        "actual_minutes": i.actual_minutes,
        "notes": list(i.notes),
        "decisions": list(i.decisions),
        "links": list(i.links),
        **({"added": True} if i.added else {}),
        **({"kind": i.kind} if i.kind else {}),  # only when there is one: minutes without read as before
        **({"round": True} if i.round else {}),
        **({"stories": list(i.stories)} if i.stories else {}),
        **({"decision_states": list(i.decision_states)} if any(i.decision_states) else {}),
        **({"dilemma": dilemma_dict(i.dilemma)} if i.dilemma is not None else {}),
        **_actions_dict(i.actions),
    }


def _chair_dict(c: ChairRecord) -> dict[str, Any]:
    from emptychair.core.quotes import quote_dict

    return {
        "moment": c.moment,
        "after_item": c.after_item,
        "question_id": c.question_id,
        "question": c.question,
        "answer": c.answer,
        "rating": c.rating,
        **({"quote": quote_dict(c.quote)} if c.quote is not None else {}),
        **_actions_dict(c.actions),
    }


def _actions_dict(actions: tuple[Action, ...]) -> dict[str, Any]:
    # No key for no actions: an empty list would read as `actions = []` beside [[items.actions]] blocks.
    return {"actions": [action_dict(a) for a in actions]} if actions else {}


# --- reading -------------------------------------------------------------------------------


def load_minutes(text: str, source: str) -> Minutes:
    """Parse minutes; raises EmptyChairError naming the source and the first bad key path."""
    return from_dict(parse_toml(text, source), source)


def from_dict(data: dict[str, Any], source: str) -> Minutes:
    from emptychair.core.checkin import read_checkins
    from emptychair.core.proposals import read_decided
    from emptychair.core.quotes import read_heard_row
    from emptychair.core.vote import read_votes

    check = Checker(source)
    _schema(check, data, source)
    minutes = Minutes(
        schema=SCHEMA,
        title=check.text(data, "title"),
        team=check.text(data, "team", default=""),
        language=check.text(data, "language"),
        date=check.date(data, "date", required=True) or date(1970, 1, 1),
        started=check.moment(data, "started"),
        ended=check.moment(data, "ended"),
        present=check.texts(data, "present"),
        guests=check.texts(data, "guests"),
        customers=check.texts(data, "customers"),
        absent=check.texts(data, "absent"),
        items=check.each(check.tables(data, "items"), "items", lambda r, at: _item(check, r, at)),
        chair=check.each(check.tables(data, "chair"), "chair", lambda r, at: _chair(check, r, at)),
        followups=read_followups(check, data),
        recognition=check.each(
            check.tables(data, "recognition"),
            "recognition",
            lambda r, at: Recognition(
                check.text(r, "person", at, default=""), check.text(r, "text", at, default="")
            ),
        ),
        parked=check.texts(data, "parked"),
        heard=check.each(
            check.tables(data, "customer"), "customer", lambda r, at: read_heard_row(check, r, at)
        ),
        proposals=read_decided(check, data),
        checkin=read_checkins(check, data),
        recognition_question=check.text(data, "recognition_question", default=""),
        votes=read_votes(check, data),
        meeting_rating=check.choice(data, "meeting_rating", RATINGS, default=""),
    )
    check.raise_if_any()
    return with_round_known(minutes)


def read_followups(check: Checker, data: dict[str, Any]) -> tuple[FollowUp, ...]:
    return check.each(check.tables(data, "followups"), "followups", lambda r, at: _followup(check, r, at))


def _followup(check: Checker, row: dict[str, Any], at: str) -> FollowUp:
    return FollowUp(
        action=check.text(row, "action", at),
        at=check.moment(row, "at", at),
        status=check.choice(row, "status", ACTION_STATUSES, at),
        owner=check.optional_text(row, "owner", at),
        due=check.date(row, "due", at),
        note=check.text(row, "note", at, default=""),
        id=check.text(row, "id", at) if "id" in row else "",
        after=check.texts(row, "after", at),
        rev=check.whole(row, "rev", at, low=1, high=10**9, default=1) if "id" in row else 0,
        link=check.text(row, "link", at, default=""),
    )


def dump_followups(followups: tuple[FollowUp, ...]) -> str:
    """A follow-up file made between meetings: the same [[followups]] blocks as in minutes."""
    return dumps_blocks({"schema": SCHEMA, "followups": [followup_dict(f) for f in followups]})


def load_followups(text: str, source: str) -> tuple[FollowUp, ...]:
    data = parse_toml(text, source)
    check = Checker(source)
    _schema(check, data, source)
    found = read_followups(check, data)
    check.raise_if_any()
    return found


def _schema(check: Checker, data: dict[str, Any], source: str) -> None:
    schema = data.get("schema")
    if schema is None:
        check.report("schema", "chk_schema_missing")
    elif isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise EmptyChairError(
            f"{source}: written by a newer emptychair (schema {schema}; this version reads {SCHEMA})"
        )
    else:
        check.whole(data, "schema", low=1, high=SCHEMA)


def read_action(check: Checker, row: dict[str, Any], at: str) -> Action:
    return Action(
        id=check.text(row, "id", at),
        text=check.text(row, "text", at, default=""),
        owner=check.text(row, "owner", at, default=""),
        due=check.date(row, "due", at),
        status=check.choice(row, "status", ACTION_STATUSES, at, default=OPEN),
        tracker=check.flag(row, "tracker", at),
        feedback=check.text(row, "feedback", at, default=""),
    )


def _item(check: Checker, row: dict[str, Any], at: str) -> ItemRecord:
    from emptychair.core.dilemma import read_dilemma

    return ItemRecord(
        title=check.text(row, "title", at, default=""),
        presenter=check.text(row, "presenter", at, default=""),
        status=check.choice(row, "status", ITEM_STATUSES, at, default="done"),
        planned_minutes=check.whole(row, "planned_minutes", at, low=0, high=10_000, default=0),
        actual_minutes=check.whole(row, "actual_minutes", at, low=0, high=100_000, default=0),
        notes=check.texts(row, "notes", at),
        decisions=check.texts(row, "decisions", at),
        links=check.texts(row, "links", at),
        actions=_actions(check, row, at),
        added=check.flag(row, "added", at),
        stories=check.texts(row, "stories", at),
        kind=check.text(row, "kind", at, default=""),
        decision_states=check.texts(row, "decision_states", at),
        dilemma=read_dilemma(check, check.table(row, "dilemma", at), f"{at}.dilemma")
        if "dilemma" in row
        else None,
        round=check.flag(row, "round", at),
    )


def with_round_known(m: Minutes) -> Minutes:
    """Minutes written before the closing round was marked (`round = true`) have it as their last
    item, under the round's title in their language, one planned minute per person present, no
    presenter, and each note said by someone present: such an item is the round."""
    from emptychair.core.agenda import ROUND_TITLES

    if not m.items or any(i.round for i in m.items):
        return m
    last, people = m.items[-1], (*m.present, *m.guests)
    looks = (
        last.title == ROUND_TITLES.get(m.language)
        and not (last.presenter or last.added or last.kind)
        and last.planned_minutes == len(people) > 0
        and all(any(note.startswith(f"{p}: ") for p in people) for note in last.notes)
    )
    return replace(m, items=(*m.items[:-1], replace(last, round=True))) if looks else m


def _chair(check: Checker, row: dict[str, Any], at: str) -> ChairRecord:
    from emptychair.core.quotes import read_quote

    return ChairRecord(
        moment=check.choice(row, "moment", CHAIR_MOMENTS, at),
        after_item=check.text(row, "after_item", at, default=""),
        question_id=check.text(row, "question_id", at),
        question=check.text(row, "question", at, default=""),
        answer=check.text(row, "answer", at, default=""),
        actions=_actions(check, row, at),
        rating=check.choice(row, "rating", RATINGS, at, default="") if row.get("rating") else "",
        quote=read_quote(check, check.table(row, "quote", at), f"{at}.quote") if "quote" in row else None,
    )


def _actions(check: Checker, row: dict[str, Any], at: str) -> tuple[Action, ...]:
    path = f"{at}.actions"
    return check.each(check.tables(row, "actions", at), path, lambda r, p: read_action(check, r, p))
