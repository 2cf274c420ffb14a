"""One typed line in a meeting, read as a note, a decision, an action or a command: the whole grammar.

(an empty line)                              this step is done: on to the next
plain text                                   a note (in a chair step: an action)
#action @bram mail invoices due:friday       an action for Bram, due next Friday
#actie @bram facturen mailen due:vrijdag     the same in Dutch
#agreed … / #besluit …                        a decision (a colon after a marker is allowed: #agreed: …)
#info …                                      a note, marked as information
#link https://…                              a link
#undo                                        take back the last thing typed in this step (a #park, #topic or #customer too)
#skip / #overslaan                           skip this item (items only)
#end / #einde                                end the items now, on to the closing (items only)
#back / #vorige                              back to the item before this one (items only)
#chair / #stoel                              the chair asks what the customer would say now (items only)
#topic Hold music 5m / #onderwerp …          a new item right after this one (time box optional)
#park text / #parkeer …                      a topic on the parking lot, for the next meeting
#customer 3/10 "…" / #klant nps:3 "…"        what a real customer said this week (score optional)
#help / #hulp / ?                            every marker shown again
#action … #gh (or a line that starts #gh)    an action that goes to the team's issue tracker
#consent text / #instemming …                a decision by consent: a round, then the outcome (items only)
#accepted … / #aangenomen …                  a decision taken by consent, in one line
#rejected … / #verworpen …                   a proposal not accepted, in one line
#vote / #stem                                the items still to come weighed with dots, then run in that order

After the chair's question is answered, a line is an action (a marker says so too) or #undo.
The closing asks for `@name what they did`: `recognition_line`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Final, Literal

from emptychair.core.dates import Forms, is_vague, parse_due
from emptychair.errors import EmptyChairError, problem
from emptychair.locale import marker_words, markers, meaning
from emptychair.text import name_key

EntryKind = Literal["note", "decision", "action", "info", "link", "story"]
TextKind = Literal["note", "decision", "info", "link", "story"]  # the kinds that are only text
NOTE: Final = "note"
DECISION: Final = "decision"
ACTION: Final = "action"
INFO: Final = "info"
LINK: Final = "link"
STORY: Final = "story"  # a customer story (003): what happened, what was unexpected
ENTRY_MEANINGS: dict[str, EntryKind] = {
    "action": ACTION, "decision": DECISION, "info": INFO, "link": LINK, "story": STORY,
}  # fmt: skip


@functools.cache
def _due() -> re.Pattern[str]:
    """`due:` (Dutch: `voor:`) and the words after it, up to the next `@name`, `#marker` or `key:`."""
    keywords = "|".join(re.escape(word.removesuffix(":")) for word in marker_words("en", "due"))
    return re.compile(rf"(?:^|\s)(?:{keywords}):(\S+(?:[^\S\n]+(?![@#]|\S*:)\S+)*)", re.IGNORECASE)


_DATE_WORDS = 6  # the longest form: `the 1st of December 2026`
_OWNER = re.compile(r"(?:^|\s)@(\S+)")


def kind_key(kind: EntryKind) -> str:
    """The catalogue key that names what a line was read as."""
    return "kind_" + kind


@dataclass(frozen=True)
class Entry:
    """A line typed in an item: a note, a decision, an action (with owner and due date)."""

    kind: EntryKind
    text: str
    owner: str = ""
    due: date | None = None
    tracker: bool = False  # #gh: to the team's issue tracker at the end of the meeting
    state: str = ""  # a decision's: "" made, or accepted / not accepted (#accepted, #rejected)


class Command(Enum):
    NEXT = "next"  # an empty line
    SKIP = "skip"
    END = "end"
    UNDO = "undo"
    BACK = "back"
    CHAIR = "chair"
    HELP = "help"  # #help, #hulp or a lone `?`: every marker shown again
    PAUSE = "pause"  # #pause, #pauze: the clock stops
    RESUME = "resume"  # #resume, #verder: it runs again
    VOTE = "vote"  # #vote, #stem: the items still to come weighed with dots (core/vote.py)


_TIME_BOX = re.compile(r"\s+(\d{1,3})\s*(?:m|min|minutes?|minuten?)$", re.IGNORECASE)


def words(language: str) -> tuple[str, ...]:
    """Every word a line can start with, the meeting's own language first (for completion)."""
    return tuple(word for word in markers(language) if word.startswith("#"))


def _command(word: str) -> Command | None:
    found = meaning(word)
    return Command(found) if found in Command._value2member_map_ else None


def _aside_kind(word: str) -> Literal["topic", "park", "customer"] | None:
    found = meaning(word)
    if found in ("topic", "park", "customer"):
        return found  # type: ignore[return-value]
    return None


@dataclass(frozen=True)
class Consent:
    """#consent: a proposal the people present consent to, one by one, before it is decided."""

    text: str


ONE_LINE_STATES: Final = {"accepted": "accepted", "rejected": "not accepted"}


@dataclass(frozen=True)
class Aside:
    """A topic that is not the one at hand: a new item (`minutes` 0: the default box) or parked; or
    what a real customer said (#customer), kept apart from the team's notes, with its score if given."""

    kind: Literal["topic", "park", "customer"]
    text: str
    minutes: int = 0
    scale: str = ""  # #customer only: nps or stars
    score: str = ""


def read_line(
    line: str,
    present: Sequence[str],
    today: Callable[[], date],
    *,
    chair: bool = False,
    team: Sequence[str] = (),
) -> Entry | Command | Aside | Consent:
    """A line typed in an item, or with `chair` in a chair step whose question has been answered:
    there a line is an action, and only #undo of the commands applies. `today` is asked only for
    a line that is an entry (its due date may need it). An owner is one of those `present` or of
    the `team` (see `match_owner`)."""
    if not line.strip():
        return Command.NEXT
    if line.strip() == "?":
        return Command.HELP
    word = _command_word(line)
    aside = _aside_kind(word)
    if aside is not None and not chair:
        return _aside(aside, line)
    if meaning(word) == "consent" and not chair:
        first, _, rest = line.strip().partition(" ")
        text = f"{marker_word(first)[1]} {rest}".strip()
        if not text:
            raise problem("err_needs_text", marker=word)
        return Consent(text)
    command = _command(word)
    if command in (Command.UNDO, Command.HELP) or (command is not None and not chair):
        return command
    entry = parse_entry(line, present, today(), plain=ACTION if chair else NOTE, team=team)
    if chair and entry.kind != ACTION:
        raise problem("chair_actions_only")
    return entry


def command_of(line: str) -> Command | None:
    """The command a line given as an answer starts with (`#end`, `#pauze`, a lone `?`), as
    read_line reads it in an item; None for an answer (an empty one too)."""
    if line.strip() == "?":
        return Command.HELP
    return _command(_command_word(line)) if line.strip() else None


def _aside(kind: Literal["topic", "park", "customer"], line: str) -> Aside:
    first, _, rest = line.strip().partition(" ")
    rest = f"{marker_word(first)[1]} {rest}".strip()
    if kind == "customer":
        from emptychair.core.quotes import read_heard

        try:
            text, scale, score = read_heard(rest)
        except ValueError as exc:
            raise problem("err_customer_score", score=str(exc)) from None
        if not text:
            raise problem("err_needs_text", marker=first)
        return Aside(kind, text, scale=scale, score=score)
    minutes = 0
    if kind == "topic" and (box := _TIME_BOX.search(rest)):
        minutes, rest = int(box[1]), rest[: box.start()].strip()
        if not 1 <= minutes <= 480:
            raise problem("err_topic_minutes", minutes=minutes)
    if not rest:
        raise problem("err_needs_text", marker=first)
    return Aside(kind, rest, minutes)


def _command_word(typed: str) -> str:
    """The first word of a line as a command: `#skip`, `#skip:` and `#SKIP` are the same."""
    return marker_word(typed.strip().split(" ", 1)[0])[0].lower()


def parse_entry(
    line: str, present: Sequence[str], today: date, plain: EntryKind = NOTE, team: Sequence[str] = ()
) -> Entry:
    """Read one line that is no command; `plain` is what a line without a marker becomes."""
    body = line.strip()
    first, _, rest = body.partition(" ")
    first, attached = marker_word(first)
    rest = f"{attached} {rest}" if attached else rest
    if meaning(first) == "tracker":  # `#gh @bram fix the login`: an action, for the tracker
        return replace(_action(rest, present, today, team), tracker=True)
    if meaning(first) in ONE_LINE_STATES:  # MeetBot's #accepted / #rejected: a decision with its state
        if not rest.strip():
            raise problem("err_needs_text", marker=first)
        return Entry(DECISION, rest.strip(), state=ONE_LINE_STATES[meaning(first)])
    kind = ENTRY_MEANINGS.get(meaning(first))
    if kind is None:
        if first.startswith("#") and len(first) > 1 and first[1:].isalpha():
            raise problem("err_marker", marker=first)
        kind, rest = plain, body
    if kind == STORY and not rest.strip():
        return Entry(STORY, "")  # told in two short prompts: what happened, what was unexpected
    if kind != ACTION:
        if not rest.strip():
            raise problem("err_needs_text", marker=first)
        return Entry(kind, rest.strip())
    return _action(rest, present, today, team)


def has_due(text: str, today: date) -> bool:
    """Whether `text` (a note) names a due date that can be read: a line that may be an action."""
    try:
        return _due_in(text, today) is not None
    except EmptyChairError:
        return False


def looks_stray(entry: Entry) -> bool:
    """An action that may be a key typed at the wrong prompt (`o` meant as amber): one character, or
    one short word with no owner."""
    text = entry.text.strip()
    return len(text) <= 1 or (not entry.owner and " " not in text and len(text) <= 3)


def read_guests(typed: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The guests typed at the attendance, separated by commas, and those of them marked as a real
    customer (`Eve #customer`, `Eve #klant`): co-creation (000), the chair then asks them directly."""
    guests: list[str] = []
    customers: list[str] = []
    for part in typed.split(","):
        words = part.split()
        name = " ".join(w for w in words if meaning(w) != "customer")
        if not name:
            continue
        guests.append(name)
        if len(words) != len(name.split()):
            customers.append(name)
    return tuple(dict.fromkeys(guests)), tuple(dict.fromkeys(customers))


def marker_word(word: str) -> tuple[str, str]:
    """`#agreed:` is `#agreed`, and `#link:https://…` is `#link` then `https://…`."""
    head, colon, tail = word.partition(":")
    if colon and head.startswith("#") and head[1:].isalpha():
        return head, tail
    return word, ""


def _action(text: str, present: Sequence[str], today: date, team: Sequence[str] = ()) -> Entry:
    tracker, text = _tracker_in(text)
    due = None
    if found := _due_in(text, today):
        due, text = found
    owner, text = _owner_in(text, present, team)
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text:
        raise problem("err_action_text")
    return Entry(ACTION, text, owner, due, tracker)


def _tracker_in(text: str) -> tuple[bool, str]:
    """Whether `#gh` (a word of the catalogue's `tracker` meaning) stands in the line; the line without it."""
    kept = [w for w in re.split(r"([^\S\n]+)", text) if meaning(marker_word(w)[0]) != "tracker"]
    found = len(kept) != len(re.split(r"([^\S\n]+)", text))
    return found, "".join(kept).strip() if found else text


def _due_in(text: str, today: date) -> tuple[date, str] | None:
    """The date after `due:`: the longest run of words that is one (`due:friday mail the list`)."""
    match = _due().search(text)
    if not match:
        return None
    words = list(re.finditer(r"\S+", match[1]))[:_DATE_WORDS]
    refusal = None
    for last in reversed(words):
        said = match[1][: last.end()]
        try:
            due = parse_due(said, today)
        except EmptyChairError as error:
            if refusal is None and not is_vague(error):
                refusal = error  # `due:vr 28 nov call`: say why 28 Nov is no Friday
            continue
        if refusal is not None:
            raise refusal
        end = match.start(1) + len(said)
        return due, (text[: match.start()] + " " + text[end:]).strip()
    raise refusal or problem("err_date", said=words[0][0], forms=Forms(today))


def match_owner(said: str, present: Sequence[str], team: Sequence[str] = ()) -> str:
    """The one person whose name starts with `said` (case and spaces ignored): a whole name of those
    present or of the `team` (who may be absent today) first, then a start that only one person
    present has, then a start that only one of the team has. Without a team, only those present."""
    want = _fold(said)
    everyone = [*present, *(name for name in team if _fold(name) not in {_fold(p) for p in present})]
    exact = [name for name in everyone if _fold(name) == want]
    if exact:
        return exact[0]
    for among in (present, everyone):
        matches = [name for name in among if _fold(name).startswith(want)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise problem("err_owner_ambiguous", said=said, names=", ".join(matches))
    if team:
        raise problem("err_owner_not_on_team", said=said, names=", ".join(everyone) or "—")
    raise problem("err_owner_unknown", said=said, names=", ".join(present) or "nobody")


def _fold(name: str) -> str:
    return name_key(name)


@dataclass(frozen=True)
class Change:
    """A follow-up's change to an action: a new owner, a new due date, a note."""

    owner: str | None
    due: date | None
    note: str


def parse_change(line: str, present: Sequence[str], today: date, team: Sequence[str] = ()) -> Change:
    """A follow-up line: `@name` a new owner, `due:` a new date, the rest a note; all optional."""
    text = line.strip()
    due = None
    if found := _due_in(text, today):
        due, text = found
    owner, text = _owner_in(text, present, team)
    return Change(owner or None, due, text)


def _owner_in(text: str, present: Sequence[str], team: Sequence[str] = ()) -> tuple[str, str]:
    """The one `@name` in `text` and the text without it; a second `@name` is refused, not kept."""
    found = list(_OWNER.finditer(text))
    if not found:
        return "", text
    if len(found) > 1:
        raise problem("err_two_owners", first=found[0][1], second=found[1][1])
    match = found[0]
    return match_owner(match[1], present, team), (text[: match.start()] + text[match.end() :]).strip()


def recognition_line(line: str, people: Sequence[str]) -> tuple[str, str]:
    """`@name what they did`: the name may be someone present (a start will do) or anyone else."""
    words = line.strip().split(maxsplit=1)
    if not words or not words[0].startswith("@") or len(words[0]) < 2:
        raise problem("err_recognize")
    said = words[0][1:]
    try:
        person = match_owner(said, people)
    except EmptyChairError:
        person = said
    text = words[1].strip() if len(words) > 1 else ""
    if not text:
        raise problem("err_recognize")
    return person, text
