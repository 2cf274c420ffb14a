"""Issues through the tools the team has already set up: `gh` for GitHub, `glab` for GitLab.

They hold the login, the host and the proxy; emptychair only runs them. Each failure becomes one
line that says which it is: the program is not installed, not logged in, the repository does not
exist (or may not be seen), no network, or what the program itself said.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime

from emptychair.core.reach import Target, TrackerKind
from emptychair.core.tracker import Issue, created_url, issue_state
from emptychair.errors import EmptyChairError, problem
from emptychair.text import visible

TIMEOUT = 60  # seconds for one call: a tracker that hangs must not hold the meeting's end forever
PROGRAMS: dict[TrackerKind, str] = {"github": "gh", "gitlab": "glab"}
# What the programs print (in English whatever the locale) when the network is not there.
_NETWORK = ("error connecting to", "no such host", "dial tcp", "connection refused", "network is unreachable",
            "i/o timeout", "tls handshake timeout", "could not resolve host", "temporary failure in name")  # fmt: skip
_LOGIN = (
    "auth login",
    "not logged in",
    "401",
    "unauthorized",
    "bad credentials",
    "no token",
    "authentication",
)
_MISSING = ("could not resolve to a repository", "404", "not found")


@dataclass(frozen=True)
class State:
    """Whether an issue is closed, and since when."""

    closed: bool
    closed_at: datetime | None


def create(target: Target, issue: Issue) -> str:
    """Make the issue; its address as the program printed it."""
    program = PROGRAMS[target.kind]
    if target.kind == "github":
        args = ["issue", "create", "--repo", target.path, "--title", issue.title, "--body", issue.body]
        args += ["--assignee", issue.assignee] if issue.assignee else []
    else:
        args = ["issue", "create", "--repo", target.path, "--title", issue.title, "--description", issue.body]
        args += ["--yes"]  # glab asks to confirm otherwise
        args += ["--assignee", issue.assignee] if issue.assignee else []
        args += ["--due-date", issue.due.isoformat()] if issue.due else []
    done = _run(program, args, str(target))
    return created_url(done.stdout, program)


def state(url: str) -> State:
    """Whether the issue at `url` is closed, and since when."""
    kind = kind_of(url)
    program = PROGRAMS[kind]
    if kind == "github":
        done = _run(program, ["issue", "view", url, "--json", "state,closedAt"], url)
    else:
        done = _run(program, ["issue", "view", url, "--output", "json"], url)
    closed, at = issue_state(done.stdout, kind, program)
    return State(closed, at)


def kind_of(url: str) -> TrackerKind:
    """GitLab addresses issues as …/-/issues/N; anything else is GitHub's …/issues/N."""
    return "gitlab" if "/-/issues/" in url or "/-/work_items/" in url else "github"


def _run(program: str, args: list[str], where: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GH_PROMPT_DISABLED": "1",  # never ask: there is no one to answer
        "GH_NO_UPDATE_NOTIFIER": "1",
        "NO_PROMPT": "1",
        "GLAB_CHECK_UPDATE": "false",
        "NO_COLOR": "1",
        "CLICOLOR": "0",
    }
    try:
        done = subprocess.run(
            [program, *args],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT,
        )
    except FileNotFoundError:
        raise problem("err_tracker_missing", program=program) from None
    except subprocess.TimeoutExpired:
        raise problem("err_tracker_timeout", program=program, seconds=TIMEOUT) from None
    except OSError as exc:  # not executable, …
        raise problem(
            "err_tracker_failed", program=program, reason=visible(str(exc.strerror or exc))
        ) from None
    if done.returncode != 0:
        raise failure(program, where, done.returncode, done.stderr or done.stdout)
    return done


def failure(program: str, where: str, code: int, said: str) -> EmptyChairError:
    """What went wrong, from the exit status and the words the program used."""
    low = said.lower()
    if code == 4 or any(word in low for word in _LOGIN):  # gh: 4 is "authentication required"
        return problem("err_tracker_login", program=program)
    if any(word in low for word in _NETWORK):
        return problem("err_tracker_network", program=program)
    if any(word in low for word in _MISSING):
        return problem("err_tracker_repo", program=program, where=visible(where))
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    return problem(
        "err_tracker_failed", program=program, reason=visible(lines[0] if lines else f"exit {code}")
    )
