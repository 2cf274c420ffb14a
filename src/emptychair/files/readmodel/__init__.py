"""The read model: a minutes folder as rows in an SQLite database (see library)."""

from __future__ import annotations

from emptychair.files.readmodel.library import (
    PARALLEL_AT,
    SCHEMA,
    VERSION,
    Broken,
    Library,
    cache_home,
    database_path,
    open_library,
    refresh,
    scan,
)

__all__ = [
    "PARALLEL_AT",
    "SCHEMA",
    "VERSION",
    "Broken",
    "Library",
    "cache_home",
    "database_path",
    "open_library",
    "refresh",
    "scan",
]
