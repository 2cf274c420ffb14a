"""Time Tab: each completion as the shell runs it, a whole process, on a large minutes folder.

    python bench/complete.py [--meetings 10000] [--runs 15] [--keep DIR]

Run by hand, never from the test suite. It writes the same minutes as bench.py, reads them once
(the read model is built then, as by any command), and times what bash runs on Tab for each
parameter that completes from the minutes, beside starting the command alone (importing it), in turn in the same run. Then it adds one meeting, as `run` does, and times the first Tab
after it, which brings the read model up to date.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import LOAD_CLI, weekly

from emptychair.core.minutes import dump_minutes

BUDGET = 0.150  # seconds


def seconds(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall-clock seconds of one whole process, and what it printed."""
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - began
    if done.returncode != 0 or done.stderr:
        raise SystemExit(f"failed: {' '.join(command)}: {done.stderr}")
    return took, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="write the folder here and keep it")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="emptychair-bench-"))
    folder = base / "minutes"
    folder.mkdir(parents=True, exist_ok=True)
    meetings = weekly()
    write = not any(folder.iterdir())
    for name, minutes in itertools.islice(meetings, args.meetings):
        if write:
            (folder / name).write_text(dump_minutes(minutes), "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache"), "LANG": "C.UTF-8"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once
    env["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
    env["EMPTYCHAIR_MINUTES"] = str(folder)
    exe = str(Path(sys.executable).with_name("emptychair"))
    seconds([exe, "actions"], env)  # builds the read model, as the first command of the day does

    def tab(words: str) -> list[str]:
        return ["env", "_EMPTYCHAIR_COMPLETE=complete_bash", f"COMP_WORDS={words}",
                f"COMP_CWORD={len(words.split(' ')) - 1}", exe]  # fmt: skip

    cases = {
        "actions done 00999<Tab>": tab("emptychair actions done 00999"),
        "actions done <Tab> (every open)": tab("emptychair actions done "),
        "actions reopen 0099<Tab>": tab("emptychair actions reopen 0099"),
        "actions --owner <Tab>": tab("emptychair actions --owner "),
        "minutes show 2191-0<Tab>": tab("emptychair minutes show 2191-0"),
        "minutes show <Tab> (the newest)": tab("emptychair minutes show "),
        "run --theme <Tab>": tab("emptychair run --theme "),
    }
    floor = [sys.executable, "-c", LOAD_CLI]  # starting, before any work
    print(f"{args.meetings} meetings, {args.runs} runs each, the start alone timed in turn: the median")
    print("wall-clock time, and the fastest run (what it costs when nothing else runs on the machine)\n")
    print(f"{'':<38}{'median':>8}{'best':>8}{'start':>8}{'best':>8}{'offers':>8}")
    for label, command in cases.items():
        mine: list[float] = []
        start: list[float] = []
        offers = 0
        for _ in range(args.runs):
            took, out = seconds(command, env)
            mine.append(took)
            offers = len(out.splitlines())
            start.append(seconds(floor, env)[0])
        flag = "" if min(mine) < BUDGET else f"  over {BUDGET * 1000:.0f} ms"
        print(
            f"{label:<38}{statistics.median(mine) * 1000:>6.0f}ms{min(mine) * 1000:>6.0f}ms"
            f"{statistics.median(start) * 1000:>6.0f}ms{min(start) * 1000:>6.0f}ms{offers:>8}{flag}"
        )

    firsts, added = [], []
    for _ in range(min(args.runs, 5)):
        name, minutes = next(meetings)
        added.append(folder / name)
        added[-1].write_text(dump_minutes(minutes), "utf-8")
        firsts.append(seconds(cases["actions done 00999<Tab>"], env)[0])
    for path in added:
        path.unlink()
    print(f"{'first Tab after a new meeting':<38}{statistics.median(firsts) * 1000:>6.0f}ms")
    if not args.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
