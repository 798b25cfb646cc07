"""A team-written faulty speech and summary carry every rule's fault; the checker finds exactly those."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zhengbing.check import RULE_NAMES, check_file
from zhengbing.workspace import find_workspace

DATA = Path(__file__).parent / "data"

SPEECH = [
    ("glyph", 5, "warning"),  # 王镕: 镕 is outside GB 2312
    ("year", 14, "error"),  # 今年即2023年 in a 2024 speech
    ("stats", 14, "error"),  # 120名 registered, the statistics say 105
    ("count", 14, "error"),  # 讲四点意见, three level-1 headings
    ("citation", 18, "error"),  # quotation not in 兵役法 第二十条
    ("repeat", 18, "error"),  # 工作工作
    ("punctuation", 20, "error"),  # half-width comma
    ("numbering", 20, "error"),  # 二是 twice
    ("region", 24, "error"),  # 驻黔官兵 in a Zhejiang township
    ("renamed", 24, "error"),  # 区卫计委
    ("placeholder", 24, "error"),  # __村
    ("numbers", 24, "error"),  # 3千余名
    ("latin", 24, "error"),  # online
    ("slot", 28, "error"),  # 【待核实】 left by the draft
]

SUMMARY = [
    ("year", 11, "error"),  # 2021年征兵工作总结如下
    ("count", 15, "error"),  # “五项”制度 with three items
    ("repeat", 17, "error"),  # 理论理论
    ("numbers", 21, "error"),  # 60 ÷ 105 is not 50%
    ("stats", 21, "error"),  # 批准入伍30人, statistics say 33
    ("placeholder", 21, "error"),  # ××村
    ("renamed", 21, "error"),  # 《征兵政治审查工作规定》
    ("region", 21, "error"),  # 《江西省征兵工作条例》
    ("citation", 21, "error"),  # 《兵役法》第九十九条
    ("numbering", 23, "error"),  # 三、 after 一、
    ("punctuation", 25, "error"),  # unpaired “
    ("latin", 25, "warning"),  # PK
    ("glyph", 25, "warning"),  # 堃
    ("slot", 11, "error"),  # 【请填写：…】 left by the draft
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> object:
    root = tmp_path_factory.mktemp("ws")
    shutil.copy(DATA / "zhengbing.toml", root / "zhengbing.toml")
    (root / "统计").mkdir()
    shutil.copy(DATA / "统计2024.csv", root / "统计" / "统计2024.csv")
    return find_workspace(root)


def _keys(findings: list[object]) -> list[tuple[str, int | None, str]]:
    return sorted((f.rule, f.line, f.severity) for f in findings)


def test_faulty_speech_exact_findings(workspace: object) -> None:
    findings = check_file(DATA / "faulty-speech.md", workspace=workspace)
    assert _keys(findings) == sorted(SPEECH)


def test_faulty_summary_exact_findings(workspace: object) -> None:
    findings = check_file(DATA / "faulty-summary.md", workspace=workspace)
    assert _keys(findings) == sorted(SUMMARY)


def test_every_rule_is_exercised_by_both_documents() -> None:
    # "draft" (front matter that does not parse) cannot coexist with the other faults: its own
    # test is in test_cli.py; web-page debris belongs to pasted text, not to a draft made from a
    # template: its cases are in fixtures/debris.md and the benchmark set (test_planted.py)
    content_rules = set(RULE_NAMES) - {"draft", "debris"}
    assert {r for r, _, _ in SPEECH} == content_rules
    assert {r for r, _, _ in SUMMARY} == content_rules


def test_columns_point_at_the_offending_text(workspace: object) -> None:
    text = (DATA / "faulty-speech.md").read_text(encoding="utf-8").split("\n")
    for f in check_file(DATA / "faulty-speech.md", workspace=workspace):
        line = text[f.line - 1]
        assert line[f.column - 1 :].startswith(f.text), (f.rule, f.line, f.column, f.text)


def test_faulty_speech_rendered_to_word_has_the_same_faults(
    workspace: object, tmp_path: Path
) -> None:
    from zhengbing.writer import render_file

    out = render_file(DATA / "faulty-speech.md", tmp_path / "讲话.docx")
    findings = check_file(out, workspace=workspace)
    assert sorted((f.rule, f.severity) for f in findings) == sorted((r, s) for r, _, s in SPEECH)
    assert all(f.paragraph is not None and f.quote for f in findings)
