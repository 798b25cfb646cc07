"""The stats rule against the workspace statistics: typed-over numbers and figures that changed
after the statistics were updated (using the provenance `zhengbing draft` records)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from zhengbing.check import check_file, check_text
from zhengbing.resources import templates_dir
from zhengbing.workspace import find_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> object:
    root = tmp_path / "ws"
    shutil.copytree(templates_dir() / "examples" / "workspace", root)
    return find_workspace(root)


def _summary(workspace: object) -> Path:
    from zhengbing.compose import write_draft

    written = write_draft(workspace, "总结", date="2026-12-20")
    return written.draft


def _bump_registrations(workspace: object, delta: int) -> None:
    """A village reports more registrations: its cell and the 合计 row change."""
    path = Path(workspace.root) / "统计" / "征兵统计2026.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["汇总"]
    sheet["C3"] = sheet["C3"].value + delta
    sheet["C15"] = sheet["C15"].value + delta
    book.save(path)


def test_fresh_draft_matches_its_statistics(workspace: object) -> None:
    draft = _summary(workspace)
    assert [f for f in check_file(draft, workspace=workspace) if f.rule == "stats"] == []


def test_figures_changed_after_the_statistics_were_updated(workspace: object) -> None:
    draft = _summary(workspace)
    text = draft.read_text(encoding="utf-8")
    assert "165名" in text
    _bump_registrations(workspace, 5)
    findings = [f for f in check_file(draft, workspace=workspace) if f.rule == "stats"]
    assert findings, "a changed total must be reported"
    texts = {f.text for f in findings}
    assert "165名" in texts
    registered = next(f for f in findings if f.text == "165名")
    assert "起草时为 165，现在为 170" in registered.message
    lines = text.split("\n")
    for f in findings:
        assert lines[f.line - 1][f.column - 1 :].startswith(f.text)


DRAFT = """---
title: 云岭镇2026年度征兵工作总结
year: 2026
---

# 云岭镇2026年度征兵工作总结

全镇共有170名适龄青年报名应征，经过体检、政治考核，全年共批准入伍29人，其中大学生25名。

上年全镇报名148人，今年的任务数为28名。

青山村定兵5人，竹坞村报名12人。
"""


def test_typed_numbers_against_the_statistics(workspace: object) -> None:
    findings = [f for f in check_text(DRAFT, workspace=workspace) if f.rule == "stats"]
    got = sorted((f.line, f.text) for f in findings)
    # 报名 165 (not 170); 定兵 29 is right; 大学生 21 (not 25); last year's 148 is right;
    # per-village figures are not totals and are not compared
    assert got == [(8, "170名适龄青年报名应征"), (8, "25名")]


def test_statistics_of_another_year_are_not_compared(workspace: object) -> None:
    text = DRAFT.replace("2026", "2023")
    assert [f for f in check_text(text, workspace=workspace) if f.rule == "stats"] == []


def test_unreadable_statistics_degrade_to_an_info_note(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(templates_dir() / "examples" / "workspace", root)
    (root / "统计" / "征兵统计2026.xlsx").write_bytes(b"not a workbook")
    workspace = find_workspace(root)
    findings = check_text(DRAFT, workspace=workspace)
    notes = [f for f in findings if f.rule == "stats"]
    assert len(notes) == 1 and notes[0].severity == "info"
    assert "统计表" in notes[0].message


def test_college_students_without_qizhong(workspace: object) -> None:
    text = DRAFT.replace(
        "全年共批准入伍29人，其中大学生25名", "全年共批准入伍29人，大学生21名，党员3名"
    )
    text = text.replace("170名", "165名")
    assert [f for f in check_text(text, workspace=workspace) if f.rule == "stats"] == []
    wrong = text.replace("大学生21名", "大学生19名")
    found = [f.text for f in check_text(wrong, workspace=workspace) if f.rule == "stats"]
    assert found == ["19名"]


def test_another_units_draft_is_not_compared(workspace: object) -> None:
    text = DRAFT.replace("year: 2026\n", "year: 2026\nunit: 青山镇人民武装部\n")
    assert [f for f in check_text(text, workspace=workspace) if f.rule == "stats"] == []
    own = DRAFT.replace("year: 2026\n", "year: 2026\nunit: 云岭镇人民武装部\n")
    assert [f for f in check_text(own, workspace=workspace) if f.rule == "stats"]
