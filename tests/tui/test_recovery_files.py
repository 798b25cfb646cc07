"""The recovery files themselves (zhengbing.recovery.Recovery), without an editing session."""

from __future__ import annotations

import json
from pathlib import Path

from zhengbing.recovery import RECOVERY_SUFFIX, Recovery


def test_file_for_is_stable_and_distinct(tmp_path: Path) -> None:
    store = Recovery(tmp_path / "rec")
    a, b = tmp_path / "甲.md", tmp_path / "子" / "甲.md"
    assert store.file_for(a) == store.file_for(a)
    assert store.file_for(a) != store.file_for(b)  # same name, other folder
    assert store.file_for(a).name.startswith("甲-")
    assert store.file_for(None).name.startswith("未命名-")
    assert all(f.name.endswith(RECOVERY_SUFFIX) for f in (store.file_for(a), store.file_for(None)))


def test_save_load_and_discard(tmp_path: Path) -> None:
    draft = tmp_path / "讲话.md"
    draft.write_text("原文\n", encoding="utf-8")
    store = Recovery(tmp_path / "rec")
    assert store.save(store.snapshot("原文\n", draft, "原文\n")) is None  # nothing unsaved
    assert store.pending() == []
    file = store.save(store.snapshot("原文\n补充\n", draft, "原文\n"))
    assert file == store.file_for(draft) and file.is_file()
    loaded = store.load(file)
    assert loaded is not None and loaded.text == "原文\n补充\n" and loaded.path == draft.resolve()
    assert not loaded.disk_changed
    assert [r.text for r in Recovery(tmp_path / "rec").pending()] == ["原文\n补充\n"]
    store.discard(draft)
    assert not file.exists() and store.pending() == []


def test_write_from_an_older_epoch_is_dropped(tmp_path: Path) -> None:
    store = Recovery(tmp_path / "rec")
    late = store.snapshot("未保存", None, "")
    store.invalidate()
    assert store.save(late) is None
    assert not (tmp_path / "rec").exists()
    assert store.save(store.snapshot("未保存", None, "")) is not None


def test_unreadable_file_is_left_alone_and_text_on_disk_is_cleaned(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    broken = folder / f"坏-000000000000{RECOVERY_SUFFIX}"
    broken.write_text("{not json", encoding="utf-8")
    draft = tmp_path / "总结.md"
    draft.write_text("已保存的内容\n", encoding="utf-8")
    stale = folder / f"总结-111111111111{RECOVERY_SUFFIX}"
    stale.write_text(
        json.dumps({"version": 1, "path": str(draft), "text": "已保存的内容\n"}), encoding="utf-8"
    )
    assert Recovery(folder).pending() == []
    assert broken.exists()  # may be the user's only copy
    assert not stale.exists()  # the draft on disk has this text already


def test_defer_and_drop(tmp_path: Path) -> None:
    store = Recovery(tmp_path / "rec")
    store.save(store.snapshot("旧的修改", None, ""))
    (rec,) = store.pending()
    kept = store.defer(rec)
    assert "-later-" in kept.name and kept.is_file() and not rec.file.exists()
    assert store.defer(store.load(kept)) == kept  # deferred once is enough
    store.save(store.snapshot("新的修改", None, ""))
    assert sorted(r.text for r in store.pending()) == ["新的修改", "旧的修改"]
    for r in store.pending():
        store.drop(r)
    assert store.pending() == []


def test_workspace_folder(tmp_path: Path) -> None:
    assert Recovery(workspace_root=tmp_path).folder == tmp_path / ".zhengbing" / "recovery"
