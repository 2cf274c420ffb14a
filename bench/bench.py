"""Time the read commands on a large minutes folder, side by side with grep -r over the same files.

    python bench/bench.py [--meetings 10000] [--feedback 10000] [--runs 7] [--keep DIR]

Run by hand, never from the test suite. It writes a folder of realistic minutes (about 4 KB each,
with actions, chair answers and follow-ups), then times each command as a whole process: the cold
build of the read model, the six read commands warm, and the first read after one new meeting,
each with its peak memory and beside grep timed in turn in the same run. With --feedback N, an
export of N rows is imported (approved) first, so that voice, stats and `feedback` read it too.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from emptychair.core.minutes import Action, ChairRecord, FollowUp, ItemRecord, Minutes, dump_minutes

WORDS = [
    "invoice",
    "portal",
    "customer",
    "mail",
    "answer",
    "login",
    "faq",
    "planning",
    "budget",
    "delivery",
    "complaint",
    "phone",
    "follow",
    "visit",
    "contract",
    "price",
    "quality",
    "service",
    "team",
    "week",
    "support",
    "ticket",
    "callback",
    "feedback",
]
PEOPLE = ("Anna", "Bram", "Chris", "Dewi", "Eva", "Fleur")
QUESTIONS = ("irritates", "attention", "communication", "valued")


def sentence(rng: random.Random, n: int = 9) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def weekly(seed: int = 7) -> Iterator[tuple[str, Minutes]]:
    """Weekly meetings of one team, without end: four new actions each, most closed within a few weeks."""
    rng = random.Random(seed)
    start = datetime(2000, 1, 3, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    open_ids: list[tuple[int, str]] = []  # (meeting made in, id)
    for n in itertools.count():
        started = start + timedelta(days=7 * n)
        ids = [f"{n:06d}{k}" for k in range(4)]
        followups = []
        for made, action_id in list(open_ids):
            if rng.random() < 0.7 or n - made > 8:
                status = "done" if rng.random() < 0.85 else "dropped"
                open_ids.remove((made, action_id))
            else:
                status = "open"
            followups.append(
                FollowUp(action_id, started + timedelta(minutes=2), status, note=sentence(rng, 4))
            )
        items = tuple(
            ItemRecord(
                sentence(rng, 3), 10, rng.randint(5, 15), rng.choice(PEOPLE), "done",
                tuple(sentence(rng) for _ in range(4)), (sentence(rng),), (),
                (Action(ids[k], sentence(rng, 6), rng.choice(PEOPLE), started.date() + timedelta(days=7)),),
            )
            for k in range(3)
        )  # fmt: skip
        chair = (
            ChairRecord("opening", QUESTIONS[n % 4], "Which of our behaviours irritates our customer?",
                        sentence(rng, 12), "", (Action(ids[3], sentence(rng, 6), rng.choice(PEOPLE)),)),
        )  # fmt: skip
        minutes = Minutes("Weekly support meeting", started.date(), started, started + timedelta(minutes=50),
                          "en", "Support", PEOPLE[:4], (), PEOPLE[4:], items, chair, tuple(followups))  # fmt: skip
        yield f"{started.date().isoformat()}-weekly-support-meeting.toml", minutes
        open_ids += [(n, i) for i in ids]


def run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak memory (KB, the largest of the process and its children) of one whole process."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss


def beside_grep(
    command: list[str], grep: list[str], env: dict[str, str], runs: int
) -> tuple[float, float, int]:
    """Median seconds of `command` and of grep, timed in turn, and the command's peak memory."""
    mine, theirs, peak = [], [], 0
    for _ in range(runs):
        seconds, kb = run(command, env)
        mine.append(seconds)
        peak = max(peak, kb)
        theirs.append(run(grep, env)[0])
    return statistics.median(mine), statistics.median(theirs), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--feedback", type=int, default=0, help="rows of customer feedback to import")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the folder here and keep it")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="emptychair-bench-"))
    folder = base / "minutes"
    folder.mkdir(parents=True, exist_ok=True)
    meetings = weekly()
    write = not any(folder.iterdir())
    began = time.perf_counter()
    for name, minutes in itertools.islice(meetings, args.meetings):
        if write:
            (folder / name).write_text(dump_minutes(minutes), "utf-8")
    print(f"{args.meetings} meetings ready in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache"), "LANG": "C.UTF-8"}
    # as installed: compiled once, not on every call (bytecode goes beside the bench's folder)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
    exe = str(Path(sys.executable).with_name("emptychair"))
    at = ["--minutes", str(folder)]
    grep = ["grep", "-r", "-l", "invoice", str(folder)]
    commands = {
        "actions": [exe, "actions", *at],
        "search invoice is:open": [exe, "search", "invoice", "is:open", *at],
        "minutes list": [exe, "minutes", "list", *at],
        "minutes show latest": [exe, "minutes", "show", "latest", *at],
        "stats": [exe, "stats", *at],
        "voice": [exe, "voice", *at],
        "feedback": [exe, "feedback", *at],
    }
    if args.feedback and not any(p.name.endswith(".feedback.toml") for p in folder.iterdir()):
        sys.path.insert(0, str(Path(__file__).parent))
        from feedback import zendesk

        export = base / "tickets.csv"
        export.write_text(zendesk(args.feedback, random.Random(3)), "utf-8")
        run([exe, "feedback", "import", str(export), "--approve-all", *at], env)
    print(f"{args.meetings} meetings, {size:.0f} MB; medians of {args.runs} runs, grep timed in turn\n")
    print(f"{'':<34}{'time':>9}{'grep':>9}{'× grep':>8}{'peak':>9}")

    def line(label: str, seconds: float, grep_s: float, kb: int) -> None:
        print(
            f"{label:<34}{seconds * 1000:>7.0f}ms{grep_s * 1000:>7.0f}ms{seconds / grep_s:>7.1f}×{kb / 1024:>6.0f} MB"
        )

    shutil.rmtree(base / "cache", ignore_errors=True)
    grep_s = statistics.median(run(grep, env)[0] for _ in range(3))
    seconds, kb = run(commands["minutes list"], env)
    line("cold build (minutes list)", seconds, grep_s, kb)
    began = time.process_time()
    for path in folder.iterdir():  # what any build must do: read TOML (one core, in this process)
        tomllib.loads(path.read_text("utf-8"))
    line("floor: tomllib over every file, 1 core", time.process_time() - began, grep_s, 0)
    for label, command in commands.items():
        line(f"warm: {label}", *beside_grep(command, grep, env, args.runs))
    floors = {  # what no read command can go below: starting, and checking every file's stamp
        "floor: start, import the CLI": [sys.executable, "-c", "import emptychair.cli"],
        "floor: … and stat every file": [
            sys.executable, "-c",
            f"import emptychair.cli; from emptychair.files.readmodel import scan; scan({str(folder)!r})",
        ],
    }  # fmt: skip
    for label, command in floors.items():
        line(label, *beside_grep(command, grep, env, args.runs))
    added = []
    times, greps, peak = [], [], 0
    for _ in range(args.runs):  # one more meeting, then the next read
        name, minutes = next(meetings)
        (folder / name).write_text(dump_minutes(minutes), "utf-8")
        added.append(folder / name)
        seconds, kb = run(commands["actions"], env)
        times.append(seconds)
        peak = max(peak, kb)
        greps.append(run(grep, env)[0])
    line("first read after a new meeting", statistics.median(times), statistics.median(greps), peak)
    for path in added:
        path.unlink()
    run(commands["actions"], env)

    edited = sorted(folder.iterdir())[len(added) * 97 % args.meetings]
    text = edited.read_text("utf-8")
    before = edited.stat()
    edited.write_text(text.replace("invoice", "INVOICE", 1), "utf-8")  # same size, in place
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    seen = subprocess.run([exe, "search", "INVOICE", "--json", *at], capture_output=True, text=True, env=env)
    edited.write_text(text, "utf-8")
    print(f"\nan in-place edit (same size, same mtime) seen at the next call: {edited.stem in seen.stdout}")

    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "emptychair", "actions", *at],
                             capture_output=True, text=True, env=env).stderr  # fmt: skip
    heavy = sorted({line.split("|")[-1].strip().split(".")[0] for line in imports.splitlines()
                    if "questionary" in line or "prompt_toolkit" in line})  # fmt: skip
    print(f"prompt libraries imported by a read command: {heavy or 'none'}")
    if not args.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
