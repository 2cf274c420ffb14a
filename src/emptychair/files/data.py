"""The data that ships inside the package: the chair's question sets, the starter agendas."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def package_data(name: str) -> Traversable:
    """The folder `name` as installed inside the package.

    The question sets live at the top of the source tree (`prompts/`), and the wheel carries them
    inside the package; an editable install has no such copy, so it reads them from the checkout.
    """
    packaged = resources.files("emptychair").joinpath(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / name
