"""Real-terminal smoke test: `zhengbing tui` in tmux at 100×30, search, read the screen, quit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from support import require_tool

from .conftest import make_workspace, missing_parts

QUERY = "征集年龄 放宽"


def _zhengbing() -> list[str]:
    exe = Path(sys.executable).with_name("zhengbing")
    if exe.is_file():
        return [str(exe)]
    return [sys.executable, "-m", "zhengbing"]


class Tmux:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def __call__(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "zb")

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"“{text}” did not appear within {timeout} s; screen:\n{screen}")


@pytest.fixture
def tmux():
    require_tool("tmux")
    t = Tmux(f"zb-test-{uuid.uuid4().hex[:8]}")
    yield t
    t("kill-server", check=False)


def test_search_in_a_real_terminal(tmp_path, tmux):
    assert not missing_parts(("zhengbing.search", "search"))
    ws = make_workspace(tmp_path / "工作区")
    done = tmp_path / "exit-code"
    command = " ".join(shlex.quote(a) for a in [*_zhengbing(), "tui", str(ws.root)])
    # wait until tmux has given the pane its 100×30 size (a fresh pane can report 80×24 for a
    # moment, and a program started in that moment lays itself out for 80×24)
    shell = (
        "until [ \"$(stty size)\" = '30 100' ]; do sleep 0.05; done; "
        f"{command}; echo $? > {shlex.quote(str(done))}; sleep 30"
    )
    env = {k: os.environ[k] for k in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    # a fixed 100×30 window: without clients tmux may otherwise fall back to its
    # default size (80×24) shortly after the session starts
    tmux(
        "-f", "/dev/null",
        "new-session", "-d", "-s", "zb", "-x", "100", "-y", "30",
        *[a for k, v in env.items() for a in ("-e", f"{k}={v}")],
        "-e", "LANG=C.UTF-8", "-e", "TERM=xterm-256color",
        shell, ";",
        "set-option", "-g", "default-size", "100x30", ";",
        "set-option", "-g", "window-size", "manual", ";",
        "resize-window", "-t", "zb", "-x", "100", "-y", "30",
    )  # fmt: skip
    tmux.wait_for("草稿/动员讲话.md")
    screen = tmux.wait_for("提高政治站位")  # the outline and the editor are drawn
    assert "检索" in screen and "预览" in screen

    tmux("send-keys", "-t", "zb", "C-f")
    tmux("send-keys", "-t", "zb", "-l", QUERY)
    screen = tmux.wait_for("第二十条", timeout=90)
    assert "兵役法" in screen

    tmux("send-keys", "-t", "zb", "C-q")
    deadline = time.monotonic() + 20
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert done.exists(), f"the app did not quit; screen:\n{tmux.screen()}"
    assert done.read_text().strip() == "0"
    assert shutil.which("tmux")
