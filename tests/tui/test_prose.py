"""Status texts and dialog messages wrap like the editor: no row starts with 「，」 or 「；」."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console
from rich.text import Text
from zhengbing.tui.editor import NO_LINE_END, NO_LINE_START
from zhengbing.tui.prose import KinsokuText, Prose

from .conftest import make_workspace, wait_until

TEXTS = (
    "输入关键词即可检索法规条文；在结果上按回车，插入到光标处。",
    "体检完成：3 处错误，12 处警告，0 处提示。回车跳到该行。",
    "征兵统计2026.xlsx：12 个单位；列“女兵”未识别，已忽略；“上站人数”为空。",
    "错误：无法读取“草稿/[2025]总结.md”（不是 UTF-8 或 GB18030 编码），请另存为 UTF-8 后重试。",
)


def _rows(renderable: object, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text().rstrip("\n").split("\n")


def test_rows_never_start_with_closing_punctuation_nor_end_with_opening() -> None:
    for text in TEXTS:
        for width in range(8, 61):
            rows = _rows(KinsokuText(text), width)
            assert "".join(rows).replace(" ", "") == text.replace(" ", ""), (width, rows)
            for row in rows:
                assert row and row[0] not in NO_LINE_START, (text, width, rows)
                assert row.rstrip()[-1] not in NO_LINE_END, (text, width, rows)
                assert len(row.rstrip()) <= width


def test_styles_and_markup_like_brackets_survive() -> None:
    styled = Text("回车插入：", style="bold") + Text("第二十二条　征集的对象为男性青年。")
    rows = _rows(KinsokuText(styled), 12)
    assert "".join(rows) == styled.plain
    # a file name with brackets is text, not markup
    rows = _rows(KinsokuText(TEXTS[3]), 200)
    assert "[2025]" in rows[0]


def test_search_status_at_80x24_keeps_punctuation_on_its_row(tmp_path, app_factory) -> None:
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await pilot.press("ctrl+f")
            await pilot.pause()
            status = app.query_one("#search-status", Prose)
            assert str(status.render()) == TEXTS[0]
            region = status.content_region
            lines = app.screen._compositor.render_strips()
            rows = [
                lines[y].crop(region.x, region.right).text.strip()
                for y in range(region.y, region.bottom)
            ]
            assert len(rows) >= 2  # the pane is narrow: the text wraps
            assert all(row and row[0] not in NO_LINE_START for row in rows), rows

    asyncio.run(scenario())
