"""The wheel installs into a fresh virtual environment outside the checkout and works there."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        cwd=work,
    )
    wheels = list(dist.glob("zhengbing-*.whl"))
    assert len(wheels) == 1
    env_dir = work / "env"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheels[0])],
        check=True,
        cwd=work,
    )
    return env_dir


def test_wheel_ships_package_data(installed: Path) -> None:
    wheel = next((installed.parent / "dist").glob("zhengbing-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "zhengbing/cli.py" in names
    assert "zhengbing/tui/__init__.py" in names
    assert any(n.startswith("zhengbing/corpus/policies/") and n.endswith(".md") for n in names)
    assert any(n.startswith("zhengbing/templates/") for n in names)
    assert "zhengbing/templates/reference.docx" in names


def _run(installed: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(installed / "bin" / "zhengbing"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_installed_help(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "征兵文稿工具箱" in result.stdout
    for command in ("render", "draft", "check", "search", "tui"):
        assert command in result.stdout


def test_installed_render(installed: Path, tmp_path: Path) -> None:
    example = next((ROOT / "templates" / "examples").glob("*动员讲话*.md"))
    draft = tmp_path / "讲话 草稿.md"
    draft.write_bytes(example.read_bytes())
    out = tmp_path / "成稿.docx"
    result = _run(installed, "render", str(draft), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    with zipfile.ZipFile(out) as zf:
        document = zf.read("word/document.xml").decode("utf-8")
    assert "同志们" in document


def test_wheel_has_every_module(installed: Path) -> None:
    wheel = next((installed.parent / "dist").glob("zhengbing-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "zhengbing/" + p.relative_to(ROOT / "src" / "zhengbing").as_posix()
        for p in (ROOT / "src" / "zhengbing").rglob("*.py")
    }
    expected |= {"zhengbing/tui/" + p.name for p in (ROOT / "tui").glob("*.py")}
    missing = sorted(expected - names)
    assert not missing, (
        f"modules missing from the wheel (add their package to pyproject.toml): {missing}"
    )
