"""Commands around one meeting: init, run, drafts, agenda check."""

from __future__ import annotations

import contextlib
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from emptychair.app.team import AGENDA, known_language, language, named_language, team
from emptychair.collector import loaded
from emptychair.commands import complete
from emptychair.commands.common import JsonOption, MinutesOption, print_json
from emptychair.errors import EmptyChairError, problem
from emptychair.locale import tr
from emptychair.text import visible

agenda_app = typer.Typer(help="Check agenda files.", no_args_is_help=True)
prompts_app = typer.Typer(
    help="The chair's question sets: list and check, and what the chair asks next.", no_args_is_help=True
)
# The starter agendas init writes: the weekly meeting is starter/<lang>.toml, the others
# starter/<template>/<lang>.toml.
TEMPLATES = ("weekly", "one-on-one", "dilemma", "retro")


def init(
    target: Annotated[Path, typer.Argument(help="The team folder.", metavar="FOLDER")] = Path("."),
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="nl or en (default: your locale).", autocompletion=complete.languages),
    ] = None,
    template: Annotated[
        str,
        typer.Option("--template", help="weekly, one-on-one, dilemma or retro."),
    ] = "weekly",
) -> None:
    """Write a starter agenda.toml and a minutes/ folder."""
    from emptychair.files.config import starter_agenda
    from emptychair.files.folder import cannot_write, write_atomic

    chosen = language() if lang is None else known_language(lang)
    if template not in TEMPLATES:
        raise problem("err_template", template=template, templates=", ".join(TEMPLATES))
    path = target / AGENDA
    if path.exists():
        raise _exists(path, lang)
    text = starter_agenda(chosen, template)
    try:
        target.mkdir(parents=True, exist_ok=True)
        (target / "minutes").mkdir(exist_ok=True)
        write_atomic(path, text, exclusive=True)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    print(tr(chosen, "init_done", agenda=str(path), minutes=f"{target / 'minutes'}/"), file=sys.stderr)


def _exists(path: Path, asked: str | None) -> EmptyChairError:
    """init on a team folder that has its agenda: nothing is overwritten; said in the language asked
    for, and when the agenda runs its meetings in another language, how to switch."""
    from emptychair.locale import language_name

    own = named_language(path) or language()
    if asked is not None and own != asked:
        found = problem("err_exists_language", path=str(path), language=language_name(own, asked), lang=asked)
    else:
        found = problem("err_exists", path=str(path))
    found.language = asked or own
    return found


def run(
    agenda: Annotated[Path, typer.Argument(help="The agenda file.")] = Path(AGENDA),
    resume: Annotated[bool, typer.Option("--resume", help="Resume the unfinished meeting.")] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start anew; an unfinished meeting is kept.")
    ] = False,
    theme: Annotated[
        str,
        typer.Option(
            "--theme", help="Let the chair ask from this theme only.", autocompletion=complete.themes
        ),
    ] = "",
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="nl or en, when the agenda names no language.", autocompletion=complete.languages
        ),
    ] = None,
    speak: Annotated[
        bool, typer.Option("--speak", help="The chair's questions spoken aloud (espeak-ng).")
    ] = False,
    speak_to: Annotated[
        Path | None,
        typer.Option("--speak-to", help="Write the chair's questions as WAV files into this folder instead."),
    ] = None,
) -> None:
    """Run a meeting on the agenda and write its minutes."""
    from emptychair.terminal.panels import console
    from emptychair.terminal.run import run_meeting
    from emptychair.terminal.signals import stop_on_hangup

    loaded()
    if resume and fresh:
        raise problem("err_resume_fresh")
    if not agenda.exists():  # said before anything about the terminal: it is the first thing to fix
        raise problem("err_no_agenda") if agenda == Path(AGENDA) else problem("err_no_file", path=str(agenda))
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise problem("err_no_terminal")
    choice = True if resume else (False if fresh else None)
    with stop_on_hangup():
        run_meeting(
            agenda,
            console(),
            console(stderr=True),
            resume=choice,
            language=language(lang=lang),
            theme=theme,
            speak=speak,
            speak_to=speak_to,
        )


def drafts(as_json: JsonOption = False, minutes: MinutesOption = None) -> None:
    """List unfinished meetings: when they started and where they stopped."""
    from emptychair.app.meeting import describe_step
    from emptychair.core.dates import stamp
    from emptychair.files.draft import find_drafts
    from emptychair.files.folder import Folder

    ours = team(minutes)
    home = Folder(ours.folder)
    found = find_drafts(home)
    lang = ours.language
    rows: list[dict[str, Any]] = []
    for path, draft, why in found:
        try:
            meeting = draft.meeting() if draft is not None else None
        except EmptyChairError as exc:
            meeting, why = None, exc.say(lang)
        if draft is None or meeting is None:
            rows.append({"path": str(path), "problem": why})
            continue
        written = home.minutes_of(draft.started, draft.agenda.title, draft.minutes)
        step = meeting.step
        rows.append({
            "path": str(path), "title": meeting.agenda.title, "started": meeting.started.isoformat(),
            "stopped_at": describe_step(meeting), "step": step.kind,
            "item": meeting.agenda.items[step.index].title if step.kind == "item" else "",
            "lines": len(meeting.events), "pending": draft.pending,
            "minutes_written": str(written) if written is not None else None, "problem": "",
        })  # fmt: skip
    if as_json:  # data: the item's title as it is, not quoted the way a sentence quotes it
        print_json({"version": 1, "drafts": [_as_data(row) for row in rows]})
        return
    if not found:
        print(tr(lang, "no_drafts"), file=sys.stderr)
    for row in rows:
        if row["problem"]:
            print(f"{visible(row['path'])}: {visible(row['problem'])}")
            continue
        typed = tr(lang, "draft_typed", text=repr(visible(row["pending"]))) if row["pending"] else ""
        if row["minutes_written"] is not None:
            typed += tr(lang, "draft_written", path=row["minutes_written"])
        started = stamp(datetime.fromisoformat(row["started"]))
        lines = tr(lang, "n_lines", count=row["lines"])
        line = tr(lang, "draft_line", title=visible(row["title"]), started=started,
                  where=visible(row["stopped_at"]), lines=lines)  # fmt: skip
        print(f"{visible(row['path'])}: {line}{typed}")


def _as_data(row: dict[str, Any]) -> dict[str, Any]:
    if row.get("step") == "item":
        row = {**row, "stopped_at": row["item"]}
    return row


@agenda_app.command("check")
def agenda_check(
    file: Annotated[Path, typer.Argument(help="The agenda file.")] = Path(AGENDA),
) -> None:
    """Print every problem in an agenda file (every check `run` makes), or ok."""
    from emptychair.files.config import check_meeting

    lang = named_language(file) or language()
    try:
        agenda, check, _ = check_meeting(file, lang)
        problems = [f"{file}: {p}" for p in check.say(lang)]
    except EmptyChairError as exc:
        problems = [exc.say(lang)]
    for line in problems:
        print(visible(line))
    if problems:
        raise typer.Exit(2)
    print("ok")
    with contextlib.suppress(EmptyChairError):  # the minutes cannot be read: the agenda is ok all the same
        said = next_line(agenda.language, agenda.minutes_dir, agenda)
        if said:
            print(said, file=sys.stderr)


@prompts_app.command("list")
def prompts_list(
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="nl or en (default: agenda.toml here, else locale).",
            autocompletion=complete.languages,
        ),
    ] = None,
    agenda: Annotated[Path, typer.Option("--agenda", help="Use the question set this agenda names.")] = Path(
        AGENDA
    ),
    as_json: JsonOption = False,
) -> None:
    """The chair's questions by theme: the shipped set, or the team's own that the agenda names."""
    from emptychair.files.config import for_agenda, load_agenda, shipped
    from emptychair.locale import catalogue

    chosen = language() if lang is None else known_language(lang)
    ours = None  # the agenda whose meetings the chair asks in: then it says what comes next
    if agenda.is_file():
        found = load_agenda(agenda, chosen)
        ours = found if lang is None or lang == found.language else None
        questions = for_agenda(found) if ours is not None else shipped(chosen)
    else:
        questions = shipped(chosen)
    coming = next_line(ours.language, ours.minutes_dir, ours) if ours is not None else ""
    if as_json:
        print_json({
            "version": 1, "name": questions.name, "language": questions.language,
            "ground_rules": list(questions.ground_rules),
            "questions": [
                {"id": q.id, "theme": q.theme, "text": q.text, "follow_up": q.follow_up, "seed": q.seed,
                 "hint": q.hint, "view": q.view}
                for q in questions.questions
            ],
            **({"next": coming} if coming else {}),
        })  # fmt: skip
        return
    print(f"{visible(questions.name)} ({questions.language})")
    words = catalogue(chosen)
    for theme in questions.themes():
        name = words.get("theme_" + theme)
        print(f"\n{name} ({visible(theme)})" if isinstance(name, str) else f"\n{visible(theme)}")
        for q in questions.questions:
            if q.theme == theme:
                print(f"  {visible(q.id):<18} {visible(q.text)}")
                print(f"  {'':<18} → {visible(q.follow_up)}")
    if coming:
        print(f"\n{coming}")


@prompts_app.command("next")
def prompts_next(as_json: JsonOption = False, minutes: MinutesOption = None) -> None:
    """What the chair asks at the next meeting, and why: where the customer's voice is weakest."""
    from emptychair.app.chooser import upcoming
    from emptychair.clock import now
    from emptychair.core.chooser import reason_json, reason_line

    ours = team(minutes)
    lang = ours.language
    picked = upcoming(ours.folder, ours.strict_agenda(), lang, now().date())
    if as_json:
        print_json({
            "version": 1, "language": lang,
            "questions": [
                {"id": c.question.id, "theme": c.question.theme, "text": c.question.text,
                 "why": reason_json(c.reason), "reason": reason_line(lang, c.reason)}
                for c in picked
            ],
        })  # fmt: skip
        return
    if not picked:
        print(tr(lang, "chair_next_none"), file=sys.stderr)
        return
    print(tr(lang, "chair_next"))
    for n, c in enumerate(picked, start=1):
        print(f"  {n}. {visible(c.question.text)} ({visible(c.question.id)})")
        print(f"     {visible(tr(lang, 'why', reason=reason_line(lang, c.reason)))}")


def next_line(lang: str, folder: Path, agenda: Any) -> str:
    """One line: the question the chair asks next, and why ("" when it asks none)."""
    from emptychair.app.chooser import upcoming
    from emptychair.clock import now
    from emptychair.core.chooser import reason_line

    picked = upcoming(folder, agenda, lang, now().date())
    if not picked:
        return ""
    first = picked[0]
    return visible(tr(lang, "next_line", id=first.question.id, reason=reason_line(lang, first.reason)))


@prompts_app.command("check")
def prompts_check(file: Annotated[Path, typer.Argument(help="A question set (TOML).")]) -> None:
    """Check a question set: ok, or what is wrong with it."""
    from emptychair.files.config import read_toml, team_set
    from emptychair.locale import LANGUAGES

    data = read_toml(file)
    lang = data.get("language")
    if lang not in LANGUAGES:
        raise problem("err_set_language", file=str(file), languages=", ".join(LANGUAGES), got=repr(lang))
    found = team_set(file, lang)
    themes = visible(", ".join(found.themes()))
    said = language()
    print(tr(said, "set_ok", questions=tr(said, "n_questions", count=len(found.questions)), themes=themes))
