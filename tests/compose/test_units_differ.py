"""Two different units' drafts on the same outline must not read alike, and every claim a unit's
statistics and work record do not support is a slot the secretary fills (never invented)."""

from __future__ import annotations

import difflib
import re

import pytest

from zhengbing.check import check_text
from zhengbing.compose import compose_document
from zhengbing.outlines import list_outlines
from zhengbing.slots import SLOT_RE, find_slots
from zhengbing.workspace import Workspace

MAX_RATIO = 0.7


def body_text(text: str) -> str:
    """The prose of a draft: no front matter, no Markdown marks, no comments."""
    body = text.split("\n---\n", 1)[1]
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    return re.sub(r"[#*\s]", "", body)


def cases() -> list[tuple[str, str]]:
    return [(o.id, k) for o in list_outlines() for k in o.kinds]


@pytest.mark.parametrize(("outline", "kind"), cases())
def test_two_units_drafts_differ(
    example_ws: Workspace, second_ws: Workspace, outline: str, kind: str
) -> None:
    a = body_text(compose_document(example_ws, kind, outline_id=outline, date="2026-03-02").text)
    b = body_text(compose_document(second_ws, kind, outline_id=outline, date="2026-08-01").text)
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    assert ratio <= MAX_RATIO, (outline, kind, round(ratio, 3))


@pytest.mark.parametrize(("outline", "kind"), cases())
def test_same_unit_same_draft(second_ws: Workspace, outline: str, kind: str) -> None:
    one = compose_document(second_ws, kind, outline_id=outline, date="2026-08-01").text
    two = compose_document(second_ws, kind, outline_id=outline, date="2026-08-01").text
    assert one == two


def test_missing_record_items_become_slots_that_check_lists(second_ws: Workspace) -> None:
    text = compose_document(second_ws, "讲话", date="2026-08-01").text
    slots = find_slots(text)
    wanted = [s.text for s in slots]
    # no 会议议程 and no 监督电话 in this unit's record: slots say what to write
    assert any("议程" in s for s in wanted), wanted
    assert any("监督举报电话" in s for s in wanted), wanted
    assert "刚才，" not in text  # nobody told the tool who spoke before
    findings = [f for f in check_text(text) if f.rule == "slot"]
    assert sorted((f.line, f.column) for f in findings) == [(s.line, s.column) for s in slots]
    assert all(f.severity == "error" for f in findings)
    lines = text.split("\n")
    for f in findings:
        assert lines[f.line - 1][f.column - 1 :].startswith(f.text)


def test_a_unit_that_misses_its_task_says_so_first(second_ws: Workspace) -> None:
    body = compose_document(second_ws, "总结", date="2026-12-20").text.split("\n---\n", 1)[1]
    problems = body.split("## 二、存在的问题", 1)[1].split("## 三、", 1)[0]
    first = [p for p in problems.split("\n\n") if p.startswith("**")][0]
    assert first.startswith("**一是没有完成年度征兵任务。**")
    assert "任务少4名" in first
    assert "超额完成" not in body.split("## 一、", 1)[0]
    assert "没有完成年度征兵任务" in body.split("## 一、", 1)[0]


def test_no_invented_claims_without_a_record(make_ws) -> None:
    """Without a work record, the drafts state no meeting, measure or clean-record as fact."""
    ws = make_ws()
    invented = (
        "刚才，",
        "研究决定召开",
        "每年都按时足额完成",
        "全年没有发生违反廉洁征兵规定的问题",
        "领导小组",
        "签订目标责任书",
        "每周汇总进度",
        "有家长托人打招呼",
        "每季度更新",
    )
    for outline in list_outlines(ws):
        for kind in outline.kinds:
            text = compose_document(ws, kind, outline_id=outline.id, date="2025-12-20").text
            assert find_slots(text), outline.id
            text = SLOT_RE.sub("", text)  # a slot may name what to fill in
            for phrase in invented:
                assert phrase not in text, (outline.id, phrase)


def test_reporter_kinds_need_a_reporter(make_ws) -> None:
    from zhengbing.errors import InputError

    ws = make_ws()
    ws.profile.extra.pop("reporter_office", None)
    ws.profile.office = "镇党委副书记、镇长"
    with pytest.raises(InputError, match="reporter_office") as err:
        compose_document(ws, "述职")
    assert "镇长" in str(err.value)
    ws.profile.office = "镇人民武装部部长"
    text = compose_document(ws, "述职").text
    assert "认真履行镇人民武装部部长职责" in text


def test_draft_and_render_say_how_many_slots_remain(second_ws: Workspace, capsys) -> None:
    from zhengbing.cli import main

    assert main(["draft", "总结", "-w", str(second_ws.root), "--date", "2026-12-20"]) == 0
    err = capsys.readouterr().err
    draft = second_ws.drafts_dir / "2026年度征兵工作总结.md"
    count = len(find_slots(draft.read_text(encoding="utf-8")))
    assert count and f"草稿中有 {count} 处【请填写】或【待核实】" in err
    out = second_ws.output_dir / "总结.docx"
    assert main(["render", str(draft), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert out.is_file() and "已生成" in captured.out
    assert f"还有 {count} 处【请填写】或【待核实】没有处理" in captured.err
    assert main(["check", str(draft), "--rules", "slot"]) != 0
    listed = capsys.readouterr().out
    assert listed.count("这里要填写") + listed.count("须核实") == count, listed
