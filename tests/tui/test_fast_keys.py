"""Keys typed right after Tab, before the app has caught up, go to the field Tab moved to."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from zhengbing.tui.dialogs import WorkspaceDialog

from tui.conftest import wait_until

FIELDS = ("unit", "level", "province")


def burst(app: Any, keys: str) -> None:
    """Queue *keys* at once, the way a terminal delivers fast typing (no pause between keys)."""
    for ch in keys:
        if ch == "\t":
            event = events.Key("tab", "\t")
        elif ch == "\x19":
            event = events.Key("shift+tab", None)
        else:
            event = events.Key(_character_to_key(ch), ch)
        event.set_sender(app)
        app._driver.send_message(event)


def test_fast_typing_after_tab_lands_in_the_next_field(tmp_path: Path, app_factory: Any) -> None:
    folder = tmp_path / "新单位"
    folder.mkdir()

    async def scenario() -> None:
        app = app_factory(None, offer_folder=folder)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, WorkspaceDialog))
            await wait_until(pilot, lambda: app.screen.query_one("#ws-unit").has_focus)
            await pilot.pause(0.2)
            burst(app, "青山镇\t镇\t浙江省\x19\x19")
            await wait_until(pilot, lambda: app.screen.query_one("#ws-unit").has_focus)
            await pilot.pause(0.2)
            values = {k: app.screen.query_one(f"#ws-{k}").value for k in FIELDS}
            assert values == {"unit": "青山镇", "level": "镇", "province": "浙江省"}

    asyncio.run(scenario())
