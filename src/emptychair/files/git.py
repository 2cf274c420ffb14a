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

TIMEOUT = 120  # seconds for one git command that stays on this machine
NETWORK = 30  # seconds for all the fetches and pushes of one pull or sync: a remote that accepts and
# never answers must not hold a meeting or a follow-up, whose files are written already, for long
TRIES = 3  # pushes rejected because another clone pushed first, each followed by a new rebase
OURS = re.compile(r"^\d{4}-\d{2}-\d{2}[^/]*\.toml$")  # minutes and follow-up files, not drafts or the lock


@dataclass(frozen=True)
class Said:
    """What a sync did, as a catalogue key and its values; and the files it left out, named."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    odd: tuple[str, ...] = ()  # names that are not UTF-8 (shown with \x escapes): never committed
    brought: int = 0  # commits the others pushed that came in, said after what was shared
    by_hand: int = 0  # commits made here by hand, shared beside the files committed now

    def lines(self, lang: str) -> list[str]:
        from emptychair.locale import tr

        skipped = [
            tr(lang, "skipped_files", message=tr(lang, "git_not_utf8", path=name)) for name in self.odd
        ]
        said = [tr(lang, self.key, **self.values)]
        if self.by_hand:
            said.append(tr(lang, "git_also_pushed", count=self.by_hand))
        if self.brought:
            said.append(tr(lang, "git_brought", count=self.brought, remote=self.values["remote"]))
        return [*skipped, *said]


@dataclass(frozen=True)
class Repo:
    """The git repository the minutes folder is in."""

    top: Path  # the repository's work tree
    folder: Path  # the minutes folder, inside it

    def look(self) -> str:
        return f"git -C {_quote(str(self.top))} status"


@dataclass(frozen=True)
class Remote:
    """Where this clone shares: the remote's name and the branch checked out (asked of git once a
    pull or sync; neither changes while it runs)."""

    name: str
    branch: str


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _git(
    cwd: Path, *args: str, check: bool = True, until: Deadline | None = None
) -> subprocess.CompletedProcess[str]:
    done = _git_bytes(cwd, *args, until=until)
    said = subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
    if check and said.returncode != 0:
        raise _failed(args, said.stderr, cwd)
    return said


def _git_bytes(cwd: Path, *args: str, until: Deadline | None = None) -> subprocess.CompletedProcess[bytes]:
    """git run as it is, its output as bytes; `until`: a command that talks to the remote."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}  # never ask; git's words in English
    seconds = TIMEOUT if until is None else until.left()
    try:
        if seconds <= 0:
            raise subprocess.TimeoutExpired(["git", *args], 0)
        return subprocess.run(
            ["git", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=seconds
        )
    except FileNotFoundError:
        raise problem("err_git_missing") from None
    except subprocess.TimeoutExpired:
        limit = TIMEOUT if until is None else until.seconds
        raise problem("err_git_timeout", command=_command(args), seconds=limit) from None


@dataclass(frozen=True)
class Deadline:
    """The time all the fetches and pushes of one pull or sync have, together."""

    seconds: float
    at: float

    @classmethod
    def start(cls) -> Deadline:
        import time

        return cls(NETWORK, time.monotonic() + NETWORK)

    def left(self) -> float:
        import time

        return self.at - time.monotonic()


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
    """The git repository that holds `folder`; refused when there is none. A clone made before
    anyone wrote minutes has no minutes folder yet (git keeps no empty folders): the repository
    is then the one of the folder it is to be made in."""
    there = folder if folder.is_dir() else folder.parent
    if not there.is_dir():
        raise problem("err_no_folder", path=str(folder))
    done = _git(there, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise problem("err_git_no_repo", folder=str(folder))
    return Repo(
        Path(done.stdout.strip()), there.resolve() / folder.name if there != folder else folder.resolve()
    )


def _remote(repo: Repo) -> Remote | None:
    branch = _branch(repo)
    named = _git(repo.top, "config", f"branch.{branch}.remote", check=False).stdout.strip()
    if named:
        return Remote(named, branch)
    remotes = _git(repo.top, "remote").stdout.split()
    if not remotes:
        return None
    return Remote("origin" if "origin" in remotes else remotes[0], branch)


def _branch(repo: Repo) -> str:
    done = _git(repo.top, "symbolic-ref", "--short", "-q", "HEAD", check=False)
    if done.returncode != 0:
        raise problem("err_git_detached", look=repo.look())
    return done.stdout.strip()


def _stopped(repo: Repo) -> EmptyChairError | None:
    """A rebase or merge git left unfinished: named, never finished or undone here. The markers
    lie in this work tree's own git folder, whatever its path holds (a newline, bytes that are no
    UTF-8): one path, as git prints it, read whole."""
    found = _git_bytes(repo.top, "rev-parse", "--absolute-git-dir")
    if found.returncode != 0:
        raise _failed(("rev-parse", "--absolute-git-dir"), found.stderr.decode("utf-8", "replace"), repo.top)
    git_dir = Path(os.fsdecode(found.stdout.removesuffix(b"\n")))
    for marker in ("rebase-merge", "rebase-apply", "MERGE_HEAD"):
        if (git_dir / marker).exists():
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
    _bring_in(repo, remote, Deadline.start(), _head(repo) != "")
    return Said("git_pulled", {"remote": remote.name})


def _head(repo: Repo) -> str:
    """The commit checked out; empty before the first commit."""
    return _git(repo.top, "rev-parse", "--verify", "-q", "HEAD", check=False).stdout.strip()


def _bring_in(repo: Repo, remote: Remote, until: Deadline, born: bool) -> str | None:
    """Fetch, and rebase this clone's commits on the remote's branch (`born`: this clone has a
    commit; without one, it takes the branch as it is). The branch's remote ref; None when
    nothing was pushed yet, so this clone will be the first."""
    _git(repo.top, "fetch", "--quiet", remote.name, until=until)
    upstream = _upstream(repo, remote)
    if upstream is None:
        return None
    args = ("rebase", "--autostash", upstream) if born else ("merge", "--ff-only", upstream)
    done = _git(repo.top, *args, check=False)
    if done.returncode != 0:
        raise _stopped(repo) or _failed(args, done.stderr + done.stdout, repo.top)
    return upstream


def _upstream(repo: Repo, remote: Remote) -> str | None:
    for ref in ("@{upstream}", f"refs/remotes/{remote.name}/{remote.branch}"):
        if _git(repo.top, "rev-parse", "--verify", "-q", ref, check=False).returncode == 0:
            return ref
    return None


IGNORE = ".emptychair.lock\n.drafts/\n"  # the running meeting's lock and drafts stay in each clone


@dataclass(frozen=True)
class Committed:
    """What `commit` did."""

    new: list[str]  # the minutes and follow-up files committed
    odd: list[str]  # those left out: not UTF-8 (shown with \x escapes), which not every system can hold
    made: bool = False  # a commit was made (it may hold only the folder's .gitignore)


def commit(repo: Repo) -> Committed:
    """Commit the minutes and follow-up files of this folder that git does not have yet (and the
    folder's .gitignore); a name that is not UTF-8 is left out, to be named."""
    from emptychair.files.folder import DECISION, FEEDBACK, PROPOSAL, cannot_write, write_atomic

    if not repo.folder.is_dir():
        return Committed([], [])  # no minutes here yet: nothing to commit, what others pushed to bring in
    ignore = repo.folder / ".gitignore"
    if not ignore.exists():  # the same content in every clone: added twice, it never conflicts
        try:
            write_atomic(ignore, IGNORE, exclusive=True)
        except FileExistsError:
            pass
        except OSError as exc:
            raise cannot_write(ignore, exc) from None
    listed = _git_bytes(repo.folder, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    if listed.returncode != 0:
        raise _failed(("ls-files",), listed.stderr.decode("utf-8", "replace"), repo.top)
    names, odd = [], []
    for raw in listed.stdout.split(b"\0"):
        try:
            names.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            odd.append(raw.decode("utf-8", "backslashreplace"))
    new = sorted(name for name in names if OURS.match(name))
    odd = sorted(name for name in odd if OURS.match(name))
    paths = [*new, ".gitignore"] if ".gitignore" in names else new
    if not paths:
        return Committed([], odd)
    minutes = [
        n.removesuffix(".toml")
        for n in new
        if not n.endswith((".followup.toml", DECISION, FEEDBACK, PROPOSAL))
    ]
    feedback = sum(n.endswith(FEEDBACK) for n in new)
    proposals = sum(n.endswith(PROPOSAL) for n in new)
    followups = len(new) - len(minutes) - feedback - proposals  # a decision's revisit counts as one
    parts = [f"minutes {', '.join(minutes)}"] if minutes else []
    parts += [f"{followups} follow-up{'s' if followups != 1 else ''}"] if followups else []
    parts += [f"{feedback} feedback record{'s' if feedback != 1 else ''}"] if feedback else []
    parts += [f"{proposals} proposal{'s' if proposals != 1 else ''}"] if proposals else []
    _git(repo.folder, "add", "--", *paths)
    message = "emptychair: " + ("; ".join(parts) or "keep the lock and drafts of a meeting out of git")
    _git(repo.folder, "commit", "--quiet", "-m", message, "--", *paths)
    return Committed(new, odd, made=True)


def sync_folder(folder: Path) -> Said:
    """Commit new minutes and follow-ups, rebase on what the others pushed, push."""
    repo = repository(folder)
    if (stop := _stopped(repo)) is not None:
        raise stop
    done = commit(repo)
    remote = _remote(repo)
    if remote is None:
        raise problem(
            "err_git_no_remote_committed" if done.new else "err_git_no_remote",
            count=len(done.new),
            look=f"git -C {_quote(str(repo.top))} remote add origin URL",
        )
    until = Deadline.start()
    had = _head(repo)
    for attempt in range(1, TRIES + 1):
        # a second attempt follows a push, so this clone has commits by then
        upstream = _bring_in(repo, remote, until, bool(had) or attempt > 1)
        # after a merge from the remote's branch this clone has its commits, if it had none
        ahead = _ahead(repo, upstream, bool(had) or upstream is not None)
        brought = _brought(repo, upstream, had)  # before the push puts this clone's own there
        if not ahead:
            return _synced(done, 0, remote.name, brought)
        pushed = _git(repo.top, "push", "--quiet", "-u", remote.name, "HEAD", check=False, until=until)
        if pushed.returncode == 0:
            return _synced(done, ahead, remote.name, brought)
        if attempt == TRIES or "rejected" not in pushed.stderr:
            raise _failed(("push", "-u", remote.name, "HEAD"), pushed.stderr, repo.top)
    raise AssertionError("unreachable")  # the loop returns or raises


def _synced(done: Committed, ahead: int, remote: str, brought: int) -> Said:
    """What was shared: the files committed now, else commits made here by hand, else nothing;
    and what came in from the others (`brought` commits)."""
    by_hand = ahead - done.made  # the commit just made is not one of them
    if done.new:
        values = {"count": len(done.new), "remote": remote}
        return Said("git_synced", values, tuple(done.odd), brought, max(by_hand, 0))
    if by_hand > 0:
        return Said("git_pushed", {"count": by_hand, "remote": remote}, tuple(done.odd), brought)
    if brought:  # not "nothing new": the others' minutes are here now
        return Said("git_brought_only", {"count": brought, "remote": remote}, tuple(done.odd))
    return Said("git_up_to_date", {"remote": remote}, tuple(done.odd))


def _brought(repo: Repo, upstream: str | None, had: str) -> int:
    """How many commits of the remote's branch (`upstream`) this clone did not have when it was at
    `had`."""
    if upstream is None:
        return 0
    since = [f"^{had}"] if had else []
    return int(_git(repo.top, "rev-list", "--count", upstream, *since).stdout.strip() or 0)


def _ahead(repo: Repo, upstream: str | None, born: bool) -> int:
    """How many commits this clone has that the remote's branch (`upstream`) has not (`born`: it
    has a commit at all)."""
    if not born:
        return 0
    since = f"{upstream}..HEAD" if upstream is not None else "HEAD"
    return int(_git(repo.top, "rev-list", "--count", since).stdout.strip() or 0)


def attempt(step: Callable[[Path], Said], folder: Path, lang: str) -> tuple[bool, str]:
    """Run `pull` or `sync` where a meeting or a follow-up is already safe on disk: whether it
    worked, and the line to show. A failure is said, never raised: the files stay written here."""
    from emptychair.locale import tr

    try:
        said = step(folder)
    except EmptyChairError as exc:
        return False, tr(lang, "git_run_failed", message=exc.say(lang))
    return True, "\n".join(said.lines(lang))
