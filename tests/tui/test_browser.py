"""`zhengbing serve` in a real headless browser (Debian's Chromium driven by Playwright).

The page loads, the app connects, keys typed in the page reach the app (the draft is saved
with them), every request stays on 127.0.0.1, and a screenshot is taken. Without Chromium
the test is skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support import require_tool

from .conftest import make_workspace

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# a key press first: like a real keyboard (xterm.js takes text input after a key-down)
MARKER = "zb浏览器里写的字"


def _chromium() -> str:
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    require_tool("chromium")
    return CHROMIUM


class Served:
    def __init__(self, root: Path, home: Path, *extra: str) -> None:
        env = dict(os.environ)
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            env.setdefault(name, str(home / name.lower()))
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zhengbing", "serve", str(root), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.output = ""
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.output += line
            found = re.search(r"http://\S+", line)
            if found:
                self.url = found.group(0)
                return
        self.stop()
        raise AssertionError(f"zhengbing serve printed no address:\n{self.output}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local server
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_browser_session(tmp_path):
    executable = _chromium()
    try:
        from playwright import sync_api
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("playwright is not installed (pip install -e '.[test]')")
        pytest.skip("playwright is not installed")
    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "动员讲话.md"
    served = Served(ws.root, tmp_path)
    requests: list[str] = []
    try:
        assert served.url.startswith("http://127.0.0.1:")
        with sync_api.sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"),
                executable_path=executable,
                headless=True,
                args=FLAGS,
                viewport={"width": 1280, "height": 800},
            )
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(served.url)
            assert "征兵文稿工具箱" in page.title()
            # textual.js marks the page once the app's first screen arrived
            page.wait_for_selector("body.-first-byte", timeout=60_000)
            page.wait_for_timeout(4000)  # the editor opens the draft and takes the focus
            page.click("#terminal")
            # the app may still be starting on a busy machine: type and save until it lands
            deadline = time.monotonic() + 60
            while MARKER not in draft.read_text(encoding="utf-8"):
                if time.monotonic() > deadline:
                    page.screenshot(path=str(tmp_path / "failed.png"))
                    raise AssertionError(
                        f"keys typed in the page did not reach the app; see {tmp_path}"
                    )
                page.keyboard.type(MARKER)
                page.keyboard.press("Control+s")
                page.wait_for_timeout(3000)
            page.wait_for_timeout(1000)
            shot = tmp_path / "browser.png"
            page.screenshot(path=str(shot))
            target = os.environ.get("ZHENGBING_SCREENSHOT_DIR")
            if target:
                page.screenshot(path=str(Path(target) / "serve-browser.png"))
            context.close()
        assert shot.stat().st_size > 10_000
    finally:
        served.stop()
    assert requests, "the browser recorded no request"
    outside = [
        u
        for u in requests
        if u.split(":", 1)[0] in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname != "127.0.0.1"
    ]
    assert outside == [], f"requests left the machine: {outside}"


def test_token_is_required_on_every_request(tmp_path):
    ws = make_workspace(tmp_path / "工作区")
    served = Served(ws.root, tmp_path, "--new-token")
    try:
        found = re.search(r"\?token=(\S+)", served.output)
        assert found, served.output
        token = found.group(1)
        rest = "".join(served.proc.stdout.readline() for _ in range(3))
        assert "只显示这一次" in rest
        base = served.url.split("?", 1)[0]
        assert _status(base) == 403
        assert _status(base + "static/js/textual.js") == 403
        assert _status(base + "?token=wrong") == 403
        assert _status(f"{base}?token={token}") == 200
        assert _status(f"{base}static/js/textual.js?token={token}") == 200
        # the workspace keeps a digest only: the token itself is printed once
        stored = (ws.root / ".zhengbing" / "serve-token.sha256").read_text(encoding="ascii")
        assert token not in stored
    finally:
        served.stop()


def test_page_loads_nothing_from_outside(tmp_path):
    ws = make_workspace(tmp_path / "工作区")
    served = Served(ws.root, tmp_path)
    try:
        with urllib.request.urlopen(served.url, timeout=10) as response:  # noqa: S310
            page = response.read().decode("utf-8")
    finally:
        served.stop()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), page
    assert "url(http" not in page and "@import" not in page


def test_other_address_needs_a_token(tmp_path, capsys):
    from zhengbing.cli import main

    ws = make_workspace(tmp_path / "工作区")
    code = main(["serve", str(ws.root), "--host", "0.0.0.0"])
    assert code == 2
    err = capsys.readouterr().err
    assert "需要访问令牌" in err and "--new-token" in err
