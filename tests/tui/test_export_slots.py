"""Exporting a draft that still carries 【请填写：…】 slots asks first and names how many."""

from __future__ import annotations

import asyncio

from zhengbing.tui.dialogs import ChoiceDialog

from .conftest import make_workspace, wait_until


def test_export_with_slots_asks_first(tmp_path, app_factory) -> None:
    asyncio.run(_export_with_slots(tmp_path, app_factory))


async def _export_with_slots(tmp_path, app_factory) -> None:
    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "动员讲话.md"
    text = draft.read_text(encoding="utf-8").rstrip("\n")
    draft.write_text(
        text + "\n\n会议议程：【请填写：本讲话之前的议程】。监督电话已公布【待核实】。\n",
        encoding="utf-8",
    )
    app = app_factory(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.ready_for_typing)
        if app.session.path != draft:
            app.open_draft(draft)
            await wait_until(pilot, lambda: app.session.path == draft)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "2 处" in app.screen._message
        await pilot.click("#choice-cancel")
        await pilot.pause()
        assert app.last_export is None
        assert not any(ws.output_dir.glob("*.docx"))
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.click("#choice-yes")
        await wait_until(pilot, lambda: app.last_export is not None, timeout=60)
        assert app.last_export.is_file()
        await pilot.press("ctrl+q")
        await pilot.pause()
