from __future__ import annotations

from pathlib import Path

import pytest

from emptychair.errors import EmptyChairError
from emptychair.files.config import check_agenda, load_agenda

from .conftest import EXAMPLE, ROOT

GOOD = """
title = "Weekly"
language = "nl"
attendees = ["Anna", "Bram"]

[[items]]
title = "Opening"
minutes = 5

[[items]]
title = "Feedback"
minutes = 10
presenter = "Bram"
chair_after = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "agenda.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    return check_agenda(write(tmp_path, text))[1].say("en")


def test_a_good_agenda_loads_with_defaults(tmp_path: Path) -> None:
    agenda = load_agenda(write(tmp_path, GOOD))
    assert agenda.title == "Weekly"
    assert agenda.language == "nl"
    assert agenda.minutes_dir == tmp_path / "minutes"
    assert agenda.attendees == ("Anna", "Bram")
    assert [i.title for i in agenda.items] == ["Opening", "Feedback"]
    assert agenda.items[1].chair_after and not agenda.items[0].chair_after
    assert agenda.chair_opening and agenda.chair_closing
    assert agenda.planned_minutes == 15


@pytest.mark.parametrize(
    "path", [EXAMPLE, ROOT / "src/emptychair/starter/en.toml", ROOT / "src/emptychair/starter/nl.toml"]
)
def test_shipped_agendas_are_valid(path: Path) -> None:
    assert check_agenda(path)[1].say("en") == []


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "Weekly"\nattendees = ["Anna",\nminutes = \n')
    with pytest.raises(EmptyChairError) as caught:
        load_agenda(path)
    assert caught.value.message.startswith(f"{path}:3:")
    assert "\n" not in caught.value.message


def test_schema_errors_name_the_key_path(tmp_path: Path) -> None:
    text = GOOD.replace("minutes = 10", 'minutes = "ten"')
    assert problems(tmp_path, text) == ["items[2].minutes: expected a whole number from 1 to 480, got 'ten'"]


def test_every_problem_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace('title = "Weekly"', 'title = ""').replace('language = "nl"', 'language = "de"')
    text = text.replace("minutes = 5", "minutes = 0").replace("chair_after = true", "chair_afterr = true")
    assert problems(tmp_path, text) == [
        "items[1].minutes: expected a whole number from 1 to 480, got 0",
        "items[2].chair_afterr: unknown key; did you mean 'chair_after'?",
        "title: must not be empty",
        "language: expected one of en, nl, got 'de'",
    ]


def test_load_raises_the_first_problem_as_one_line(tmp_path: Path) -> None:
    with pytest.raises(EmptyChairError) as caught:
        load_agenda(write(tmp_path, GOOD.replace('language = "nl"', 'language = "de"')))
    assert caught.value.message == f"{tmp_path / 'agenda.toml'}: language: expected one of en, nl, got 'de'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace('["Anna", "Bram"]', '["Anna", "anna"]'), "attendees[2]: 'anna' is listed twice"),
        (GOOD.replace('["Anna", "Bram"]', '"Anna"'), "attendees: expected a list of text"),
        ('title = "x"\nattendees = ["A"]\n', "items: missing; add at least one [[items]] table"),
        (GOOD.replace('title = "Opening"', 'title = "  "'), "items[1].title: must not be empty"),
        (GOOD + "\n[chair]\nopening = 1\n", "chair.opening: expected true or false, got a number"),
    ],
)
def test_shape_errors(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in problems(tmp_path, text)


def test_not_utf8_and_missing_files_are_one_line_errors(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_bytes(b'title = "\xff"\n')
    with pytest.raises(EmptyChairError, match=r"agenda.toml: not UTF-8 text \(byte 9\)"):
        load_agenda(path)
    with pytest.raises(EmptyChairError, match=r"nope\.toml: no such file"):
        load_agenda(tmp_path / "nope.toml")


def test_an_agenda_without_attendees_is_fine(tmp_path: Path) -> None:
    """Nobody listed: the meeting asks who came, as with attendees = []."""
    assert problems(tmp_path, 'title = "T"\n[[items]]\ntitle = "I"\nminutes = 5\n') == []
