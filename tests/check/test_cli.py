"""`zhengbing check` as a user runs it: formats, exit codes, encodings, Word files, --annotate."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import docx
import pytest

from zhengbing.check import check_file
from zhengbing.cli import main

DATA = Path(__file__).parent / "data"

CLEAN = """---
title: 在青山镇2024年征兵工作动员会议上的讲话
year: 2024
---

# 在青山镇2024年征兵工作动员会议上的讲话

同志们：

今天召开全镇征兵工作动员会议。下面，我讲两点意见。

## 一、提高认识

**一是统一思想。**要把思想统一到上级部署上来。**二是压实责任。**村党组织书记是第一责任人。

## 二、严格纪律

同志们，让我们扎实工作，圆满完成今年征兵任务！
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(DATA / "zhengbing.toml", root / "zhengbing.toml")
    (root / "统计").mkdir()
    shutil.copy(DATA / "统计2024.csv", root / "统计" / "统计2024.csv")
    return root


def test_clean_draft_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "讲话.md"
    path.write_text(CLEAN, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_text_output_groups_by_file(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "faulty-speech.md"
    assert main(["check", str(path), "--workspace", str(workspace)]) == 1
    out = capsys.readouterr()
    lines = out.out.strip().split("\n")
    assert len(lines) == 14
    assert all(line.startswith(f"{path}:") for line in lines)
    assert f"{path}:20:31 [错误] punctuation 中文中使用了半角标点：“,”。 → 改为“，”" in lines
    assert "错误 13 处，警告 1 处" in out.err


def test_json_fields(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "faulty-summary.md"
    code = main(["check", str(path), "--workspace", str(workspace), "--format", "json"])
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 14
    for item in data:
        assert {
            "file",
            "rule",
            "severity",
            "line",
            "column",
            "text",
            "message",
            "suggestion",
        } <= set(item)
        assert item["severity"] in ("error", "warning", "info")
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
    stats = next(d for d in data if d["rule"] == "stats")
    assert stats["text"] == "30人" and "33" in stats["suggestion"]


def test_warnings_only_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "讲话.md"
    path.write_text(CLEAN.replace("扎实工作", "和王镕同志一起扎实工作"), encoding="utf-8")
    assert main(["check", str(path)]) == 0


def test_rules_option_limits_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "讲话.md"
    path.write_text(CLEAN.replace("今天召开", "XX镇今天召开,"), encoding="utf-8")
    assert main(["check", str(path), "--rules", "placeholder", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["rule"] for d in data] == ["placeholder"]


def test_unknown_rule_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "讲话.md"
    path.write_text(CLEAN, encoding="utf-8")
    assert main(["check", str(path), "--rules", "spelling"]) == 2
    assert "没有名为“spelling”的检查规则" in capsys.readouterr().err


def test_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "没有.md")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_gb18030_text_file(tmp_path: Path) -> None:
    text = "关于2024年征兵工作的总结\n\n全镇征兵工作扎实推进。\n今年__村完成任务,效果很好。\n"
    path = tmp_path / "总结.txt"
    path.write_bytes(text.encode("gb18030"))
    findings = check_file(path)
    got = sorted((f.rule, f.line, f.column) for f in findings)
    assert got == [("placeholder", 4, 3), ("punctuation", 4, 10)]


def test_broken_docx_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "讲话.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip archive")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Word 文件已损坏" in err and "另存为 .docx" in err


def test_old_doc_file_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "讲话.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert main(["check", str(path)]) == 2
    assert "旧版 Word（.doc）" in capsys.readouterr().err


def _faulty_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("在XX镇2024年征兵工作动员会议上的讲话", style="Title")
    document.add_paragraph("同志们:")
    document.add_paragraph("今年我镇要完成任务。一是统一思想。二是压实责任。二是严格纪律。")
    document.add_paragraph("")
    p = document.add_paragraph("要把")
    p.add_run("理论理论").bold = True
    p.add_run("学习纳入计划，由区卫计委负责体检。")
    document.save(str(path))


def test_docx_findings_have_paragraph_numbers(tmp_path: Path) -> None:
    path = tmp_path / "讲话.docx"
    _faulty_docx(path)
    findings = check_file(path)
    got = sorted((f.rule, f.paragraph) for f in findings)
    assert got == [
        ("numbering", 3),
        ("placeholder", 1),
        ("punctuation", 2),
        ("renamed", 5),
        ("repeat", 5),
    ]
    assert all(f.line is None for f in findings)
    repeat = next(f for f in findings if f.rule == "repeat")
    assert repeat.text == "理论理论" and repeat.to_dict()["paragraph"] == 5


def test_annotate_writes_one_comment_per_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "讲话.docx"
    _faulty_docx(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    out = tmp_path / "讲话-体检.docx"
    code = main(["check", str(path), "--annotate", str(out), "--format", "json"])
    assert code == 1
    findings = json.loads(capsys.readouterr().out)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    annotated = docx.Document(str(out))
    comments = list(annotated.comments)
    assert len(comments) == len(findings) == 5
    texts = sorted(c.text for c in comments)
    assert any("repeat" in t and "理论理论" in t for t in texts)
    assert all(c.author == "征兵文稿工具箱·文稿体检" for c in comments)
    # the text of the copy is unchanged
    assert [p.text for p in annotated.paragraphs] == [
        p.text for p in docx.Document(str(path)).paragraphs
    ]
    # an existing output is not overwritten without --force
    assert main(["check", str(path), "--annotate", str(out)]) == 3


def test_annotate_needs_one_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "讲话.md"
    path.write_text(CLEAN, encoding="utf-8")
    assert main(["check", str(path), "--annotate", str(tmp_path / "x.docx")]) == 2
    assert "只能用于一个 .docx 文件" in capsys.readouterr().err


def test_one_unreadable_file_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "讲话.md"
    good.write_text(CLEAN.replace("今天召开", "XX镇今天召开"), encoding="utf-8")
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04broken")
    assert main(["check", str(bad), str(good)]) == 2
    out = capsys.readouterr()
    assert f"{good}:10:1 [错误] placeholder" in out.out
    assert "坏.docx" in out.err and "1 个文件无法读取" in out.err


def test_citations_are_remembered_between_runs(tmp_path: Path) -> None:
    from zhengbing.check.cache import cache_dir

    draft = (
        "---\nyear: 2024\n---\n\n# 标题\n\n依据《兵役法》第九十九条规定。"
        "《兵役法》第二十条规定：“年满十六周岁的公民都应当服兵役。”\n"
    )
    path = tmp_path / "讲话.md"
    path.write_text(draft, encoding="utf-8")
    first = [(f.rule, f.line, f.column, f.message) for f in check_file(path)]
    assert (cache_dir() / "citations.json").is_file()
    second = [(f.rule, f.line, f.column, f.message) for f in check_file(path)]
    assert first == second and len(first) == 2


def test_a_folder_checks_every_draft_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "甲.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "乙.txt").write_bytes(
        "关于征兵工作的总结\n\n今年__村完成任务。\n".encode("gb18030")
    )
    (tmp_path / "甲.备份-20240101-000000.md").write_text("XX", encoding="utf-8")
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(Path(d["file"]).name, d["rule"]) for d in data] == [("乙.txt", "placeholder")]


def test_word_paragraphs_indented_by_hand(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于2024年征兵工作的总结")
    document.add_paragraph("镇人民武装部部长  王海")
    document.add_paragraph("一、主要做法")
    document.add_paragraph("\u3000\u3000（一）兵役登记。全镇登记率100%。")
    document.add_paragraph("\u3000\u3000（三）体检政考。组织35名青年参加体检。")
    path = tmp_path / "述职.docx"
    document.save(str(path))
    got = sorted((f.rule, f.paragraph, f.severity, f.code) for f in check_file(path))
    assert got == [
        (
            "numbering",
            5,
            "error",
            "",
        ),  # （三） after （一）: the marker is read behind the indentation
        ("punctuation", 2, "warning", "P06"),  # ASCII spaces in the byline
        ("punctuation", 4, "error", "S05"),  # indentation typed by hand, reported once
    ]


def _commented_texts(path: Path) -> list[str]:
    """The document text each comment marks, in the order of the comments."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = docx.Document(str(path)).element.body
    open_ids: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for el in body.iter():
        if el.tag == f"{w}commentRangeStart":
            open_ids[el.get(f"{w}id")] = []
        elif el.tag == f"{w}commentRangeEnd":
            cid = el.get(f"{w}id")
            done[cid] = "".join(open_ids.pop(cid, []))
        elif el.tag == f"{w}t":
            for parts in open_ids.values():
                parts.append(el.text or "")
    return [done[k] for k in sorted(done, key=int)]


def test_annotate_marks_exactly_the_offending_text(tmp_path: Path) -> None:
    path = tmp_path / "讲话.docx"
    _faulty_docx(path)
    out = tmp_path / "批注.docx"
    assert main(["check", str(path), "--annotate", str(out)]) == 1
    marked = _commented_texts(out)
    assert "理论理论" in marked and "卫计委" in marked and "XX" in marked


def test_empty_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "空.md"
    path.write_bytes(b"\xef\xbb\xbf\n\n")
    assert main(["check", str(path)]) == 2
    assert "是空的" in capsys.readouterr().err


def test_front_matter_that_is_not_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "讲话.md"
    path.write_text("---\ntitle: 讲话\nyear: [2024\n---\n\n# 讲话\n\n同志们：\n", encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:3:1 [错误] draft 第 3 行：文件头（YAML）格式有误" in out


def test_stats_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "faulty-summary.md"
    stats = tmp_path / "统计.csv"
    shutil.copy(DATA / "统计2024.csv", stats)
    assert (
        main(["check", str(path), "--stats", str(stats), "--rules", "stats", "--format", "json"])
        == 1
    )
    data = json.loads(capsys.readouterr().out)
    assert [(d["rule"], d["line"], d["text"]) for d in data] == [("stats", 21, "30人")]
    bad = tmp_path / "坏.csv"
    bad.write_text("单位,报名人数\n青山村,很多\n", encoding="utf-8")
    assert main(["check", str(path), "--stats", str(bad)]) == 2
    assert "坏.csv" in capsys.readouterr().err
