"""What several commands share: the minutes folder they work on, the language, printing."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from emptychair.errors import EmptyChairError, problem
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


def language(lang: str | None = None) -> str:
    """--lang, else the language of agenda.toml here, else the locale, else English."""
    from emptychair.core.agenda import LANGUAGES

    if lang is not None:
        if lang not in LANGUAGES:
            raise EmptyChairError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
        return lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


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
    lang = language()
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
