"""The index as a cache: rebuilt when the corpus changes, recovered when damaged, one writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhengbing.errors import BusyError
from zhengbing.index import open_index
from zhengbing.index.lock import WriterLock
from zhengbing.search import search


@pytest.fixture(params=["whoosh", "fts5"])
def ws(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from zhengbing.workspace import find_workspace

    monkeypatch.setenv("ZHENGBING_INDEX_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ZHENGBING_SEARCH_ENGINE", request.param)
    root = tmp_path / "ws"
    root.mkdir()
    (root / "zhengbing.toml").write_text('[unit]\nunit = "青山镇"\n', encoding="utf-8")
    return find_workspace(root)


def _own(ws, name: str, body: str) -> Path:
    ws.own_corpus_dir.mkdir(exist_ok=True)
    path = ws.own_corpus_dir / name
    path.write_text(
        f"---\nid: 资料-{Path(name).stem}\ntitle: {Path(name).stem}\n类别: 总结\n---\n# 标题\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def test_index_follows_corpus_changes_incrementally(ws):
    first = open_index(ws)
    assert first.rebuilt == "full"
    count = first.backend.doc_count()
    first.close()
    again = open_index(ws)
    assert again.rebuilt == ""  # unchanged corpus: used as it is
    again.close()

    _own(ws, "总结甲.md", "今年我们创造性地开展了蓝莓山歌征兵宣传。")
    idx = open_index(ws)
    assert idx.rebuilt == "incremental"
    assert idx.backend.doc_count() == count + 1
    idx.close()
    assert search("蓝莓山歌", workspace=ws)[0].id == "资料-总结甲#p1"

    path = ws.own_corpus_dir / "总结甲.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("蓝莓山歌", "杨梅快板"), encoding="utf-8"
    )
    assert search("蓝莓山歌", workspace=ws) == []
    assert search("杨梅快板", workspace=ws)[0].id == "资料-总结甲#p1"

    path.unlink()
    assert search("杨梅快板", workspace=ws) == []


def _damage(scope: Path) -> None:
    ixdirs = [p for p in scope.iterdir() if p.is_dir() and p.name.startswith("ix-")]
    assert ixdirs
    for f in ixdirs[0].iterdir():
        if f.suffix in (".seg", ".toc", ".sqlite") or "_" in f.name:
            f.write_bytes(b"\x00garbage" * 10)


def test_damaged_index_is_rebuilt_not_a_crash(ws):
    idx = open_index(ws)
    scope = idx.scope
    idx.close()
    before = {p.name for p in scope.iterdir() if p.name.startswith("ix-")}
    _damage(scope)
    hits = search("兵役登记", workspace=ws)
    assert hits and "兵役登记" in hits[0].text
    after = {p.name for p in scope.iterdir() if p.name.startswith("ix-")}
    assert after and after != before  # a new index was built


def test_missing_index_folder_is_rebuilt(ws):
    import shutil

    idx = open_index(ws)
    scope = idx.scope
    idx.close()
    for p in scope.iterdir():
        if p.is_dir():
            shutil.rmtree(p)
    assert search("政治考核", workspace=ws)


def test_second_writer_waits_then_gets_a_clear_message(ws):
    idx = open_index(ws)
    scope = idx.scope
    idx.close()
    _own(ws, "总结乙.md", "新的内容需要写入索引。")
    with WriterLock(scope / "write.lock", timeout=1):
        with pytest.raises(BusyError) as info:
            open_index(ws, lock_timeout=0.3)
    message = str(info.value)
    assert "正被另一个 zhengbing 进程更新" in message and "0.3 秒" in message
    assert info.value.exit_code == 4
    # once the lock is free, it works
    idx = open_index(ws, lock_timeout=1)
    assert idx.rebuilt == "incremental"
    idx.close()


def test_rebuild_command(ws, capsys):
    from zhengbing.cli import main

    assert main(["corpus", "rebuild", "--workspace", str(ws.root)]) == 0
    assert "检索索引已重建" in capsys.readouterr().out


def test_search_does_not_load_the_segmenter_when_the_index_is_fresh(ws):
    import subprocess
    import sys

    open_index(ws).close()
    code = (
        "import sys; from zhengbing.cli import main; "
        f"main(['search', '兵役登记', '--workspace', {str(ws.root)!r}]); "
        "print('rjieba' in sys.modules, 'jieba' in sys.modules)"
    )
    import os

    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=True,
    ).stdout
    assert out.strip().endswith("False False")


def test_other_commands_do_not_import_heavy_modules():
    import subprocess
    import sys

    code = (
        "import sys; import zhengbing.cli as c; c.build_parser(); "
        "print(sorted(m for m in ('whoosh', 'rjieba', 'jieba', 'zhengbing.index.whoosh_engine') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def _corrupt_postings(scope: Path) -> None:
    for ixdir in scope.iterdir():
        if ixdir.is_dir() and ixdir.name.startswith("ix-"):
            for f in ixdir.iterdir():
                if f.suffix in (".pst", ".trm", ".sqlite"):
                    f.write_bytes(b"\xff" * f.stat().st_size)


def test_index_damaged_inside_is_rebuilt_by_the_command(ws, capsys):
    from zhengbing.cli import main

    idx = open_index(ws)
    scope = idx.scope
    idx.close()
    _corrupt_postings(scope)
    assert main(["search", "兵役登记", "--workspace", str(ws.root), "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "兵役登记" in out


def test_index_damaged_inside_is_rebuilt_by_the_library(ws):
    idx = open_index(ws)
    scope = idx.scope
    idx.close()
    _corrupt_postings(scope)
    hits = search("政治考核", workspace=ws)
    assert hits and "政治考核" in hits[0].text


def test_light_imports_keep_the_real_modules_usable():
    import subprocess
    import sys

    code = (
        "import zhengbing.index.whoosh_engine, sys\n"
        "assert 'asyncio' not in sys.modules and 'http.client' not in sys.modules\n"
        "import urllib.request\n"
        "from urllib.request import Request\n"
        "assert urllib.request.Request is Request and callable(urllib.request.urlopen)\n"
        "import cached_property\n"
        "assert cached_property.threaded_cached_property\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
