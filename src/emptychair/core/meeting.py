"""A meeting in progress, as a state machine over plain data.

The shell feeds `Event`s to `apply` and renders the `Meeting` it gets back; nothing here reads
the clock, prompts or prints. The events are also the draft: replaying them rebuilds the meeting
exactly, at the step where it stopped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Final, Literal, TypeAlias, assert_never

from emptychair.core.agenda import ROUND_TITLES, Agenda, Item
from emptychair.core.checkin import Checkin
from emptychair.core.chooser import Because
from emptychair.core.consent import Outcome as ConsentOutcome
from emptychair.core.consent import Round, Say, say_key
from emptychair.core.dilemma import DILEMMA, Dilemma, Reflected, reflect
from emptychair.core.line import ACTION, DECISION, INFO, LINK, NOTE, STORY, EntryKind, TextKind
from emptychair.core.minutes import (
    Action,
    ChairMoment,
    ChairRecord,
    FollowUp,
    ItemRecord,
    ItemStatus,
    Minutes,
    Origin,
    Rating,
    Recognition,
)
from emptychair.core.proposals import Decided, Offer
from emptychair.core.questions import CUSTOMER, Question
from emptychair.core.quotes import Heard, Quote
from emptychair.core.vote import Ballot, Vote
from emptychair.locale import tr
from emptychair.text import name_key

CALLED: Final = "called"  # the chair moment of #chair and of the customer's check after a decision
StepKind = Literal["attendance", "followup", "chair", "item", "round", "closing"]
ROUND: Final = "round"
ATTENDANCE: Final = "attendance"
FOLLOWUP: Final = "followup"
CHAIR: Final = "chair"
ITEM: Final = "item"
CLOSING: Final = "closing"
Progress = ItemStatus | Literal["pending"]  # an item's status while the meeting runs
TIMED: Final = (ITEM, ROUND)  # the steps whose clock runs: an item, a turn of the closing round


def step_key(kind: StepKind) -> str:
    """The catalogue key that names a step (`step_item` takes the item's title)."""
    return "step_" + kind


@dataclass(frozen=True)
class OpenAction:
    """An action of an earlier meeting, to follow up in this one."""

    action: Action
    made: date
    origin: Origin
    source: str  # the item's title, or the chair's question
    age: int  # meetings it has been open
    remind: bool = False  # the chair raised it and has waited long enough to say so
    after: tuple[str, ...] = ()  # what its follow-up here says it follows (ledger.seen)
    rev: int = 1
    conflict: tuple[Action, ...] = ()  # changed in two places at once: both states (ledger.settle)


@dataclass(frozen=True)
class Step:
    """One step of the meeting: an item, a chair moment, a follow-up, a turn in a round."""

    kind: StepKind
    # the agenda item of an item step, the item a chair step follows, the open action of a
    # follow-up step, the item of a round's turn; None for the steps of the whole meeting
    item: int | None = None
    moment: ChairMoment | Literal[""] = ""  # chair steps only
    person: int = -1  # round steps: whose turn (an index into the people present)

    @property
    def index(self) -> int:
        """The item (or open action) of a step that has one."""
        if self.item is None:
            raise ValueError(f"the {self.kind} step has no item")
        return self.item

    @property
    def chair_moment(self) -> ChairMoment:
        if self.moment == "":
            raise ValueError(f"the {self.kind} step has no chair moment")
        return self.moment


# --- events: one type for each thing that can happen ---------------------------------------


@dataclass(frozen=True)
class Attended:
    """Who is present: the team, guests, real customers."""

    at: datetime
    present: tuple[str, ...]
    guests: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()  # the guests who are real customers (co-creation, 000)


@dataclass(frozen=True)
class Entered:
    """A note, decision, piece of information or link said in an item."""

    at: datetime
    kind: TextKind
    text: str
    state: str = ""  # a decision's: "" made, or accepted / not accepted (#accepted, #rejected)


@dataclass(frozen=True)
class ActionTaken:
    """An action made in the current step."""

    at: datetime
    action: Action


# the asides #undo takes back (a round of dots it does not)
UndoneAside = Literal["park", "topic", "customer"]
UNDONE_ASIDES: Final[tuple[UndoneAside, ...]] = ("park", "topic", "customer")


@dataclass(frozen=True)
class Undone:
    """The last thing typed in this step taken back: with `what`, that aside (see `take_back`);
    without, the item's last entry, the chair's last action or answer, or the last person's dots.
    Drafts from before asides could be taken back hold no `what`: replayed, such an #undo takes
    back the item's last entry, even where an aside was typed after it, as it did when it was typed."""

    at: datetime
    what: UndoneAside | Literal[""] = ""


@dataclass(frozen=True)
class Answered:
    """The team's answer to the chair's question."""

    at: datetime
    text: str


@dataclass(frozen=True)
class Rated:
    """The colour the customer would give the answer."""

    at: datetime
    rating: Rating


@dataclass(frozen=True)
class Recognized:
    """Someone did something exemplary; with no text: there is no one more to name."""

    at: datetime
    person: str = ""
    text: str = ""


@dataclass(frozen=True)
class FollowedUp:
    """An earlier open action followed up."""

    at: datetime
    followup: FollowUp


@dataclass(frozen=True)
class Next:
    """On to the next step."""

    at: datetime


@dataclass(frozen=True)
class Skipped:
    """The current item passed over."""

    at: datetime


@dataclass(frozen=True)
class Ended:
    """The items end early: on to the closing."""

    at: datetime


@dataclass(frozen=True)
class Paused:
    """The clock stops: the meeting is saved for later, or (`held`) the team takes a break (#pause)."""

    at: datetime
    held: bool = False


@dataclass(frozen=True)
class Resumed:
    """The clock runs again: the meeting is resumed, or (`held`) the break is over (#resume)."""

    at: datetime
    held: bool = False


@dataclass(frozen=True)
class Back:
    """Back to the item before this one, to add to it."""

    at: datetime


@dataclass(frozen=True)
class Called:
    """The chair called in during an item (#chair, or after a decision): `question` about that item."""

    at: datetime
    question: Question
    rate: bool = False  # rated as the chair's other questions are (#chair); the check after a decision is not


@dataclass(frozen=True)
class Introduced:
    """Someone new to the team, named as an owner: known for the rest of the meeting."""

    at: datetime
    name: str


@dataclass(frozen=True)
class TopicAdded:
    """An item added during the meeting (#topic), to run right after the current one."""

    at: datetime
    title: str
    minutes: int


@dataclass(frozen=True)
class Parked:
    """A topic put on the parking lot (#park), for the next meeting."""

    at: datetime
    text: str


@dataclass(frozen=True)
class CustomerSaid:
    """What a real customer said this week, told in an item (#customer): apart from the notes."""

    at: datetime
    heard: Heard


@dataclass(frozen=True)
class Chosen:
    """After the attendance: which topics offered (parked last time, proposed since) become items,
    and which of the others stay waiting; the rest are dropped (parked) or declined (proposed)."""

    at: datetime
    taken: tuple[int, ...]  # indices into Meeting.offered
    kept: tuple[int, ...] = ()


@dataclass(frozen=True)
class ConsentAsked:
    """#consent: the proposal is put to the people present, one by one."""

    at: datetime
    text: str


@dataclass(frozen=True)
class ConsentSaid:
    """What the next person in the round says of the proposal."""

    at: datetime
    say: Say


@dataclass(frozen=True)
class ConsentDecided:
    """The round's outcome: a decision of the item with that state (amended: in its new words)."""

    at: datetime
    outcome: ConsentOutcome
    text: str


@dataclass(frozen=True)
class CheckinPlanned:
    """After the attendance: the check-in question put to each person present, in turn."""

    at: datetime
    checkins: tuple[Checkin, ...]


@dataclass(frozen=True)
class CheckedIn:
    """The next person's line in the check-in round ("" passes)."""

    at: datetime
    text: str


@dataclass(frozen=True)
class VoteAsked:
    """#vote in an item: the items still to come are weighed with dots; or, at the start, the
    topics waiting (parked, proposed) before they are chosen."""

    at: datetime


@dataclass(frozen=True)
class VoteCast:
    """One person's dots in the round under way; the last of them ends it, and orders the topics."""

    at: datetime
    ballot: Ballot


@dataclass(frozen=True)
class MeetingRated:
    """At the closing: how the meeting itself went, one key ("" passes)."""

    at: datetime
    rating: Rating


@dataclass(frozen=True)
class Assigned:
    """An owner given to (or changed for) an action made earlier in this meeting."""

    at: datetime
    action: Action


Event: TypeAlias = (
    Attended
    | Entered
    | ActionTaken
    | Undone
    | Answered
    | Rated
    | Recognized
    | FollowedUp
    | Next
    | Skipped
    | Ended
    | Paused
    | Resumed
    | Assigned
    | Back
    | Called
    | TopicAdded
    | Parked
    | Introduced
    | CustomerSaid
    | Chosen
    | ConsentAsked
    | ConsentSaid
    | ConsentDecided
    | Reflected
    | CheckinPlanned
    | CheckedIn
    | VoteAsked
    | VoteCast
    | MeetingRated
)


AsideKind = UndoneAside | Literal["vote"]


@dataclass(frozen=True)
class Apart:
    """Something typed in an item that is kept apart from its entries: a topic parked (#park) or
    added as an item (#topic), what a customer said (#customer), a round of dots held (#vote). The
    item keeps these in the order typed beside its log, so that #undo takes back whatever came last."""

    kind: AsideKind
    after: int  # how many of the item's entries (its log) were typed before it
    event: int  # the event that made it, as an index into Meeting.events: which one, wherever it went


@dataclass(frozen=True)
class Stays:
    """Why #undo takes nothing back, though something was typed: a round of dots was held last, or
    the item added last (`title`) was taken up already (something was recorded in it: an entry,
    time, a chair moment) or weighed with dots."""

    reason: Literal["vote", "taken_up", "weighed"]
    title: str = ""


@dataclass(frozen=True)
class ItemState:
    """What an item holds so far: its entries, its time and whether it is done."""

    notes: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    stories: tuple[str, ...] = ()  # customer stories (#story)
    dilemma: Dilemma = field(default_factory=Dilemma)  # the dilemma round of a dilemma item (004)
    log: tuple[EntryKind, ...] = ()  # in the order entered, for #undo
    asides: tuple[Apart, ...] = ()  # typed in this item and kept elsewhere, in order, for #undo
    added_by: int = -1  # an item added with #topic: the event that added it (Apart.event)
    decision_states: tuple[str, ...] = ()  # beside decisions: "" made, or how it was decided by consent
    seconds: int = 0
    status: Progress = "pending"


@dataclass(frozen=True)
class ChairState:
    """A chair moment: its question, the answer, the rating and the actions."""

    question: Question
    asked: bool = False
    answer: str | None = None
    actions: tuple[Action, ...] = ()
    rating: Rating = ""  # "": not rated (see `rated` for whether it was asked)
    rated: bool = False  # the rating is given or passed over, or not asked at this moment
    unrated: bool = False  # a moment with no rating at all (the customer's check after a decision)
    quote: Quote | None = None  # what a real customer said, quoted before the question
    reason: Because | None = None  # why the chair chose this question (core.chooser)


@dataclass(frozen=True)
class Meeting:
    """The meeting in progress: the agenda, the steps, where it is and all it holds."""

    agenda: Agenda
    questions: tuple[Question, ...]  # one for each chair step, in order
    started: datetime
    steps: tuple[Step, ...]
    position: int = 0
    present: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()  # the guests who are real customers: the chair asks them directly
    items: tuple[ItemState, ...] = ()
    chair: tuple[ChairState, ...] = ()
    clock_since: datetime | None = None  # when the current item's clock last started
    on_hold: bool = False  # #pause: the clock stands still until #resume (or the next step), resume or not
    ended: datetime | None = None
    open_actions: tuple[OpenAction, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    recognition: tuple[Recognition, ...] = ()
    recognition_done: bool = False
    chair_last: datetime | None = None  # when the chair last spoke (for chair.every_minutes)
    parked: tuple[str, ...] = ()  # the parking lot: carried from the last meeting, then #park
    carried: tuple[str, ...] = ()  # what was on the parking lot when the meeting started
    planned: Agenda | None = None  # the agenda as the meeting started (items added later are events)
    team: tuple[str, ...] = ()  # who may own an action though absent: the attendees, everyone in the minutes
    newcomers: tuple[str, ...] = ()  # names new to the team, introduced during the meeting
    # the feedback quoted with each of `questions`, as chosen at the start
    quotes: tuple[Quote | None, ...] = ()
    reasons: tuple[Because | None, ...] = ()  # why the chair chose each of `questions`
    heard: tuple[Heard, ...] = ()  # what real customers said, told with #customer
    offered: tuple[Offer, ...] = ()  # asked after the attendance: parked last time, proposed since
    offer_done: bool = False
    decided: tuple[Decided, ...] = ()  # what this meeting made of the proposals offered
    consent: Round | None = None  # a consent round under way in the current item
    checkin: tuple[Checkin, ...] = ()  # the check-in round: a question for each person present
    checkin_planned: bool = False
    checked_in: int = 0  # how many have had their turn in the check-in round
    vote: Vote | None = None  # a round of dots under way
    votes: tuple[Vote, ...] = ()  # the rounds of dots held, in order
    meeting_rating: Rating = ""  # [closing] rate_meeting: how the meeting itself went
    meeting_rated: bool = False  # asked and answered (or passed)
    events: tuple[Event, ...] = field(default=())

    @property
    def step(self) -> Step:
        return self.steps[min(self.position, len(self.steps) - 1)]

    @property
    def finished(self) -> bool:
        return self.ended is not None

    @property
    def people(self) -> tuple[str, ...]:
        return self.present + self.guests

    @property
    def owners(self) -> tuple[str, ...]:
        """Everyone an action can be given to: those present first, then the rest of the team."""
        seen: dict[str, str] = {}
        for name in (*self.people, *self.team, *self.newcomers):
            seen.setdefault(name_key(name), name)
        return tuple(seen.values())

    def chair_index(self, position: int | None = None) -> int:
        """Which chair step (0, 1, …) the step at `position` is."""
        upto = self.position if position is None else position
        return sum(1 for s in self.steps[:upto] if s.kind == CHAIR)

    @property
    def offering(self) -> bool:
        """The attendance is done and the topics offered are still to be chosen."""
        return bool(self.offered) and not self.offer_done and self.step.kind != ATTENDANCE

    @property
    def checking_in(self) -> bool:
        """The check-in round is under way: someone has yet to answer."""
        return self.checkin_planned and self.checked_in < len(self.checkin)

    def person(self) -> str:
        """Whose turn it is in the closing round."""
        return self.people[self.step.person] if self.step.kind == ROUND else ""

    def item_seconds(self, now: datetime) -> int:
        """Time spent on the current item (or the closing round) so far, counting time before a pause."""
        step = self.step
        if step.kind not in TIMED:
            return 0
        spent = self.items[step.index].seconds
        if self.clock_since is not None:
            spent += max(0, int((now - self.clock_since).total_seconds()))
        return spent

    def all_actions(self) -> tuple[Action, ...]:
        return tuple(a for i in self.items for a in i.actions) + tuple(
            a for c in self.chair for a in c.actions
        )


def followup_order(actions: Iterable[OpenAction], today: date) -> tuple[OpenAction, ...]:
    """Open actions grouped by owner, the owners with something overdue first, unowned last; in a
    group the overdue ones first, then by due date, then the oldest."""

    def late(o: OpenAction) -> bool:
        return o.action.due is not None and o.action.due < today

    actions = tuple(actions)
    owners_late = {o.action.owner for o in actions if late(o)}
    return tuple(
        sorted(
            actions,
            key=lambda o: (
                o.action.owner == "",
                o.action.owner not in owners_late,
                o.action.owner.casefold(),
                not late(o),
                o.action.due or date.max,
                o.made,
            ),
        )
    )


def plan(agenda: Agenda, open_actions: int = 0) -> tuple[Step, ...]:
    steps = [Step(ATTENDANCE), *(Step(FOLLOWUP, n) for n in range(open_actions))]
    if agenda.chair_opening:
        steps.append(Step(CHAIR, moment="opening"))
    for n, item in enumerate(agenda.items):
        steps.append(Step(ITEM, n))
        if item.chair_after or agenda.chair_every_item:
            steps.append(Step(CHAIR, n, "after-item"))
        elif agenda.chair_every_minutes and n < len(agenda.items) - 1:
            steps.append(Step(CHAIR, n, "timed"))  # passed over unless the time has come
    if agenda.chair_closing:
        steps.append(Step(CHAIR, moment="closing"))
    steps.append(Step(CLOSING))
    return tuple(steps)


def chair_steps(agenda: Agenda) -> int:
    return sum(1 for s in plan(agenda) if s.kind == CHAIR)


def start(
    agenda: Agenda,
    questions: tuple[Question, ...],
    started: datetime,
    open_actions: tuple[OpenAction, ...] = (),
    parked: tuple[str, ...] = (),
    quotes: tuple[Quote | None, ...] = (),
    offered: tuple[Offer, ...] = (),
    team: tuple[str, ...] = (),
    reasons: tuple[Because | None, ...] = (),
) -> Meeting:
    steps = plan(agenda, len(open_actions))
    wanted = sum(1 for s in steps if s.kind == CHAIR)
    if len(questions) != wanted:
        raise ValueError(f"the plan has {wanted} chair steps but {len(questions)} questions were given")
    return Meeting(
        agenda=agenda,
        questions=questions,
        started=started,
        steps=steps,
        items=tuple(ItemState() for _ in agenda.items),
        chair=tuple(ChairState(q) for q in questions),
        open_actions=open_actions,
        parked=parked,
        carried=parked,
        planned=agenda,
        team=team,
        quotes=quotes,
        reasons=reasons,
        offered=offered,
    )


def replay(meeting: Meeting, events: Iterable[Event]) -> Meeting:
    for event in events:
        meeting = apply(meeting, event)
    return meeting


def apply(m: Meeting, e: Event) -> Meeting:
    """The meeting after `e`. Raises ValueError for an event that cannot happen now (a bug)."""
    if m.finished:
        raise ValueError("the meeting has ended")
    return replace(_handle(m, e), events=(*m.events, e))


def _handle(m: Meeting, e: Event) -> Meeting:
    match e:
        case Attended():
            return _attend(m, e)
        case Entered() | ActionTaken():
            return _entry(m, e)
        case Undone():
            return _undo(m, e)
        case Answered():
            return _answer(m, e)
        case Rated():
            return _rate(m, e)
        case Recognized():
            return _recognize(m, e)
        case FollowedUp():
            return _followup(m, e)
        case Next() | Skipped():
            return _next(m, e)
        case Ended():
            return _end(m, e)
        case Paused():
            return _pause(m, e)
        case Resumed():
            return _resume(m, e)
        case Assigned():
            return _assign(m, e)
        case Back():
            return _back(m, e)
        case Called():
            return _call(m, e)
        case TopicAdded():
            return _aside(_add_topic(m, e), "topic")
        case Parked():
            if m.step.kind not in (ITEM, ROUND):
                raise ValueError(f"nothing can be parked in the {m.step.kind} step")
            return _aside(replace(m, parked=(*m.parked, e.text)), "park")
        case Introduced():
            return replace(m, newcomers=(*m.newcomers, e.name))
        case CustomerSaid():
            if m.step.kind not in (ITEM, ROUND):
                raise ValueError(f"no customer can be heard in the {m.step.kind} step")
            heard = replace(e.heard, item=m.agenda.items[m.step.index].title)
            return _aside(replace(m, heard=(*m.heard, heard)), "customer")
        case Chosen():
            return _choose(m, e)
        case ConsentAsked() | ConsentSaid() | ConsentDecided():
            return _consent(m, e)
        case Reflected():
            _expect(m, ITEM, e)
            if m.agenda.items[m.step.index].kind != DILEMMA:
                raise ValueError("only a dilemma item has a dilemma round")
            item = m.items[m.step.index]
            return _set_item(m, m.step.index, replace(item, dilemma=reflect(item.dilemma, e)))
        case CheckinPlanned() | CheckedIn():
            return _checkin(m, e)
        case VoteAsked() | VoteCast():
            return _vote(m, e)
        case MeetingRated():
            _expect(m, CLOSING, e)
            return replace(m, meeting_rating=e.rating, meeting_rated=True)
        case _:
            assert_never(e)


# --- handlers ------------------------------------------------------------------------------


def _attend(m: Meeting, e: Attended) -> Meeting:
    _expect(m, ATTENDANCE, e)
    customers = tuple(c for c in e.customers if c in e.guests)
    m = replace(m, present=e.present, guests=e.guests, customers=customers)
    if m.agenda.closing_round and m.people:
        m = _plan_round(m)
    return _advance(m, e.at)


def _plan_round(m: Meeting) -> Meeting:
    """A turn for each person present, in order, before the chair's closing words and the closing."""
    people = len(m.people)
    title = ROUND_TITLES.get(m.agenda.language, ROUND_TITLES["en"])
    n = len(m.agenda.items)
    agenda = replace(m.agenda, items=(*m.agenda.items, Item(title, people, round=True)))
    at = next(p for p, s in enumerate(m.steps) if s.kind == CLOSING or s.moment == "closing")
    turns = tuple(Step(ROUND, n, person=p) for p in range(people))
    steps = (*m.steps[:at], *turns, *m.steps[at:])
    return replace(m, agenda=agenda, items=(*m.items, ItemState()), steps=steps)


def _entry(m: Meeting, e: Entered | ActionTaken) -> Meeting:
    step = m.step
    if step.kind == CHAIR:
        state = _current_chair(m)
        if not isinstance(e, ActionTaken) or state.answer is None:
            raise ValueError("a chair step takes an answer, then actions")
        action = e.action
        if state.quote is not None and not action.feedback:  # made on what a real customer said
            action = replace(action, feedback=state.quote.feedback)
        return _set_chair(m, replace(state, actions=(*state.actions, action)))
    if step.kind != ROUND:
        _expect(m, ITEM, e)
    item = m.items[step.index]
    if step.kind == ROUND and isinstance(e, Entered):  # said in the round: whose turn it was
        e = replace(e, text=f"{m.person()}: {e.text}")
    kind: EntryKind
    match e:
        case ActionTaken():
            kind, item = ACTION, replace(item, actions=(*item.actions, e.action))
        case Entered(kind="note" | "info"):
            # an info is kept among the notes as it was said, without its marker; the log knows its kind
            kind, item = e.kind, replace(item, notes=(*item.notes, e.text))
        case Entered(kind="decision"):
            states = (*item.decision_states, e.state)
            kind, item = e.kind, replace(item, decisions=(*item.decisions, e.text), decision_states=states)
        case Entered(kind="link"):
            kind, item = e.kind, replace(item, links=(*item.links, e.text))
        case Entered(kind="story"):
            kind, item = e.kind, replace(item, stories=(*item.stories, e.text))
    return _set_item(m, step.index, replace(item, log=(*item.log, kind)))


def _undo(m: Meeting, e: Undone) -> Meeting:
    step = m.step
    if m.vote is not None:  # in a round of dots: the last person's dots
        return replace(m, vote=replace(m.vote, ballots=m.vote.ballots[:-1]))
    if step.kind == CHAIR:
        state = _current_chair(m)
        if state.actions:
            return _set_chair(m, replace(state, actions=state.actions[:-1]))
        return _set_chair(m, replace(state, answer=None, rating="", rated=state.unrated))  # asked again
    if step.kind not in (ITEM, ROUND):
        raise ValueError(f"nothing to undo in the {step.kind} step")
    if e.what:
        return _undo_aside(m, e.what)
    return _undo_entry(m)


def _undo_entry(m: Meeting) -> Meeting:
    """The item's last entry taken back; an aside typed after it then follows the entry before it."""
    n = m.step.index
    item = m.items[n]
    if not item.log:
        return m
    last = item.log[-1]
    fields = {NOTE: "notes", INFO: "notes", DECISION: "decisions", LINK: "links", ACTION: "actions"}
    field_name = (fields | {STORY: "stories"})[last]
    shorter = getattr(item, field_name)[:-1]
    if last == DECISION:
        item = replace(item, decision_states=item.decision_states[:-1])
    log = item.log[:-1]
    asides = tuple(replace(a, after=min(a.after, len(log))) for a in item.asides)
    return _set_item(m, n, replace(item, log=log, asides=asides, **{field_name: shorter}))


def _undo_aside(m: Meeting, what: UndoneAside) -> Meeting:
    """The aside typed last in this item taken back: off the parking lot, out of what customers
    said, or the item it added out of the agenda and its step out of the meeting."""
    aside = last_aside(m)
    if aside is None or aside.kind != what:
        raise ValueError(f"no {what} is the last thing typed in this item")
    kept = stays(m)
    if kept is not None:
        raise ValueError(f"the {what} cannot be taken back: {kept.reason}")
    n = m.step.index
    at = _apart_index(m, aside)
    m = _set_item(m, n, replace(m.items[n], asides=m.items[n].asides[:-1]))
    match what:
        case "park":
            return replace(m, parked=(*m.parked[:at], *m.parked[at + 1 :]))
        case "customer":
            return replace(m, heard=(*m.heard[:at], *m.heard[at + 1 :]))
        case "topic":
            return _drop_topic(m, at)
        case _:
            assert_never(what)


def last_aside(m: Meeting) -> Apart | None:
    """The aside typed last in the current item, when no entry came after it: what #undo takes back next."""
    if m.vote is not None or m.step.kind not in (ITEM, ROUND):
        return None
    item = m.items[m.step.index]
    if item.asides and item.asides[-1].after == len(item.log):
        return item.asides[-1]
    return None


def stays(m: Meeting) -> Stays | None:
    """Why #undo cannot take back the last thing typed in this step; None when it can (or nothing was)."""
    aside = last_aside(m)
    if aside is None or aside.kind in ("park", "customer"):
        return None
    if aside.kind == "vote":
        return Stays("vote")
    k = _apart_index(m, aside)
    title = m.agenda.items[k].title
    steps = sum(1 for s in m.steps if s.item == k and _of_item(s))
    if m.items[k] != ItemState(added_by=aside.event) or steps > 1:
        return Stays("taken_up", title)  # entries, time, asides or a chair moment of its own
    if any(v.item and title in v.topics for v in m.votes):  # its number is in the ballots
        return Stays("weighed", title)
    return None


def take_back(m: Meeting, at: datetime) -> Undone | Stays:
    """What #undo does now: the event that takes back the last thing typed in this step, or why nothing is."""
    kept = stays(m)
    if kept is not None:
        return kept
    aside = last_aside(m)
    if aside is None or aside.kind == "vote":
        return Undone(at)
    return Undone(at, aside.kind)


def _aside(m: Meeting, kind: AsideKind) -> Meeting:
    """`kind` typed in the current item (the event being handled made it): kept in order for #undo."""
    n = m.step.index
    item = m.items[n]
    aside = Apart(kind, len(item.log), len(m.events))
    return _set_item(m, n, replace(item, asides=(*item.asides, aside)))


def _apart_index(m: Meeting, aside: Apart) -> int:
    """Where what `aside` made is now: the added item in the agenda; the topic on the parking lot
    or what the customer said, among those (all appended in the order typed, after any carried)."""
    if aside.kind == "topic":
        return next(n for n, state in enumerate(m.items) if state.added_by == aside.event)
    made = sorted(a.event for i in m.items for a in i.asides if a.kind == aside.kind)
    kept = m.parked if aside.kind == "park" else m.heard
    return len(kept) - len(made) + made.index(aside.event)


def _drop_topic(m: Meeting, k: int) -> Meeting:
    """The item added at `k` out again, and the steps as they were before it was added."""
    at = next(p for p, s in enumerate(m.steps) if s.kind == ITEM and s.item == k)
    steps = tuple(_unshifted(s, k) for p, s in enumerate(m.steps) if p != at)
    agenda = replace(m.agenda, items=(*m.agenda.items[:k], *m.agenda.items[k + 1 :]))
    position = m.position - 1 if at < m.position else m.position
    return replace(m, agenda=agenda, steps=steps, items=(*m.items[:k], *m.items[k + 1 :]), position=position)


def _followup(m: Meeting, e: FollowedUp) -> Meeting:
    _expect(m, FOLLOWUP, e)
    if e.followup.action != m.open_actions[m.step.index].action.id:
        raise ValueError("a follow-up event needs the follow-up of the action in this step")
    return _advance(replace(m, followups=(*m.followups, e.followup)), e.at)


def _answer(m: Meeting, e: Answered) -> Meeting:
    _expect(m, CHAIR, e)
    return _set_chair(m, replace(_current_chair(m), answer=e.text))


def _rate(m: Meeting, e: Rated) -> Meeting:
    _expect(m, CHAIR, e)
    return _set_chair(m, replace(_current_chair(m), rating=e.rating, rated=True))


def _recognize(m: Meeting, e: Recognized) -> Meeting:
    _expect(m, CLOSING, e)
    if not e.text:
        return replace(m, recognition_done=True)
    return replace(m, recognition=(*m.recognition, Recognition(e.person, e.text)))


def _next(m: Meeting, e: Next | Skipped) -> Meeting:
    step = m.step
    if step.kind == ITEM:
        m = _close_item(m, e.at, "done", skip=isinstance(e, Skipped))
    elif step.kind == CHAIR:
        state = _current_chair(m)
        if state.answer is None:
            m = _set_chair(m, replace(state, answer=""))
    elif step.kind == CLOSING:
        return _finish(m, e)
    elif step.kind == FOLLOWUP:
        pass  # passed over: no record, the action stays as it was
    elif step.kind == ROUND:  # the round's clock counts every turn
        done = m.steps[m.position + 1].kind != ROUND  # the last turn: the round is done
        item = m.items[step.index]
        status: Progress = "done" if done else item.status
        m = _set_item(m, step.index, replace(item, seconds=m.item_seconds(e.at), status=status))
    else:
        raise ValueError(f"{type(e).__name__} cannot end the {step.kind} step")
    return _advance(m, e.at)


def _end(m: Meeting, e: Ended) -> Meeting:
    """End the items early and go to the closing: the item at hand was reached (its time kept);
    _finish records the items after it as not reached."""
    _expect(m, ITEM, e)
    m = _close_item(m, e.at, "done")
    closing = next(n for n, s in enumerate(m.steps) if s.kind in (ROUND, CLOSING) or s.moment == "closing")
    return _advance(replace(m, position=closing - 1), e.at)


def _close_item(m: Meeting, at: datetime, empty: ItemStatus, *, skip: bool = False) -> Meeting:
    """Stop the current item's clock; an item with no entries gets status `empty`, else done.
    A skipped item is recorded as skipped whatever was said in it (the entries are kept)."""
    item = m.items[m.step.index]
    status: ItemStatus = "skipped" if skip else "done" if item.log else empty
    return _set_item(m, m.step.index, replace(item, seconds=m.item_seconds(at), status=status))


def _finish(m: Meeting, e: Next | Skipped) -> Meeting:
    items = tuple(replace(i, status=_recorded(i.status)) for i in m.items)
    return replace(m, items=items, ended=e.at, clock_since=None)


def _pause(m: Meeting, e: Paused) -> Meeting:
    if m.step.kind not in TIMED:
        return m
    m = replace(m, on_hold=m.on_hold or e.held)
    if m.clock_since is None:
        return m
    item = m.items[m.step.index]
    return replace(_set_item(m, m.step.index, replace(item, seconds=m.item_seconds(e.at))), clock_since=None)


def _resume(m: Meeting, e: Resumed) -> Meeting:
    """Start the item's clock again. Without a pause before it (the process was killed), the
    clock counts up to the last event that was saved: that time was spent on the item. A break
    (#pause) ends only with #resume: a meeting resumed from its draft keeps the clock stopped."""
    if m.step.kind not in TIMED:
        return m
    if e.held or m.on_hold:  # the end of a break; nothing else ends it
        return replace(m, on_hold=False, clock_since=e.at) if e.held and m.on_hold else m
    if m.clock_since is not None and m.events:
        item = m.items[m.step.index]
        m = _set_item(m, m.step.index, replace(item, seconds=m.item_seconds(m.events[-1].at)))
    return replace(m, clock_since=e.at)


def previous_item(m: Meeting) -> int | None:
    """The step of the item before the current one, or None in the first item."""
    step = m.step
    if step.kind != ITEM:
        return None
    earlier = [p for p, s in enumerate(m.steps[: m.position]) if s.kind == ITEM and s.item != step.item]
    return earlier[-1] if earlier else None


def _back(m: Meeting, e: Back) -> Meeting:
    """The current item stays to come (its time kept); the one before is open again, its entries kept."""
    position = previous_item(m)
    if position is None:
        raise ValueError("no item before this one")
    n = m.step.index
    m = _set_item(m, n, replace(m.items[n], seconds=m.item_seconds(e.at), status="pending"))
    back = m.steps[position].index
    m = _set_item(m, back, replace(m.items[back], status="pending"))
    return replace(m, position=position, clock_since=e.at, on_hold=False)


def _call(m: Meeting, e: Called) -> Meeting:
    """The chair speaks now about the item at hand; after the answer the item goes on where it was."""
    _expect(m, ITEM, e)
    n, at = m.step.index, m.position + 1
    m = _set_item(m, n, replace(m.items[n], seconds=m.item_seconds(e.at)))
    steps = (*m.steps[:at], Step(CHAIR, n, CALLED), Step(ITEM, n), *m.steps[at:])
    c = m.chair_index(at)
    state = ChairState(e.question, asked=True, rated=not e.rate, unrated=not e.rate)
    chair = (*m.chair[:c], state, *m.chair[c:])
    return replace(m, steps=steps, chair=chair, position=at, clock_since=None, chair_last=e.at)


def _add_topic(m: Meeting, e: TopicAdded) -> Meeting:
    """A new item right after the current one (after the ones added before it, in the order they
    were added); from the closing round, right after this turn."""
    step = m.step
    if step.kind not in (ITEM, ROUND):
        raise ValueError(f"no topic can be added in the {step.kind} step")
    items = m.agenda.items
    if step.kind == ROUND:
        k, at = step.index, m.position + 1  # before the round's own item in the list
    else:
        k = step.index + 1
        while k < len(items) and items[k].added:
            k += 1
        at = next(
            (p for p, s in enumerate(m.steps) if p > m.position and _item_or_after(s) >= k),
            next(p for p, s in enumerate(m.steps) if s.kind in (ROUND, CLOSING) or s.moment == "closing"),
        )
    agenda = replace(m.agenda, items=(*items[:k], Item(e.title, e.minutes, added=True), *items[k:]))
    steps = tuple(_shifted(s, k) for s in m.steps)
    steps = (*steps[:at], Step(ITEM, k), *steps[at:])
    states = (*m.items[:k], ItemState(added_by=len(m.events)), *m.items[k:])
    return replace(m, agenda=agenda, steps=steps, items=states)


def _item_or_after(s: Step) -> int:
    """The agenda index a step belongs to, for finding where a new item goes (-1: none, which
    comes before every item)."""
    if (s.kind == ITEM or s.kind == ROUND) and s.item is not None:
        return s.item
    return -1


def _shifted(s: Step, k: int) -> Step:
    """A step of the item at `k` or later, after an item was put in at `k`."""
    if s.item is not None and s.item >= k and s.kind in (ITEM, CHAIR, ROUND):
        return replace(s, item=s.item + 1)
    return s


def _unshifted(s: Step, k: int) -> Step:
    """A step of an item after `k`, once the item at `k` is taken out: `_shifted` undone."""
    if s.item is not None and s.item > k and s.kind in (ITEM, CHAIR, ROUND):
        return replace(s, item=s.item - 1)
    return s


def _choose(m: Meeting, e: Chosen) -> Meeting:
    """The offered topics taken up become the first items, in the order offered; of the others, a
    parked topic kept stays parked and a proposal kept waits for the next meeting."""
    if not m.offering:
        raise ValueError("no topics are offered now")
    taken = tuple(dict.fromkeys(n for n in e.taken if 0 <= n < len(m.offered)))
    kept = {n for n in e.kept if n not in taken}
    k = len(taken)
    first = [m.offered[n] for n in taken]
    items = tuple(Item(o.title, o.minutes or m.agenda.topic_minutes, o.by) for o in first)
    at = next(
        p
        for p, s in enumerate(m.steps)
        if p >= m.position and (s.kind in (ITEM, ROUND, CLOSING) or s.moment == "closing")
    )
    steps = tuple(replace(s, item=s.item + k) if s.item is not None and _of_item(s) else s for s in m.steps)
    steps = (*steps[:at], *(Step(ITEM, n) for n in range(k)), *steps[at:])
    decided = tuple(
        Decided(o.proposal, o.title, "taken" if n in taken else "declined")
        for n, o in enumerate(m.offered)
        if o.proposal and (n in taken or n not in kept)
    )
    parked = tuple(o.title for n, o in enumerate(m.offered) if not o.proposal and n in kept)
    return replace(
        m,
        agenda=replace(m.agenda, items=(*items, *m.agenda.items)),
        items=(*(ItemState() for _ in items), *m.items),
        steps=steps,
        parked=(*parked, *m.parked),
        offer_done=True,
        decided=decided,
        clock_since=e.at if m.step.kind == ITEM else m.clock_since,
    )


def _checkin(m: Meeting, e: CheckinPlanned | CheckedIn) -> Meeting:
    """The check-in round: planned once after the attendance, then each person's line in turn."""
    if isinstance(e, CheckinPlanned):
        if m.checkin_planned or m.step.kind == ATTENDANCE:
            raise ValueError("the check-in round comes once, after the attendance")
        return replace(m, checkin=e.checkins, checkin_planned=True)
    if not m.checking_in:
        raise ValueError("no check-in round is under way")
    n = m.checked_in
    said = replace(m.checkin[n], answer=e.text)
    return replace(m, checkin=(*m.checkin[:n], said, *m.checkin[n + 1 :]), checked_in=n + 1)


def _consent(m: Meeting, e: ConsentAsked | ConsentSaid | ConsentDecided) -> Meeting:
    """A consent round: asked, each person present in turn, then decided (a decision with its
    state, and the round as a note: who said what)."""
    _expect(m, ITEM, e)
    match e:
        case ConsentAsked():
            if m.consent is not None:
                raise ValueError("a consent round is under way already")
            return replace(m, consent=Round(e.text))
        case ConsentSaid():
            if m.consent is None or len(m.consent.said) >= len(m.people):
                raise ValueError("no one is left to say something in this round")
            return replace(m, consent=replace(m.consent, said=(*m.consent.said, e.say)))
        case ConsentDecided():
            if m.consent is None:
                raise ValueError("no consent round is under way")
            lang = m.agenda.language
            said = " · ".join(
                f"{p}: {tr(lang, say_key(s))}" for p, s in zip(m.people, m.consent.said, strict=False)
            )
            proposal = m.consent.text
            m = replace(m, consent=None)
            if said:
                m = _entry(m, Entered(e.at, "note", tr(lang, "consent_note", text=proposal, said=said)))
            return _entry(m, Entered(e.at, "decision", e.text, state=e.outcome))


def still_to_come(m: Meeting) -> tuple[int, ...]:
    """The items (agenda indices) still to come after the current one: what #vote weighs."""
    if m.step.kind != ITEM:
        return ()
    return tuple(
        n
        for n, (item, state) in enumerate(zip(m.agenda.items, m.items, strict=True))
        if n > m.step.index and not item.round and state.status == "pending"
    )


def _vote(m: Meeting, e: VoteAsked | VoteCast) -> Meeting:
    """A round of dots: asked (on the items still to come, or on the topics offered at the start),
    then each person's dots; the last ballot ends it and puts the topics in the order of the result."""
    if isinstance(e, VoteAsked):
        if m.vote is not None:
            raise ValueError("a round of dots is under way already")
        if m.offering:
            places = tuple(range(len(m.offered)))
            vote = Vote("", m.agenda.dots, tuple(o.title for o in m.offered), places=places)
        else:
            _expect(m, ITEM, e)
            places = still_to_come(m)
            title = m.agenda.items[m.step.index].title
            vote = Vote(title, m.agenda.dots, tuple(m.agenda.items[n].title for n in places), places=places)
        if len(places) < 2 or not m.people:
            raise ValueError("a round of dots needs two topics and people to give them")
        return replace(m, vote=vote)
    under_way = m.vote
    if under_way is None or e.ballot.person not in under_way.waiting(m.people):
        raise ValueError("no round of dots awaits this person's dots")
    topics = len(under_way.topics)
    if len(e.ballot.topics) > under_way.dots or not all(1 <= n <= topics for n in e.ballot.topics):
        raise ValueError("dots on no topic, or more dots than a person has")
    vote = replace(under_way, ballots=(*under_way.ballots, e.ballot))
    if vote.waiting(m.people):
        return replace(m, vote=vote)
    m = replace(m, vote=None, votes=(*m.votes, replace(vote, places=())))
    order = tuple(vote.places[n] for n in vote.order)
    if not vote.item:  # the topics offered at the start, in the order of the result
        return replace(m, offered=tuple(m.offered[n] for n in order))
    return _aside(_reorder(m, vote.places, order), "vote")  # held in this item: #undo stops at it


def _reorder(m: Meeting, places: tuple[int, ...], order: tuple[int, ...]) -> Meeting:
    """The items at `places` (ascending agenda indices, all still to come) put in `order`: the
    agenda, their states and their steps (each item's chair steps go with it), the chair's states
    with their steps."""
    new = {old: places[k] for k, old in enumerate(order)}  # an item's old index -> its new one
    agenda = list(m.agenda.items)
    states = list(m.items)
    for old, at in new.items():
        agenda[at], states[at] = m.agenda.items[old], m.items[old]
    chair = iter(m.chair)
    paired = [(s, next(chair) if s.kind == CHAIR else None) for s in m.steps]
    head, tail = paired[: m.position + 1], paired[m.position + 1 :]
    moved = [
        (replace(s, item=new[s.item]) if s.item in new and s.kind in (ITEM, CHAIR) else s, c) for s, c in tail
    ]
    first = next((k for k, (s, _) in enumerate(tail) if s.item in new and s.kind in (ITEM, CHAIR)), len(tail))

    def key(k: int) -> tuple[int, int]:
        s, old = moved[k][0], tail[k][0]
        if old.item in new and old.kind in (ITEM, CHAIR):
            return (1, s.index)
        return (0, 0) if k < first else (2, 0)

    ordered = [moved[k] for k in sorted(range(len(moved)), key=key)]
    steps = [s for s, _ in (*head, *ordered)]
    return replace(
        m,
        agenda=replace(m.agenda, items=tuple(agenda)),
        items=tuple(states),
        steps=tuple(steps),
        chair=tuple(c for _, c in (*head, *ordered) if c is not None),
    )


def _of_item(s: Step) -> bool:
    return s.item is not None and s.kind in (ITEM, CHAIR, ROUND)


def _assign(m: Meeting, e: Assigned) -> Meeting:
    """Fill in (or change) the owner of an action made earlier in this meeting."""
    new = e.action

    def swap(actions: tuple[Action, ...]) -> tuple[Action, ...]:
        return tuple(new if a.id == new.id else a for a in actions)

    return replace(
        m,
        items=tuple(replace(i, actions=swap(i.actions)) for i in m.items),
        chair=tuple(replace(c, actions=swap(c.actions)) for c in m.chair),
    )


# --- helpers -------------------------------------------------------------------------------


def _expect(m: Meeting, kind: StepKind, e: Event) -> None:
    if m.step.kind != kind:
        raise ValueError(f"{type(e).__name__} does not fit the {m.step.kind} step")


def _advance(m: Meeting, at: datetime) -> Meeting:
    position = m.position + 1
    while _not_due(m, position, at):
        position += 1
    step = m.steps[position]
    m = replace(m, position=position, clock_since=at if step.kind in TIMED else None, on_hold=False)
    if step.kind == CHAIR:
        # The questions go to the steps the chair really speaks at, in order: a timed step that
        # was passed over does not use up the question that was least recently asked.
        asked = sum(
            1 for s, c in zip(_chair_steps(m), m.chair, strict=True) if c.asked and s.moment != CALLED
        )
        question = m.questions[asked]
        quote = m.quotes[asked] if asked < len(m.quotes) else None
        reason = m.reasons[asked] if asked < len(m.reasons) else None
        state = replace(_current_chair(m), question=question, asked=True, quote=quote, reason=reason)
        m = replace(_set_chair(m, state), chair_last=at)
    return m


def _chair_steps(m: Meeting) -> list[Step]:
    return [s for s in m.steps if s.kind == CHAIR]


def _not_due(m: Meeting, position: int, at: datetime) -> bool:
    """A step passed over: an item already closed (after #back), a chair step already asked, the
    chair after an item that was skipped, a timed chair step whose time has not come (fewer than
    every_minutes since the chair spoke)."""
    step = m.steps[position]
    if step.kind == ITEM:
        return m.items[step.index].status != "pending"
    if step.kind == CHAIR and m.chair[m.chair_index(position)].asked:
        return True
    if step.moment == "after-item" and m.items[step.index].status == "skipped":
        return True
    if step.moment != "timed":
        return False
    since = m.chair_last or m.started
    return (at - since).total_seconds() < m.agenda.chair_every_minutes * 60


def _current_chair(m: Meeting) -> ChairState:
    return m.chair[m.chair_index()]


def _set_chair(m: Meeting, state: ChairState) -> Meeting:
    n = m.chair_index()
    return replace(m, chair=(*m.chair[:n], state, *m.chair[n + 1 :]))


def _set_item(m: Meeting, n: int, item: ItemState) -> Meeting:
    return replace(m, items=(*m.items[:n], item, *m.items[n + 1 :]))


# --- the record ----------------------------------------------------------------------------


def _recorded(status: Progress) -> ItemStatus:
    """An item nobody reached before the meeting ended is recorded as not reached."""
    return "not reached" if status == "pending" else status


def asks_customer(m: Meeting, q: Question) -> bool:
    """Whether the chair asks a real customer present directly: a question about the customer's
    view, with a customer among the guests (co-creation, 000)."""
    return bool(m.customers) and q.view == CUSTOMER


def worded(m: Meeting, q: Question) -> str:
    """The question as the chair asks it in this meeting: to a customer present in its direct
    wording (in Dutch with "u"), else as the set words it."""
    return q.direct if asks_customer(m, q) and q.direct else q.text


def to_minutes(m: Meeting, recognition: str = "") -> Minutes:
    """The record of a finished meeting; `recognition` is the question the closing asks for
    exemplary work, recorded when it was asked."""
    if m.ended is None:
        raise ValueError("the meeting has not ended")
    agenda = m.agenda
    chair_steps_ = [s for s in m.steps if s.kind == CHAIR]
    return Minutes(
        title=agenda.title,
        team=agenda.team,
        language=agenda.language,
        date=m.started.date(),
        started=m.started,
        ended=m.ended,
        present=m.present,
        guests=m.guests,
        customers=m.customers,
        absent=tuple(a for a in agenda.attendees if a not in m.present),
        items=tuple(
            ItemRecord(
                title=item.title,
                presenter=item.presenter,
                status=_recorded(state.status),
                planned_minutes=item.minutes,
                actual_minutes=math.ceil(state.seconds / 60),  # 5:15 of 5 shows as over: 6
                notes=state.notes,
                decisions=state.decisions,
                links=state.links,
                actions=state.actions,
                added=item.added,
                stories=state.stories,
                kind=item.kind,
                decision_states=state.decision_states if any(state.decision_states) else (),
                dilemma=state.dilemma if state.dilemma.told else None,
                round=item.round,
            )
            for item, state in zip(agenda.items, m.items, strict=True)
        ),
        followups=m.followups,
        recognition=m.recognition,
        heard=m.heard,
        parked=(
            *(o.title for o in m.offered if not o.proposal and not m.offer_done),  # never chosen: kept
            *m.parked,
        ),
        proposals=m.decided,
        checkin=m.checkin[: m.checked_in],
        votes=m.votes,
        meeting_rating=m.meeting_rating,
        recognition_question=recognition if m.recognition_done or m.recognition else "",
        chair=tuple(
            ChairRecord(
                moment=step.chair_moment,
                after_item=agenda.items[step.index].title if step.item is not None else "",
                question_id=state.question.id,
                question=worded(m, state.question),  # as it was asked: of a customer present, directly
                answer=state.answer or "",
                actions=state.actions,
                rating=state.rating,
                quote=state.quote,
            )
            for step, state in zip(chair_steps_, m.chair, strict=True)
            if state.asked
        ),
    )
