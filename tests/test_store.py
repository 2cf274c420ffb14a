from __future__ import annotations

import errno
import os
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from emptychair.core.minutes import Minutes, load_minutes
from emptychair.errors import EmptyChairError
from emptychair.files import folder as store
from emptychair.files.folder import Folder, write_atomic
from emptychair.files.readmodel import open_library

CET = timezone(timedelta(hours=1))
STARTED = datetime(2026, 11, 23, 9, 0, tzinfo=CET)


def minutes(title: str = "Weekly") -> Minutes:
    return Minutes(title, date(2026, 11, 23), STARTED, STARTED + timedelta(hours=1), "en")


def test_minutes_are_never_overwritten(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    first = folder.write_minutes(minutes())
    second = folder.write_minutes(minutes("Weekly!"))
    # a name no other clone can give: the date, the title, four random letters
    assert re.fullmatch(r"2026-11-23-weekly-[a-z2-9]{4}\.toml", first.name)
    assert re.fullmatch(r"2026-11-23-weekly-[a-z2-9]{4}\.toml", second.name) and first != second
    assert load_minutes(first.read_text("utf-8"), "x").title == "Weekly"
    assert load_minutes(second.read_text("utf-8"), "x").title == "Weekly!"
    assert oct(first.stat().st_mode & 0o777) != "0o600"


def test_a_crash_between_write_and_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.toml"
    path.write_text("old", encoding="utf-8")

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # as if the process died right before the rename

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.toml"]  # no temp file left behind


def test_a_full_disk_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(EmptyChairError) as caught:
        Folder(tmp_path).write_minutes(minutes())
    assert re.fullmatch(
        f"cannot write {tmp_path}/2026-11-23-weekly-....\\.toml: the disk is full", caught.value.message
    )
    assert [p.name for p in tmp_path.iterdir()] == [store.DRAFTS]  # no half-written file


def test_a_second_meeting_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    holder, second = Folder(tmp_path), Folder(tmp_path)
    with holder.lock(STARTED), pytest.raises(EmptyChairError) as caught, second.lock(STARTED):
        pass
    message = caught.value.message
    assert message.startswith(f"a meeting is already running on {tmp_path} (host ")
    assert f"pid {os.getpid()}, since 2026-11-23 09:00" in message
    with Folder(tmp_path).lock(STARTED):  # released: free again
        pass


def test_broken_minutes_are_named_and_the_rest_still_reads(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    good = folder.write_minutes(minutes())
    (tmp_path / "2026-11-24-broken.toml").write_text('title = "x', encoding="utf-8")
    (tmp_path / "2026-11-25-binary.toml").write_bytes(b"\xff\xfe")
    found = open_library(tmp_path)
    assert [row.name for row in found.rows] == [good.stem]
    problems = sorted(p.message for p in found.unreadable)
    assert [p.split(":")[0] for p in problems] == ["2026-11-24-broken.toml", "2026-11-25-binary.toml"]
    assert "not UTF-8" in problems[1]


def test_lock_file_lives_apart_from_the_minutes(tmp_path: Path) -> None:
    with Folder(tmp_path).lock(STARTED):
        assert (tmp_path / store.LOCK).exists()
    assert list(tmp_path.glob("*.toml")) == []
