"""`zhengbing tui` under a pseudo-terminal that goes away: the process always ends, promptly.

Quit (Ctrl+Q) and close the terminal at once, many times, as an SSH window closed right
after quitting does; close the terminal with unsaved text; send SIGTERM. Each time the
process must end within a few seconds, and unsaved text must be in the recovery file.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from .conftest import make_workspace

EXIT_WITHIN_S = 5.0
TRIES = 5
TYPED = "挂断前写的字"


class PtyApp:
    """`zhengbing tui` with a pty as its controlling terminal; the master side is ours."""

    def __init__(self, root: Path, home: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = dict(os.environ, TERM="xterm-256color")
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            env.setdefault(name, str(home / name.lower()))
        env.pop("COLUMNS", None)
        env.pop("LINES", None)

        def controlling_tty() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zhengbing", "tui", str(root)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            preexec_fn=controlling_tty,  # noqa: PLW1509 - the child needs the pty as its terminal
            env=env,
        )
        os.close(slave)
        self.master: int | None = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        # keep reading, as a terminal does: a full pty buffer would block the app's writes
        while self.master is not None:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while text.encode("utf-8") not in self.output:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(
                    f"“{text}” not shown; exit code {self.proc.poll()}; "
                    f"output tail {bytes(self.output[-400:])!r}"
                )
            time.sleep(0.05)

    def send(self, data: bytes) -> None:
        assert self.master is not None
        os.write(self.master, data)

    def close_terminal(self) -> None:
        master, self.master = self.master, None
        if master is not None:
            os.close(master)

    def ended_within(self, seconds: float) -> bool:
        try:
            self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            return False
        return True

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.close_terminal()


@pytest.fixture
def started(tmp_path):
    apps: list[PtyApp] = []
    ws = make_workspace(tmp_path / "工作区")

    def start() -> PtyApp:
        app = PtyApp(ws.root, tmp_path)
        apps.append(app)
        app.wait_for("已保存")  # the draft is open, the status line drawn
        return app

    start.workspace = ws  # type: ignore[attr-defined]
    yield start
    for app in apps:
        app.kill()


def _recovered(ws_root: Path) -> str:
    folder = ws_root / ".zhengbing" / "recovery"
    if not folder.is_dir():
        return ""
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.iterdir())


def test_quit_and_close_the_terminal_at_once(started):
    for _ in range(TRIES):
        app = started()
        app.send(b"\x11")  # Ctrl+Q
        app.close_terminal()
        assert app.ended_within(EXIT_WITHIN_S), "the app outlived its terminal"


def test_terminal_closed_while_editing_keeps_the_text(started):
    app = started()
    app.send(TYPED.encode("utf-8"))
    app.wait_for("已修改")
    app.close_terminal()
    assert app.ended_within(EXIT_WITHIN_S), "the app outlived its terminal"
    assert TYPED in _recovered(started.workspace.root)


def test_sigterm_keeps_the_text_and_ends_the_app(started):
    app = started()
    app.send(TYPED.encode("utf-8"))
    app.wait_for("已修改")
    app.proc.send_signal(signal.SIGTERM)
    assert app.ended_within(EXIT_WITHIN_S), "SIGTERM did not end the app"
    assert app.proc.returncode == 128 + signal.SIGTERM
    assert TYPED in _recovered(started.workspace.root)
