"""Fixtures for the terminal UI tests: a copy of the example workspace and the app on it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zhengbing.resources import templates_dir
from zhengbing.workspace import Workspace, find_workspace

EXAMPLE = templates_dir() / "examples" / "workspace"

SPEECH = """\
---
标题: 在2026年征兵工作动员会上的讲话
文种: 讲话
单位: 云岭镇
讲话人: 王建国
职务: 镇党委副书记、镇长
日期: 2026-03-02
---

# 在2026年征兵工作动员会上的讲话

同志们：

今天召开全镇征兵工作动员会，主要任务是部署今年征兵工作。

## 一、提高政治站位

**一是**征兵工作是国家的一项重要工作。依法服兵役是公民的光荣义务。

## 二、突出工作重点

### （一）抓好宣传发动

宣传发动要早、要实、要广。

### （二）严把征集质量

体检和政治考核要严格依法进行。
"""


def make_workspace(root: Path, *, with_draft: bool = True) -> Workspace:
    """A copy of the bundled example workspace at *root* (plus one fixed draft)."""
    shutil.copytree(EXAMPLE, root)
    for sub in ("草稿", "成稿", "资料", "统计"):
        (root / sub).mkdir(exist_ok=True)
    if with_draft:
        (root / "草稿" / "动员讲话.md").write_text(SPEECH, encoding="utf-8")
    ws = find_workspace(root)
    assert ws is not None
    return ws


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "工作区")


@pytest.fixture
def app_factory() -> Callable[..., Any]:
    """``app_factory(workspace, **options)`` → the app with no cursor blink and no index warm-up."""
    from zhengbing.tui.app import make_app

    def factory(ws: Workspace | None, **options: Any) -> Any:
        options.setdefault("cursor_blink", False)
        options.setdefault("warm_up", False)
        return make_app(ws, **options)

    return factory


async def wait_until(pilot: Any, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Let the app run until *predicate* holds (workers finish, timers fire)."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            app = pilot.app
            shown = app.screen
            details = " ".join(str(w.render()) for w in shown.query(".dialog-message"))
            notes = [n.message for n in app._notifications]
            raise AssertionError(
                f"timed out after {timeout} s; screen {type(shown).__name__} {details!r}; "
                f"notifications {notes!r}"
            )
        await pilot.pause(0.05)


def missing_parts(*parts: tuple[str, str]) -> list[str]:
    """The (module, function) pairs another part of the toolkit does not provide yet."""
    from zhengbing.features import available

    return [f"{m}.{n}" for m, n in parts if not available(m, n)]


async def type_text(pilot: Any, text: str) -> None:
    """Type *text* key by key, as a terminal sends it.

    ``Pilot.press`` drops full-width punctuation (，。：) because it cannot map their key
    names back to characters; those keys are sent with their character here.
    """
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for ch in text:
        if ch == "\n":
            await pilot.press("enter")
            continue
        if ch.isalnum() or ch.isascii():
            await pilot.press(ch)
            continue
        event = events.Key(_character_to_key(ch), ch)
        event.set_sender(app)
        app._driver.send_message(event)
        await pilot.pause()
