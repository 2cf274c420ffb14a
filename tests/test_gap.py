"""The team's voice beside the customers': `voice` and `stats` in process, with hostile text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from emptychair.core.feedback import Batch, FeedbackItem, Score
from emptychair.core.gap import Spoken, gap_of
from emptychair.core.minutes import dump_minutes
from emptychair.core.quotes import Heard, Quote
from emptychair.files.feedback import write_batch

from .conftest import CET
from .exports import HOSTILE, INJECTED
from .history import meeting, write
from .inprocess import emptychair


def folder_with_a_gap(tmp_path: Path) -> Path:
    minutes = tmp_path / "minutes"
    glad = [meeting(w, answer="Customers love how fast we are", rating="green") for w in (3, 4)]
    told = replace(
        meeting(4, answer="fine", rating="enthusiastic"),
        heard=(Heard("h1", f"They never call back, so slow {HOSTILE}", "nps", "2", "Feedback"),),
    )
    write(minutes, *glad)
    (minutes / "2026-11-23-weekly-told.toml").write_text(dump_minutes(told), "utf-8")
    items = (
        FeedbackItem(
            "slowslowsl", "I always wait, it is so slow [bold]x[/]", date(2026, 11, 18), Score("nps", "3")
        ),
        FeedbackItem("annoyannoy", "Annoying: again no answer", date(2026, 11, 19), Score("nps", "1")),
    )
    write_batch(minutes, Batch(datetime(2026, 11, 20, 9, tzinfo=CET), "nps", "nps.csv", items, 2))
    return minutes


def test_voice_shows_where_the_team_sees_itself_better_than_customers(tmp_path: Path) -> None:
    minutes = folder_with_a_gap(tmp_path)
    done = emptychair(tmp_path, "voice", "--all", "--minutes", str(minutes))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "The team's voice beside the customers'" in out
    assert "Where the two voices differ most" in out
    named = "The four standard questions"  # the theme by its name
    assert f"{named}, 2026-11: we said green, customers red" in out
    assert "A customer wrote on 18 Nov (NPS 3)" in out and "[bold]x[/]" in out
    assert not any(c in out for c in INJECTED)

    data = json.loads(emptychair(tmp_path, "voice", "--all", "--json", "--minutes", str(minutes)).stdout)
    (row,) = [r for r in data["gap"]["rows"] if r["month"] == "2026-11"]
    assert row["theme"] == "standard"
    assert row["team"]["count"] == 3 and row["team"]["mean"] == 1.0
    assert row["customers"]["count"] == 3 and row["customers"]["mean"] == 0.0
    assert row["customers"]["nps"] == -100
    assert {s.get("feedback") for s in row["customers"]["latest"]} >= {"slowslowsl", "annoyannoy"}
    assert data["gap"]["widest"][0]["gap"] == 1.0
    assert data["answers"]  # the team's own answers stay a field of their own


def test_voice_in_dutch_and_stats_has_the_real_score_per_month(tmp_path: Path) -> None:
    folder_with_a_gap(tmp_path)
    (tmp_path / "agenda.toml").write_text(
        'title = "W"\nlanguage = "nl"\n[[items]]\ntitle = "x"\nminutes = 5\n'
    )
    out = emptychair(tmp_path, "voice", "--all").stdout
    assert "wij zeiden groen, klanten rood" in out and "Een klant schreef op 18 nov (NPS 3)" in out
    assert "\nDe vier vaste vragen\n" in out and "standard" not in out  # the theme in the team's words
    data = json.loads(emptychair(tmp_path, "stats", "--all", "--json").stdout)
    (month,) = data["real"]
    assert (month["month"], month["count"], month["nps"]) == ("2026-11", 3, -100)
    assert "Echte klanten per maand" in emptychair(tmp_path, "stats", "--all").stdout


def test_the_gap_pairs_each_month_and_theme() -> None:
    day = date(2026, 11, 2)
    team = [Spoken(day, "red", "we are slow", "standard")]
    customers = [Spoken(day, "green", "great", "standard", Quote("a", "great", day, "nps", "10"))]
    gap = gap_of(team, customers, ["standard"])
    (row,) = gap.rows
    assert row.gap == -1.0 and gap.widest() == (row,)
    assert gap_of(team, [], ["standard"]).widest() == ()


def test_what_a_customer_present_answered_is_the_customers_voice_not_the_teams(tmp_path: Path) -> None:
    """With a real customer among the guests the chair asks them its questions directly: their
    colours were counted as the team's, and voice said customers were gladder than the team."""
    minutes = tmp_path / "minutes"
    ours = meeting(3, answer="They wait too long", rating="red")
    theirs = replace(meeting(4, answer="Eve: you call back fast", rating="green"), customers=("Eve",))
    write(minutes, ours, theirs)
    data = json.loads(emptychair(tmp_path, "voice", "--all", "--json", "--minutes", str(minutes)).stdout)
    (row,) = data["gap"]["rows"]
    assert (row["team"]["count"], row["team"]["mean"]) == (1, 0.0)  # red: the team's own answer
    assert (row["customers"]["count"], row["customers"]["mean"]) == (1, 1.0)  # green: Eve's
    assert [a["customers_present"] for a in data["answers"]] == [True, False]  # newest first
