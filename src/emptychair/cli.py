"""The `emptychair` command: the commands put together, and the one place errors become one line.

Commands import what they need when they run, so that listing minutes never loads the prompt
libraries and starts fast.
"""

from __future__ import annotations

import copy
import errno
import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
import typer.core
import typer.main
import typer.models

from emptychair.app.team import language
from emptychair.commands import actions, decisions, feedback, meeting, proposals, reach, review, screen, share
from emptychair.commands.common import minutes_in
from emptychair.errors import EmptyChairError, Hangup
from emptychair.text import visible


class _ReaderGone(Exception):
    """Standard output's reader stopped early (`| head`), carried past typer, which would exit 1."""


def _reader_gone(exc: OSError) -> bool:
    # every file emptychair writes names itself (files/folder.cannot_write): no name, the output's
    return exc.errno == errno.EPIPE and exc.filename is None


@contextmanager
def _past_typer() -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if _reader_gone(exc):
            raise _ReaderGone from exc
        raise


class _Commands(typer.core.TyperGroup):
    """The group of all commands. Typer catches a broken pipe around both of these (--help and
    --version are written in make_context, every command in invoke) and exits 1 on it."""

    def make_context(self, *args: Any, **kwargs: Any) -> typer.Context:
        with _past_typer():
            return super().make_context(*args, **kwargs)  # type: ignore[return-value]

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        with _past_typer():
            return super().invoke(ctx)


def _typer() -> typer.Typer:
    return typer.Typer(
        cls=_Commands,
        name="emptychair",
        help="Run the weekly team meeting from a terminal, with the customer on an empty chair.",
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )


app = _typer()


def _version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        sys.stdout.write(f"emptychair {version('emptychair')}\n")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and stop."),
    ] = False,
) -> None:
    pass


app.command()(meeting.init)
app.command()(meeting.run)
app.command()(meeting.drafts)
app.command()(screen.screen)
app.add_typer(meeting.agenda_app, name="agenda")
app.add_typer(meeting.prompts_app, name="prompts")
app.add_typer(actions.actions_app, name="actions")
actions.actions_app.command("push")(reach.actions_push)
actions.actions_app.command("pull")(reach.actions_pull)
app.add_typer(review.minutes_app, name="minutes")
app.add_typer(feedback.feedback_app, name="feedback")
app.command()(proposals.propose)
app.add_typer(decisions.decisions_app, name="decisions")
app.command()(proposals.proposals)
app.command()(review.search)
app.command()(review.voice)
app.command()(review.stats)
app.command()(review.db)
app.command(cls=share.PostTakesAnAddress)(share.digest)
app.command()(share.sync)


def in_language(command: Any, lang: str, path: str = "") -> None:
    """Every help text of `command` and its subcommands from the catalogue of the team's language.

    Keys are command paths: "actions done" for a command, "actions done --note" for an option,
    "actions done action" for an argument; "--json" and "--minutes" are the same everywhere.
    """
    from emptychair.locale import table, tr

    texts = table(lang, "help")
    command.help = texts.get(path or "emptychair", command.help)
    shown = table(lang, "examples").get(path or "emptychair")
    if shown:  # "\b" keeps click from rewrapping the lines into one paragraph
        command.epilog = (
            "\b\n" + tr(lang, "examples_head") + "\n" + "\n".join(f"  {line}" for line in shown.splitlines())
        )
    for param in command.params:
        name = param.opts[0] if param.param_type_name == "option" else (param.name or "")
        found = texts.get(f"{path} {name}".strip()) or texts.get(name)
        if found is not None and "{filters}" in found:  # the search filters, from their one list
            from emptychair.core.search import FILTER_LIST

            found = found.replace("{filters}", FILTER_LIST)
        if found is not None and hasattr(param, "help"):
            param.help = found
    for name, sub in getattr(command, "commands", {}).items():
        in_language(sub, lang, f"{path} {name}".strip())


_ALL = frozenset({"*"})  # every subcommand, as help and a mistyped name's suggestions need


@functools.cache
def command_in(lang: str, name: str, named: frozenset[str] = _ALL) -> Any:
    """The click command tree in the team's language, built once per process, language and command:
    typer reads every signature and type hint of what it builds, and a process that calls `main`
    more than once (a test, a shell) builds each only once. Of a group, only the subcommands the
    arguments name (`named`) are built at once; the others when something asks for them."""
    command = typer.main.get_command(_only(name, named))
    in_language(command, lang)
    group = getattr(command, "commands", {}).get(name)
    if isinstance(group, typer.core.TyperGroup) and named != _ALL:
        group.commands = _Later(group.commands, lambda: command_in(lang, name, _ALL).commands[name].commands)
    return command


class _Later(MutableMapping[str, Any]):
    """A group's subcommands: those the arguments name at once, all of them once anything asks for
    one more (help, a mistyped name's suggestions). `emptychair actions` runs the group's own
    callback and needs none of its seven subcommands: building them was a twentieth of the call."""

    def __init__(self, named: Mapping[str, Any], build: Callable[[], MutableMapping[str, Any]]) -> None:
        self._named, self._build = named, build
        self._all: MutableMapping[str, Any] | None = None

    def _every(self) -> MutableMapping[str, Any]:
        if self._all is None:
            self._all = self._build()
        return self._all

    def __getitem__(self, key: str) -> Any:
        if key in self._named and self._all is None:
            return self._named[key]
        return self._every()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())

    def __setitem__(self, key: str, value: Any) -> None:
        self._every()[key] = value

    def __delitem__(self, key: str) -> None:
        del self._every()[key]


def _only(name: str, named: frozenset[str] = _ALL) -> typer.Typer:
    """The app with only the command `name` (what the arguments start with), when it is one: click then
    builds that command alone, not all of them (about 20 ms of every call). Anything else (--help,
    --version, a name that is no command, Tab completion) gets the whole app, as it says the same.
    Of a group, only the subcommands in `named` (unless that is _ALL)."""
    if not name or name.startswith("-"):
        return app
    commands = [c for c in app.registered_commands if _name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    if groups and named != _ALL:
        groups = [_with_only(groups[0], named)]
    one = _typer()
    one.registered_callback = app.registered_callback
    one.registered_commands, one.registered_groups = commands, groups
    return one


def _with_only(group: typer.models.TyperInfo, named: frozenset[str]) -> typer.models.TyperInfo:
    sub = copy.copy(group.typer_instance)
    assert sub is not None  # every group of the app is a typer.Typer added with add_typer
    sub.registered_commands = [c for c in sub.registered_commands if _name(c) in named]
    sub.registered_groups = [g for g in sub.registered_groups if g.name in named]
    found = copy.copy(group)
    found.typer_instance = sub
    return found


def _name(command: typer.models.CommandInfo) -> str:
    callback = command.callback
    return command.name or typer.main.get_command_name(callback.__name__ if callback else "")


def main(argv: list[str] | None = None) -> None:
    """Entry point: every EmptyChairError ends here as one line on stderr.

    Typer itself answers usage errors (exit 2) and --help; anything else is a bug and keeps its traceback.
    """
    args = sys.argv[1:] if argv is None else argv
    try:
        lang = language(minutes_in(args))
        from emptychair.commands.words import speak

        speak(lang)  # also back to English, should an earlier call in this process have said Dutch
        try:
            command_in(lang, args[0] if args else "", _named(args)).main(args=args, prog_name="emptychair")
        finally:
            sys.stdout.flush()  # what failed to be written fails here, not on Python's way out
    except EmptyChairError as exc:
        said = exc.language or language(minutes_in(args))
        sys.stderr.write(f"emptychair: {visible(exc.say(said))}\n")
        sys.exit(exc.exit_code)
    except Hangup as hangup:
        sys.exit(128 + hangup.signum)
    except _ReaderGone:
        _reader_has_enough()
    except OSError as exc:
        if _reader_gone(exc):  # in the last flush, after the command
            _reader_has_enough()
        # A write to standard output that failed: every file emptychair writes names itself
        # (files/folder.cannot_write), so an error without a file name is the output's.
        if exc.filename is not None or exc.errno not in OUTPUT_FAILED:
            raise
        _quiet_output()
        from emptychair.locale import tr

        lang = language(minutes_in(args))
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        said = (
            tr(lang, "err_output_full") if full else tr(lang, "err_output", reason=exc.strerror or str(exc))
        )
        sys.stderr.write(f"emptychair: {visible(said)}\n")
        sys.exit(1)


OUTPUT_FAILED = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG)


def _named(args: list[str]) -> frozenset[str]:
    """The subcommands of the group the arguments start with that they name (a superset: an option's
    value may be one's name); every one when help is asked for, or the command is no group."""
    group = next((g.typer_instance for g in app.registered_groups if args and g.name == args[0]), None)
    if group is None or "--help" in args:
        return _ALL
    subs = {_name(c) for c in group.registered_commands} | {g.name for g in group.registered_groups if g.name}
    return frozenset(subs.intersection(args[1:]))


def _reader_has_enough() -> NoReturn:
    """`emptychair voice | head -1`: the reader took what it wanted and stopped, which is no failure
    (as `git log | head -1` ends): status 0, and nothing to say."""
    _quiet_output()
    sys.exit(0)


def _quiet_output() -> None:
    """What is left in the output's buffer goes nowhere: Python would try it again on its way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's stream): nothing to quiet
        pass
