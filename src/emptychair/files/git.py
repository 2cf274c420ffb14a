"""The minutes folder in a git repository shared by the team: git itself does the work.

`sync` commits the minutes and follow-up files this clone made, brings in what the others pushed
(a rebase: our commits go on top) and pushes. File names never clash between clones (see
Folder.write_minutes and write_followups), so the rebase only ever adds files. When git still stops
on a conflict (someone edited a past minutes file), nothing is resolved here: the rebase is left
as git left it, and the message names the command to look with. Every failure is one line.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emptychair.errors import EmptyChairError, problem
from emptychair.text import visible

TIMEOUT = 120  # seconds for one git command: a remote that hangs must not hold the meeting forever
TRIES = 3  # pushes rejected because another clone pushed first, each followed by a new rebase
OURS = re.compile(r"^\d{4}-\d{2}-\d{2}[^/]*\.toml$")  # minutes and follow-up files, not drafts or the lock


@dataclass(frozen=True)
class Said:
    """What a sync did, as a catalogue key and its values."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Repo:
    top: Path  # the repository's work tree
    folder: Path  # the minutes folder, inside it

    def look(self) -> str:
        return f"git -C {_quote(str(self.top))} status"


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}  # never ask; git's words in English
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT,
        )
    except FileNotFoundError:
        raise problem("err_git_missing") from None
    except subprocess.TimeoutExpired:
        raise problem("err_git_timeout", command=_command(args), seconds=TIMEOUT) from None
    if check and done.returncode != 0:
        raise _failed(args, done.stderr, cwd)
    return done


def _command(args: tuple[str, ...]) -> str:
    return "git " + " ".join(_quote(a) for a in args)


def _failed(args: tuple[str, ...], stderr: str, cwd: Path) -> EmptyChairError:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    said = next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[-1] if lines else "")
    return problem(
        "err_git_failed",
        command=_command(args),
        reason=visible(said) or "?",
        look=f"git -C {_quote(str(cwd))} status",
    )


def repository(folder: Path) -> Repo:
    """The git repository that holds `folder`; refused when there is none."""
    if not folder.is_dir():
        raise problem("err_no_folder", path=str(folder))
    done = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise problem("err_git_no_repo", folder=str(folder))
    return Repo(Path(done.stdout.strip()), folder.resolve())


def _remote(repo: Repo) -> str | None:
    branch = _branch(repo)
    named = _git(repo.top, "config", f"branch.{branch}.remote", check=False).stdout.strip()
    if named:
        return named
    remotes = _git(repo.top, "remote").stdout.split()
    return "origin" if "origin" in remotes else (remotes[0] if remotes else None)


def _branch(repo: Repo) -> str:
    done = _git(repo.top, "symbolic-ref", "--short", "-q", "HEAD", check=False)
    if done.returncode != 0:
        raise problem("err_git_detached", look=repo.look())
    return done.stdout.strip()


def _stopped(repo: Repo) -> EmptyChairError | None:
    """A rebase or merge git left unfinished: named, never finished or undone here."""
    for marker in ("rebase-merge", "rebase-apply", "MERGE_HEAD"):
        path = _git(repo.top, "rev-parse", "--git-path", marker).stdout.strip()
        if (repo.top / path).exists():
            files = _git(repo.top, "diff", "--name-only", "--diff-filter=U").stdout.split()
            return problem("err_git_conflict", files=visible(", ".join(files)) or "?", look=repo.look())
    return None


def pull(folder: Path) -> Said:
    """Bring in what the other clones pushed: fetch, then rebase this clone's commits on top."""
    repo = repository(folder)
    if (stop := _stopped(repo)) is not None:
        raise stop
    remote = _remote(repo)
    if remote is None:
        raise problem("err_git_no_remote", look=f"git -C {_quote(str(repo.top))} remote add origin URL")
    _bring_in(repo, remote)
    return Said("git_pulled", {"remote": remote})


def _bring_in(repo: Repo, remote: str) -> None:
    _git(repo.top, "fetch", "--quiet", remote)
    upstream = _upstream(repo, remote)
    if upstream is None:
        return  # nothing pushed yet: this clone will be the first
    born = _git(repo.top, "rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0
    args = ("rebase", "--autostash", upstream) if born else ("merge", "--ff-only", upstream)
    done = _git(repo.top, *args, check=False)
    if done.returncode != 0:
        raise _stopped(repo) or _failed(args, done.stderr + done.stdout, repo.top)


def _upstream(repo: Repo, remote: str) -> str | None:
    for ref in ("@{upstream}", f"refs/remotes/{remote}/{_branch(repo)}"):
        if _git(repo.top, "rev-parse", "--verify", "-q", ref, check=False).returncode == 0:
            return ref
    return None


IGNORE = ".emptychair.lock\n.drafts/\n"  # the running meeting's lock and drafts stay in each clone


def commit(repo: Repo) -> list[str]:
    """Commit the minutes and follow-up files of this folder that git does not have yet; the
    names committed, the folder's .gitignore not counted."""
    from emptychair.files.folder import FEEDBACK, cannot_write, write_atomic

    ignore = repo.folder / ".gitignore"
    if not ignore.exists():  # the same content in every clone: added twice, it never conflicts
        try:
            write_atomic(ignore, IGNORE, exclusive=True)
        except FileExistsError:
            pass
        except OSError as exc:
            raise cannot_write(ignore, exc) from None
    listed = _git(repo.folder, "ls-files", "-z", "--others", "--exclude-standard", "--", ".").stdout
    names = listed.split("\0")
    new = sorted(name for name in names if OURS.match(name))
    paths = [*new, ".gitignore"] if ".gitignore" in names else new
    if not paths:
        return []
    minutes = [n.removesuffix(".toml") for n in new if not n.endswith((".followup.toml", FEEDBACK))]
    feedback = sum(n.endswith(FEEDBACK) for n in new)
    followups = len(new) - len(minutes) - feedback
    parts = [f"minutes {', '.join(minutes)}"] if minutes else []
    parts += [f"{followups} follow-up{'s' if followups != 1 else ''}"] if followups else []
    parts += [f"{feedback} feedback record{'s' if feedback != 1 else ''}"] if feedback else []
    _git(repo.folder, "add", "--", *paths)
    message = "emptychair: " + ("; ".join(parts) or "keep the lock and drafts of a meeting out of git")
    _git(repo.folder, "commit", "--quiet", "-m", message, "--", *paths)
    return new


def sync_folder(folder: Path) -> Said:
    """Commit new minutes and follow-ups, rebase on what the others pushed, push."""
    repo = repository(folder)
    if (stop := _stopped(repo)) is not None:
        raise stop
    new = commit(repo)
    remote = _remote(repo)
    if remote is None:
        raise problem(
            "err_git_no_remote_committed" if new else "err_git_no_remote",
            count=len(new),
            look=f"git -C {_quote(str(repo.top))} remote add origin URL",
        )
    for attempt in range(1, TRIES + 1):
        _bring_in(repo, remote)
        if not _ahead(repo, remote):
            return _synced(new, remote)
        done = _git(repo.top, "push", "--quiet", "-u", remote, "HEAD", check=False)
        if done.returncode == 0:
            return _synced(new, remote)
        if attempt == TRIES or "rejected" not in done.stderr:
            raise _failed(("push", "-u", remote, "HEAD"), done.stderr, repo.top)
    raise AssertionError("unreachable")  # the loop returns or raises


def _synced(new: list[str], remote: str) -> Said:
    return (
        Said("git_synced", {"count": len(new), "remote": remote})
        if new
        else Said("git_up_to_date", {"remote": remote})
    )


def _ahead(repo: Repo, remote: str) -> bool:
    """Whether this clone has commits the remote has not."""
    if _git(repo.top, "rev-parse", "--verify", "-q", "HEAD", check=False).returncode != 0:
        return False  # no commits at all
    upstream = _upstream(repo, remote)
    if upstream is None:
        return True
    count = _git(repo.top, "rev-list", "--count", f"{upstream}..HEAD").stdout.strip()
    return count != "0"


def attempt(step: Callable[[Path], Said], folder: Path, lang: str) -> tuple[bool, str]:
    """Run `pull` or `sync` where a meeting or a follow-up is already safe on disk: whether it
    worked, and the line to show. A failure is said, never raised: the files stay written here."""
    from emptychair.locale import tr

    try:
        said = step(folder)
    except EmptyChairError as exc:
        return False, tr(lang, "git_run_failed", message=exc.say(lang))
    return True, tr(lang, said.key, **said.values)
