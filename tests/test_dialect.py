"""The conventions of zhengbing.dialect, and the same answer from every path that reads a
document: the importer, the writer (render of a .txt / .md) and the checker."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from zhengbing import numerals
from zhengbing.check import check_text
from zhengbing.check.model import HEADING, TITLE
from zhengbing.corpus import Document as CorpusDocument
from zhengbing.corpus import read_document
from zhengbing.dialect import (
    canonicalise_marker,
    cn_to_int,
    heading_level,
    int_to_cn,
    is_title_line,
    marker,
)
from zhengbing.importer import import_paths
from zhengbing.reader import document_from_markdown, document_from_plain, split_front_matter
from zhengbing.workspace import Workspace, find_workspace
from zhengbing.writer import render_file

# --------------------------------------------------------------------------- the module itself


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10),
        ("十五", 15),
        ("二十三", 23),
        ("一百零二", 102),
        ("一百一十", 110),
        ("两百", 200),
        ("三万零五十", 30050),
        ("一万零一十", 10010),
        ("12", 12),
        ("零", 0),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "三四", "二〇二四", "十二三", "百", "abc", "一十十"])
def test_cn_to_int_refuses_what_is_not_one_number(text: str) -> None:
    assert cn_to_int(text) is None


def test_int_to_cn_round_trips_and_matches_the_template_filter() -> None:
    for n in [*range(0, 2100), 10010, 100000, 110000, 1000001, 123456789]:
        assert cn_to_int(int_to_cn(n)) == n
        assert numerals.chinese(n) == int_to_cn(n)
    assert int_to_cn(12) == "十二" and int_to_cn(105) == "一百零五"
    assert numerals.parse_chinese("两") == 2
    with pytest.raises(ValueError):
        numerals.parse_chinese("三四")


@pytest.mark.parametrize(
    ("line", "level", "canonical"),
    [
        ("一、总体情况", 1, "一、总体情况"),
        ("（一）加强领导", 2, "（一）加强领导"),
        ("(一)加强领导", 2, "（一）加强领导"),
        ("（一)加强领导", 2, "（一）加强领导"),
        ("1.做好宣传", 3, "1.做好宣传"),
        ("1、做好宣传", 3, "1.做好宣传"),
        ("1．做好宣传", 3, "1.做好宣传"),
        ("（1）登记", 4, "（1）登记"),
        ("(1)登记", 4, "（1）登记"),
    ],
)
def test_markers_of_every_level(line: str, level: int, canonical: str) -> None:
    found = marker(line)
    assert found is not None and found.level == level and found.number == 1
    assert heading_level(line) == level
    assert canonicalise_marker(line) == canonical


def test_what_is_not_a_heading_line() -> None:
    assert marker("1.5万名青年报名") is None
    assert marker("2024年征兵工作总结") is None
    assert heading_level("一、总体情况。今年我镇圆满完成任务。") == 0  # a run-in paragraph
    assert heading_level("（一）宣传发动，") == 0
    assert heading_level("一、" + "很长" * 30) == 0


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("2025年征兵工作总结", True),
        ("关于做好2025年征兵工作的通知！", True),
        ("参军光荣吗？", True),
        ("关于加强征兵工作组织领导", True),
        ("一、总体情况", False),
        ("(一)总体情况", False),
        ("同志们：", False),
        ("各位领导、同志们", False),
        ("今天召开全县征兵工作会议。", False),
        ("下面，我讲三点意见：", False),
        ("征兵工作是国防建设的基础工作，", False),
        ("是", False),
    ],
)
def test_title_line_rule(line: str, title: bool) -> None:
    assert is_title_line(line) is title


# --------------------------------------------------------------------------- every path agrees


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "工作区"
    root.mkdir()
    (root / "zhengbing.toml").write_text(
        '[unit]\nunit = "青山镇"\nlevel = "镇"\nprovince = "浙江省"\nyear = 2025\n',
        encoding="utf-8",
    )
    found = find_workspace(root)
    assert found is not None
    return found


def _imported(ws: Workspace, src: Path) -> CorpusDocument:
    report = import_paths([src], ws)
    assert not report.failed, report.failed
    return read_document(report.imported[0].target, "own")


def _rendered_paragraphs(src: Path, tmp_path: Path) -> list[tuple[str, str]]:
    out = render_file(src, tmp_path / (src.stem + ".docx"))
    return [(p.style.style_id, p.text) for p in docx.Document(str(out)).paragraphs]


def _checker_roles(text: str) -> list[tuple[str, str]]:
    doc = document_from_plain(text, "稿.txt")
    return [(s.role, s.text) for s in doc.segments]


HEADING_FIRST = "一、总体情况\n今年我镇完成征兵任务。\n二、存在问题\n宣传还不够深入。\n"


def test_txt_starting_with_a_heading_has_no_title_anywhere(ws: Workspace, tmp_path: Path) -> None:
    # the checker: the first line is a heading, no segment is a title
    roles = _checker_roles(HEADING_FIRST)
    assert roles[0] == (HEADING, "一、总体情况")
    assert all(role != TITLE for role, _ in roles)
    # the importer: no title from the text (the file name is used), 一、 is a ## heading
    src = tmp_path / "材料.txt"
    src.write_text(HEADING_FIRST, encoding="utf-8")
    doc = _imported(ws, src)
    assert doc.title == "材料"
    assert "## 一、总体情况" in doc.body
    # the writer: no # title is made of the heading, so the draft has no title and is refused
    from zhengbing.errors import InputError

    with pytest.raises(InputError, match="缺少标题"):
        render_file(src, tmp_path / "材料.docx")


EXCLAIMED = "关于做好2025年征兵工作的通知！\n各村（社区）：\n现将有关事项通知如下。\n一、时间安排\n3月开始。\n"


def test_a_title_ending_with_an_exclamation_mark_is_a_title_everywhere(
    ws: Workspace, tmp_path: Path
) -> None:
    title = "关于做好2025年征兵工作的通知！"
    assert _checker_roles(EXCLAIMED)[0] == (TITLE, title)
    src = tmp_path / "通知.txt"
    src.write_text(EXCLAIMED, encoding="utf-8")
    assert _imported(ws, src).title == title
    paragraphs = _rendered_paragraphs(src, tmp_path)
    assert paragraphs[0] == ("GwTitle", title)
    # the checker does not ask to remove ！ from a title (P11 is about 。，；：)
    findings = check_text(EXCLAIMED, source="通知.txt", fmt="txt")
    assert not [f for f in findings if f.code == "P11"]


def test_a_first_line_ending_with_a_comma_is_no_title_anywhere(
    ws: Workspace, tmp_path: Path
) -> None:
    text = "为做好今年征兵工作，\n现将有关事项通知如下。\n"
    assert all(role != TITLE for role, _ in _checker_roles(text))
    src = tmp_path / "片段.txt"
    src.write_text(text, encoding="utf-8")
    assert _imported(ws, src).title == "片段"


ASCII_BRACKETS = (
    "2025年征兵工作总结\n一、主要做法\n(一)抓宣传\n宣传到村到户。\n1、进村入户\n走访适龄青年。\n"
)


def test_ascii_brackets_are_a_level_two_heading_everywhere(ws: Workspace, tmp_path: Path) -> None:
    doc = document_from_plain(ASCII_BRACKETS, "总结.txt")
    headings = [(s.text, s.level) for s in doc.segments if s.role == HEADING]
    assert headings == [("一、主要做法", 2), ("(一)抓宣传", 3), ("1、进村入户", 4)]
    # the importer keeps the levels
    src = tmp_path / "总结.txt"
    src.write_text(ASCII_BRACKETS, encoding="utf-8")
    body = _imported(ws, src).body
    assert "### (一)抓宣传" in body and "#### 1、进村入户" in body
    # the writer styles it as a level-2 heading and writes the marker canonically
    paragraphs = _rendered_paragraphs(src, tmp_path)
    assert ("GwH2", "（一）抓宣传") in paragraphs
    assert ("GwH3", "1.进村入户") in paragraphs
    assert paragraphs[0] == ("GwTitle", "2025年征兵工作总结")
    # each line is its own paragraph for the writer too, as for the checker and the importer
    assert ("GwBody", "宣传到村到户。") in paragraphs


def test_markdown_heading_with_ascii_brackets_is_rendered_canonically(tmp_path: Path) -> None:
    src = tmp_path / "讲话.md"
    src.write_text(
        "---\nkind: 总结\nunit: 云岭镇\ndate: 2025-12-20\n---\n# 2025年征兵工作总结\n\n"
        "## 一、主要做法\n\n### (二)抓体检\n\n严格体检。\n\n(三)抓政考。要严格政考。\n",
        encoding="utf-8",
    )
    paragraphs = _rendered_paragraphs(src, tmp_path)
    assert ("GwH2", "（二）抓体检") in paragraphs
    assert any(text == "（三）抓政考。要严格政考。" for _, text in paragraphs)


def test_front_matter_is_read_once_the_same_way(tmp_path: Path) -> None:
    text = "---\ntitle: 2025年征兵工作总结\nkind: 总结\nyear: 2025\n---\n# 2025年征兵工作总结\n\n正文。\n"
    meta, body, line = split_front_matter(text)
    assert meta == {"title": "2025年征兵工作总结", "kind": "总结", "year": 2025}
    assert line == 6 and body.startswith("# 2025")
    doc = document_from_markdown(text, "稿.md")
    assert doc.meta["title"] == "2025年征兵工作总结" and doc.meta["year"] == 2025
    assert doc.segments[-1].line == 8


def test_a_bad_kind_in_front_matter_is_reported_by_the_checker() -> None:
    text = "---\nkind: 通报\n---\n# 2025年征兵工作总结\n\n正文。\n"
    findings = check_text(text, source="稿.md", fmt="md")
    assert any(f.rule == "draft" and "文种" in f.message for f in findings)


def test_docx_first_line_follows_the_same_title_rule(ws: Workspace, tmp_path: Path) -> None:
    d = docx.Document()
    for line in ("一、总体情况", "今年我镇完成征兵任务。"):
        d.add_paragraph(line)
    src = tmp_path / "无标题.docx"
    d.save(src)
    doc = _imported(ws, src)
    assert doc.title == "无标题" and "## 一、总体情况" in doc.body


def test_docx_self_check_reads_markers_like_the_checker(tmp_path: Path) -> None:
    """A level-2 heading typed with ASCII brackets in a Word file is found by the .docx
    self-check through the dialect (E33) and the checker's form rule (S04)."""
    from zhengbing.docxprops import check_docx
    from zhengbing.resources import templates_dir

    src = tmp_path / "讲话.md"
    src.write_text(
        (templates_dir() / "examples" / "征兵工作动员讲话示例.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    out = render_file(src, tmp_path / "讲话.docx")
    assert check_docx(out) == []
    d = docx.Document(str(out))
    target = next(p for p in d.paragraphs if p.text.startswith("（一）"))
    target.runs[0].text = target.runs[0].text.replace("（一）", "(一)", 1)
    broken = tmp_path / "改过.docx"
    d.save(str(broken))
    failures = check_docx(broken)
    assert any(f.startswith("E33") and "“(一)”应写作“（一）”" in f for f in failures), failures
    assert any(f.startswith("E27") and "S04" in f for f in failures), failures
