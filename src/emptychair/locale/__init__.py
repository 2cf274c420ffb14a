"""Every text the interface shows, per language, read from `<lang>.toml` beside this file.

The catalogues are data: adding a language is adding its file and naming it in LANGUAGES.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

LANGUAGES = ("en", "nl")


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """The messages of `language`, English where the language has no catalogue."""
    name = language if language in LANGUAGES else "en"
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def tr(language: str, key: str, /, **values: Any) -> str:
    """The message `key` in `language` (English when the language is unknown), filled in."""
    return catalogue(language)[key].format(**values)
