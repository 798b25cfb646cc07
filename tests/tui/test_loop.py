"""The whole editing loop through the UI, checked with what the library can see afterwards.

new draft (outline + example statistics) → edit a paragraph → search and insert a 兵役法
article → save (backup) → check and jump to a finding → export .docx → reopen the .docx.
"""

from __future__ import annotations

import asyncio

from textual.widgets import OptionList, TabbedContent
from zhengbing.tui.dialogs import ChoiceDialog, NewDraftDialog
from zhengbing.tui.panels import CheckPanel, SearchPanel

from zhengbing.draft import Paragraph, parse_draft

from .conftest import make_workspace, missing_parts, type_text, wait_until

NEEDED = (
    ("zhengbing.compose", "compose"),
    ("zhengbing.outlines", "list_outlines"),
    ("zhengbing.search", "search"),
    ("zhengbing.check", "check_text"),
    ("zhengbing.writer", "render_draft"),
    ("zhengbing.docxprops", "check_docx"),
)

ADDED = "各村社区要压实责任，请某某同志牵头抓好落实。"
QUERY = "征集年龄 放宽"


def _docx_text(path) -> str:
    import docx

    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def test_whole_loop(tmp_path, app_factory):
    asyncio.run(_whole_loop(tmp_path, app_factory))


async def _whole_loop(tmp_path, app_factory):
    missing = missing_parts(*NEEDED)
    assert not missing, f"library parts the TUI calls are missing: {', '.join(missing)}"
    from zhengbing.docxprops import check_docx

    ws = make_workspace(tmp_path / "工作区", with_draft=False)
    app = app_factory(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.ready_for_typing)
        assert app.session.path is None  # no drafts yet: an untitled buffer

        # 1. new draft from an outline and the example statistics
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewDraftDialog))
        dialog = app.screen
        outline = dialog.query_one("#nd-outline")
        assert outline.value is not None or len(outline._options) > 1
        stats = dialog.query_one("#nd-stats")
        assert str(stats.value).endswith("征兵统计2026.xlsx")  # the profile's default statistics
        await pilot.click("#ok")
        await wait_until(pilot, lambda: app.session.path is not None, timeout=60)
        draft_path = app.session.path
        assert draft_path.parent == ws.drafts_dir
        created = draft_path.read_text(encoding="utf-8")
        assert app.editor.text == created
        meta = parse_draft(created).meta
        assert meta.unit == "云岭镇" and meta.kind == "讲话"  # the profile went in
        assert str(meta.extra["stats"]).endswith("征兵统计2026.xlsx")  # and the statistics
        assert not app.dirty

        # 2. edit a paragraph: append a sentence to the first body paragraph
        lines = app.editor.text.splitlines()
        # the first one-line body paragraph that ends a sentence
        row = next(
            b.line - 1
            for b in parse_draft(created).blocks
            if isinstance(b, Paragraph)
            and not b.quote
            and lines[b.line - 1].rstrip().endswith("。")
            and (b.line == len(lines) or not lines[b.line].strip())
        )
        app.editor.move_cursor((row, len(lines[row])))
        await type_text(pilot, ADDED)
        assert app.editor.document.get_line(row).endswith(ADDED)
        assert app.dirty

        # 3. search and insert a 兵役法 article at the cursor
        await pilot.press("ctrl+f")
        panel = app.query_one(SearchPanel)
        assert panel.input.has_focus
        await type_text(pilot, QUERY)
        await wait_until(pilot, lambda: panel.shown_query == QUERY, timeout=120)
        hits = panel._hits
        index = next(
            i
            for i, h in enumerate(hits)
            if "兵役法" in h["doc_title"] and h["article"] == "第二十条"
        )
        results = panel.results
        results.focus()
        results.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.has_focus
        text = app.editor.text
        quote = "> 《中华人民共和国兵役法》第二十条：年满十八周岁的男性公民"
        assert quote in text
        quote_row = next(i for i, line in enumerate(text.splitlines()) if line.startswith(quote))
        assert quote_row == row + 2  # its own paragraph right after the edited one

        # 4. save: the composed version is kept as a backup
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert draft_path.read_text(encoding="utf-8") == text
        backups = [p for p in ws.drafts_dir.iterdir() if "备份" in p.name]
        assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == created
        assert not app.dirty

        # 5. check (F5) and jump to the placeholder finding
        app.editor.move_cursor((0, 0))
        check = app.query_one(CheckPanel)
        runs = check.runs
        await pilot.press("f5")
        assert app.query_one(TabbedContent).active == "tab-check"
        await wait_until(pilot, lambda: check.runs > runs, timeout=60)
        findings = check._findings
        target = next(i for i, f in enumerate(findings) if f.rule == "placeholder")
        assert findings[target].line == row + 1
        options = check.query_one("#check-results", OptionList)
        options.focus()
        options.highlighted = target
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.has_focus
        cursor_row, cursor_col = app.editor.cursor_location
        assert cursor_row == row
        assert app.editor.document.get_line(row)[cursor_col : cursor_col + 2] == "某某"

        # fix it where the cursor is, check again: the finding is gone
        await pilot.press("delete", "delete")
        await type_text(pilot, "李强")
        assert "请李强同志牵头" in app.editor.document.get_line(row)
        runs = check.runs
        await pilot.press("f5")
        await wait_until(pilot, lambda: check.runs > runs, timeout=60)
        assert not [f for f in check._findings if f.rule == "placeholder"]
        await pilot.press("ctrl+s")
        await pilot.pause()

        # 6. export (Ctrl+E) and read the .docx back
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: app.last_export is not None, timeout=60)
        out = app.last_export
        assert out == ws.output_dir / f"{draft_path.stem}.docx"
        body = _docx_text(out)
        assert ADDED.replace("某某", "李强") in body
        assert "年满十八周岁的男性公民，应当被征集服现役" in body
        assert check_docx(out) == []

        # 7. export again: asks before overwriting, keeps a backup
        app.last_export = None
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.click("#choice-yes")
        await wait_until(pilot, lambda: app.last_export is not None, timeout=60)
        assert any("备份" in p.name for p in ws.output_dir.iterdir())

        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not (ws.root / ".zhengbing" / "recovery").exists() or not any(
        (ws.root / ".zhengbing" / "recovery").iterdir()
    )
