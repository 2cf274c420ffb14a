"""The bench's folder is minutes as the tool reads them: the bench is run by hand, so nothing else
would tell that a change to the minutes left it writing something else (or nothing at all)."""

from __future__ import annotations

import importlib
import itertools
import sys

from emptychair.core.minutes import dump_minutes, load_minutes

from .conftest import ROOT


def test_the_bench_writes_minutes_the_tool_reads_back_as_written() -> None:
    sys.path.insert(0, str(ROOT / "bench"))  # bench.py imports its sibling feedback.py
    try:
        bench = importlib.import_module("bench")
    finally:
        sys.path.remove(str(ROOT / "bench"))
    for name, minutes in itertools.islice(bench.weekly(), 12):
        assert name.endswith("-weekly-support-meeting.toml")
        read = load_minutes(dump_minutes(minutes), name)
        assert read == minutes
        assert read.present and read.absent and len(read.items) == 3 and read.chair
    assert read.followups  # by the twelfth week, actions of earlier ones are followed up
