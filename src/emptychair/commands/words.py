"""typer's and click's own words (Usage:, Options:, Error: Missing argument …) in the team's language.

typer 0.29 carries its own copy of click in which these words are plain text, not gettext: only
typer's section titles go through `gettext` (`_` in typer.core). So the titles get a lookup into the
catalogue's `[click]` table, and the few places that write the rest are wrapped. English text that
the table does not hold stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

import typer.core
from typer._click import core as click_core
from typer._click import decorators, exceptions, formatting

from emptychair.locale import table

_AS_SHIPPED = (
    getattr(typer.core, "_", None),
    click_core.Context.formatter_class,
    decorators.help_option,
    exceptions.UsageError.show,
)


def speak(lang: str) -> None:
    """From now on in this process, typer and click say their words in `lang` (English: their own)."""
    title, formatter, help_option, shown = _AS_SHIPPED
    if title is not None:
        setattr(typer.core, "_", title)  # noqa: B010
    click_core.Context.formatter_class = formatter
    decorators.help_option = help_option
    exceptions.UsageError.show = shown  # type: ignore[method-assign]
    words = table(lang, "click")
    if not words or all(key == value for key, value in words.items()):
        return

    def say(text: str) -> str:
        return words.get(text, text)

    setattr(typer.core, "_", say)  # noqa: B010  # the titles: Arguments, Options, Commands, required
    click_core.Context.formatter_class = _formatter(say("Usage: "))
    decorators.help_option = _help_option(decorators.help_option, say("Show this message and exit."))
    exceptions.UsageError.show = _shown(say)  # type: ignore[method-assign,assignment]


def _formatter(usage: str) -> type[formatting.HelpFormatter]:
    class Formatter(formatting.HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, usage if prefix is None else prefix)

    return Formatter


def _help_option(made: Callable[..., Any], help: str) -> Callable[..., Any]:
    def help_option(*names: Any, **options: Any) -> Callable[[Any], Any]:
        add = made(*names, **options)

        def apply(command: Any) -> Any:
            command = add(command)
            command.params[-1].help = help  # the option just added: --help
            return command

        return apply

    return help_option


def _shown(say: Callable[[str], str]) -> Callable[[exceptions.UsageError, IO[Any] | None], None]:
    def show(error: exceptions.UsageError, file: IO[Any] | None = None) -> None:
        from typer._click._compat import get_text_stderr
        from typer._click.utils import echo

        out = file if file is not None else get_text_stderr()
        ctx = error.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                asked = f"{ctx.command_path} {ctx.help_option_names[0]}"
                hint = say("Try '{command}' for help.").format(command=asked) + "\n"
            echo(f"{ctx.get_usage()}\n{hint}", file=out, color=ctx.color)
        message = error.format_message()
        for english in sorted(FRAGMENTS, key=len, reverse=True):
            message = message.replace(english, say(english))
        echo(f"{say('Error:')} {message}", file=out, color=ctx.color if ctx else None)

    return show


# The parts of click's error messages that the table says wherever they appear in one.
FRAGMENTS = (
    "Missing argument", "Missing option", "Missing parameter", "No such option", "Possible options",
    "Got unexpected extra arguments", "Got unexpected extra argument", "Invalid value for",
    "requires an argument", "Did you mean",
)  # fmt: skip
