"""Time `emptychair feedback import` of a large export, and the list after it.

    python bench/feedback.py [--rows 10000] [--runs 3] [--format zendesk|nps|google-play] [--keep DIR]

Run by hand, never from the test suite. It writes an export shaped as the tool writes it (a
Zendesk ticket CSV by default: requester name and e-mail columns, a description of a few
sentences with e-mail addresses, phone numbers, IBANs, postcodes and the requester's name in it),
then times, as whole processes: the first import into an empty minutes folder, a second import of
the same export (which adds nothing), and `emptychair feedback` listing every item. The target is
an import of 10,000 rows in under 5 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Jan", "Anna", "Bram", "Dewi", "Zoë", "Priya", "Kees", "Fatima", "Lotte", "Emma", "Noah", "Sem"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Mulder", "El Amrani", "Raman", "Ångström", "Post"]
SENTENCES = [
    "Ik kan mijn factuur niet vinden in het portaal.",
    "The invoice portal asks me to log in every single time.",
    "Bel me terug op {phone}, liefst voor vijf uur.",
    "My e-mail is {email}, please send the invoice there.",
    "Het bedrag is afgeschreven van {iban} maar de order staat nog open.",
    "We zitten op {street}, {postcode} Utrecht.",
    "The reset link {link} did not work.",
    "Thanks for the quick answer, {first}!",
    "Waarom moet ik drie keer mijn wachtwoord invullen?",
    "The app crashes when I open an invoice on my phone.",
    "Groeten,\n{name}",
]


def zendesk(rows: int, rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["Summation column", "Id", "Requester", "Requester id", "Requester email", "Submitter", "Assignee",
         "Subject", "Status", "Created at", "Satisfaction Score", "Description"]
    )  # fmt: skip
    for n in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        email = f"{first.lower()}.{last.replace(' ', '').lower()}{n}@example.nl"
        said = " ".join(rng.sample(SENTENCES, 4)).format(
            phone=rng.choice(["06-12345678", "+31 20 123 4567", "0612345678"]),
            email=email,
            iban="NL91 ABNA 0417 1643 00",
            street=f"Dorpsstraat {n % 200 + 1}",
            postcode=f"{1000 + n % 8999} AB",
            link=f"https://portal.example.nl/reset?token={n:08x}",
            first=first,
            name=name,
        )
        day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d}:00 +0100"
        score = rng.choice(["Good", "Bad", "Offered", "Unoffered"])
        writer.writerow(["", str(100000 + n), name, str(2000000 + n), email, name, "Bram Bakker",
                         f"Ticket {n}", "Solved", day, score, said])  # fmt: skip
    return out.getvalue()


def nps(rows: int, rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Response ID", "Name", "Email", "Score", "Comment", "Response timestamp"])
    for n in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        comment = " ".join(rng.sample(SENTENCES[:3] + SENTENCES[8:10], 2)).format(phone="06-12345678")
        writer.writerow([f"r{n}", f"{first} {last}", f"{first.lower()}{n}@example.nl", str(rng.randint(0, 10)),
                         comment, f"2026-11-{1 + n % 28:02d} 10:00:00 +0100"])  # fmt: skip
    return out.getvalue()


def google_play(rows: int, rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["Package Name", "Review Submit Date and Time", "Star Rating", "Review Title", "Review Text"]
    )
    for n in range(rows):
        text = " ".join(rng.sample(SENTENCES[:3] + SENTENCES[8:10], 3)).format(phone="+31 20 123 4567")
        writer.writerow(["nl.example.app", f"2026-11-{1 + n % 28:02d}T10:00:{n % 60:02d}Z",
                         str(rng.randint(1, 5)), f"Review {n}", text])  # fmt: skip
    return out.getvalue().encode("utf-16")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of the command as a whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=["zendesk", "nps", "google-play"], default="zendesk")
    parser.add_argument(
        "--keep", type=Path, help="write the export and the minutes folder here, and keep them"
    )
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("emptychair"))
    rng = random.Random(7)
    home = args.keep or Path(tempfile.mkdtemp(prefix="emptychair-feedback-bench-"))
    home.mkdir(parents=True, exist_ok=True)
    export = home / ("reviews.csv" if args.format == "google-play" else "export.csv")
    if args.format == "google-play":
        export.write_bytes(google_play(args.rows, rng))
    else:
        export.write_text((zendesk if args.format == "zendesk" else nps)(args.rows, rng), "utf-8")
    size = export.stat().st_size / 1e6
    print(f"{args.rows:,} rows of {args.format}, {size:.1f} MB, {args.runs} runs each")
    print(f"  {'':<24} {'wall: median':>12} {'min':>7} {'cpu: median':>12} {'min':>7}")
    first: list[tuple[float, float]] = []
    again: list[tuple[float, float]] = []
    listed: list[tuple[float, float]] = []
    try:
        for _ in range(args.runs):
            minutes = home / "minutes"
            shutil.rmtree(minutes, ignore_errors=True)
            minutes.mkdir()
            first.append(timed([exe, "feedback", "import", str(export), "--minutes", str(minutes)]))
            again.append(timed([exe, "feedback", "import", str(export), "--minutes", str(minutes)]))
            listed.append(timed([exe, "feedback", "--minutes", str(minutes)]))
        record = next(minutes.glob("*.feedback.toml"))
        for label, runs in (
            ("first import", first),
            ("the same export again", again),
            ("feedback (list)", listed),
        ):
            wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
            print(
                f"  {label:<24} {statistics.median(wall):10.2f} s {min(wall):5.2f} s"
                f" {statistics.median(cpu):10.2f} s {min(cpu):5.2f} s"
            )
        print(f"  record: {record.name}, {record.stat().st_size / 1e6:.1f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
