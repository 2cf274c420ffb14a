"""The `emptychair` command: the commands put together, and the one place errors become one line.

Commands import what they need when they run, so that listing minutes never loads the prompt
libraries and starts fast.
"""

from __future__ import annotations

import sys

import typer

from emptychair.commands import actions, meeting, review, share
from emptychair.commands.common import language
from emptychair.errors import EmptyChairError, Hangup
from emptychair.text import visible

app = typer.Typer(
    name="emptychair",
    help="Run the weekly team meeting from a terminal, with the customer on an empty chair.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.command()(meeting.init)
app.command()(meeting.run)
app.command()(meeting.drafts)
app.add_typer(meeting.agenda_app, name="agenda")
app.add_typer(meeting.prompts_app, name="prompts")
app.add_typer(actions.actions_app, name="actions")
app.add_typer(review.minutes_app, name="minutes")
app.command()(review.search)
app.command()(review.voice)
app.command()(review.stats)
app.command()(review.db)
app.command()(share.digest)
app.command()(share.sync)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every EmptyChairError ends here as one line on stderr.

    Typer itself answers usage errors (exit 2) and --help; anything else is a bug and keeps its traceback.
    """
    try:
        app(args=argv, prog_name="emptychair")
    except EmptyChairError as exc:
        sys.stderr.write(f"emptychair: {visible(exc.say(language()))}\n")
        sys.exit(exc.exit_code)
    except Hangup as hangup:
        sys.exit(128 + hangup.signum)
