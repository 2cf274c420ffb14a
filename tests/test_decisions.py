"""The decision log: every decision over time with its meeting, state and the customer's check, and
a revisit recorded between meetings as a record of its own."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from .conftest import Clock, meet
from .inprocess import emptychair
from .keys import ENTER

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram"]

[chair]
opening = false
closing = false
recognition = false
on_decisions = true

[[items]]
title = "Invoices"
minutes = 5
"""


def held(tmp_path: Path, keys: PipeInput, clock: Clock, language: str = "en") -> Path:
    path = tmp_path / "agenda.toml"
    path.write_text(AGENDA.format(language=language), "utf-8")
    agreed, end, yes = ("#agreed", "#end", "y") if language == "en" else ("#besluit", "#einde", "j")
    typed = [
        ENTER,
        ENTER,
        f"{agreed} invoices go out by [bold]mail[/]" + ENTER,
        "they find it in their inbox" + ENTER,  # the customer's check, answered
        ENTER,  # no action
        f"{agreed} no more portal" + ENTER,
        ENTER,  # the check passed over
        end + ENTER,
        yes + ENTER,
    ]
    data, _ = meet(path, keys, typed, clock)
    assert data is not None and len(data["items"][0]["decisions"]) == 2
    return tmp_path


def log(where: Path, *args: str) -> list[dict[str, object]]:
    done = emptychair(where, "decisions", "--json", *args)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)["decisions"]
    assert isinstance(found, list)
    return found


@pytest.mark.parametrize(
    ("language", "checked", "unchecked"),
    [("en", "customer check made", "no customer check"), ("nl", "klantcheck gedaan", "geen klantcheck")],
)
def test_every_decision_is_listed_with_its_meeting_state_and_the_customer_check(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, checked: str, unchecked: str
) -> None:
    where = held(tmp_path, keys, clock, language)
    first, second = log(where)
    assert (first["text"], first["item"], first["state"], first["checked"]) == (
        "invoices go out by [bold]mail[/]",
        "Invoices",
        "made",
        True,
    )
    assert second["checked"] is False and first["id"] != second["id"]
    assert str(first["meeting"]).startswith("2026-11-23-weekly")
    shown = emptychair(where, "decisions").stdout
    assert "invoices go out by [bold]mail[/]" in shown and checked in shown and unchecked in shown
    assert log(where, "--since", "2026-11-24") == []
    assert emptychair(where, "decisions", "--since", "someday").returncode == 2
    found = emptychair(where, "search", "is:decision", "portal", "--json").stdout
    assert [h["text"] for h in json.loads(found)["hits"]] == ["no more portal"]


def test_a_revisit_is_a_record_of_its_own_and_shows_in_the_log(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    where = held(tmp_path, keys, clock)
    first = log(where)[0]
    done = emptychair(
        where,
        "decisions",
        "revisit",
        str(first["id"])[:4].upper(),
        "--note",
        "\x1b[2Jcustomers miss the portal",
    )
    assert done.returncode == 0, done.stderr
    assert "Revisit recorded" in done.stdout
    (record,) = (where / "minutes").glob("*.decision.toml")
    data = tomllib.loads(record.read_text("utf-8"))
    assert data["revisits"][0]["decision"] == first["id"]
    again = log(where)[0]
    assert again["state"] == "revisited" and again["taken"] == "made"
    assert again["revisits"][0]["note"] == "\x1b[2Jcustomers miss the portal"  # type: ignore[index]
    shown = emptychair(where, "decisions").stdout
    assert "␛[2Jcustomers miss the portal" in shown and "\x1b" not in shown
    assert emptychair(where, "decisions", "revisit", str(first["id"])).returncode == 2  # no note
    refused = emptychair(where, "decisions", "revisit", "zzzz", "--note", "x")
    assert refused.returncode == 2 and "zzzz" in refused.stderr
    assert "decision.toml" not in emptychair(where, "minutes", "list").stderr  # not taken for minutes
