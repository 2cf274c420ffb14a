"""What several commands share: their options, the team's read model, printing."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from datetime import date
from json.encoder import encode_basestring as _TEXT  # the C one, as json.dumps uses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from emptychair.app.team import AGENDA, Team, minutes_folder
from emptychair.text import UNSAFE, visible

if TYPE_CHECKING:
    from emptychair.files.folder import Unreadable
    from emptychair.files.readmodel import Library

__all__ = ["AGENDA", "JsonOption", "MinutesOption", "folder", "library", "print_json"]

MinutesOption = Annotated[
    Path | None,
    typer.Option("--minutes", help="The minutes folder (default: from agenda.toml here, else ./minutes)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON for scripts (fields in the README).")]


DATE_OPTIONS = ("--since", "--until")
DATE_WORDS = 6  # the longest form: `the 1st of December 2026`


class DatesJoined(typer.core.TyperCommand):
    """The words after a date option are its date, quoted or not: `--since vorige week`. As `due:`
    in a meeting, the longest run of words that is a date is taken; the rest stay arguments."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, join_dates(args))


def join_dates(args: list[str]) -> list[str]:
    """`args` with the words of each date option's value joined into one."""
    if not any(arg.partition("=")[0] in DATE_OPTIONS for arg in args):
        return args  # no date to read: the dates' module is not even imported
    from datetime import date

    from emptychair.core.dates import parse_since
    from emptychair.errors import EmptyChairError

    joined: list[str] = []
    n = 0
    while n < len(args):
        arg = args[n]
        n += 1
        option, equals, first = arg.partition("=")
        if option not in DATE_OPTIONS or (not equals and n >= len(args)):
            joined.append(arg)
            continue
        words = [first] if equals else [args[n]]
        n += 0 if equals else 1
        while n < len(args) and len(words) < DATE_WORDS and not args[n].startswith("-"):
            words.append(args[n])
            n += 1
        take = 1
        for last in range(len(words), 1, -1):
            try:
                parse_since(" ".join(words[:last]), date.today())
            except EmptyChairError:
                continue
            take = last
            break
        joined += [option, " ".join(words[:take]), *words[take:]]  # the words not taken stay
    return joined


def date_option(value: str | None, option: str) -> date | None:
    """A date option's value as `emptychair.core.dates.parse_since` reads it (both languages)."""
    if value is None:
        return None
    from emptychair.core.dates import parse_since
    from emptychair.errors import EmptyChairError, problem

    try:
        return parse_since(value, date.today())
    except EmptyChairError:
        raise problem("err_option_date", option=option, value=value) from None


def folder(minutes: Path | None) -> Path:
    """The minutes folder a command works on (see `emptychair.app.team.minutes_folder`)."""
    return minutes_folder(minutes)


def minutes_in(argv: list[str]) -> Path | None:
    """The --minutes DIR a command line names, so that even a refused command speaks the team's language."""
    for n, arg in enumerate(argv):
        if arg == "--minutes" and n + 1 < len(argv):
            return Path(argv[n + 1])
        if arg.startswith("--minutes="):
            return Path(arg.partition("=")[2])
    return None


def drawn() -> bool:
    """Whether output is drawn with rich, in colour: at a terminal, or through a pipe when
    FORCE_COLOR asks for colour (as rich itself honours it). Else it is plain whole lines."""
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def library(team: Team) -> Library:
    """The team's read model; every file that could not be read is named on stderr."""
    from emptychair.files.readmodel import open_library

    found = open_library(team.folder)
    skipped(found.unreadable, team.language)
    return found


def skipped(unreadable: Iterable[Unreadable], lang: str) -> None:
    """Each file that could not be read, one line on stderr."""
    from emptychair.locale import tr

    for broken in unreadable:
        sys.stderr.write(tr(lang, "skipped_files", message=visible(broken.say(lang))) + "\n")


# JSON escapes C0 controls itself; the other characters `visible` replaces (C1 CSI, bidi, zero-width,
# lone surrogates) would reach a terminal raw: written as \u escapes they stay exact data.
_UNSAFE_IN_JSON = re.compile(f"[{UNSAFE}]")


def print_json(data: dict[str, Any]) -> None:
    """JSON that keeps every text exact, readable (é stays é) and harmless to a terminal."""
    sys.stdout.write(_safe_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def print_json_list(head: dict[str, Any], key: str, items: Iterable[Iterable[dict[str, Any]]]) -> None:
    """As print_json({**head, key: [every item]}) writes it, to the byte, but written a batch of items
    at a time as `items` gives them: a list of a hundred thousand is never all in memory."""
    start = json.dumps({**head, key: []}, ensure_ascii=False, indent=2)
    out = sys.stdout
    out.write(_safe_json(start[: -len("[]\n}")]) + "[")
    first = True
    for batch in items:
        lines = ["\n    " + _item_json(item) for item in batch]
        if lines:
            out.write(_safe_json(("" if first else ",") + ",".join(lines)))
            first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")


def _item_json(item: dict[str, Any]) -> str:
    """One item of a list as print_json indents it, four spaces in; an item of texts, whole numbers,
    flags and nulls (most) is written field by field, several times faster than json.dumps with
    indent, to the same text."""
    fields = []
    for key, value in item.items():
        kind = type(value)
        if kind is str:
            fields.append(f"{_TEXT(key)}: {_TEXT(value)}")
        elif kind is int or kind is bool or value is None:
            fields.append(f"{_TEXT(key)}: {json.dumps(value)}")
        else:
            return json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    return "{\n      " + ",\n      ".join(fields) + "\n    }" if fields else "{}"


def _safe_json(text: str) -> str:
    return _UNSAFE_IN_JSON.sub(lambda m: json.dumps(m.group())[1:-1], text)
