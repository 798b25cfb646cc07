"""Run the app headless on a workspace, type some text, then wait to be killed.

Used by test_recovery.py: the parent kills this process with SIGKILL once the recovery file
holds the typed text, which is what a crash or a closed terminal does to the real app.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from zhengbing.tui.app import make_app

from zhengbing.workspace import find_workspace


async def main(root: Path, text: str) -> None:
    from tui.conftest import type_text  # tests/ is on PYTHONPATH

    app = make_app(find_workspace(root), warm_up=False, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.ready_for_typing:
            await pilot.pause(0.05)
        editor = app.editor
        last = editor.document.line_count - 1
        editor.move_cursor((last, len(editor.document.get_line(last))))
        await type_text(pilot, text)
        print("TYPED", flush=True)
        await asyncio.sleep(600)  # keep running (and autosaving) until killed


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2]))
