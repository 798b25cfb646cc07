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


def test_help_screen(snap_compare, snapshot_app):
    """F1 lists every key in Chinese."""

    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=(120, 40), run_before=run_before)


def test_statistics_tab(snap_compare, snapshot_app):
    """F8 shows the example statistics with the derived figures."""

    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("f8")
        stats = pilot.app.query_one("#stats-table")
        await wait_until(pilot, lambda: stats.row_count > 0)
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=(120, 40), run_before=run_before)
