"""The editing session (library side of the TUI): save with backup, recovery, quotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhengbing import features
from zhengbing import session as s
from zhengbing.errors import InputError, OutputError
from zhengbing.features import FeatureMissing
from zhengbing.session import EditingSession

from .conftest import SPEECH


def test_drafts_lists_newest_first_without_backups(workspace):
    sess = EditingSession(workspace)
    drafts_dir = workspace.drafts_dir
    (drafts_dir / "总结.md").write_text("# 总结\n", encoding="utf-8")
    (drafts_dir / "动员讲话.备份-20260101-101010.md").write_text("old", encoding="utf-8")
    (drafts_dir / "~$临时.md").write_text("x", encoding="utf-8")
    names = [p.name for p in sess.drafts()]
    assert sorted(names) == ["动员讲话.md", "总结.md"]


def test_save_keeps_previous_version_as_backup(workspace):
    sess = EditingSession(workspace)
    path = workspace.drafts_dir / "动员讲话.md"
    text = sess.open(path)
    assert not sess.is_dirty(text)
    edited = text.replace("部署今年征兵工作", "部署2026年征兵工作")
    assert sess.is_dirty(edited)
    result = sess.save(edited)
    assert result.path == path
    assert path.read_text(encoding="utf-8") == edited
    assert result.backup is not None and result.backup.read_text(encoding="utf-8") == SPEECH
    assert "备份" in result.backup.name
    assert not sess.is_dirty(edited)


def test_save_as_refuses_to_overwrite_another_draft(workspace):
    sess = EditingSession(workspace)
    sess.new_untitled()
    with pytest.raises(InputError):
        sess.save("# 标题\n")  # no name yet
    other = workspace.drafts_dir / "动员讲话.md"
    with pytest.raises(OutputError):
        sess.save("# 新的\n", other)
    assert other.read_text(encoding="utf-8") == SPEECH
    target = sess.resolve_new_path("新稿")
    assert target == workspace.drafts_dir / "新稿.md"
    sess.save("# 新的\n", target)
    assert target.read_text(encoding="utf-8") == "# 新的\n"


def test_gb18030_draft_is_read_and_saved_as_utf8(workspace):
    path = workspace.drafts_dir / "旧稿.txt"
    path.write_bytes("# 征兵工作总结\n\n今年完成任务。\n".encode("gb18030"))
    sess = EditingSession(workspace)
    text = sess.open(path)
    assert "征兵工作总结" in text and sess.encoding == "GB18030"
    sess.save(text + "补充。\n")
    assert "补充" in path.read_text(encoding="utf-8")


def test_recovery_round_trip(workspace):
    sess = EditingSession(workspace)
    path = workspace.drafts_dir / "动员讲话.md"
    text = sess.open(path)
    assert sess.write_recovery(text) is None  # nothing unsaved, nothing written
    edited = text + "\n新增一段未保存的话。\n"
    file = sess.write_recovery(edited)
    assert file is not None and file.is_relative_to(workspace.root / ".zhengbing" / "recovery")
    record = json.loads(file.read_text(encoding="utf-8"))
    assert record["text"] == edited

    later = EditingSession(workspace)  # e.g. after a crash
    pending = later.pending_recoveries()
    assert [r.path for r in pending] == [path.resolve()]
    assert not pending[0].disk_changed
    assert later.restore(pending[0]) == edited
    assert later.path == path.resolve()
    assert later.is_dirty(edited)
    later.save(edited)
    assert later.pending_recoveries() == []
    assert path.read_text(encoding="utf-8") == edited


def test_recovery_equal_to_disk_is_dropped_and_disk_change_is_flagged(workspace):
    sess = EditingSession(workspace)
    path = workspace.drafts_dir / "动员讲话.md"
    text = sess.open(path)
    sess.write_recovery(text + "甲")
    path.write_text(text + "甲", encoding="utf-8")  # the same text reached the disk anyway
    assert EditingSession(workspace).pending_recoveries() == []

    sess.write_recovery(text + "乙")
    path.write_text(text + "丙", encoding="utf-8")  # someone else changed the file
    (pending,) = EditingSession(workspace).pending_recoveries()
    assert pending.disk_changed and pending.text.endswith("乙")


def test_untitled_recovery_without_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    sess = EditingSession(None)
    sess.new_untitled()
    file = sess.write_recovery("# 还没保存的稿子\n")
    assert file is not None and file.is_relative_to(tmp_path / "data")
    (pending,) = EditingSession(None).pending_recoveries()
    assert pending.path is None and pending.text == "# 还没保存的稿子\n"
    assert "未命名" in pending.label


def test_quotation_and_insertion():
    hit = {
        "doc_title": "中华人民共和国兵役法",
        "article": "第二十条",
        "status": "现行有效",
        "text": "第二十条 年满十八周岁的男性公民，应当被征集服现役。\n当年未被征集的，在二十二周岁以前仍可以被征集服现役。",
    }
    quote = s.quotation(hit)
    assert quote.startswith("> 《中华人民共和国兵役法》第二十条：年满十八周岁的男性公民")
    assert quote.splitlines()[1:] == [">", "> 当年未被征集的，在二十二周岁以前仍可以被征集服现役。"]
    old = dict(hit, status="失效")
    assert s.quotation(old).startswith("> 《中华人民共和国兵役法》第二十条（失效）：")
    assert s.insertion("", 0, quote) == (0, quote + "\n")
    assert s.insertion("同志们：", 2, quote) == (4, "\n\n" + quote + "\n")


def test_outline_lists_headings_with_lines():
    items = s.outline(SPEECH)
    assert [(i.level, i.text) for i in items][:3] == [
        (1, "在2026年征兵工作动员会上的讲话"),
        (2, "一、提高政治站位"),
        (2, "二、突出工作重点"),
    ]
    lines = SPEECH.splitlines()
    for item in items:
        assert lines[item.line - 1].lstrip("#").strip() == item.text


def test_missing_feature_is_a_chinese_user_error():
    with pytest.raises(FeatureMissing) as info:
        features.require("zhengbing.no_such_part")
    assert "暂不可用" in str(info.value)
    with pytest.raises(FeatureMissing):
        features.require("zhengbing.draft", "no_such_function")
    assert features.available("zhengbing.draft", "parse_draft")


def test_export_path_and_empty_draft(workspace):
    sess = EditingSession(workspace)
    sess.open(workspace.drafts_dir / "动员讲话.md")
    assert sess.export_path() == workspace.output_dir / "动员讲话.docx"
    with pytest.raises(InputError):
        sess.export("   \n")
    assert not sess.export_path().exists()


def test_stats_table_from_example(workspace):
    sess = EditingSession(workspace)
    path = workspace.stats_dir / "征兵统计2026.csv"
    table = sess.stats_table(path)
    assert table.columns[:3] == ["单位", "任务数", "报名人数"]
    assert table.rows[-1][:3] == ["合计", "28", "165"]
    derived = dict(table.derived)
    assert derived["征集任务完成率"].startswith("103.6%")
    assert "横山村" in derived["零定兵单位"]


def test_init_workspace(tmp_path: Path):
    ws = s.init_workspace(tmp_path / "新单位", {"unit": "青山镇", "year": "2026", "speaker": ""})
    assert ws.profile.unit == "青山镇" and ws.profile.level == "镇" and ws.profile.year == 2026
    assert ws.drafts_dir.is_dir()
    with pytest.raises(InputError):
        s.init_workspace(tmp_path / "别处", {"unit": "青山镇", "year": "明年"})


def test_snippet_runs_mark_query_words_and_drop_repeated_article():
    hit = {
        "article": "第二十条",
        "snippet": "第二十条 【年满】十八【周岁】的男性公民" + "应当" * 60,
    }
    runs = s.snippet_runs(hit, limit=20)
    assert runs[:3] == [("年满", True), ("十八", False), ("周岁", True)]
    assert "".join(t for t, _ in runs).endswith("…")
    assert sum(len(t) for t, _ in runs) <= 21


def test_safe_file_name():
    assert s.safe_file_name("关于/征兵:工作?") == "关于征兵工作.md"
    assert s.safe_file_name("讲话.md") == "讲话.md"
    assert s.safe_file_name("  ") == "未命名.md"
    assert s.safe_file_name("动员讲话", "") == "动员讲话"


def test_recovery_write_scheduled_before_save_or_discard_is_dropped(workspace):
    sess = EditingSession(workspace)
    path = workspace.drafts_dir / "动员讲话.md"
    text = sess.open(path)
    late = sess.snapshot(text + "甲")  # taken, but written only after the user saved
    sess.save(text + "甲")
    assert sess.write_recovery(late) is None
    assert EditingSession(workspace).pending_recoveries() == []

    late = sess.snapshot(text + "甲乙")
    sess.discard_recovery()  # the user chose 不保存
    assert sess.write_recovery(late) is None
    assert EditingSession(workspace).pending_recoveries() == []

    other = workspace.drafts_dir / "总结.md"
    other.write_text("# 总结\n", encoding="utf-8")
    late = sess.snapshot(text + "丙")
    sess.open(other)  # switched drafts: the old text must not land under the new name
    assert sess.write_recovery(late) is None
    assert sess.write_recovery("# 总结\n补充\n") is not None
    (pending,) = EditingSession(workspace).pending_recoveries()
    assert pending.path == other.resolve() and pending.text == "# 总结\n补充\n"


def test_deferred_recovery_survives_new_edits(workspace):
    sess = EditingSession(workspace)
    path = workspace.drafts_dir / "动员讲话.md"
    text = sess.open(path)
    sess.write_recovery(text + "旧的未保存修改")

    later = EditingSession(workspace)
    (pending,) = later.pending_recoveries()
    later.defer_recovery(pending)  # 以后再说
    later.open(path)
    later.write_recovery(text + "新的修改")  # same draft, new unsaved edits
    texts = sorted(r.text for r in EditingSession(workspace).pending_recoveries())
    assert texts == sorted([text + "旧的未保存修改", text + "新的修改"])


def test_warm_up_leaves_an_up_to_date_index(workspace):
    from zhengbing.index import index_location

    sess = EditingSession(workspace)
    sess.warm_up_search()  # builds in a child process, then opens it here
    assert index_location(workspace).exists()
    hits = sess.search("征集年龄 放宽")
    assert any(h["article"] == "第二十条" and "兵役法" in h["doc_title"] for h in hits)


def test_export_uses_the_workspace_font_profile(workspace):
    """fonts = "windows" in zhengbing.toml: the TUI's export is in the Windows faces too."""
    import docx

    from zhengbing.workspace import find_workspace

    with workspace.profile_path.open("a", encoding="utf-8") as fh:
        fh.write('fonts = "windows"\n')
    ws = find_workspace(workspace.root)
    sess = EditingSession(ws)
    result = sess.export(sess.open(ws.drafts_dir / "动员讲话.md"))
    root = docx.Document(str(result.path)).styles.element
    assert root.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:eastAsia") == ["仿宋"]


def test_a_draft_edited_elsewhere_opens_read_only(tmp_path):
    import os

    import pytest

    from zhengbing.errors import OutputError
    from zhengbing.session import EditingSession

    from .conftest import make_workspace

    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "动员讲话.md"
    first = EditingSession(ws)
    first.open(draft)
    assert not first.read_only
    lock = first.locks.held
    assert lock is not None and lock.is_file()
    # another live process holds it (our parent stands in for the other session)
    lock.write_text(f"{os.getppid()}\t{__import__('socket').gethostname()}\t今天\n", "utf-8")
    second = EditingSession(ws)
    text = second.open(draft)
    assert second.read_only and "进程" in second.locked_by.describe()
    with pytest.raises(OutputError, match="正在另一处编辑"):
        second.save(text + "改动")
    assert "改动" not in draft.read_text(encoding="utf-8")
    # a lock left by a process that is gone is taken over
    lock.write_text(f"999999999\t{__import__('socket').gethostname()}\t昨天\n", "utf-8")
    third = EditingSession(ws)
    third.open(draft)
    assert not third.read_only
    third.save(text + "改动")
    third.close()
    assert not lock.exists()


COMPOSED = (
    "---\ntitle: 总结\nkind: 总结\n"
    + "".join(f"k{i}: v{i}\n" for i in range(12))
    + "figures:\n  合计.任务数:\n    stat: 任务数\n    value: 28\n"
    + '    source: 统计/征兵统计2026.xlsx 工作表"汇总" B15（合计行）\n'
    + "    text:\n    - 28名\n"
    + "---\n\n# 总结\n\n全年任务数28名，完成28名。\n"
)


def test_long_front_matter_is_skipped_and_figures_traced():
    from zhengbing.session import body_start, figure_at, header_of

    header = header_of(COMPOSED)
    lines = COMPOSED.splitlines()
    assert lines[header.lines - 1] == "---" and lines[header.lines] == ""
    assert body_start(COMPOSED) == header.lines  # the editor opens on the text
    from .conftest import SPEECH

    assert body_start(SPEECH) == 0  # a short header stays in view, cursor at the top
    row = next(i for i, line in enumerate(lines) if "任务数28名" in line)
    line = lines[row]
    found = figure_at(line, line.index("28名") + 1, header.figures)
    assert found is not None and found.stat == "任务数" and found.value == "28"
    assert "B15" in found.describe() and "28名" in found.describe()
    assert figure_at(line, 0, header.figures) is None
    assert figure_at(line, line.rindex("28名"), header.figures) is not None
