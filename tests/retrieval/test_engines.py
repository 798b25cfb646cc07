"""The engine-neutral interface: engine choice, and engine specifics kept in their modules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WHOOSH_MODULES = {"whoosh_engine.py", "whoosh_schema.py"}


def _sources() -> list[Path]:
    return sorted([*(ROOT / "src").rglob("*.py"), *(ROOT / "tui").rglob("*.py")])


def test_nothing_writes_sys_modules():
    writes = re.compile(
        r"sys\.modules\s*\[[^\]]*\]\s*=(?!=)|sys\.modules\.(setdefault|pop|update|__setitem__)\b"
        r"|del\s+sys\.modules\b"
    )
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line)
    ]
    assert found == []


def test_only_the_whoosh_engine_imports_whoosh():
    imports = re.compile(r"^\s*(from\s+whoosh[\s.]|import\s+whoosh\b)")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in _sources()
        if path.name not in WHOOSH_MODULES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if imports.search(line)
    ]
    assert found == []
    # and the search layer talks to engines only through the neutral types
    search_src = (ROOT / "src" / "zhengbing" / "search.py").read_text(encoding="utf-8")
    assert "whoosh_engine" not in search_src and "fts5_engine" not in search_src


def test_engine_is_chosen_by_parameter_or_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from zhengbing.index import index_location, open_index
    from zhengbing.search import search

    monkeypatch.setenv("ZHENGBING_INDEX_DIR", str(tmp_path))
    monkeypatch.delenv("ZHENGBING_SEARCH_ENGINE", raising=False)
    assert "-whoosh-" in index_location(None).name
    monkeypatch.setenv("ZHENGBING_SEARCH_ENGINE", "fts5")
    assert "-fts5-" in index_location(None).name
    idx = open_index(None)
    try:
        assert idx.engine == "fts5"
        assert search("兵役登记", index=idx, limit=3)
    finally:
        idx.close()
    # each engine has its own cache folder, and the parameter wins over the setting
    assert index_location(None, engine="whoosh") != index_location(None, engine="fts5")


def test_unknown_engine_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    from zhengbing.errors import InputError
    from zhengbing.index import open_index

    monkeypatch.setenv("ZHENGBING_SEARCH_ENGINE", "lucene")
    with pytest.raises(InputError, match="ZHENGBING_SEARCH_ENGINE") as info:
        open_index(None)
    assert "whoosh" in (info.value.hint or "") and "fts5" in (info.value.hint or "")
