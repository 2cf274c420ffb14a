"""Time the read commands on a large minutes folder, side by side with grep -r over the same files.

    python bench/bench.py [--meetings 10000] [--runs 7] [--keep DIR]

Run by hand, never from the test suite. It writes a folder of realistic minutes (about 4 KB each,
with actions, chair answers and follow-ups), then times each command as a whole process: the
first call (which builds the cache), and the median of --runs warm calls.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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


def generate(folder: Path, meetings: int, seed: int = 7) -> None:
    """Weekly meetings of one team: four new actions each, most closed within a few weeks."""
    rng = random.Random(seed)
    start = datetime(2000, 1, 3, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    open_ids: list[tuple[int, str]] = []  # (meeting made in, id)
    for n in range(meetings):
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
        (folder / f"{started.date().isoformat()}-weekly-support-meeting.toml").write_text(
            dump_minutes(minutes), "utf-8"
        )
        open_ids += [(n, i) for i in ids]


def timed(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the folder here and keep it")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="emptychair-bench-"))
    folder = base / "minutes"
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.iterdir()):
        began = time.perf_counter()
        generate(folder, args.meetings)
        print(f"generated {args.meetings} meetings in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache")}
    exe = str(Path(sys.executable).with_name("emptychair"))
    commands = {
        "grep -r invoice": ["grep", "-r", "-l", "invoice", str(folder)],
        "emptychair actions": [exe, "actions", "--minutes", str(folder)],
        "emptychair minutes list": [exe, "minutes", "list", "--minutes", str(folder)],
        "emptychair search invoice": [exe, "search", "invoice", "is:open", "--minutes", str(folder)],
    }
    shutil.rmtree(base / "cache", ignore_errors=True)
    print(f"{args.meetings} meetings, {size:.0f} MB, median of {args.runs} warm runs\n")
    print(f"{'command':<28}{'first call':>12}{'warm':>10}{'× grep':>9}")
    grep = None
    for name, command in commands.items():
        first = timed(command, env)
        warm = statistics.median(timed(command, env) for _ in range(args.runs))
        grep = grep or warm
        print(f"{name:<28}{first * 1000:>10.0f}ms{warm * 1000:>8.0f}ms{warm / grep:>8.1f}×")
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "emptychair", "actions", "--minutes", str(folder)],
                             capture_output=True, text=True, env=env).stderr  # fmt: skip
    heavy = sorted({line.split("|")[-1].strip().split(".")[0] for line in imports.splitlines()
                    if "questionary" in line or "prompt_toolkit" in line})  # fmt: skip
    print(f"\nprompt libraries imported by a read command: {heavy or 'none'}")
    if not args.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
