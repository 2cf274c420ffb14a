"""The check-in round's questions: chosen for the people present from what earlier minutes asked
each of them (core/checkin.choose)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from emptychair.core.checkin import Checkin, choose_checkins
from emptychair.core.minutes import Minutes

Plan = Callable[[tuple[str, ...]], tuple[Checkin, ...]]
RECORDS = (".followup.toml", ".feedback.toml", ".decision.toml", ".proposal.toml")


def asked_before(folder: Path) -> dict[str, list[str]]:
    """Per person, the check-in questions earlier minutes put to them, oldest first."""
    from emptychair.app.reading import read_minutes
    from emptychair.files.folder import tomls_in

    read = (read_minutes(p) for p in tomls_in(folder) if not p.name.endswith(RECORDS))
    minutes = sorted((m for m in read if isinstance(m, Minutes)), key=lambda m: m.started)
    asked: dict[str, list[str]] = {}
    for m in minutes:
        for c in m.checkin:
            asked.setdefault(c.person, []).append(c.question_id)
    return asked


def planner(folder: Path, language: str) -> Plan:
    """What the meeting calls once it knows who came."""

    def plan(people: tuple[str, ...]) -> tuple[Checkin, ...]:
        from emptychair.files.checkin import shipped_pool

        return choose_checkins(shipped_pool(language), asked_before(folder), people)

    return plan
