"""Every word the interface shows, per language, read from `<lang>.toml` beside this file.

The catalogues are data: adding a language is adding its files (here, in prompts/ and in starter/)
and naming it in LANGUAGES. A catalogue holds
  messages     key = "text with {placeholders}", or a table of plural forms for a {count}
  [markers]    the words typed in a meeting (`#actie`, `voor:`) and what each one means
  [help]       the help text of every command and option, by command path ("actions done --note")
The CLDR words of a date and the plural rules come from cldr.toml for the languages that ship, so
that Babel is loaded only where a language has none there, or for a language's name.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import sys
from collections.abc import Mapping
from datetime import date
from importlib.util import cache_from_source
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "nl")
TABLES = ("markers", "help")  # the catalogue's tables that are not messages

Message = str | dict[str, str]  # a text, or its plural forms by CLDR category (one, other, …)


@functools.cache
def _data(language: str) -> dict[str, Any]:
    return _read(f"{language if language in LANGUAGES else 'en'}.toml")


def _read(name: str) -> dict[str, Any]:
    """A data file beside this module (as pip installs a package; importlib.resources would import
    zipfile for it). Parsing a catalogue takes some 5 ms of every call's start: what it parsed to is
    kept as marshal data where Python keeps this module's bytecode, and used while the file's stamp
    is the same. Where that cannot be written, each call parses the file."""
    source = Path(__file__).with_name(name)
    stamp = _stamp(source)
    # the place Python would keep bytecode of "<name>.py" here (honouring PYTHONPYCACHEPREFIX)
    kept = Path(cache_from_source(f"{source}.py")).with_suffix(".marshal")
    found = _kept(kept, stamp)
    if found is None:
        found = _parse(source.read_text("utf-8"))
        if not sys.dont_write_bytecode:
            _keep(kept, stamp, found)
    return found


def _stamp(path: Path) -> tuple[int, ...]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _parse(text: str) -> dict[str, Any]:
    try:  # tomli's compiled wheel: the same values in a third of the time
        from tomli import loads
    except ImportError:
        from tomllib import loads
    found: dict[str, Any] = loads(text)
    return found


def _kept(path: Path, stamp: tuple[int, ...]) -> dict[str, Any] | None:
    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # none yet, or not marshal data
        return None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == stamp and isinstance(kept[1], dict):
        return kept[1]
    return None


def _keep(path: Path, stamp: tuple[int, ...], found: dict[str, Any]) -> None:
    part = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(marshal.dumps((stamp, found)))
        os.replace(part, path)  # whole or not at all, whoever reads it meanwhile
    except OSError:  # a folder this user may not write: parsed again next time
        with contextlib.suppress(OSError):
            part.unlink()


def catalogue(language: str) -> dict[str, str]:
    """The messages of `language`, English where the language has no catalogue; each plural form
    of a message is a key of its own: "age.one", "age.other"."""
    found: dict[str, str] = {}
    for key, message in _data(language).items():
        if key in TABLES:
            continue
        if isinstance(message, dict):
            found.update((f"{key}.{form}", text) for form, text in message.items())
        else:
            found[key] = message
    return found


def theme_name(language: str, theme: str) -> str:
    """A theme of the shipped question sets by its name in `language`; a team's own by its id."""
    named = _data(language).get("theme_" + theme)
    return named if isinstance(named, str) else theme


def table(language: str, name: str) -> dict[str, str]:
    """One of the catalogue's tables: `markers` or `help`."""
    found: dict[str, str] = _data(language)[name]
    return found


def tr(language: str, key: str, /, **values: Any) -> str:
    """The message `key` in `language` (English when the language is unknown), filled in.

    A message with plural forms picks the one the language's rules ask for {count}.
    """
    message: Message = _data(language)[key]
    if isinstance(message, dict):
        message = message.get(plural_form(language, values["count"]), message["other"])
    text: str = message.format(**values)
    return text


def plural_form(language: str, count: int) -> str:
    """The CLDR plural category of `count` in `language`: one, other, few, …"""
    return counted(_cldr(language)["plural"], count)


def counted(rules: Mapping[str, str], count: int) -> str:
    """The plural category of `count` under CLDR `rules`; the rules English and Dutch share ("one" is
    1 alone) without loading Babel."""
    if rules == _ONE_IS_ONE:
        return "one" if count == 1 else "other"
    form: str = _plural_rule(tuple(rules.items()))(count)
    return form


_ONE_IS_ONE = {"one": "i in 1 and v in 0"}


@functools.cache
def _plural_rule(rules: tuple[tuple[str, str], ...]) -> Any:
    from babel.plural import PluralRule

    return PluralRule(rules)


@functools.lru_cache(maxsize=4096)  # a list of ten thousand actions has few distinct dates
def day(language: str, d: date) -> str:
    """A date as the language abbreviates it: "ma 23 nov 2026", "Fri 27 Nov 2026"."""
    words = _cldr(language)
    return f"{words['days'][d.weekday()]} {d.day} {words['months'][d.month - 1]} {d.year}"


@functools.cache
def _cldr(language: str) -> dict[str, Any]:
    """The CLDR words of a date and the plural rules: as cldr.toml holds them for the languages that
    ship (tested against Babel), else as Babel has them."""
    language = language if language in LANGUAGES else "en"
    held: dict[str, Any] | None = _read("cldr.toml").get(language)
    if held is not None:
        return held
    from babel import Locale

    found = Locale.parse(language)
    return {
        "days": [found.days["format"]["abbreviated"][n] for n in range(7)],
        "months": [found.months["format"]["abbreviated"][n] for n in range(1, 13)],
        "plural": found.plural_form.rules,
    }


def language_name(language: str, in_language: str) -> str:
    """The name of `language` as `in_language` writes it: language_name("en", "nl") is "Engels"."""
    from babel.core import Locale

    return str(Locale.parse(language).get_display_name(Locale.parse(in_language)))


def markers(language: str) -> tuple[str, ...]:
    """Every word that can be typed in a meeting (`#actie`, `#terug`, `voor:` …), the meeting's own
    language first; both languages' words work in every meeting."""
    order = (language, *(lang for lang in LANGUAGES if lang != language))
    return tuple(dict.fromkeys(word for lang in order for word in table(lang, "markers")))


def meaning(word: str) -> str:
    """What a typed marker means in any language (action, decision, info, link, undo, skip, end,
    due), or "" when it is none."""
    lowered = word.lower()
    for lang in LANGUAGES:
        found = table(lang, "markers").get(lowered)
        if found:
            return found
    return ""


def marker_words(language: str, means: str) -> tuple[str, ...]:
    """The words for one meaning, the language's own first: marker_words("nl", "due") is
    ("voor:", "due:")."""
    return tuple(word for word in markers(language) if meaning(word) == means)
