"""The team's agenda seen from a minutes folder, and sharing the files a use case wrote."""

from __future__ import annotations

from pathlib import Path

from emptychair.core.agenda import Agenda
from emptychair.errors import EmptyChairError

AGENDA = "agenda.toml"


def team_agenda(folder: Path, *, strict: bool = True) -> Agenda | None:
    """The agenda of the team whose minutes are in `folder`: agenda.toml here when it names that
    folder, else the one beside the folder; None when there is none. A broken agenda is raised
    (`strict`), or taken as none."""
    from emptychair.files.config import load_agenda

    here = Path(AGENDA)
    for place in (here, folder.parent / AGENDA):
        if not place.is_file():
            continue
        try:
            agenda = load_agenda(place)
        except EmptyChairError:
            if strict:
                raise
            continue
        if place == here and not _same(agenda.minutes_dir, folder):
            continue
        return agenda
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def share(folder: Path, agenda: Agenda | None, lang: str) -> str:
    """With `[git] sync` in the agenda, the follow-ups just written go to git: the line that says
    how it went, or "" when the folder is not shared."""
    if agenda is None or not agenda.git_sync:
        return ""
    from emptychair.files import git

    return git.attempt(git.sync_folder, folder, lang)[1]
