"""Concurrency: searches during an index rebuild, imports while the index is locked.

The index lock's wait is shortened with ``ZHENGBING_LOCK_TIMEOUT`` (seconds, default 60).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .util import run_cli

FAST_LOCK = {"ZHENGBING_LOCK_TIMEOUT": "1"}


def _popen(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    import os

    full = dict(os.environ)
    full.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "zhengbing", *args],
        cwd=cwd,
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _docs(folder: Path, prefix: str, count: int, *, same_title: bool = False) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        title = "征兵工作讲话" if same_title else f"{prefix}讲话第{i + 1}号"
        path = folder / f"{prefix}{i + 1}.md"
        path.write_text(
            f"# {title}\n\n标记词{prefix}{i + 1}号，全镇适龄青年踊跃报名应征，"
            + "我们坚持把政治标准放在首位。" * 10
            + "\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _search_json(ws: Path, query: str) -> list[dict[str, object]]:
    proc = run_cli(["search", query, "--workspace", str(ws), "--json", "--limit", "50"], ws)
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout))


def _warm(ws: Path) -> None:
    proc = run_cli(["search", "兵役登记", "--workspace", str(ws)], ws)
    assert proc.returncode == 0, proc.stderr


def test_searches_during_rebuild(ws: Path) -> None:
    _warm(ws)
    rebuild = _popen(["corpus", "rebuild", "--workspace", str(ws)], ws)
    results: list[tuple[int, str, str]] = []
    deadline = time.monotonic() + 60
    # keep two searches running side by side for as long as the rebuild runs
    while rebuild.poll() is None and time.monotonic() < deadline:
        pair = [
            _popen(["search", q, "--workspace", str(ws), "--json"], ws, FAST_LOCK)
            for q in ("大学生 学费补偿", "兵役登记")
        ]
        for proc in pair:
            out, err = proc.communicate(timeout=60)
            results.append((proc.returncode, out, err))
    out, err = rebuild.communicate(timeout=60)
    assert rebuild.returncode == 0, err
    assert len(results) >= 2
    for code, out, err in results:
        assert "Traceback" not in err, err
        assert code in (0, 4), err
        if code == 0:
            assert json.loads(out), "a search during the rebuild found nothing"
        else:
            assert "正被另一个" in err
    assert sum(1 for code, _, _ in results if code == 0) >= 1
    # afterwards the index is whole
    assert _search_json(ws, "兵役登记")


def test_rebuild_while_locked_is_busy(ws: Path) -> None:
    from zhengbing.index import LOCK, index_location
    from zhengbing.index.lock import WriterLock
    from zhengbing.workspace import find_workspace

    _warm(ws)
    scope = index_location(find_workspace(ws))
    with WriterLock(scope / LOCK, timeout=5):
        start = time.monotonic()
        proc = run_cli(["corpus", "rebuild", "--workspace", str(ws)], ws, env=FAST_LOCK)
        waited = time.monotonic() - start
    assert proc.returncode == 4, proc.stderr
    assert "正被另一个 zhengbing 进程更新" in proc.stderr and "Traceback" not in proc.stderr
    assert waited < 30
    # once the lock is free the same command works
    proc = run_cli(["corpus", "rebuild", "--workspace", str(ws)], ws)
    assert proc.returncode == 0, proc.stderr


def test_import_while_index_locked_loses_nothing(ws: Path, tmp_path: Path) -> None:
    from zhengbing.index import LOCK, index_location
    from zhengbing.index.lock import WriterLock
    from zhengbing.workspace import find_workspace

    _warm(ws)
    docs = _docs(tmp_path / "档案", "锁时", 3)
    scope = index_location(find_workspace(ws))
    with WriterLock(scope / LOCK, timeout=5):
        proc = run_cli(
            ["corpus", "add", *map(str, docs), "--workspace", str(ws)], ws, env=FAST_LOCK
        )
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 4), proc.stderr
    assert "索引" in proc.stderr  # told that the index is busy and will catch up
    assert len(list((ws / "资料").glob("*.md"))) == 3  # the files themselves are imported
    # the next search brings the index up to date: nothing was lost
    for i in range(1, 4):
        hits = _search_json(ws, f"标记词锁时{i}号")
        assert any(f"锁时{i}号" in str(h["text"]) for h in hits), i


def test_imports_while_rebuilding(ws: Path, tmp_path: Path) -> None:
    _warm(ws)
    docs = _docs(tmp_path / "档案", "并发", 4)
    rebuild = _popen(["corpus", "rebuild", "--workspace", str(ws)], ws)
    time.sleep(0.3)
    add = _popen(["corpus", "add", *map(str, docs), "--workspace", str(ws)], ws)
    out, err = add.communicate(timeout=120)
    r_out, r_err = rebuild.communicate(timeout=120)
    assert rebuild.returncode == 0, r_err
    assert add.returncode in (0, 4), err
    assert "Traceback" not in err + r_err
    assert len(list((ws / "资料").glob("*.md"))) == 4
    for i in range(1, 5):
        hits = _search_json(ws, f"标记词并发{i}号")
        assert any(f"并发{i}号" in str(h["text"]) for h in hits), i


@pytest.mark.parametrize("same_title", [False, True], ids=["different-titles", "same-titles"])
def test_two_imports_at_once(ws: Path, tmp_path: Path, same_title: bool) -> None:
    _warm(ws)
    first = _docs(tmp_path / "甲", "甲", 5, same_title=same_title)
    second = _docs(tmp_path / "乙", "乙", 5, same_title=same_title)
    procs = [
        _popen(["corpus", "add", *map(str, batch), "--workspace", str(ws)], ws)
        for batch in (first, second)
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert "Traceback" not in err, err
        assert proc.returncode in (0, 4), err
    files = sorted((ws / "资料").glob("*.md"))
    contents = "\n".join(f.read_text(encoding="utf-8") for f in files)
    # no import overwrote another: all ten documents are there
    for prefix in ("甲", "乙"):
        for i in range(1, 6):
            assert f"标记词{prefix}{i}号" in contents, (prefix, i, [f.name for f in files])
    assert len(files) == 10
    ids = set()
    for f in files:
        head = f.read_text(encoding="utf-8").split("---")[1]
        ids.add(next(line for line in head.splitlines() if line.startswith("id:")))
    assert len(ids) == 10, "two imported documents share an id"
    hits = _search_json(ws, "标记词乙5号")
    assert any("乙5号" in str(h["text"]) for h in hits)


def test_tui_searches_while_cli_imports(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TUI searching as the user types while a CLI import runs on the same workspace."""
    import asyncio

    from zhengbing.session import EditingSession as Session

    _warm(ws)
    docs = _docs(tmp_path / "档案", "界面", 6)
    failures: list[str] = []
    real_search = Session.search

    def recording_search(self: Session, query: str, *, limit: int = 20) -> list[dict[str, object]]:
        try:
            return real_search(self, query, limit=limit)
        except Exception as exc:  # the panel would only show it in its status line
            failures.append(f"{type(exc).__name__}: {exc}")
            raise

    monkeypatch.setattr(Session, "search", recording_search)

    async def scenario() -> None:
        from zhengbing.tui.app import make_app
        from zhengbing.tui.panels import SearchPanel

        from zhengbing.workspace import find_workspace

        app = make_app(find_workspace(ws), cursor_blink=False, warm_up=False)
        async with app.run_test(size=(120, 40)) as pilot:

            async def show(query: str) -> list[dict[str, object]]:
                panel = app.query_one(SearchPanel)
                panel.input.value = query
                deadline = time.monotonic() + 120
                while panel.shown_query != query:
                    assert time.monotonic() < deadline, f"search for {query!r} never shown"
                    await pilot.pause(0.05)
                return list(panel._hits)

            await pilot.press("ctrl+f")
            add = _popen(["corpus", "add", *map(str, docs), "--workspace", str(ws)], ws)
            rounds = 0
            while add.poll() is None or rounds < 2:
                assert await show("兵役登记" if rounds % 2 else "大学生 学费补偿")
                rounds += 1
            out, err = add.communicate(timeout=60)
            assert add.returncode in (0, 4) and "Traceback" not in err, err
            # the CLI's import is visible in the running TUI without a restart
            hits = await show("标记词界面6号")
            assert any("界面6号" in str(h["text"]) for h in hits), hits[:2]

    asyncio.run(scenario())
    assert failures == []
    assert len(list((ws / "资料").glob("*.md"))) == 6


def test_import_while_another_import_runs_is_busy(ws: Path, tmp_path: Path) -> None:
    """A second import waits for the first; past ZHENGBING_LOCK_TIMEOUT it says so (exit 4)."""
    from zhengbing.importer import _import_lock
    from zhengbing.index.lock import WriterLock
    from zhengbing.workspace import find_workspace

    docs = _docs(tmp_path / "档案", "等待", 2)
    with WriterLock(_import_lock(find_workspace(ws)), timeout=5):
        proc = run_cli(
            ["corpus", "add", *map(str, docs), "--workspace", str(ws)], ws, env=FAST_LOCK
        )
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "资料库正被另一个 zhengbing 进程更新" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert list((ws / "资料").glob("*.md")) == []  # nothing half-imported
    proc = run_cli(["corpus", "add", *map(str, docs), "--workspace", str(ws)], ws)
    assert proc.returncode == 0, proc.stderr
    assert len(list((ws / "资料").glob("*.md"))) == 2
