"""Chinese line breaking (禁则) and the End key on wrapped rows."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from zhengbing.tui.editor import NO_LINE_END, NO_LINE_START, wrap_offsets

from .conftest import make_workspace, type_text, wait_until

QUOTE = (
    "> 《中华人民共和国兵役法》第二十条：年满十八周岁的男性公民，应当被征集服现役；"
    "当年未被征集的，在二十二周岁以前仍可以被征集。"
)


def _rows(text: str, width: int) -> list[str]:
    cuts = wrap_offsets(text, width, 4)
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def test_quotation_marker_stays_with_its_text():
    rows = _rows(QUOTE, 30)
    assert rows[0].startswith("> 《中华")  # not “>” alone on a row
    assert "".join(rows) == QUOTE


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="征兵工作，。、；：（）《》“”abc 12", min_size=1, max_size=120),
    st.integers(min_value=6, max_value=60),
)
def test_rows_fit_and_respect_kinsoku(text, width):
    if not any(ord(c) >= 0x2E80 for c in text):
        return
    rows = _rows(text, width)
    assert "".join(rows) == text
    for row in rows:
        assert cell_len(row.rstrip(" ")) <= width + 2  # kinsoku may carry one wide char
    marks = NO_LINE_START | NO_LINE_END | {" "}
    if any(a in marks and b in marks for a, b in zip(text, text[1:], strict=False)):
        return  # runs of punctuation: some row must start or end with one
    for i, row in enumerate(rows):
        if i > 0 and len(rows[i - 1]) > 2:
            assert row[0] not in NO_LINE_START or rows[i - 1][-2:].strip() == ""
        if i < len(rows) - 1 and len(row) > 2:
            assert row[-1] not in NO_LINE_END


def test_end_on_a_wrapped_row_goes_after_its_last_character(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            app.action_toggle_panes()
            editor = app.editor
            last = editor.document.line_count - 1
            editor.insert("\n" + QUOTE, (last, len(editor.document[last])))
            row = editor.document.line_count - 1
            editor.move_cursor((row, 0))
            await pilot.pause()
            offsets = editor.wrapped_document.get_offsets(row)
            assert offsets, "the quotation should wrap at 80 columns"
            await pilot.press("end")
            assert editor.cursor_location == (row, offsets[0])
            await type_text(pilot, "甲")
            line = editor.document[row]
            assert line[offsets[0]] == "甲" and line[: offsets[0]] == QUOTE[: offsets[0]]

    asyncio.run(scenario())


def test_undo_after_recovery_goes_back_to_the_saved_text(tmp_path, app_factory):
    from zhengbing.tui.dialogs import ChoiceDialog

    from zhengbing.session import EditingSession

    from .conftest import SPEECH

    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "动员讲话.md"
    earlier = EditingSession(ws)
    earlier.open(draft)
    assert earlier.write_recovery(SPEECH + "恢复的字") is not None
    earlier.close()

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.click("#choice-restore")
            await pilot.pause()
            assert app.editor.text == SPEECH + "恢复的字" and app.dirty
            app.editor.focus()
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert app.editor.text == SPEECH and not app.dirty
            await pilot.press("ctrl+y")
            await pilot.pause()
            assert app.editor.text == SPEECH + "恢复的字"

    asyncio.run(scenario())


def test_help_lists_every_key():
    from zhengbing.tui.app import ZhengbingApp
    from zhengbing.tui.dialogs import KEYS

    listed = " ".join(k for k, _ in KEYS).lower()
    for binding in ZhengbingApp.BINDINGS:
        assert binding.key in listed, binding.key
    for key in ("f6", "f7", "end", "home"):
        assert key in listed


def test_derived_figures_are_whole_at_80x24(tmp_path, app_factory):
    from textual.widgets import DataTable

    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await pilot.press("f8")
            derived = app.query_one("#stats-derived", DataTable)
            await wait_until(pilot, lambda: derived.row_count > 0)
            await pilot.pause()
            total = sum(c.get_render_width(derived) for c in derived.ordered_columns)
            assert total <= derived.scrollable_content_region.width  # nothing off to the right
            width = derived.ordered_columns[1].get_render_width(derived) - 2
            for row in derived.ordered_rows:
                value = str(derived.get_row(row.key)[1])
                assert derived.rows[row.key].height * width >= cell_len(value), value

    asyncio.run(scenario())
