"""The read model: a minutes folder as rows in an SQLite database, kept right by the files alone.

- store: where the database lives (the user's cache folder, 0700, file 0600; one per minutes
  folder), its SCHEMA and VERSION, and how a database that cannot be trusted is built again;
- index: scan and refresh, which parse new, changed and gone files and derive each touched action's
  state with the core's ledger.settle;
- library: Library, every question the commands ask, each one query.

The database holds nothing the files do not, and nothing read from it can run code. Readers and
one writer may work at once (WAL).
"""

from __future__ import annotations

from emptychair.files.readmodel.index import PARALLEL_AT, SETTLE_NS, refresh, scan
from emptychair.files.readmodel.library import (
    RECENT,
    ActionPick,
    Library,
    MeetingPick,
    open_for_tab,
    open_library,
)
from emptychair.files.readmodel.store import SCHEMA, VERSION, Broken, cache_home, database_path

__all__ = [
    "PARALLEL_AT",
    "RECENT",
    "SCHEMA",
    "SETTLE_NS",
    "VERSION",
    "ActionPick",
    "Broken",
    "Library",
    "MeetingPick",
    "cache_home",
    "database_path",
    "open_for_tab",
    "open_library",
    "refresh",
    "scan",
]
