"""Follow-ups between meetings: an action done, dropped, given another owner or date, or reopened.

Each is one record in a follow-up file of its own (no other clone can name it), ordered after every
record of the action read just now, whatever the clocks say; with `[git] sync` in the team's
agenda it goes to git at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from emptychair import clock
from emptychair.app.team import Team, share
from emptychair.core.minutes import OPEN, ActionStatus, status_key
from emptychair.errors import EmptyChairError, problem
from emptychair.locale import day, tr

if TYPE_CHECKING:
    from emptychair.files.readmodel import Library


@dataclass(frozen=True)
class Recorded:
    """A follow-up recorded between meetings: the action, how it stands now, the file."""

    id: str
    text: str  # the action's text
    now: str  # how it stands now, in the team's language
    file: Path  # the follow-up file written
    new_owner: str = ""  # an owner nobody was called before: said, not refused
    shared: str = ""  # how the git sync went, or "" when the folder is not shared


def follow_up(
    ours: Team,
    found: Library,
    said: str,
    status: ActionStatus,
    *,
    owner: str | None = None,
    due: date | None = None,
    note: str = "",
    reopen: bool = False,
) -> Recorded:
    """Record a follow-up of the action `said` names (its id or a unique start of it)."""
    from emptychair.core.ids import new_record_id
    from emptychair.files.folder import Folder

    tracked = found.find(said)
    # An action changed in two places at once may be closed, reopened or dropped whatever the
    # rule made of it: that settles it.
    settles = bool(tracked.conflict) and (status != OPEN or reopen)
    if reopen and tracked.is_open and not settles:
        raise problem("err_already", id=tracked.action.id, status=tracked.action.status)
    if not reopen and not tracked.is_open and not settles:
        # A new owner or date is no reason to bring a closed action back: that is said on purpose.
        key = "err_already" if status != OPEN else "err_closed_" + tracked.action.status
        raise problem(key, id=tracked.action.id, status=tracked.action.status)
    new_owner = ""
    if owner is not None:
        owner, known = new_or_known_owner(owner, names(ours, found.people))
        new_owner = "" if known else owner
    at = clock.now()  # looked up now, not when this module was imported
    # after every record of the action read just now: it counts after them, whatever the clocks say
    record = tracked.next_record(new_record_id(), at, status, owner=owner, due=due, note=note)
    path = Folder(found.folder).write_followups((record,), at)
    lang = ours.language
    if reopen:
        said_now = tr(lang, "status_open")
    elif owner:
        said_now = tr(lang, "now_owner", owner=owner)
    elif due:
        said_now = tr(lang, "due", date=day(lang, due))
    else:
        said_now = tr(lang, status_key(status))
    shared = share(found.folder, ours.agenda, lang)
    return Recorded(tracked.action.id, tracked.action.text, said_now, path, new_owner, shared)


def names(ours: Team, from_minutes: tuple[str, ...]) -> tuple[str, ...]:
    """The names an owner is matched against: the attendees of the team's agenda, then the minutes'.
    A broken agenda is named by the commands that use it; names still come from the minutes."""
    attendees = ours.agenda.attendees if ours.agenda is not None else ()
    seen: dict[str, str] = {}
    for name in (*attendees, *from_minutes):
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def new_or_known_owner(said: str, names: tuple[str, ...]) -> tuple[str, bool]:
    """The known person `said` names by a unique start, as `@br` in a meeting (True); else a new
    name (False). An ambiguous start is refused with the candidates."""
    from emptychair.core.line import match_owner

    try:
        return match_owner(said, names), True
    except EmptyChairError as exc:
        if exc.key != "err_owner_unknown":
            raise
    return said, False


def known_owner(said: str, names: tuple[str, ...]) -> str:
    """The known person `said` names by a unique start; refused when ambiguous or unknown."""
    found, known = new_or_known_owner(said, names)
    if not known:
        raise problem("err_owner_not_known", said=said, names=", ".join(names) or "—")
    return found
