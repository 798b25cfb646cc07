"""Toasts and dialogs over the editor show every Chinese character.

The screen is cut into pieces at the edges of the widgets under an overlay (the editor's
border, the panes); a two-cell character of the overlay lying across such an edge must
still be drawn whole. The overlay text is shifted cell by cell so that each of its
characters lands on those edges in one of the runs.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.widget import Widget
from zhengbing.tui.dialogs import ChoiceDialog

from tui.conftest import make_workspace, wait_until

SHIFTS = ("", "一", "一二", "一二三")
SIZES = ((120, 40), (80, 24))


def shown_text(app: Any, widget: Widget) -> str:
    """The characters the screen shows inside *widget*, without blanks."""
    strips = app.screen._compositor.render_strips()
    x, y, width, height = widget.content_region
    rows = [strips[row].crop(x, x + width).text for row in range(y, y + height)]
    return "".join(rows).replace(" ", "")


@pytest.mark.parametrize("size", SIZES)
def test_toast_over_the_editor_border_keeps_every_character(tmp_path, app_factory, size) -> None:
    from textual.widgets._toast import Toast

    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=size, notifications=True) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            for shift in SHIFTS:
                message = f"{shift}已导出：成稿/青山镇2026年征兵工作总结.docx"
                app.notify(message, title="导出", timeout=60)
                await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
                await pilot.pause(0.2)
                toast = app.screen.query_one(Toast)
                assert toast.region.x < app.editor.region.right < toast.region.right
                assert message in shown_text(app, toast), shift
                app.clear_notifications()
                await wait_until(pilot, lambda: not app.screen.query(Toast))

    asyncio.run(scenario())


@pytest.mark.parametrize("size", SIZES)
def test_dialog_over_the_editor_keeps_every_character(tmp_path, app_factory, size) -> None:
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            for shift in SHIFTS:
                message = f"{shift}动员讲话.md有未保存的修改。是否保存后再退出？"
                dialog = ChoiceDialog("未保存的修改", message, [("yes", "保存"), ("no", "取消")])
                app.push_screen(dialog)
                await wait_until(pilot, lambda d=dialog: app.screen is d and d.is_mounted)
                await pilot.pause(0.2)
                body = dialog.query_one(".dialog-message", Widget)
                title = dialog.query_one(".dialog-title", Widget)
                assert message in shown_text(app, body), shift
                assert "未保存的修改" in shown_text(app, title), shift
                dialog.dismiss(None)
                await wait_until(pilot, lambda d=dialog: app.screen is not d)

    asyncio.run(scenario())


@pytest.mark.parametrize("size", SIZES)
def test_dropdown_over_the_form_keeps_every_character(tmp_path, app_factory, size) -> None:
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay
    from zhengbing.tui.dialogs import NewDraftDialog

    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await pilot.press("ctrl+n")
            await wait_until(pilot, lambda: isinstance(app.screen, NewDraftDialog))
            await pilot.pause(0.2)
            stats = app.screen.query_one("#nd-stats", Select)
            stats.focus()
            await pilot.pause()
            await pilot.press("enter")
            overlay = stats.query_one(SelectOverlay)
            await wait_until(pilot, lambda: overlay.display and overlay.region.height > 2)
            await pilot.pause(0.2)
            shown = shown_text(app, overlay)
            names = sorted(p.name for p in (ws.root / "统计").iterdir())
            assert names
            for text in ("（不使用统计数据）", *names):
                assert text in shown, (text, shown)

    asyncio.run(scenario())


class Terminal:
    """Just enough of a terminal to replay the app's output: cursor moves and characters.

    Writing over either half of a two-cell character wipes the whole character, as real
    terminals do.
    """

    def __init__(self, width: int, height: int) -> None:
        self.cells: list[list[str]] = [[" "] * width for _ in range(height)]
        self.x = self.y = 0

    def _put(self, ch: str) -> None:
        from rich.cells import cell_len

        row, width = self.cells[self.y], cell_len(ch)
        for x in range(self.x, min(self.x + width, len(row))):
            if row[x] == "" and x > 0:
                row[x - 1] = " "  # the left half of a wide character goes too
            elif x + 1 < len(row) and row[x + 1] == "":
                row[x + 1] = " "  # the right half of a wide character goes too
        if self.x < len(row):
            row[self.x] = ch
            if width == 2 and self.x + 1 < len(row):
                row[self.x + 1] = ""
        self.x += width

    def feed(self, data: str) -> None:
        import re

        for move, _sgr, text in re.findall(r"\x1b\[(\d+;\d+)H|(\x1b\[[0-9;:?]*[a-zA-Z])|(.)", data):
            if move:
                y, x = move.split(";")
                self.y, self.x = int(y) - 1, int(x) - 1
            elif text == "\n":
                self.y, self.x = self.y + 1, 0
            elif text:
                self._put(text)

    def text(self, region: Any) -> str:
        x, y, width, height = region
        return "".join("".join(self.cells[row][x : x + width]) for row in range(y, y + height))


def test_partial_updates_under_a_toast_keep_every_character(tmp_path, app_factory) -> None:
    """What a terminal shows after the widgets under a toast are redrawn on their own."""
    from rich.console import Console
    from textual.widgets._toast import Toast

    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            message = "一已导出：成稿/青山镇2026年征兵工作总结.docx"
            app.notify(message, title="导出", timeout=60)
            await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
            await pilot.pause(0.2)
            toast = app.screen.query_one(Toast)
            console = Console(width=120, height=40, force_terminal=True, color_system="truecolor")
            compositor = app.screen._compositor
            terminal = Terminal(120, 40)
            terminal.feed(compositor.render_update(full=True).render_segments(console))
            assert message in terminal.text(toast.content_region).replace(" ", "")
            for widget in (app.editor, app.query_one("#right"), app.query_one("#centre")):
                compositor._dirty_regions.add(widget.region)
                update = compositor.render_update()
                assert update is not None
                terminal.feed(update.render_segments(console))
                shown = terminal.text(toast.content_region).replace(" ", "")
                assert message in shown, (widget, shown)

    asyncio.run(scenario())


def test_partial_update_paints_all_of_its_region(tmp_path, app_factory) -> None:
    """An update of the pane under a toast draws the toast's part over that pane too."""
    from rich.console import Console
    from textual.widgets._toast import Toast

    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            app.notify("一已导出：成稿/青山镇2026年征兵工作总结.docx", title="导出", timeout=60)
            await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
            await pilot.pause(0.2)
            toast = app.screen.query_one(Toast)
            console = Console(width=120, height=40, force_terminal=True, color_system="truecolor")
            compositor = app.screen._compositor
            full = Terminal(120, 40)
            full.feed(compositor.render_update(full=True).render_segments(console))
            pane = app.query_one("#right").region
            partial = Terminal(120, 40)  # nothing on it yet
            compositor._dirty_regions.add(pane)
            update = compositor.render_update()
            assert update is not None
            partial.feed(update.render_segments(console))
            both = pane.intersection(toast.content_region)
            assert both.width > 10
            shown = partial.text(both)
            assert shown == full.text(both) and "征兵工作总结" in shown

    asyncio.run(scenario())
