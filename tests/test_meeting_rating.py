"""The meeting's own rating through the real prompts: `[closing] rate_meeting` asks one key last,
on the chair's scale; the minutes keep it, `minutes show` says it, and a resume at the question asks
it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from .conftest import Clock, meet, pipe_keys
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER
from .test_options import runs
from .test_topics import AGENDA


def agenda(folder: Path, language: str = "en") -> Path:
    path = folder / "agenda.toml"
    path.write_text(AGENDA.format(closing="rate_meeting = true", language=language), encoding="utf-8")
    return path


@runs("closing.rate_meeting")
@pytest.mark.parametrize(
    ("language", "end", "yes", "key", "said"),
    [("en", "#end", "y", "g", "This meeting: green"), ("nl", "#einde", "j", "o", "Dit overleg: oranje")],
)
def test_the_closing_asks_one_key_for_the_meeting_itself(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, end: str, yes: str, key: str, said: str
) -> None:
    path = agenda(tmp_path, language)
    data, text = meet(path, keys, [ENTER, ENTER, end + ENTER, yes, key], clock)
    assert data is not None
    assert data["meeting_rating"] == ("green" if language == "en" else "amber")
    assert said in text
    assert said in emptychair(tmp_path, "minutes", "show").stdout


def test_a_pass_keeps_no_rating_and_a_resume_asks_again(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    assert meet(path, keys, [ENTER, ENTER, "#end" + ENTER, "y", CTRL_C, DOWN + ENTER], clock)[0] is None
    with pipe_keys() as pipe:
        data, _ = meet(path, pipe, ["s"], clock, resume=True)
    assert data is not None and "meeting_rating" not in data
    with pipe_keys() as pipe:
        data, _ = meet(path, pipe, [ENTER, ENTER, "#end" + ENTER, "y", "e"], clock)
    assert data is not None and data["meeting_rating"] == "enthusiastic"
