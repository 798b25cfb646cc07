"""Crash recovery: text typed but never saved survives a killed process and is restored."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from zhengbing.tui.dialogs import ChoiceDialog

from .conftest import SPEECH, make_workspace, type_text, wait_until

TYPED = "\n这是崩溃前输入、还没有保存的一段话。"
CHILD = Path(__file__).with_name("_typing_child.py")


def _recovery_files(root: Path) -> list[Path]:
    folder = root / ".zhengbing" / "recovery"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_killed_app_offers_restore_and_text_comes_back(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "动员讲话.md"
    env = dict(
        os.environ, PYTHONPATH=str(CHILD.parent.parent)
    )  # tests/: the child imports tui.conftest
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(ws.root), TYPED],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "TYPED", child.stderr.read()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            files = _recovery_files(ws.root)
            if files and json.loads(files[0].read_text(encoding="utf-8"))["text"].endswith(TYPED):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the typed text did not reach the recovery file within 20 s")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert draft.read_text(encoding="utf-8") == SPEECH  # nothing was saved

    asyncio.run(_restore(ws, draft, app_factory))


async def _restore(ws, draft, app_factory) -> None:
    app = app_factory(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "动员讲话.md" in str(app.screen._message)
        await pilot.click("#choice-restore")
        await pilot.pause()
        assert app.editor.text == SPEECH + TYPED
        assert app.dirty and app.session.path == draft.resolve()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert draft.read_text(encoding="utf-8") == SPEECH + TYPED
        assert _recovery_files(ws.root) == []
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


def test_quit_without_saving_asks_and_discards_only_when_told(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "动员讲话.md"

    async def scenario() -> None:
        app = app_factory(ws, autosave_interval=0.1)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await type_text(pilot, "甲乙")
            await wait_until(pilot, lambda: bool(_recovery_files(ws.root)))
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.click("#choice-cancel")  # stay
            await pilot.pause()
            assert app.is_running and app.editor.text.startswith("甲乙")
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.click("#choice-discard")
            await pilot.pause()
        assert app.return_code == 0
        assert draft.read_text(encoding="utf-8") == SPEECH
        assert _recovery_files(ws.root) == []  # the user chose not to keep it

        app = app_factory(ws)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            assert not isinstance(app.screen, ChoiceDialog)  # nothing to restore
            await type_text(pilot, "丙")
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.click("#choice-save")
            await pilot.pause()
        assert draft.read_text(encoding="utf-8") == "丙" + SPEECH

    asyncio.run(scenario())


def test_leaving_the_app_any_other_way_keeps_the_text(tmp_path, app_factory):
    """An exit that skips the question (signal, error) still leaves a recovery file."""
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws, autosave_interval=60)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await type_text(pilot, "丁")
            app.exit(129)  # what the SIGHUP handler of `zhengbing tui` does
            await pilot.pause()
        (file,) = _recovery_files(ws.root)
        assert file.name.startswith("动员讲话-")
        assert json.loads(file.read_text(encoding="utf-8"))["text"] == "丁" + SPEECH

    asyncio.run(scenario())


def test_deferred_recovery_is_offered_when_that_draft_is_opened(tmp_path, app_factory):
    from zhengbing.session import EditingSession

    ws = make_workspace(tmp_path / "工作区")
    other = ws.drafts_dir / "总结.md"
    other.write_text("# 总结\n", encoding="utf-8")
    sess = EditingSession(ws)
    sess.open(other)
    sess.write_recovery("# 总结\n没保存的一句。\n")

    async def scenario() -> None:
        app = app_factory(ws, open_path=ws.drafts_dir / "动员讲话.md")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.click("#choice-later")
            await pilot.pause()
            assert app.editor.text == SPEECH
            app.open_draft_checked(other)
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.pause()
            await pilot.click("#choice-restore")
            await pilot.pause()
            assert app.session.path == other.resolve()
            assert app.editor.text == "# 总结\n没保存的一句。\n"

    asyncio.run(scenario())
