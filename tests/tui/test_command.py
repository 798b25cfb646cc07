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
