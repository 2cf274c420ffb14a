"""The installed command and `python -m emptychair`: the command line, loaded out of the garbage
collector's way (emptychair.collector)."""

from __future__ import annotations

from emptychair.collector import loading


def launch() -> None:
    with loading():
        from emptychair.cli import main
    main()
