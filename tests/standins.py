"""Stand-ins for `gh` and `glab` on PATH: real programs that record their arguments and answer as
the real ones do (the output and JSON shapes of their manuals, their exit codes and stderr for
"not logged in", "no such repository" and "no network"). What they answer is set in a file, so a
test can change it between two calls, and close an issue as someone on the tracker would.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = r"""#!{python}
import json, sys
from pathlib import Path

here = Path(__file__).resolve().parent
name = Path(__file__).name
state_path = here / f"{{name}}.json"
state = json.loads(state_path.read_text()) if state_path.exists() else {{"mode": "ok", "issues": {{}}, "calls": [], "fail_after": -1}}
args = sys.argv[1:]
state["calls"].append(args)

def save():
    state_path.write_text(json.dumps(state))

def option(flag):
    return args[args.index(flag) + 1] if flag in args else None

FAILURES = {{
    "gh": {{
        "logged-out": (4, "To get started with GitHub CLI, please run:  gh auth login\nAlternatively, populate the GH_TOKEN environment variable with a GitHub API authentication token.\n"),
        "no-repo": (1, "GraphQL: Could not resolve to a Repository with the name '{{repo}}'. (repository)\n"),
        "offline": (1, "error connecting to api.github.com\ncheck your internet connection or https://githubstatus.com\n"),
    }},
    "glab": {{
        "logged-out": (1, "ERROR: 401 Unauthorized. Run glab auth login to authenticate.\n"),
        "no-repo": (1, "ERROR: POST https://gitlab.com/api/v4/projects/{{quoted}}/issues: 404 {{{{message: 404 Project Not Found}}}}\n"),
        "offline": (1, 'ERROR: Post "https://gitlab.com/api/v4/projects/{{quoted}}/issues": dial tcp: lookup gitlab.com: no such host\n'),
    }},
}}

mode = state["mode"]
creates = sum(1 for call in state["calls"] if call[:2] == ["issue", "create"])
if state["fail_after"] >= 0 and creates > state["fail_after"]:
    mode = "offline"
if mode != "ok":
    code, said = FAILURES[name][mode]
    repo = option("--repo") or ""
    sys.stderr.write(said.format(repo=repo, quoted=repo.replace("/", "%2F")))
    save()
    sys.exit(code)

if args[:2] == ["issue", "create"]:
    number = len(state["issues"]) + 1
    repo = option("--repo")
    if name == "gh":
        url = f"https://github.com/{{repo}}/issues/{{number}}"
        print(url)
    else:
        url = f"https://gitlab.com/{{repo}}/-/issues/{{number}}"
        print(f"- Creating issue in {{repo}}")
        print(f"#{{number}} {{option('--title')}} (now)")
        print(f" {{url}}\n")
    state["issues"][url] = {{"state": "open", "closed": None, "title": option("--title")}}
    save()
    sys.exit(0)

if args[:2] == ["issue", "view"]:
    issue = state["issues"].get(args[2])
    if issue is None:
        sys.stderr.write("GraphQL: Could not resolve to an issue or pull request with the number of 99. (repository.issue)\n" if name == "gh" else "ERROR: 404 Not Found\n")
        save()
        sys.exit(1)
    closed = issue["state"] == "closed"
    if name == "gh":
        print(json.dumps({{"closedAt": issue["closed"], "state": "CLOSED" if closed else "OPEN"}}, separators=(",", ":")))
    else:
        print(json.dumps({{"id": 1, "iid": 1, "title": issue["title"], "state": "closed" if closed else "opened",
                          "closed_at": issue["closed"], "web_url": args[2]}}, indent=2))
    save()
    sys.exit(0)

sys.stderr.write(f"unknown command {{args!r}}\n")
save()
sys.exit(1)
"""


@dataclass
class Tracker:
    """One stand-in: what it was asked, and what it answers next."""

    path: Path

    @property
    def _state(self) -> Path:
        return self.path.with_name(self.path.name + ".json")

    def _load(self) -> dict[str, object]:
        if self._state.exists():
            loaded: dict[str, object] = json.loads(self._state.read_text())
            return loaded
        return {"mode": "ok", "issues": {}, "calls": [], "fail_after": -1}

    def _save(self, state: dict[str, object]) -> None:
        self._state.write_text(json.dumps(state))

    def answer(self, mode: str, fail_after: int = -1) -> None:
        """ok, logged-out, no-repo or offline; with `fail_after` N: offline after N issues made."""
        state = self._load()
        state["mode"], state["fail_after"] = mode, fail_after
        self._save(state)

    def close(self, url: str, at: str) -> None:
        state = self._load()
        issues = state["issues"]
        assert isinstance(issues, dict)
        issues[url] = {**issues[url], "state": "closed", "closed": at}
        self._save(state)

    @property
    def calls(self) -> list[list[str]]:
        calls = self._load()["calls"]
        assert isinstance(calls, list)
        return calls

    @property
    def issues(self) -> dict[str, dict[str, object]]:
        issues = self._load()["issues"]
        assert isinstance(issues, dict)
        return issues


def install(folder: Path, name: str) -> Tracker:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(SCRIPT.format(python=sys.executable), "utf-8")
    path.chmod(0o755)
    return Tracker(path)


def on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Tracker, Tracker]:
    """gh and glab stand-ins first on PATH, before any the machine may have."""
    bin_dir = tmp_path / "bin"
    found = install(bin_dir, "gh"), install(bin_dir, "glab")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return found
