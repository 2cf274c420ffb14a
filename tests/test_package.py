"""The wheel carries what the installed program reads: question sets, catalogues, starter agendas."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from emptychair.locale import LANGUAGES

from .conftest import ROOT


def test_the_wheel_holds_the_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("emptychair-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in LANGUAGES:
        assert f"emptychair/prompts/{lang}.toml" in names
        assert f"emptychair/locale/{lang}.toml" in names
        assert f"emptychair/starter/{lang}.toml" in names
        for template in ("one-on-one", "dilemma", "retro"):
            assert f"emptychair/starter/{template}/{lang}.toml" in names
    assert not any(name.startswith(("tests/", "emptychair/tests/")) for name in names)
