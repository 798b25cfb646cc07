"""Fixtures of the reliability suite: a finished example workspace, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from zhengbing.cli import main

Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="session")
def base_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with a drafted speech and summary and their .docx (built once)."""
    from zhengbing.compose.demo import run_demo

    target = tmp_path_factory.mktemp("base") / "示例工作区"
    result = run_demo(target)
    assert len(result.documents) == 2
    return result.root


@pytest.fixture
def ws(base_workspace: Path, tmp_path: Path) -> Path:
    """A private copy of the finished example workspace."""
    root = tmp_path / "工作区"
    shutil.copytree(base_workspace, root)
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run ``zhengbing ARGS`` in this process from *cwd*: (exit code, stdout, stderr)."""

    def run(args: list[str], cwd: Path) -> tuple[int, str, str]:
        capsys.readouterr()
        with monkeypatch.context() as m:
            m.chdir(cwd)
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse errors
                code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
