"""What several commands share: the minutes folder they work on, the language, printing."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from emptychair.errors import problem
from emptychair.text import UNSAFE, visible

if TYPE_CHECKING:
    from emptychair.files.readmodel import Library

AGENDA = "agenda.toml"
MINUTES_VARIABLE = "EMPTYCHAIR_MINUTES"

MinutesOption = Annotated[
    Path | None,
    typer.Option("--minutes", help="The minutes folder (default: from agenda.toml here, else ./minutes)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON for scripts (fields in the README).")]


def language(lang: str | None = None, minutes: Path | None = None) -> str:
    """The team's language: the agenda next to the minutes names it; else --lang; else the locale.

    The agenda is agenda.toml here or, with --minutes DIR, the one beside DIR. A team that chose
    Dutch reads Dutch in every command, whoever's terminal it is.
    """
    if lang is not None:
        known_language(lang)
    return team_language(minutes) or lang or locale_language()


def known_language(lang: str) -> str:
    """`lang` when there is a catalogue for it; else refused, naming the languages there are."""
    from emptychair.locale import LANGUAGES

    if lang not in LANGUAGES:
        raise problem("err_language", lang=lang, languages=", ".join(LANGUAGES))
    return lang


def team_language(minutes: Path | None = None) -> str:
    """The language the agenda here (or beside the minutes folder) names, or "" when none does."""
    places = [Path(AGENDA)] + ([minutes.parent / AGENDA] if minutes is not None else [])
    for place in places:
        found = named_language(place)
        if found:
            return found
    return ""


def named_language(agenda: Path) -> str:
    """The language an agenda file names, or "" (no file, a broken one, or no language in it)."""
    return _named_language(str(agenda.absolute()))  # "agenda.toml" names another file in another folder


@functools.cache
def _named_language(path: str) -> str:
    from emptychair.errors import EmptyChairError
    from emptychair.files.data import read_text
    from emptychair.locale import LANGUAGES

    try:
        named = tomllib.loads(read_text(Path(path))).get("language")
    except (EmptyChairError, ValueError):  # no agenda, or a broken one: the commands that read it say so
        return ""
    return named if named in LANGUAGES else ""


def locale_language() -> str:
    """The language of the user's locale, when the catalogue has it; else English."""
    from emptychair.locale import LANGUAGES

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def minutes_in(argv: list[str]) -> Path | None:
    """The --minutes DIR a command line names, so that even a refused command speaks the team's language."""
    for n, arg in enumerate(argv):
        if arg == "--minutes" and n + 1 < len(argv):
            return Path(argv[n + 1])
        if arg.startswith("--minutes="):
            return Path(arg.partition("=")[2])
    return None


def folder(minutes: Path | None) -> Path:
    """The minutes folder a command works on: --minutes, else EMPTYCHAIR_MINUTES, else the folder
    agenda.toml here names, else ./minutes."""
    if minutes is not None:
        if not minutes.is_dir():
            raise problem("err_no_folder", path=str(minutes))
        return minutes
    named = os.environ.get(MINUTES_VARIABLE, "")
    if named:  # set but empty counts as not set, as a shell's `VAR= cmd` means
        if not Path(named).is_dir():
            raise problem("err_env_folder", path=named)
        return Path(named)
    if Path(AGENDA).is_file():
        from emptychair.files.config import load_agenda

        return load_agenda(Path(AGENDA)).minutes_dir
    if Path("minutes").is_dir():
        return Path("minutes")
    raise problem("err_no_minutes_folder")


def library(minutes: Path | None) -> Library:
    """The folder's read model; every file that could not be read is named on stderr."""
    from emptychair.files.readmodel import open_library
    from emptychair.locale import tr

    found = open_library(folder(minutes))
    lang = language(minutes=minutes)
    for broken in found.unreadable:
        sys.stderr.write(tr(lang, "skipped_files", message=visible(broken.say(lang))) + "\n")
    return found


# JSON escapes C0 controls itself; the other characters `visible` replaces (C1 CSI, bidi, zero-width,
# lone surrogates) would reach a terminal raw: written as \u escapes they stay exact data.
_UNSAFE_IN_JSON = re.compile(f"[{UNSAFE}]")


def print_json(data: dict[str, Any]) -> None:
    """JSON that keeps every text exact, readable (é stays é) and harmless to a terminal."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_UNSAFE_IN_JSON.sub(lambda m: json.dumps(m.group())[1:-1], text) + "\n")
