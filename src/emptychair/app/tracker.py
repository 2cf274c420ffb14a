"""Actions in the team's issue tracker: push them as issues, pull back which issues were closed.

The address of an issue is kept as a follow-up record of its action (`link`), so it syncs through
git with everything else and is never rewritten; such a record changes neither status, owner nor
due date. A link is recorded only for an issue that was made: when the tracker stops answering
halfway, the issues made before are recorded and the failure is said.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from emptychair.app.team import share, team_agenda
from emptychair.clock import now
from emptychair.core.agenda import Agenda
from emptychair.core.ids import new_record_id
from emptychair.core.ledger import Tracked
from emptychair.core.minutes import DONE, Action, FollowUp, Minutes
from emptychair.core.reach import Reach, Target, parse_target
from emptychair.errors import EmptyChairError, problem
from emptychair.locale import day, tr

if TYPE_CHECKING:
    from emptychair.files.readmodel import Library


@dataclass(frozen=True)
class Pushed:
    """An action made an issue in the team's tracker (or found there already)."""

    id: str
    text: str
    url: str
    new: bool  # False: it was pushed before, and nothing was made now


@dataclass(frozen=True)
class Pushing:
    """The actions pushed to the tracker, and the follow-up record holding their links."""

    pushed: tuple[Pushed, ...]
    written: Path | None  # the follow-up file that holds the new links
    shared: str  # how the git sync went ("" when the folder is not shared)


@dataclass(frozen=True)
class Pulled:
    """What the tracker said of the pushed open actions: those whose issue was closed."""

    checked: int  # open actions with an issue
    closed: tuple[tuple[str, str, date], ...]  # (id, text, the day the issue was closed)
    written: Path | None
    shared: str


def push_actions(
    found: Library, said: Sequence[str], to: str, lang: str, clock: Callable[[], datetime] = now
) -> Pushing:
    """An issue for each action `said` names (ids or unique starts) that has none yet, in `to`
    (github:OWNER/REPO, gitlab:GROUP/PROJECT) or the agenda's [tracker] to."""
    agenda = team_agenda(found.folder)
    reach = agenda.reach if agenda is not None else Reach()
    target = parse_target(to) if to.strip() else reach.tracker
    if target is None:
        raise problem("err_tracker_none")
    chosen: dict[str, Tracked] = {}
    for one in said:
        t = found.find(one)
        if not t.is_open and not t.link:
            raise problem("err_push_closed", id=t.action.id, status=t.action.status)
        chosen.setdefault(t.action.id, t)
    return _push(found, list(chosen.values()), target, reach, agenda, lang, clock, sync=True)


def _push(
    found: Library,
    chosen: Sequence[Tracked],
    target: Target,
    reach: Reach,
    agenda: Agenda | None,
    lang: str,
    clock: Callable[[], datetime],
    *,
    sync: bool,
) -> Pushing:
    from emptychair.core.tracker import issue_for
    from emptychair.files import tracker

    meetings = {row.name: (row.title, row.date) for row in found.rows}
    done: list[Pushed] = []
    made: list[FollowUp] = []
    at = clock()
    try:
        for t in chosen:
            a = t.action
            if t.link:
                done.append(Pushed(a.id, a.text, t.link, new=False))
                continue
            title, held = meetings.get(t.meeting, (t.meeting, t.made.date()))
            url = tracker.create(target, issue_for(t, target, reach, title, held, lang))
            made.append(t.next_record(new_record_id(), at, a.status, link=url))
            done.append(Pushed(a.id, a.text, url, new=True))
    except EmptyChairError as exc:
        if not made:
            raise
        _record(found.folder, made, at, lang)
        stopped = EmptyChairError(
            tr(
                lang,
                "push_stopped",
                message=exc.say(lang),
                count=len(made),
                ids=", ".join(f.action for f in made),
            )
        )
        stopped.language = lang
        raise stopped from None
    written = _record(found.folder, made, at, lang) if made else None
    return Pushing(tuple(done), written, share(found.folder, agenda, lang) if made and sync else "")


def _record(folder: Path, records: Sequence[FollowUp], at: datetime, lang: str) -> Path:
    """The links of issues that were made: when they cannot be written, the error names them,
    so that nobody makes them a second time."""
    from emptychair.files.folder import Folder

    try:
        return Folder(folder).write_followups(tuple(records), at)
    except EmptyChairError as exc:
        links = ", ".join(f"{f.action} {f.link}" for f in records)
        lost = EmptyChairError(tr(lang, "err_links_unwritten", message=exc.say(lang), links=links))
        lost.language = lang
        raise lost from None


def pull_actions(
    found: Library, lang: str, clock: Callable[[], datetime] = now, *, sync: bool = True
) -> Pulled:
    """Every open action with an issue, asked of its tracker; those whose issue is closed are done.

    All are asked before anything is written: a tracker that fails halfway writes nothing, and
    `pull` can simply run again."""
    from emptychair.files import tracker

    pushed = [t for t in found.open_actions if t.link]
    at = clock()
    records: list[FollowUp] = []
    closed: list[tuple[str, str, date]] = []
    for t in pushed:
        state = tracker.state(t.link)
        if not state.closed:
            continue
        when = _closed_at(t, state.closed_at, at)
        note = tr(lang, "pull_note", date=day(lang, when.date()))
        records.append(t.next_record(new_record_id(), when, DONE, note=note))
        closed.append((t.action.id, t.action.text, when.date()))
    if not records:
        return Pulled(len(pushed), (), None, "")
    from emptychair.files.folder import Folder

    written = Folder(found.folder).write_followups(tuple(records), at)
    shared = share(found.folder, team_agenda(found.folder, strict=False), lang) if sync else ""
    return Pulled(len(pushed), tuple(closed), written, shared)


def _closed_at(t: Tracked, said: datetime | None, at: datetime) -> datetime:
    """When the issue was closed, as the action's last record: the tracker's moment when it comes
    after every word recorded on the action (so that none is overtaken), else now."""
    latest = max((f.at for f in t.history if not f.link), default=t.made)  # a link changes nothing
    when = said.astimezone(at.tzinfo) if said is not None else at
    if latest < when <= at:
        return when
    # now; a word recorded in this very second (times are kept to the second) still comes first
    return at if latest < at else latest + timedelta(seconds=1)


# --- at the start and the end of a meeting ------------------------------------------------------


def pull_first(folder: Path, agenda: Agenda, lang: str) -> tuple[bool, str]:
    """`[tracker] pull`: before the follow-up, close the actions whose issue was closed. Whether
    it worked, and the line to show; a failure is said, never raised: the meeting goes on."""
    from emptychair.files.readmodel import open_library

    try:
        found = pull_actions(open_library(folder), lang, sync=False)  # the meeting syncs at its end
    except EmptyChairError as exc:
        return False, tr(lang, "pull_failed", message=exc.say(lang))
    return True, pulled_line(found, lang)


def pulled_line(found: Pulled, lang: str) -> str:
    if not found.checked:
        return tr(lang, "pull_none")
    lines = [tr(lang, "pull_checked", count=found.checked, closed=len(found.closed))]
    lines += [
        tr(lang, "pull_closed", id=i, text=text, date=day(lang, when)) for i, text, when in found.closed
    ]
    return "\n".join(lines + ([found.shared] if found.shared else []))


def to_push(minutes: Minutes, agenda: Agenda) -> tuple[Action, ...]:
    """The actions of a meeting that go to the tracker: those typed with #gh, or with
    `[tracker] push = "ask"` every open one."""
    made = [m.action for m in minutes.actions() if m.action.status == "open"]
    return tuple(a for a in made if a.tracker or agenda.reach.push == "ask")


def push_after(folder: Path, agenda: Agenda, actions: Sequence[Action], lang: str) -> tuple[bool, str]:
    """Push the meeting's actions once it was confirmed; the lines to show. A failure is said
    with the command that pushes them later: the minutes are written already."""
    from emptychair.files.readmodel import open_library

    ids = " ".join(a.id for a in actions)
    target = agenda.reach.tracker
    if target is None:
        return False, tr(lang, "push_no_tracker", ids=ids)
    try:
        found = open_library(folder)
        chosen = [found.find(a.id) for a in actions]
        done = _push(found, chosen, target, agenda.reach, agenda, lang, now, sync=False)  # run syncs next
    except EmptyChairError as exc:
        return False, tr(lang, "push_later", message=exc.say(lang), ids=ids)
    return True, pushed_lines(done, lang)


def pushed_lines(done: Pushing, lang: str) -> str:
    lines = [
        tr(lang, "tracker_pushed" if p.new else "tracker_already", id=p.id, text=p.text, url=p.url)
        for p in done.pushed
    ]
    return "\n".join(lines + ([done.shared] if done.shared else []))
