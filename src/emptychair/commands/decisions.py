"""The decision log: every decision over time, its state, whether the customer's check was made;
and a revisit recorded between meetings."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from emptychair.app.team import team
from emptychair.commands.common import JsonOption, MinutesOption, print_json, skipped
from emptychair.errors import problem
from emptychair.text import visible

decisions_app = typer.Typer(
    help="Every decision over time, with its meeting, state and the customer's check."
)


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise problem("err_option_date", option="--since", value=value) from None


@decisions_app.callback(invoke_without_command=True)
def decisions(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", help="From this date (YYYY-MM-DD).")] = None,
    as_json: JsonOption = False,
    minutes: MinutesOption = None,
) -> None:
    """Every decision, oldest first: id, date, item, state, whether the customer's check was made."""
    if ctx.invoked_subcommand is not None:
        return
    from emptychair.app.decisions import decision_log
    from emptychair.core.decisions import log_json
    from emptychair.locale import day, tr

    ours = team(minutes)
    lang = ours.language
    found = decision_log(ours.folder, _day(since))
    skipped(found.unreadable, lang)
    if as_json:
        print_json(log_json(found.entries))
        return
    if not found.entries:
        sys.stderr.write(tr(lang, "decisions_none") + "\n")
        return
    lines = []
    for d, revisits in found.entries:
        state = tr(lang, "decision_state_" + d.state.replace(" ", "_"))
        check = tr(lang, "decision_checked" if d.checked else "decision_unchecked")
        lines.append(visible(f"{d.id}  {day(lang, d.date)}  {d.item}: {d.text}  [{state} · {check}]"))
        for r in revisits:
            lines.append(
                visible(f"    {tr(lang, 'decision_revisited', date=day(lang, r.at.date()))}: {r.note}")
            )
    sys.stdout.write("\n".join(lines) + "\n")


@decisions_app.command("revisit")
def decisions_revisit(
    decision: Annotated[str, typer.Argument(help="The decision's id (a unique start will do).")],
    note: Annotated[str, typer.Option("--note", help="Why it is looked at again, and what now.")] = "",
    minutes: MinutesOption = None,
) -> None:
    """Record that a decision was looked at again, with a note: a record of its own, like a follow-up."""
    from emptychair.app.decisions import revisit
    from emptychair.locale import tr

    ours = team(minutes)
    done = revisit(ours, decision, note)
    sys.stdout.write(
        visible(tr(ours.language, "revisit_recorded", id=done.decision.id, text=done.decision.text)) + "\n"
    )
    if done.shared:
        sys.stderr.write(visible(done.shared) + "\n")
