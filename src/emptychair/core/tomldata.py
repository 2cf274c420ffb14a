"""Read TOML files and check their shape, naming every problem by file, line or key path."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from emptychair.errors import EmptyChairError, problem
from emptychair.locale import table, tr
from emptychair.text import compiled

T = TypeVar("T")
S = TypeVar("S", bound=str)
# tomli 2.2's compiled wheel parses minutes in about half tomllib's time; tomllib is tomli vendored,
# so both read TOML 1.0 to the same values, types and all (tests/conftest.py compares them on every
# file the suite writes). Whatever tomli refuses, tomllib reads again: every error and its position
# is tomllib's own. tomli 2.3 and later read TOML 1.1, which tomllib refuses: pinned below that.
# tomllib gives up on lists or inline tables nested a few hundred deep (RecursionError: err_too_deep),
# tomli only past 1,000: a text with fewer brackets than FAST_BELOW cannot nest as deep as tomllib
# reads. One with more (far beyond any minutes: about 40 in a weekly meeting; a feedback record has
# thousands, in its texts and headers) is read by tomli too, and kept when what it read nests less
# than FAST_BELOW deep (each array and inline table is a list or dict there); else left to tomllib.
FAST_BELOW = 200
_fast: Callable[[str], dict[str, Any]] | None
try:
    from tomli import loads as _fast
except ImportError:  # installed with emptychair; tomllib alone is as right, only slower
    _fast = None
_AT = r"\s*\(at line (\d+), column (\d+)\)$"  # compiled on first use: only a broken file needs them
_AT_END = r"\s*\(at end of document\)$"
# A moment read from a file must stay a moment in every time zone: TOML takes 0001-01-01T00:30+01:00,
# which is no datetime in UTC, and every shift (ordering, UTC for a calendar) would overflow.
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML text; a leading byte order mark (some Windows editors write one) is not content."""
    text = text.removeprefix("\ufeff")
    if _fast is not None:
        few = text.count("[") + text.count("{") < FAST_BELOW
        with contextlib.suppress(Exception):  # what is wrong, and where, tomllib says below
            read = _fast(text)
            if few or shallow(read):
                return read
    import tomllib  # here: loaded (its patterns compiled, some 3 ms) only for what tomli did not read

    try:
        return tomllib.loads(text)
    except RecursionError:
        # tomllib recurses once per nested array or inline table: a tiny file can exhaust the stack.
        raise problem("err_too_deep", path=name) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = compiled(_AT).search(message)
        if found:
            raise _broken("err_toml_at", name, message[: found.start()], found[1], found[2]) from None
        if at_end := compiled(_AT_END).search(message):
            lines = text.split("\n")
            reason = message[: at_end.start()]
            raise _broken("err_toml_end", name, reason, len(lines), len(lines[-1]) + 1) from None
        raise _broken("err_toml", name, message) from None


def shallow(value: object) -> bool:
    """Whether lists and dicts nest in `value` less than FAST_BELOW deep."""
    level = [value]
    for _ in range(FAST_BELOW):
        inner: list[object] = []
        for found in level:
            inner.extend(found.values() if isinstance(found, dict) else found)  # type: ignore[arg-type]
        level = [v for v in inner if isinstance(v, dict | list)]
        if not level:
            return True
    return False


@dataclass(frozen=True)
class Reason:
    """tomllib's English reason for a syntax error, said from the catalogue's `[toml_reasons]` in a
    message's language (`{reason:nl}`); a reason the table lacks stays in English."""

    english: str

    def __format__(self, language: str) -> str:
        return table(language or "en", "toml_reasons").get(self.english, self.english)


def _broken(key: str, name: str, reason: str, line: object = 0, column: object = 0) -> EmptyChairError:
    values = {"path": name, "line": line, "column": column, "reason": Reason(reason)}
    return EmptyChairError(tr("en", key, **values), key=key, values=values)


@dataclass(frozen=True, eq=False)
class Term:
    """A word from the catalog inside a message's values, said in the message's language."""

    key: str


@dataclass(frozen=True, eq=False)
class Finding:
    """One problem at one key path, kept as a catalog key so it can be said in any language."""

    path: str
    key: str
    values: dict[str, Any]

    def say(self, language: str) -> str:
        values = {k: tr(language, v.key) if isinstance(v, Term) else v for k, v in self.values.items()}
        text = tr(language, self.key, **values)
        return f"{self.path}: {text}" if self.path else text


class CheckError(EmptyChairError):
    """The first problem of a file, and how many more there are."""

    def __init__(self, source: str, findings: tuple[Finding, ...]) -> None:
        self.source = source
        self.findings = findings
        super().__init__(self.say("en"))

    def say(self, lang: str) -> str:
        more = len(self.findings) - 1
        tail = " " + tr(lang, "chk_more_one" if more == 1 else "chk_more_many", count=more) if more else ""
        return f"{self.source}: {self.findings[0].say(lang)}{tail}"


class Checker:
    """Reads typed values out of parsed TOML and collects one problem per bad key path.

    Methods return a usable fallback after recording a problem, so that one pass reports
    every problem in the file instead of only the first.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.findings: list[Finding] = []

    def say(self, language: str) -> list[str]:
        return [f.say(language) for f in self.findings]

    def report(self, path: str, key: str, /, **values: Any) -> None:
        self.findings.append(Finding(path, key, values))

    def raise_if_any(self) -> None:
        if self.findings:
            raise CheckError(self.source, tuple(self.findings))

    def known_keys(self, table: Mapping[str, Any], prefix: str, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in table:
            if key not in allowed:
                from difflib import get_close_matches  # only for a key no file may have

                close = get_close_matches(key, allowed, n=1)
                if close:
                    self.report(_join(prefix, key), "chk_unknown_close", close=close[0])
                else:
                    self.report(_join(prefix, key), "chk_unknown", known=", ".join(allowed))

    def text(
        self, table: Mapping[str, Any], key: str, prefix: str = "", *, default: str | None = None
    ) -> str:
        value = table.get(key, default)
        if type(value) is str and (default is not None or value.strip()):
            return value  # what nearly every call finds: no key path is made for it
        path = _join(prefix, key)
        if value is None:
            self.report(path, "chk_text_missing")
            return ""
        if not isinstance(value, str):
            self.report(path, "chk_text", got=_kind(value))
            return ""
        if not value.strip() and default is None:
            self.report(path, "chk_empty")
        return value

    def optional_text(self, table: Mapping[str, Any], key: str, prefix: str = "") -> str | None:
        if key not in table:
            return None
        return self.text(table, key, prefix)

    def flag(self, table: Mapping[str, Any], key: str, prefix: str = "", default: bool = False) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.report(_join(prefix, key), "chk_flag", got=_kind(value))
            return default
        return value

    def whole(
        self,
        table: Mapping[str, Any],
        key: str,
        prefix: str = "",
        *,
        low: int,
        high: int,
        default: int | None = None,
    ) -> int:
        value = table.get(key, default)
        if value is None:
            self.report(_join(prefix, key), "chk_whole_missing", low=low, high=high)
            return low
        if type(value) is not int or not low <= value <= high:  # a bool is no number here
            self.report(_join(prefix, key), "chk_whole", low=low, high=high, got=_show(value))
            return low
        return value

    def wholes(
        self, table: Mapping[str, Any], key: str, prefix: str = "", *, low: int, high: int
    ) -> tuple[int, ...]:
        """A list of whole numbers from `low` to `high`; none when the key is absent."""
        value = table.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and low <= v <= high for v in value
        ):
            self.report(_join(prefix, key), "chk_wholes", low=low, high=high)
            return ()
        return tuple(value)

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        options: Sequence[S],
        prefix: str = "",
        default: str | None = None,
    ) -> S:
        value = self.text(table, key, prefix, default=default)
        if value:
            for option in options:
                if option == value:
                    return option
            self.report(_join(prefix, key), "chk_choice", options=", ".join(options), got=_show(value))
        return options[0]

    def texts(
        self, table: Mapping[str, Any], key: str, prefix: str = "", *, required: bool = False
    ) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            if required:
                self.report(_join(prefix, key), "chk_texts_missing")
            return ()
        if type(value) is not list or not all(type(v) is str for v in value):
            self.report(_join(prefix, key), "chk_texts")
            return ()
        return tuple(value)

    def date(
        self, table: Mapping[str, Any], key: str, prefix: str = "", *, required: bool = False
    ) -> date | None:
        value = table.get(key)
        if value is None:
            if required:
                self.report(_join(prefix, key), "chk_date_missing")
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            self.report(_join(prefix, key), "chk_date", got=_show(value))
            return None
        return value

    def moment(self, table: Mapping[str, Any], key: str, prefix: str = "") -> datetime:
        value = table.get(key)
        if not isinstance(value, datetime) or value.tzinfo is None:
            self.report(_join(prefix, key), "chk_moment", got=_show(value))
            return datetime(1970, 1, 1).astimezone()
        if not EARLIEST <= value <= LATEST:
            self.report(_join(prefix, key), "chk_moment_range", got=_show(value))
            return datetime(1970, 1, 1).astimezone()
        return value

    def tables(self, table: Mapping[str, Any], key: str, prefix: str = "") -> list[dict[str, Any]]:
        value = table.get(key, [])
        if type(value) is not list or not all(type(v) is dict for v in value):
            self.report(_join(prefix, key), "chk_tables", key=key, got=_kind(value))
            return []
        return value

    def table(self, table: Mapping[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            self.report(_join(prefix, key), "chk_table", key=key, got=_kind(value))
            return {}
        return value

    def each(
        self, rows: list[dict[str, Any]], path: str, read: Callable[[dict[str, Any], str], T]
    ) -> tuple[T, ...]:
        return tuple(read(row, f"{path}[{n}]") for n, row in enumerate(rows, start=1))


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _kind(value: object) -> Term:
    """The kind of a value, as a word of the catalog: "got a number" / "gekregen: een getal"."""
    names = {str: "text", bool: "bool", int: "number", float: "number", list: "list", dict: "table"}
    names |= {date: "date", datetime: "datetime"}
    return Term("type_" + names.get(type(value), "other"))


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def dumps_blocks(data: Mapping[str, Any]) -> str:
    """Write TOML with a fixed layout: plain keys first, then every list of tables as [[blocks]].

    tomli-w alone switches a list of tables between inline and block form by line length, so
    the same minutes could change layout between two saves and make noisy diffs.
    """
    return "".join(_blocks(data, "")).lstrip("\n")


def _blocks(table: Mapping[str, Any], name: str) -> Iterable[str]:
    import tomli_w  # only the commands that write pay for the import

    plain = {k: v for k, v in table.items() if not _is_table_list(v) and not isinstance(v, dict)}
    if plain:
        yield tomli_w.dumps(plain, multiline_strings=not _has_crlf(plain))
    for key, sub in table.items():
        if isinstance(sub, dict):
            path = f"{name}.{key}" if name else key
            yield f"\n[{path}]\n"
            yield from _blocks(sub, path)
    for key, rows in table.items():
        if _is_table_list(rows):
            path = f"{name}.{key}" if name else key
            for row in rows:
                yield f"\n[[{path}]]\n"
                yield from _blocks(row, path)


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _has_crlf(value: object) -> bool:
    # tomli-w's multi-line strings turn \r\n into \n; keep such text exact in an escaped string.
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, dict):
        return any(_has_crlf(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_crlf(v) for v in value)
    return False
