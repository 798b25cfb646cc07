"""F1 and Ctrl+N show dialogs built once, at rest after start-up, and each showing is fresh.

The help screen and the new-draft form are kept between showings (building them on the key
press took longer than the 150 ms a dialog may take); the form must still start from the
defaults each time and list the statistics files that are there now.
"""

from __future__ import annotations

import asyncio
import gc
import shutil

from textual.widgets import Select
from zhengbing.tui.dialogs import HelpScreen, NewDraftDialog

from .conftest import make_workspace, wait_until


def test_help_is_built_at_rest_and_shown_again(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.settled)
            help_screen = app.get_screen("help")
            assert isinstance(help_screen, HelpScreen)
            assert help_screen.is_running  # composed and mounted before any F1
            for _ in range(2):
                await pilot.press("f1")
                await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
                assert app.screen is help_screen
                text = "\n".join(s.text for s in app.screen._compositor.render_strips())
                assert "Ctrl+S" in text and "保存草稿" in text
                await pilot.press("escape")
                await wait_until(pilot, lambda: len(app.screen_stack) == 1)
            assert app.editor.has_focus
            await pilot.press("ctrl+s")  # the main screen's keys work again after the help

    asyncio.run(scenario())


def test_new_draft_form_starts_fresh_each_time(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")
    stats_dir = ws.root / "统计"
    existing = sorted(p for p in stats_dir.iterdir() if p.suffix in {".xlsx", ".csv"})
    assert existing

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.settled)
            await pilot.press("ctrl+n")
            await wait_until(pilot, lambda: isinstance(app.screen, NewDraftDialog))
            form = app.screen
            kind = form.query_one("#nd-kind", Select)
            first_kind = kind.value
            kind.value = "总结"
            await pilot.pause()
            assert kind.value == "总结"
            await pilot.press("escape")
            await wait_until(pilot, lambda: len(app.screen_stack) == 1)

            # a second statistics file appears while the form is closed
            shutil.copy(existing[0], stats_dir / ("新表" + existing[0].suffix))
            await pilot.press("ctrl+n")
            await wait_until(pilot, lambda: isinstance(app.screen, NewDraftDialog))
            assert app.screen is form  # the same form, shown again
            await pilot.pause()
            assert form.query_one("#nd-kind", Select).value == first_kind  # back to the default
            assert form.query_one("#nd-kind", Select).has_focus
            names = [str(prompt) for prompt, _ in form.query_one("#nd-stats", Select)._options]
            assert any(name.startswith("新表") for name in names), names
            await pilot.press("escape")
            await wait_until(pilot, lambda: len(app.screen_stack) == 1)

    asyncio.run(scenario())


def test_start_up_objects_are_frozen_while_running_and_released_after(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.settled)
            assert gc.get_freeze_count() > 10_000  # the widgets, styles and modules of the app

    asyncio.run(scenario())
    assert gc.get_freeze_count() == 0  # an app run from Python leaves nothing held
