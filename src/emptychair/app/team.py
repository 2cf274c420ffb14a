"""The team a command works for: its minutes folder, its language and its agenda, resolved once.

The folder comes from --minutes, else EMPTYCHAIR_MINUTES, else the folder agenda.toml here names,
else ./minutes. The team's agenda is agenda.toml here when it names that folder, else the one
beside the folder; the language is the one that agenda names (a team that chose Dutch reads Dutch
in every command, whoever's terminal it is and wherever it runs), else --lang, else the locale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from emptychair.errors import EmptyChairError, problem

AGENDA = "agenda.toml"
MINUTES_VARIABLE = "EMPTYCHAIR_MINUTES"

if TYPE_CHECKING:
    from emptychair.core.agenda import Agenda


@dataclass(frozen=True)
class Team:
    """Whose meeting this is: the minutes folder, the team's language and its agenda."""

    folder: Path  # the minutes folder
    language: str
    agenda: Agenda | None  # None: the team has no agenda, or a broken one (see `broken`)
    broken: EmptyChairError | None = None  # why the agenda could not be read

    def strict_agenda(self) -> Agenda | None:
        """The agenda, for a use case that cannot go on with a broken one: that is raised."""
        if self.broken is not None:
            raise self.broken
        return self.agenda


def team(minutes: Path | None, lang: str | None = None, *, to_come: bool = False) -> Team:
    """The team of the minutes folder `minutes` names (or the default one); a folder that is not
    there is refused in the team's language (`to_come`: as minutes_folder has it)."""
    said = language(minutes, lang)
    try:
        folder = minutes_folder(minutes, to_come=to_come)
    except EmptyChairError as exc:
        exc.language = exc.language or said
        raise
    agenda, broken = _agenda_of(folder, said)
    return Team(folder, said, agenda, broken)


def language(minutes: Path | None = None, lang: str | None = None) -> str:
    """The team's language, also when its folder cannot be found (so that saying so is in it): the
    team's agenda names it; else `lang` (--lang, refused when unknown); else the user's locale."""
    if lang is not None:
        known_language(lang)
    place = _agenda_place(_where(minutes))
    named = _named_language(place) if place is not None else ""
    return named or lang or locale_language()


def known_language(lang: str) -> str:
    """`lang` when there is a catalogue for it; else refused, naming the languages there are."""
    from emptychair.locale import LANGUAGES

    if lang not in LANGUAGES:
        raise problem("err_language", lang=lang, languages=", ".join(LANGUAGES))
    return lang


def locale_language() -> str:
    """The language of the user's locale, when the catalogue has it; else English."""
    from emptychair.locale import LANGUAGES

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def named_language(agenda: Path) -> str:
    """The language an agenda file names, or "" (no file, a broken one, or no language in it)."""
    return _named_language(agenda)


def minutes_folder(minutes: Path | None, *, to_come: bool = False) -> Path:
    """The minutes folder: --minutes, else EMPTYCHAIR_MINUTES, else the folder agenda.toml here
    names, else ./minutes; refused when the one named is not there. With `to_come` (sync, which
    brings in what the others pushed) one not there yet is taken where the folder it is to be
    made in is: git keeps no empty folder, so a clone made before the first minutes has none."""

    def there(path: Path) -> bool:
        return path.is_dir() or (to_come and path.parent.is_dir())

    if minutes is not None:
        if not there(minutes):
            raise problem("err_no_folder", path=str(minutes))
        return minutes
    named = os.environ.get(MINUTES_VARIABLE, "")
    if named:  # set but empty counts as not set, as a shell's `VAR= cmd` means
        if not there(Path(named)):
            raise problem("err_env_folder", path=named)
        return Path(named)
    if Path(AGENDA).is_file():
        from emptychair.files.config import load_agenda

        return load_agenda(Path(AGENDA)).minutes_dir
    if there(Path("minutes")):
        return Path("minutes")
    raise problem("err_no_minutes_folder")


def _where(minutes: Path | None) -> Path | None:
    """The folder `minutes_folder` would give, without refusing anything; None when none is named."""
    if minutes is not None:
        return minutes
    named = os.environ.get(MINUTES_VARIABLE, "")
    if named:
        return Path(named)
    data = _raw(Path(AGENDA))
    if data is not None:
        return _named_folder(Path(AGENDA), data)
    return Path("minutes")


def see_minutes(folder: Path, written: Path) -> str:
    """The one command that shows the minutes just written, run from here: `--minutes` is named
    only when the read commands would not find `folder` here by themselves."""
    import shlex

    command = f"emptychair minutes show {shlex.quote(written.stem)}"
    here = _where(None)
    if here is not None and _same(here, folder):
        return command
    relative = os.path.relpath(folder.resolve(), Path.cwd().resolve())
    named = relative if not relative.startswith(os.pardir) else str(folder.resolve())
    return f"{command} --minutes {shlex.quote(named)}"


def _agenda_place(folder: Path | None) -> Path | None:
    """The team's agenda file: agenda.toml here when it names `folder` (or no folder is named), else
    the one beside the folder, else agenda.toml here after all (whoever works here, in its language)."""
    here = Path(AGENDA)
    data = _raw(here)
    if data is not None and (folder is None or _same(_named_folder(here, data), folder)):
        return here
    if folder is not None and (folder.parent / AGENDA).is_file():
        return folder.parent / AGENDA
    return here if data is not None else None


def _agenda_of(folder: Path, lang: str) -> tuple[Agenda | None, EmptyChairError | None]:
    here = Path(AGENDA)
    for place in (here, folder.parent / AGENDA):
        if not place.is_file():
            continue
        from emptychair.files.config import load_agenda  # the question sets: only with an agenda

        try:
            agenda = load_agenda(place, lang)
        except EmptyChairError as exc:
            if place == here and not _same(_named_folder(here, _raw(here) or {}), folder):
                continue
            return None, exc
        if place == here and not _same(agenda.minutes_dir, folder):
            continue
        return agenda, None
    return None, None


def team_agenda(folder: Path, *, strict: bool = True) -> Agenda | None:
    """The agenda of the team whose minutes are in `folder`: agenda.toml here when it names that
    folder, else the one beside the folder; None when there is none. A broken agenda is raised
    (`strict`), or taken as none."""
    agenda, broken = _agenda_of(folder, language(folder))
    if broken is not None and strict:
        raise broken
    return agenda


def _raw(path: Path) -> dict[str, Any] | None:
    """An agenda file's TOML as it is, unchecked; None when there is no such file or it is no TOML."""
    if not path.is_file():
        return None
    from emptychair.core.tomldata import parse_toml
    from emptychair.files.data import read_text

    try:
        return parse_toml(read_text(path), str(path))
    except EmptyChairError:  # a broken agenda: the commands that read it say so
        return None


def _named_language(agenda: Path) -> str:
    from emptychair.locale import LANGUAGES

    named = (_raw(agenda) or {}).get("language")
    return named if isinstance(named, str) and named in LANGUAGES else ""


def _named_folder(agenda: Path, data: dict[str, Any]) -> Path:
    named = data.get("minutes_dir", "minutes")
    return agenda.parent / (named if isinstance(named, str) else "minutes")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def share(folder: Path, agenda: Agenda | None, lang: str) -> str:
    """With `[git] sync` in the agenda, the follow-ups just written go to git: the line that says
    how it went, or "" when the folder is not shared."""
    if agenda is None or not agenda.git_sync:
        return ""
    from emptychair.files import git

    return git.attempt(git.sync_folder, folder, lang)[1]
