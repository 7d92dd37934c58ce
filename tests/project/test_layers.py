"""The house's layers (pyproject.toml, [tool.importlinter]) hold, and a wrong arrow or a
circle breaks them: the contracts run on the code as it is, then on a copy with one bad
import added."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=src,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(
        REPO / "src" / "broadsheet",
        tmp_path / "broadsheet",
        ignore=shutil.ignore_patterns("__pycache__", "static", "locale", "templates", "jinja2"),
    )
    return tmp_path


def add_import(copy: Path, module: str, line: str) -> None:
    path = copy / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_code_keeps_every_contract() -> None:
    result = lint(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        # The ground must know no domain app.
        ("broadsheet.pagecache.store", "import broadsheet.news.models"),
        # Content must not reach up into what lives around it.
        ("broadsheet.news.services", "import broadsheet.discussion.models"),
        # Apps around content never import each other.
        ("broadsheet.readership.selectors", "import broadsheet.search.models"),
        # An import hidden inside a function is an arrow all the same.
        ("broadsheet.core.paths", "def _hidden():\n    import broadsheet.public.views"),
    ],
)
def test_a_wrong_arrow_breaks_the_layers(copy: Path, module: str, line: str) -> None:
    add_import(copy, module, line)
    result = lint(copy)
    assert result.returncode != 0
    assert "Layers import only downward BROKEN" in result.stdout


def test_a_circle_inside_an_app_breaks_the_contract(copy: Path) -> None:
    # news.selectors reads news.models; models reading selectors back closes a circle.
    add_import(copy, "broadsheet.news.models", "import broadsheet.news.selectors")
    result = lint(copy)
    assert result.returncode != 0
    assert "No circle between the modules of an app BROKEN" in result.stdout
