"""The `zhengbing tui` command outside a terminal and with bad arguments: Chinese errors."""

from __future__ import annotations

import subprocess
import sys

from zhengbing.cli import main


def test_needs_a_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["tui", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "错误：终端界面需要在终端" in err


def test_missing_folder_is_named(tmp_path, capsys):
    code = main(["tui", str(tmp_path / "没有这个文件夹")])
    assert code == 2
    assert "找不到文件夹" in capsys.readouterr().err


def test_help_lists_the_keys():
    result = subprocess.run(
        [sys.executable, "-m", "zhengbing", "tui", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for key in ("Ctrl+S", "Ctrl+E", "F5", "Ctrl+F", "F1", "Ctrl+Q"):
        assert key in result.stdout


def test_resolve_target(tmp_path, monkeypatch):
    import pytest

    from zhengbing.commands.tui import resolve_target
    from zhengbing.errors import InputError

    from .conftest import make_workspace

    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "动员讲话.md"

    found, offer, open_path = resolve_target(str(draft))  # a draft: its workspace, that file
    assert found.root == ws.root and offer is None and open_path == draft.resolve()

    found, offer, open_path = resolve_target(str(ws.root))
    assert found.root == ws.root and offer is None and open_path is None

    plain = tmp_path / "普通文件夹"
    plain.mkdir()
    assert resolve_target(str(plain)) == (None, plain.resolve(), None)  # offer to create one

    monkeypatch.chdir(ws.drafts_dir)  # no argument: found upwards from here
    found, offer, _ = resolve_target(None)
    assert found.root == ws.root and offer is None

    with pytest.raises(InputError, match="找不到草稿文件"):
        resolve_target(str(ws.drafts_dir / "没有.md"))
