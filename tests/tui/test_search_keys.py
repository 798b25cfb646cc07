"""Search → cite from the keyboard: ↓/↑ from the box, the choice visible, the full article
previewed, Enter inserts it; samples are previewed but never inserted."""

from __future__ import annotations

import asyncio

from zhengbing.tui.panels import SearchPanel

from .conftest import make_workspace, type_text, wait_until

QUERY = "征集 年龄"


def test_arrows_choose_preview_and_insert(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            before = app.editor.text
            await pilot.press("ctrl+f")
            panel = app.query_one(SearchPanel)
            await type_text(pilot, QUERY)
            await wait_until(pilot, lambda: panel.shown_query == QUERY, timeout=120)
            hits = panel._hits
            assert len(hits) >= 2
            await pilot.press("down")
            assert panel.input.has_focus  # typing stays in the box
            assert panel.results.highlighted == 0
            await pilot.press("down", "down", "up")
            assert panel.results.highlighted == 1
            preview = str(panel.query_one("#search-preview").render())
            hit = hits[1]
            body = " ".join(str(hit.get("text") or "").split())
            assert body[-10:] in " ".join(preview.split())  # the whole article, not a snippet
            from zhengbing.search import citable

            policy = next(i for i, h in enumerate(hits) if citable(h))
            panel.results.highlighted = policy
            await pilot.press("enter")
            await pilot.pause()
            assert app.editor.has_focus
            inserted = app.editor.text
            assert (
                inserted != before and f"《{hits[policy]['doc_title'].strip('《》')}》" in inserted
            )
            samples = [i for i, h in enumerate(hits) if not citable(h)]
            if samples:
                await pilot.press("ctrl+f")
                panel.results.highlighted = samples[0]
                assert "不能作为引文插入" in str(panel.query_one("#search-preview").render())
                await pilot.press("enter")
                await pilot.pause()
                assert app.editor.text == inserted

    asyncio.run(scenario())
