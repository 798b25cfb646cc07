"""Snapshots of the main screens with fixed data (review the SVG report before updating).

Update after a deliberate change of the layout with: pytest tests/tui --snapshot-update
"""

from __future__ import annotations

import pytest

from .conftest import make_workspace, wait_until


@pytest.fixture
def snapshot_app(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")
    return app_factory(ws, autosave_interval=3600)


async def _ready(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.ready_for_typing)
    await pilot.pause()


def test_main_screen_wide(snap_compare, snapshot_app):
    """120×40: drafts and outline left, the editor, search tab right; status line with the file."""
    assert snap_compare(snapshot_app, terminal_size=(120, 40), run_before=_ready)


def test_main_screen_80x24(snap_compare, snapshot_app):
    """The smallest supported terminal: narrow side panes, every area still visible."""
    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=_ready)


async def _help(pilot) -> None:
    await _ready(pilot)
    await pilot.press("f1")
    await pilot.pause()


def test_help_screen(snap_compare, snapshot_app):
    """F1 lists every key in Chinese."""
    assert snap_compare(snapshot_app, terminal_size=(120, 40), run_before=_help)


def test_help_screen_80x24(snap_compare, snapshot_app):
    """F1 at 80×24: the keys scroll inside the dialog, descriptions wrap in their column."""
    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=_help)


def test_statistics_tab(snap_compare, snapshot_app):
    """F8 shows the example statistics with the derived figures."""

    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("f8")
        stats = pilot.app.query_one("#stats-table")
        await wait_until(pilot, lambda: stats.row_count > 0)
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_export_warning(snap_compare, snapshot_app, size):
    """Ctrl+E on an edited draft: what is wrong, save-and-export, the absolute path."""

    async def run_before(pilot) -> None:
        from pathlib import Path

        from zhengbing.tui.dialogs import ChoiceDialog

        await _ready(pilot)
        app = pilot.app
        # a fixed path on screen (the real one is under a temporary folder)
        app.session.export_path = lambda: Path("/工作区/成稿/动员讲话.docx")
        app.editor.insert("【请填写：报名人数】", app.editor.document.end)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_text_first_and_figure_source(snap_compare, tmp_path, app_factory, size):
    """A composed draft opens on its text; the figure under the cursor names its source."""
    from .test_session import COMPOSED

    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "年度总结.md"
    draft.write_text(COMPOSED, encoding="utf-8")
    app = app_factory(ws, open_path=draft, autosave_interval=3600)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        editor = pilot.app.editor
        row = next(i for i, line in enumerate(editor.text.splitlines()) if "任务数28名" in line)
        editor.move_cursor((row, editor.document[row].index("28名") + 1))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
