"""tomli beside tomllib: the two parsers must read every document to the same values, types and all."""

from __future__ import annotations

import math
import os
import stat
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import tomli

from emptychair.core.tomldata import FAST_BELOW


def exactly(a: Any, b: Any, at: str = "") -> list[str]:
    """Where `a` and `b` differ: in type, in value, in a datetime's offset or its kind of tzinfo."""
    if type(a) is not type(b):
        return [f"{at}: {type(a).__name__} != {type(b).__name__}"]
    if isinstance(a, dict):
        if list(a) != list(b):
            return [f"{at}: keys {list(a)} != {list(b)}"]
        return [d for k in a for d in exactly(a[k], b[k], f"{at}.{k}")]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{at}: {len(a)} items != {len(b)}"]
        return [d for n, (x, y) in enumerate(zip(a, b, strict=True)) for d in exactly(x, y, f"{at}[{n}]")]
    if isinstance(a, float):
        return [] if repr(a) == repr(b) or (math.isnan(a) and math.isnan(b)) else [f"{at}: {a!r} != {b!r}"]
    if isinstance(a, datetime | time):
        same_zone = type(a.tzinfo) is type(b.tzinfo) and a.utcoffset() == b.utcoffset()
        return [] if same_zone and a.isoformat() == b.isoformat() else [f"{at}: {a!r} != {b!r}"]
    if isinstance(a, date | str | int | bool):
        return [] if a == b else [f"{at}: {a!r} != {b!r}"]
    return [f"{at}: unexpected {type(a).__name__}"]


def differ(text: str) -> list[str]:
    """How tomli reads `text` other than tomllib does; nothing when tomli refuses it (tomllib then
    reads it again, so its error is the one told)."""
    if text.count("[") + text.count("{") >= FAST_BELOW:
        return []  # read by tomllib alone
    try:
        fast = tomli.loads(text)
    except Exception:
        return []
    try:
        slow = tomllib.loads(text)
    except Exception as exc:  # tomli took what tomllib refuses
        return [f"tomli read what tomllib refuses: {exc}"]
    return exactly(slow, fast)


def toml_files(top: Path) -> Iterator[Path]:
    """Every plain .toml file under `top`: never a FIFO or a link (a hostile test's), never huge."""
    for where, _, names in os.walk(top):
        for name in names:
            path = Path(where, name)
            if name.endswith(".toml"):
                found = path.lstat()
                if stat.S_ISREG(found.st_mode) and found.st_size <= 4 << 20:
                    yield path


def differences(top: Path) -> list[str]:
    found = []
    for path in toml_files(top):
        try:
            text = path.read_text("utf-8").removeprefix("\ufeff")
        except (UnicodeDecodeError, OSError):
            continue
        found += [f"{path.relative_to(top)}{d}" for d in differ(text)]
    return found
