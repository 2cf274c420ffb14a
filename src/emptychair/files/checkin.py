"""The check-in questions as shipped (prompts/checkin/<language>.toml)."""

from __future__ import annotations

from emptychair.core.checkin import CheckinQuestion, parse_pool
from emptychair.core.tomldata import parse_toml
from emptychair.files.data import package_data


def shipped_pool(language: str) -> tuple[CheckinQuestion, ...]:
    source = f"prompts/checkin/{language}.toml"
    text = package_data("prompts").joinpath("checkin", f"{language}.toml").read_text("utf-8")
    return parse_pool(parse_toml(text, source), source)
