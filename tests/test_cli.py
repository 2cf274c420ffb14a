from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from emptychair.files.config import load_agenda

from .inprocess import emptychair
from .inprocess import invoke as inprocess_invoke


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = inprocess_invoke(list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command line as the installed command runs it, its errors made one line in `main`: in
    this process, with its exit status and both streams as a shell sees them."""
    return emptychair(cwd or Path.cwd(), *args)


@pytest.mark.parametrize(("lang", "title"), [("en", "Weekly team meeting"), ("nl", "Wekelijks teamoverleg")])
def test_init_writes_a_starter_in_the_chosen_language(tmp_path: Path, lang: str, title: str) -> None:
    code, _, _ = invoke("init", str(tmp_path), "--lang", lang)
    assert code == 0
    agenda = load_agenda(tmp_path / "agenda.toml")
    assert (agenda.title, agenda.language, len(agenda.items)) == (title, lang, 3)
    assert agenda.chair_opening and agenda.chair_closing
    assert all(item.minutes > 0 for item in agenda.items)
    assert (tmp_path / "minutes").is_dir()


def test_init_follows_the_locale(tmp_path: Path) -> None:
    invoke("init", str(tmp_path), env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "nl_NL.UTF-8"})
    assert load_agenda(tmp_path / "agenda.toml").language == "nl"


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "agenda.toml").write_text("mine", encoding="utf-8")
    result = cli("init", str(tmp_path))
    assert result.returncode == 2
    assert (
        result.stderr
        == f"emptychair: {tmp_path / 'agenda.toml'} already exists; edit it, or run init in another folder\n"
    )
    assert (tmp_path / "agenda.toml").read_text(encoding="utf-8") == "mine"


def test_unknown_language_is_one_line(tmp_path: Path) -> None:
    result = cli("init", str(tmp_path), "--lang", "de")
    assert (result.returncode, result.stderr) == (
        2,
        "emptychair: unknown language 'de'; choose one of en, nl\n",
    )


def test_agenda_check_says_ok(team: Path) -> None:
    assert invoke("agenda", "check", str(team / "agenda.toml"))[:2] == (0, "ok\n")


def test_agenda_check_lists_every_problem(team: Path) -> None:
    path = team / "agenda.toml"
    path.write_text(
        path.read_text("utf-8").replace("minutes = 10", 'minutes = "ten"').replace('"en"', '"de"')
    )
    code, out, _ = invoke("agenda", "check", str(path))
    assert code == 2
    assert out.splitlines() == [
        f"{path}: items[2].minutes: expected a whole number from 1 to 480, got 'ten'",
        f"{path}: items[3].minutes: expected a whole number from 1 to 480, got 'ten'",
        f"{path}: language: expected one of en, nl, got 'de'",
    ]


def test_agenda_check_names_line_and_column_of_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text('title = "x"\nitems = [\n', encoding="utf-8")
    code, out, _ = invoke("agenda", "check", str(path))
    assert code == 2 and out.startswith(f"{path}:3:1: ")


def test_run_needs_a_terminal(team: Path) -> None:
    result = cli("run", cwd=team)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "emptychair: emptychair run needs an interactive terminal\n"


def test_run_on_a_missing_agenda_says_so_before_asking_for_a_terminal(tmp_path: Path) -> None:
    result = cli("run", "nope.toml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "emptychair: nope.toml: no such file\n")


def test_run_without_an_agenda_says_what_to_do(tmp_path: Path) -> None:
    result = cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr
        == "emptychair: no agenda.toml here; create one with: emptychair init (or name a file)\n"
    )


def test_run_with_a_broken_agenda_is_one_line(team: Path) -> None:
    (team / "agenda.toml").write_text('title = "x\n', encoding="utf-8")
    result = cli("run", "agenda.toml", "--resume", "--fresh", cwd=team)
    assert (result.returncode, result.stderr) == (
        2,
        "emptychair: choose either --resume or --fresh, not both\n",
    )


def test_usage_errors_exit_2() -> None:
    result = cli("run", "--bogus")
    assert result.returncode == 2 and "No such option: --bogus" in result.stderr


def test_a_group_knows_all_its_subcommands_when_only_its_own_callback_was_built(tmp_path: Path) -> None:
    """`emptychair actions` builds none of the group's subcommands; help and a mistyped name still
    see all of them, in the team's language."""
    (tmp_path / "minutes").mkdir()
    assert cli("actions", "--minutes", str(tmp_path / "minutes")).returncode == 0
    mistyped = cli("actions", "dne", "--minutes", str(tmp_path / "minutes"))
    assert mistyped.returncode == 2 and "Did you mean 'done', 'due'?" in mistyped.stderr
    helped = cli("actions", "--help").stdout
    assert all(
        f"  {name} " in helped for name in ("done", "drop", "reassign", "due", "reopen", "push", "pull")
    )
    assert cli("init", "--lang", "nl", cwd=tmp_path).returncode == 0
    dutch = cli("actions", "dne", cwd=tmp_path).stderr
    assert "Fout: Onbekende opdracht 'dne'. Bedoelde je 'done', 'due'?" in dutch
    assert "Leg vast dat een actie klaar is." in cli("actions", "--help", cwd=tmp_path).stdout


def test_module_entry_point_shows_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emptychair", "--help"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0
    for command in ("init", "run", "agenda"):
        assert command in result.stdout


def test_the_installed_command_loads_out_of_the_collectors_way_and_collects_after() -> None:
    """What the command line loaded is frozen (no collection walks it again) and the collector is
    on again for the command's own work; a process that only calls the command line is left as it was."""
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print(gc.get_freeze_count(), gc.isenabled(), file=sys.stderr))\n"
        "sys.argv = ['emptychair', '--version']\n"
        "from emptychair.startup import launch\n"
        "launch()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    frozen, enabled = done.stderr.split()
    assert (done.returncode, enabled) == (0, "True")
    assert int(frozen) > 10_000  # the modules typer and the commands are made of

    import gc

    from emptychair.collector import loaded

    before = gc.get_freeze_count()
    loaded()  # as a long command does once it has loaded what it needs
    assert gc.get_freeze_count() == before


def test_prompts_list_and_check(tmp_path: Path) -> None:
    code, out, _ = invoke("prompts", "list", "--lang", "nl", "--agenda", str(tmp_path / "none.toml"))
    assert code == 0 and out.startswith("De lege stoel (nl)\n\nDe vier vaste vragen (standard)\n  irritates")
    own = tmp_path / "ours.toml"
    own.write_text(
        'schema = 1\nlanguage = "en"\n[[questions]]\nid = "x"\ntheme = "shop"\ntext = "?"\nfollow_up = "!"\n'
    )
    assert invoke("prompts", "check", str(own))[1] == (
        "ok: 15 questions · themes: standard, feedback, inside_outside, enthusiasm, accommodating, recognition, shop\n"
    )
    own.write_text('schema = 1\nlanguage = "en"\n[[questions]]\nid = "x"\n')
    result = cli("prompts", "check", str(own))
    assert result.returncode == 2 and result.stderr.startswith(
        f"emptychair: {own}: questions[1].theme: missing"
    )


def test_the_agenda_language_comes_first_then_lang(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text('title = "x"\nattendees = ["A"]\n[[items]]\ntitle = "y"\nminutes = 5\n', "utf-8")
    assert load_agenda(path, "nl").language == "nl"
    path.write_text('language = "en"\n' + path.read_text("utf-8"), "utf-8")
    assert load_agenda(path, "nl").language == "en"


EN_FULL = ("en_GB.UTF-8", "cannot write the output: the disk is full")
NL_FULL = ("nl_NL.UTF-8", "kan de uitvoer niet schrijven: de schijf is vol")


@pytest.mark.parametrize(
    ("args", "lang", "said"),
    [(["minutes", "list"], *EN_FULL), (["search", "customer"], *NL_FULL),
     (["search", "customer", "--json"], *EN_FULL)],
)  # fmt: skip
def test_output_that_cannot_be_written_is_one_line_and_a_reader_gone_early_ends_it_quietly(
    tmp_path: Path, args: list[str], lang: str, said: str
) -> None:
    import os

    from .history import meeting, write

    folder = tmp_path / "minutes"
    write(folder, *(meeting(week, answer="the customer waits") for week in range(3)))
    command = [sys.executable, "-m", "emptychair", *args, "--minutes", str(folder)]
    env = {**os.environ, "LANG": lang}
    with open("/dev/full", "w") as full:  # a disk that is full, for real
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env)
    assert (done.returncode, done.stderr) == (1, f"emptychair: {said}\n")
    read, written = os.pipe()
    os.close(read)  # the reader stopped before the first line (| head -0)
    try:
        done = subprocess.run(command, stdout=written, stderr=subprocess.PIPE, text=True, env=env)
    finally:
        os.close(written)
    assert (done.returncode, done.stderr) == (0, "")


# through rich's console; through sys.stdout.write
@pytest.mark.parametrize("args", [["voice", "--all"], ["search", "customer", "--json"]])
def test_a_reader_that_stops_after_the_first_line_ends_a_long_output_quietly(
    tmp_path: Path, args: list[str]
) -> None:
    """`emptychair voice | head -1` ends as `git log | head -1` does: status 0, nothing on stderr."""
    from .history import meeting, write

    folder = tmp_path / "minutes"
    write(folder, *(meeting(week, answer="the customer waits " * 1000) for week in range(12)))
    command = [str(Path(sys.executable).with_name("emptychair")), *args, "--minutes", str(folder)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as run:
        assert run.stdout is not None and run.stderr is not None
        assert run.stdout.readline()
        run.stdout.close()  # over 200 KB still to come: more than the pipe holds
        said = run.stderr.read()
        code = run.wait()
    assert (code, said) == (0, b"")


def test_help_to_a_reader_already_gone_ends_quietly() -> None:
    """Typer writes --help before any command runs, where it would exit 1 on the broken pipe."""
    import os

    read, written = os.pipe()
    os.close(read)
    try:
        command = [str(Path(sys.executable).with_name("emptychair")), "--help"]
        done = subprocess.run(command, stdout=written, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(written)
    assert (done.returncode, done.stderr) == (0, "")
