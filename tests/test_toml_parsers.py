"""The minutes are read with tomli where it agrees with tomllib, and only there."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli

from emptychair.core import tomldata
from emptychair.core.tomldata import parse_toml
from emptychair.errors import EmptyChairError

from .conftest import differ, differences, exactly
from .test_hostile import far, hostile  # noqa: F401 - the hostile tests' folders, read here too

# What could read differently: moments with and without offsets, local dates and times, fractions
# finer than a microsecond, the ends of the calendar, escapes, numbers; and what is no TOML 1.0.
DOCUMENTS = [
    "at = 2026-11-02T09:00:00+01:00\nz = 2026-11-02T08:00:00Z\nm = 2026-11-02T08:00:00-00:00",
    "lower = 2026-11-02t09:00:00+05:45\nspace = 2026-11-02 09:00:00.123456789+14:00",
    "local = 2026-11-02T09:00:00\nday = 2026-11-02\nclock = 09:00:00.5\nfirst = 0001-01-01",
    "last = 9999-12-31T23:59:59.999999-23:59\nearly = 0001-01-01T00:30:00+01:00",
    's = "tab\\there \\u00e9 \\U0001F600"\nraw = \'C:\\\\x\'\nmulti = """\\\n  joined \\\n  here"""',
    "i = 0x_ff\nbig = 9223372036854775807\nf = 1e400\nn = nan\nneg = -0.0\nexp = 5e-324",
    "[[items]]\ntitle = 'a'\n[[items]]\ntitle = 'b'\n[items.sub]\nx = 1",
    "a = {b = 1,}",  # TOML 1.1: a trailing comma in an inline table
    't = 07:32\ne = "\\e"\nx = "\\x41"',  # TOML 1.1: seconds left out, new escapes
    "a = 1\na = 2",
    "a = [1, 2",
    "a.b = 1\na = 3",
    "x = 2026-13-01",
    "x = 2026-02-30T00:00:00Z",
    "\ufeffschema = 1",
    'a = "\x1b[2J"',
    "a = " + "[" * 50 + "]" * 50,
    "a = " + "[" * 5000,
    "a = " + "[" * 199 + "]" * 199,  # as deep as the fast parser is asked to read
    "a = " + "[" * 600 + "]" * 600,  # tomli reads it, tomllib does not: left to tomllib
    "a = [\n" + "[1], " * 300 + "]\n" + "[[items]]\nt = '[x]'\n" * 300,  # many brackets, shallow: tomli
    "b = 1\n" + "[[items]]\nt = '[{'\n" * 300 + "a = " + "[" * 300 + "]" * 300,  # and deep: tomllib
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_tomli_reads_as_tomllib_or_leaves_it_to_tomllib(text: str) -> None:
    assert differ(text) == []


@pytest.mark.parametrize("text", DOCUMENTS)
def test_parse_toml_says_what_tomllib_alone_says(text: str) -> None:
    try:
        want: object = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError:
        with pytest.raises(EmptyChairError) as raised:
            parse_toml(text, "x.toml")
        with pytest.raises(EmptyChairError) as alone:
            parse_alone(text)
        assert str(raised.value) == str(alone.value)
    except RecursionError:
        with pytest.raises(EmptyChairError, match=r"x\.toml"):
            parse_toml(text, "x.toml")
    else:
        assert isinstance(want, dict)
        assert exactly(want, parse_toml(text, "x.toml")) == []


def parse_alone(text: str) -> object:
    saved, tomldata._fast = tomldata._fast, None
    try:
        return parse_toml(text, "x.toml")
    finally:
        tomldata._fast = saved


def test_the_fast_parser_is_tomli_of_toml_1_0() -> None:
    """tomli 2.3 and later read TOML 1.1, which tomllib refuses: the pin in pyproject keeps it out."""
    assert tomldata._fast is tomli.loads
    with pytest.raises(tomli.TOMLDecodeError):
        tomli.loads("a = {b = 1,}")


def test_the_hostile_folders_read_alike(hostile: Path, far: Path) -> None:  # noqa: F811
    assert sorted(hostile.iterdir()) and differences(hostile) == []
    assert sorted(far.iterdir()) and differences(far) == []


def test_the_comparison_sees_a_difference() -> None:
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 11, 2, 9, tzinfo=timezone(timedelta(hours=1)))
    named = moment.replace(tzinfo=ZoneInfo("Europe/Amsterdam"))  # the same offset, another tzinfo
    assert moment == named and exactly({"a": moment}, {"a": named}) != []
    assert exactly({"a": 1}, {"a": True}) != [] and exactly({"a": [1.0]}, {"a": [1]}) != []
    assert differ("a = {b = 1,}") == [] and exactly(tomllib.loads("a = 1"), {"a": 2}) != []
