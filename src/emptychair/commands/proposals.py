"""Topics for the next meeting, proposed from any clone: propose one, list them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from emptychair.app.team import team
from emptychair.commands.common import JsonOption, MinutesOption, print_json, skipped
from emptychair.text import visible


def propose(
    title: Annotated[str, typer.Argument(help="The topic, as its item's title.")],
    time_box: Annotated[
        int | None,
        typer.Option(
            "--time", "-t", min=1, max=480, help="Its time box in minutes (default: topic_minutes)."
        ),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Who brings it (presents it).")] = "",
    note: Annotated[str, typer.Option("--note", help="A line on what it is about.")] = "",
    minutes: MinutesOption = None,
) -> None:
    """Propose a topic for the next meeting: the next run offers it after the attendance."""
    from emptychair.app.proposals import make_proposal
    from emptychair.locale import tr

    ours = team(minutes)
    done = make_proposal(ours, title, minutes=time_box or 0, by=by, note=note)
    lang = ours.language
    sys.stdout.write(
        visible(tr(lang, "proposed", title=done.proposal.title, id=done.proposal.id, path=str(done.file)))
        + "\n"
    )
    if done.shared:
        sys.stderr.write(visible(done.shared) + "\n")


def proposals(
    every: Annotated[bool, typer.Option("--all", help="Decided proposals too.")] = False,
    as_json: JsonOption = False,
    minutes: MinutesOption = None,
) -> None:
    """The topics proposed for the next meeting, oldest first: who brings it, its time box, its note."""
    from emptychair.app.proposals import proposals_json, proposals_of
    from emptychair.locale import day, tr

    ours = team(minutes)
    lang = ours.language
    found = proposals_of(ours.folder, everything=every)
    skipped(found.unreadable, lang)
    if as_json:
        print_json(proposals_json(found.entries))
        return
    if not found.entries:
        sys.stderr.write(tr(lang, "proposals_none") + "\n")
        return
    lines = []
    for e in found.entries:
        p = e.proposal
        parts = [p.id, day(lang, p.at.date()), p.title]
        if p.by:
            parts.append(tr(lang, "proposal_by", name=p.by))
        if p.minutes:
            parts.append(tr(lang, "minutes_short", minutes=p.minutes))
        if e.outcome:
            parts.append(tr(lang, "proposal_" + e.outcome, meeting=e.meeting))
        lines.append(visible("  ".join(parts)))
        if p.note:
            lines.append("    " + visible(p.note))
    sys.stdout.write("\n".join(lines) + "\n")
