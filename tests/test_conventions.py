"""What a user of a Python command-line tool expects: --version, shell completion that knows the
minutes, the standard per-user folders and EMPTYCHAIR_MINUTES. Completion is asked the way each
shell's script asks it: the installed command, run with _EMPTYCHAIR_COMPLETE set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from emptychair.cli import main
from emptychair.core.minutes import Action, FollowUp

from .conftest import EXAMPLE, ROOT
from .history import CHAIR_ACTION, ITEM_ACTION, meeting, monday, write
from .inprocess import invoke

EXE = Path(sys.executable).with_name("emptychair")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three meetings: ch1aaa (Bram) and nw2ccc (Dewi) open, it1bbb (Anna) done."""
    path = tmp_path / "minutes"
    write(
        path,
        meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)),
        meeting(1, followups=(FollowUp("it1bbb", monday(1), "done"),)),
        meeting(2, chair_actions=(Action("nw2ccc", "Answer invoice mails within a day", "Dewi"),)),
    )
    return path


def shell_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_EMPTYCHAIR", "_TYPER", "COMP_"))}
    env.update(LANG="en_GB.UTF-8", PATH=f"{EXE.parent}{os.pathsep}{env.get('PATH', '')}", **extra)
    return env


def run(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, env=shell_env(**env), cwd=cwd, check=False
    )


class Shell:
    """The completion protocol each shell's script speaks, asked of the command in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
        self.monkeypatch, self.capfd = monkeypatch, capfd

    def ask(self, cwd: Path | None, env: dict[str, str]) -> str:
        self.capfd.readouterr()
        with self.monkeypatch.context() as m:
            for name, value in env.items():
                m.setenv(name, value)
            if cwd is not None:
                m.chdir(cwd)
            with pytest.raises(SystemExit) as end:
                main([])
        out, err = self.capfd.readouterr()
        assert (end.value.code, err) == (0, ""), err
        return out

    def bash(self, line: str, cwd: Path | None = None, **env: str) -> list[str]:
        """What bash's script puts in COMPREPLY for `line` (the word being typed is the last)."""
        cword = str(len(line.split(" ")) - 1)
        out = self.ask(
            cwd, {"_EMPTYCHAIR_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": cword, **env}
        )
        return [word for word in out.split("\n") if word]  # as `IFS=$'\n'` splits it

    def zsh(self, line: str, cwd: Path | None = None, **env: str) -> str:
        return self.ask(cwd, {"_EMPTYCHAIR_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line, **env})

    def fish(self, line: str, cwd: Path | None = None, **env: str) -> list[str]:
        fish = {"_EMPTYCHAIR_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
        out = self.ask(cwd, {**fish, "_TYPER_COMPLETE_ARGS": line, **env})
        return [each for each in out.split("\n") if each]


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> Shell:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    return Shell(monkeypatch, capfd)


# --- version ----------------------------------------------------------------------------------


def test_version_comes_from_the_package_metadata() -> None:
    done = run("--version")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert (done.returncode, done.stdout, done.stderr) == (0, f"emptychair {version('emptychair')}\n", "")
    assert version("emptychair") == declared


# --- completion scripts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "hooks"),
    [
        (
            "bash",
            [
                "complete -o default -F _emptychair_completion emptychair",
                "_EMPTYCHAIR_COMPLETE=complete_bash",
            ],
        ),
        ("zsh", ["#compdef emptychair", "compdef _emptychair_completion emptychair", "=complete_zsh"]),
        ("fish", ["complete --command emptychair", "_EMPTYCHAIR_COMPLETE=complete_fish"]),
    ],
)
def test_a_completion_script_for_each_shell(shell: Shell, name: str, hooks: list[str]) -> None:
    """As `eval "$(_EMPTYCHAIR_COMPLETE=source_bash emptychair)"` in a shell's start-up file reads it,
    and as --show-completion prints it for the shell named."""
    sourced = shell.ask(None, {"_EMPTYCHAIR_COMPLETE": f"source_{name}"})
    shell.monkeypatch.setenv(
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1"
    )  # read as the command is built
    shown = invoke(["--show-completion", name])
    assert shown.exit_code == 0, shown.stderr
    assert sourced.strip() == shown.stdout.strip()
    for hook in hooks:
        assert hook in sourced


def test_install_completion_writes_the_script_and_sources_it(shell: Shell, tmp_path: Path) -> None:
    shell.monkeypatch.setenv("HOME", str(tmp_path))
    shell.monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    done = invoke(["--install-completion", "bash"])
    assert done.exit_code == 0, done.stderr
    script = tmp_path / ".bash_completions" / "emptychair.sh"
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()
    assert script.read_text().strip() == shell.ask(None, {"_EMPTYCHAIR_COMPLETE": "source_bash"}).strip()


def test_bash_itself_completes_action_ids_through_the_script(folder: Path) -> None:
    """The generated script sourced into a real bash, its function called as Tab calls it."""
    script = run(_EMPTYCHAIR_COMPLETE="source_bash").stdout
    probe = (
        f"{script}\nCOMP_WORDS=(emptychair actions done --minutes {folder} '')\nCOMP_CWORD=5\n"
        "_emptychair_completion emptychair\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile"], input=probe, capture_output=True, text=True, env=shell_env()
    )
    assert (done.stdout.split(), done.stderr) == (["ch1aaa", "nw2ccc"], "")


# --- what Tab offers --------------------------------------------------------------------------


def test_action_ids_are_the_open_ones_and_reopen_offers_the_closed(shell: Shell, folder: Path) -> None:
    at = f"--minutes {folder}"
    assert shell.bash(f"emptychair actions done {at} ") == ["ch1aaa", "nw2ccc"]
    assert shell.bash(f"emptychair actions drop {at} n") == ["nw2ccc"]
    assert shell.bash(f"emptychair actions reopen {at} ") == ["it1bbb"]


def test_zsh_and_fish_show_each_action_text_beside_its_id(shell: Shell, folder: Path) -> None:
    said = shell.zsh("emptychair actions due ", EMPTYCHAIR_MINUTES=str(folder))
    assert said.startswith("_arguments '*: :((")
    assert '"ch1aaa":"Send invoices by mail (Bram)"' in said
    assert '"nw2ccc":"Answer invoice mails within a day (Dewi)"' in said
    assert "it1bbb" not in said
    assert shell.fish("emptychair actions reassign c", EMPTYCHAIR_MINUTES=str(folder)) == [
        "ch1aaa\tSend invoices by mail (Bram)"
    ]


def test_meetings_by_date_and_id_newest_first(shell: Shell, folder: Path) -> None:
    offered = shell.fish(f"emptychair minutes show --minutes {folder} ")
    assert offered[0] == "latest"
    assert offered[1:4] == ["2026-11-09\tWeekly", "2026-11-02\tWeekly", "2026-10-26\tWeekly"]
    assert [o.split("\t")[0] for o in offered[4:]] == sorted(p.stem for p in folder.glob("*.toml"))[::-1]
    assert shell.bash(f"emptychair minutes export --minutes {folder} 2026-11-0") == [
        "2026-11-09",
        "2026-11-02",
        *sorted((p.stem for p in folder.glob("2026-11-0*")), reverse=True),
    ]


def test_owners_with_their_open_actions(shell: Shell, folder: Path) -> None:
    said = shell.fish(f"emptychair actions --minutes {folder} --owner ")
    assert said == [
        "Bram\topen actions: 1",
        "Dewi\topen actions: 1",
        "Anna\topen actions: 0",
        "Chris\topen actions: 0",
    ]
    assert shell.bash(f"emptychair actions reassign --minutes {folder} ch1aaa D") == ["Dewi"]


def test_the_agenda_attendees_are_owners_too(shell: Shell, folder: Path, tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    shutil.copy(EXAMPLE, team / "agenda.toml")
    agenda = tomllib.loads((team / "agenda.toml").read_text("utf-8"))
    names = shell.bash(f"emptychair actions reassign --minutes {folder} ch1aaa ", cwd=team)
    assert set(agenda["attendees"]) <= set(names)
    assert "Dewi" in names


def test_themes_come_from_the_agenda_and_languages_are_the_shipped(
    shell: Shell, team: Path, tmp_path: Path
) -> None:
    from emptychair.files.config import for_agenda, load_agenda, shipped

    expected = list(for_agenda(load_agenda(team / "agenda.toml")).themes())
    assert shell.bash("emptychair run --theme ", cwd=team) == expected
    assert shell.bash("emptychair run --theme ", cwd=tmp_path) == list(shipped("en").themes())
    assert shell.bash("emptychair init --lang ") == ["en", "nl"]
    assert shell.fish("emptychair prompts list --lang n") == ["nl\tNederlands"]
    assert shell.bash("emptychair minutes export --format ") == ["md", "html"]


def test_tab_sees_what_a_command_just_wrote(shell: Shell, folder: Path) -> None:
    """Tab reuses the read model as it stands only while no file came or went in the folder."""
    hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(folder, ns=(hour_ago, hour_ago))  # a folder last changed long ago: its stamp is kept
    for _ in range(2):  # the first brings the read model up to date, the second reads it as it stands
        assert shell.bash(f"emptychair actions done --minutes {folder} ") == ["ch1aaa", "nw2ccc"]
    assert invoke(["actions", "done", "ch1aaa", "--minutes", str(folder)]).exit_code == 0
    assert shell.bash(f"emptychair actions done --minutes {folder} ") == ["nw2ccc"]
    assert shell.bash(f"emptychair actions reopen --minutes {folder} ") == ["ch1aaa", "it1bbb"]


# --- nothing but candidates reaches the shell -----------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "meetings"),
    [("missing", "_files"), ("a file", "_files"), ("no minutes in it", "_arguments '*: :((\"latest\"))'")],
)
def test_a_broken_folder_completes_nothing_and_says_nothing(
    shell: Shell, tmp_path: Path, broken: str, meetings: str
) -> None:
    """zsh falls back to file names (`_files`) when nothing is offered."""
    where = tmp_path / "minutes"
    if broken == "a file":
        where.write_text("x")
    elif broken == "no minutes in it":
        where.mkdir()
        (where / "2026-11-23-weekly.toml").write_bytes(b"\xff\xfe[[[ not toml")
    for env in ({"EMPTYCHAIR_MINUTES": str(where)}, {}):
        assert shell.bash(f"emptychair actions done --minutes {where} ", cwd=tmp_path, **env) == []
        assert (
            shell.zsh(f"emptychair minutes show --minutes {where} ", cwd=tmp_path, **env) == meetings + "\n"
        )
        assert shell.fish("emptychair actions --owner ", cwd=tmp_path, **env) == []


def test_a_damaged_database_is_rebuilt_and_tab_still_answers(
    shell: Shell, folder: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert shell.bash(f"emptychair actions done --minutes {folder} ", XDG_CACHE_HOME=str(cache)) == [
        "ch1aaa",
        "nw2ccc",
    ]
    for database in (cache / "emptychair").glob("*.sqlite3"):
        database.write_bytes(b"not a database" * 100)
    assert shell.bash(f"emptychair actions done --minutes {folder} ", XDG_CACHE_HOME=str(cache)) == [
        "ch1aaa",
        "nw2ccc",
    ]


@pytest.mark.parametrize("mode", [0o777, 0o700])
def test_a_fifo_at_tabs_mark_never_holds_tab(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    """Planted while the cache folder was open to others: Tab answers, and closing the folder
    removes it; a FIFO there in a private folder is not read either."""
    from emptychair.files.readmodel import database_path

    cache = tmp_path / "cache"
    env = shell_env(
        XDG_CACHE_HOME=str(cache),
        _EMPTYCHAIR_COMPLETE="complete_bash",
        COMP_WORDS=f"emptychair actions done --minutes {folder} ",
        COMP_CWORD="5",
    )
    (cache / "emptychair").mkdir(parents=True)
    os.chmod(cache / "emptychair", mode)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))  # where database_path looks
    mark = database_path(folder).with_suffix(".tab")
    os.mkfifo(mark)
    done = subprocess.run([str(EXE)], capture_output=True, text=True, env=env, timeout=20)
    assert (done.returncode, done.stdout.split(), done.stderr) == (0, ["ch1aaa", "nw2ccc"], "")
    assert (cache / "emptychair").stat().st_mode & 0o777 == 0o700
    if mode & 0o077:
        assert not mark.exists()


def test_without_a_cache_folder_tab_reads_the_files(shell: Shell, folder: Path, tmp_path: Path) -> None:
    (tmp_path / "not a folder").write_text("")
    cache = str(tmp_path / "not a folder")
    assert shell.bash(f"emptychair actions done --minutes {folder} ", XDG_CACHE_HOME=cache) == [
        "ch1aaa",
        "nw2ccc",
    ]


def test_hostile_text_is_shown_as_text_and_odd_values_are_not_offered(shell: Shell, tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    hostile = Action("ev1lll", "[/] [bold]x\x1b]0;owned\x07 $(reboot) `id` 'q' \"d\" a:b", "Eve")
    write(folder, meeting(0, chair_actions=(hostile, Action("sp2ace", "two words", "Anna de Vries"))))
    (folder / "2026-12-01 it's odd.toml").write_bytes((next(folder.glob("*.toml"))).read_bytes())
    said = shell.zsh(f"emptychair actions done --minutes {folder} ")
    assert "\x1b" not in said and "\x07" not in said
    assert '"ev1lll":"' in said and "␛" in said
    offered = shell.fish(f"emptychair actions done --minutes {folder} ")
    assert offered[0].startswith("ev1lll\t[/] [bold]x␛]0;owned␇ $(reboot)")
    assert shell.bash(f"emptychair minutes show --minutes {folder} 2026-12") == []  # the name has a quote
    assert "Anna\\ de\\ Vries" in shell.bash(f"emptychair actions reassign --minutes {folder} sp2ace A")
    assert "Anna de Vries\topen actions: 1" in shell.fish(
        f"emptychair actions reassign --minutes {folder} sp2ace A"
    )


# --- where things are -------------------------------------------------------------------------


def test_emptychair_minutes_comes_after_the_option_and_before_the_agenda(
    shell: Shell, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    shutil.copy(EXAMPLE, team / "agenda.toml")
    other = tmp_path / "other"
    write(other, meeting(5, chair_actions=(Action("ot5zzz", "Elsewhere", "Bram"),)))
    (team / "minutes").mkdir(exist_ok=True)  # what agenda.toml here names: no meetings
    monkeypatch.chdir(team)

    def ids(*args: str) -> str:
        result = invoke(["actions", "--json", *args])
        assert result.exit_code == 0, result.stderr
        return " ".join(sorted(a["id"] for a in json.loads(result.stdout)["actions"]))

    assert ids() == ""
    monkeypatch.setenv("EMPTYCHAIR_MINUTES", str(folder))
    assert ids() == "ch1aaa nw2ccc"
    assert ids("--minutes", str(other)) == "ot5zzz"
    monkeypatch.setenv("EMPTYCHAIR_MINUTES", "")
    assert ids() == ""
    assert shell.bash("emptychair actions done ", cwd=team, EMPTYCHAIR_MINUTES=str(other)) == ["ot5zzz"]


def test_emptychair_minutes_naming_no_folder_is_one_line(tmp_path: Path) -> None:
    done = run("actions", cwd=tmp_path, EMPTYCHAIR_MINUTES=str(tmp_path / "gone"))
    assert done.returncode == 2
    assert done.stderr == f"emptychair: EMPTYCHAIR_MINUTES names {tmp_path / 'gone'}, which is not a folder\n"


def test_cache_and_state_are_the_platform_folders(folder: Path, tmp_path: Path) -> None:
    """No XDG variable set: platformdirs' defaults under the home folder."""
    home = tmp_path / "home"
    env = {k: v for k, v in shell_env().items() if not k.startswith("XDG_")}
    done = subprocess.run(
        [str(EXE), "db", "--minutes", str(folder)],
        capture_output=True,
        text=True,
        env={**env, "HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).parent == home / ".cache" / "emptychair"
    probe = "from emptychair.files.folder import spare_folders; print(spare_folders()[0])"
    state = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**env, "HOME": str(home)}
    )
    assert Path(state.stdout.strip()) == home / ".local" / "state" / "emptychair" / "drafts"
