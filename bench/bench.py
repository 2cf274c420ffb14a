"""Time the read commands on a large minutes folder, beside grep -r and beside their floor.

    python bench/bench.py [--meetings 10000] [--feedback 10000] [--runs 7] [--keep DIR]

Run by hand, never from the test suite. It writes a folder of realistic minutes (about 3 KB each,
with actions, chair answers and follow-ups) and one imported feedback export, then times each
command as a whole process: the cold build of the read model (beside tomllib alone parsing the
same files), every read command warm, and the first read after one new meeting. Each warm
command is timed in turn with `grep -r -l invoice` over the folder and with its floor: starting
Python, importing the CLI and a stat of every file of the folder, which no read command that is
always right can go below. Peak memory is each process's largest resident size, its children's
included (getrusage of the waited-for child, as wait4 gives it).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
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
from typing import Any, NamedTuple

import feedback  # bench/feedback.py: the export a team would import

from emptychair.core.minutes import Action, ChairRecord, FollowUp, ItemRecord, Minutes, dump_minutes
from emptychair.files.folder import FEEDBACK

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

# The CLI loaded as the installed command loads it (emptychair.startup): out of the collector's way.
LOAD_CLI = "import os\nfrom emptychair.collector import loading\nwith loading():\n    import emptychair.cli\n"


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
                          "en", "Support", present=PEOPLE[:4], absent=PEOPLE[4:], items=items, chair=chair,
                          followups=tuple(followups))  # fmt: skip
        yield f"{started.date().isoformat()}-weekly-support-meeting.toml", minutes
        open_ids += [(n, i) for i in ids]


def run(command: list[str], env: dict[str, str], terminal: bool = False) -> tuple[float, int]:
    """Seconds and peak memory (KB, the largest of the process and its children) of one whole process;
    with `terminal`, its standard output is a pseudo-terminal, as a person's is."""
    if terminal:
        import pty
        import threading

        main_fd, other = pty.openpty()
        drain = threading.Thread(target=_drain, args=(main_fd,), daemon=True)
        drain.start()
        out: Any = other
    else:
        out = subprocess.DEVNULL
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    if terminal:
        os.close(other)
        drain.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss


def _drain(fd: int) -> None:
    """Read a pseudo-terminal until it closes, so that the program writing to it never waits."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # EIO: the other side closed
        pass
    finally:
        os.close(fd)


class Timed(NamedTuple):
    seconds: float  # medians
    grep: float
    floor: float
    peak_kb: int  # the largest of all runs


def in_turn(
    command: list[str],
    grep: list[str],
    floor: list[str],
    env: dict[str, str],
    runs: int,
    terminal: bool = False,
) -> Timed:
    """The command, grep and the floor, each timed `runs` times in turn."""
    mine, greps, floors, peak = [], [], [], 0
    for _ in range(runs):
        seconds, kb = run(command, env, terminal)
        mine.append(seconds)
        peak = max(peak, kb)
        greps.append(run(grep, env)[0])
        floors.append(run(floor, env)[0])
    return Timed(statistics.median(mine), statistics.median(greps), statistics.median(floors), peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--feedback", type=int, default=10_000, help="rows of the feedback export imported")
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
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache"), "LANG": "C.UTF-8"}
    # as installed: compiled once, not on every call (bytecode goes beside the bench's folder)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
    exe = str(Path(sys.executable).with_name("emptychair"))
    at = ["--minutes", str(folder)]
    if write and args.feedback:  # real customer feedback, imported as a team would
        export = base / "export.csv"
        export.write_text(feedback.zendesk(args.feedback, random.Random(7)), "utf-8")
        subprocess.run(
            [exe, "feedback", "import", str(export), "--approve-all", *at],
            env=env,
            capture_output=True,
            check=True,
        )
    print(f"{args.meetings} meetings ready in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    grep = ["grep", "-r", "-l", "invoice", str(folder)]
    floor = [sys.executable, "-c", f"{LOAD_CLI}[e.stat() for e in os.scandir({str(folder)!r})]"]
    commands = {
        "actions": [exe, "actions", *at],
        "search invoice is:open": [exe, "search", "invoice", "is:open", *at],
        "search invoice (all hits)": [exe, "search", "invoice", *at],
        "minutes list (every row)": [exe, "minutes", "list", *at],
        "minutes show latest": [exe, "minutes", "show", "latest", *at],
        "stats": [exe, "stats", *at],
        "voice": [exe, "voice", *at],
        "feedback": [exe, "feedback", *at],
    }
    at_terminal = {  # what a person at a terminal sees: the latest 20 meetings, the newest 50 hits
        "minutes list, at a terminal": [exe, "minutes", "list", *at],
        "search invoice, at a terminal": [exe, "search", "invoice", *at],
    }
    print(
        f"{args.meetings} meetings and {args.feedback} feedback rows, {size:.0f} MB; medians of {args.runs} runs,"
        " grep and the floor timed in turn\n"
    )
    print(f"{'':<40}{'time':>9}{'grep':>8}{'× grep':>8}{'floor':>8}{'× floor':>8}{'peak':>8}")

    def line(label: str, seconds: float, grep_s: float, floor_s: float | None, kb: int) -> None:
        beside = f"{floor_s * 1000:>6.0f}ms{seconds / floor_s:>7.2f}×" if floor_s else f"{'':>16}"
        peak = f"{kb / 1024:>5.0f} MB" if kb else ""
        print(
            f"{label:<40}{_ms(seconds):>9}{grep_s * 1000:>6.0f}ms{seconds / grep_s:>7.1f}×{beside}{peak:>8}"
        )

    shutil.rmtree(base / "cache", ignore_errors=True)
    grep_s = statistics.median(run(grep, env)[0] for _ in range(3))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cold, kb = run(commands["actions"], env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cold_cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime  # its workers' too
    line("cold build (the first read of a folder)", cold, grep_s, None, kb)
    began, began_cpu = time.perf_counter(), time.process_time()
    for path in folder.iterdir():  # what any build must do: read TOML (one core, in this process)
        if not path.name.endswith(FEEDBACK):
            tomllib.loads(path.read_text("utf-8"))
    parsed, parsed_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    line("tomllib alone over the same files, 1 core", parsed, grep_s, None, 0)
    for label, command in commands.items():
        timed = in_turn(command, grep, floor, env, args.runs)
        line(f"warm: {label}", timed.seconds, timed.grep, timed.floor, timed.peak_kb)
    for label, command in at_terminal.items():
        timed = in_turn(command, grep, floor, env, args.runs, terminal=True)
        line(f"warm: {label}", timed.seconds, timed.grep, timed.floor, timed.peak_kb)
    floors = {
        "floor: start Python, import the CLI": [sys.executable, "-c", LOAD_CLI],
        "floor: … and stat every file": floor,
    }
    for label, command in floors.items():
        timed = in_turn(command, grep, floor, env, args.runs)
        line(label, timed.seconds, timed.grep, None, timed.peak_kb)
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
    line("first read after a new meeting", statistics.median(times), statistics.median(greps), None, peak)
    for path in added:
        path.unlink()
    run(commands["actions"], env)
    print(
        f"\ncold build: {cold / parsed:.2f}× the time tomllib alone takes to parse the same files"
        f" (CPU time of all its processes: {cold_cpu:.1f} s, {cold_cpu / parsed_cpu:.2f}× tomllib's {parsed_cpu:.1f} s)"
    )

    edited = sorted(p for p in folder.iterdir() if not p.name.endswith(FEEDBACK))[
        len(added) * 97 % args.meetings
    ]
    text = edited.read_text("utf-8")
    before = edited.stat()
    edited.write_text(text.replace("invoice", "INVOICE", 1), "utf-8")  # same size, in place
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    seen = subprocess.run([exe, "search", "INVOICE", "--json", *at], capture_output=True, text=True, env=env)
    edited.write_text(text, "utf-8")
    print(f"an in-place edit (same size, same mtime) seen at the next call: {edited.stem in seen.stdout}")

    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "emptychair", "actions", *at],
                             capture_output=True, text=True, env=env).stderr  # fmt: skip
    heavy = sorted({line.split("|")[-1].strip().split(".")[0] for line in imports.splitlines()
                    if "questionary" in line or "prompt_toolkit" in line})  # fmt: skip
    print(f"prompt libraries imported by a read command: {heavy or 'none'}")
    if not args.keep:
        shutil.rmtree(base)


def _ms(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 10 else f"{seconds * 1000:.0f}ms"


if __name__ == "__main__":
    main()
