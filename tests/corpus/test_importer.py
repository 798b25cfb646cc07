"""`zhengbing corpus add`: every accepted format, every bad input, nothing lost."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from zhengbing.cli import main
from zhengbing.corpus import load_corpus, read_document
from zhengbing.importer import Overrides, import_paths


@pytest.fixture(autouse=True)
def _index_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHENGBING_INDEX_DIR", str(tmp_path / "index-cache"))


SPEECH = """在青山镇2024年征兵工作动员会上的讲话

同志们：

今天召开全镇征兵工作动员会，主要任务是部署今年征兵工作。

一、提高思想认识

（一）征兵是法定任务

依法服兵役是公民的光荣义务。

1.抓好兵役登记

各村要组织适龄青年完成兵役登记。

二、压实工作责任

青山镇人民武装部
2024年5月20日
"""


def _docs(ws) -> dict:
    return {d.id: d for d in load_corpus(ws).documents.values() if d.origin == "own"}


def test_txt_in_gbk_is_decoded_and_structured(ws, tmp_path):
    src = tmp_path / "讲话.txt"
    src.write_bytes(SPEECH.encode("gbk"))
    report = import_paths([src], ws)
    assert not report.failed
    item = report.imported[0]
    assert "GB18030" in item.note
    assert item.kind == "讲话"
    doc = read_document(item.target, "own")
    assert doc.title == "在青山镇2024年征兵工作动员会上的讲话"
    assert doc.meta["公布日期"] == "2024-05-20"
    assert doc.year == 2024 and doc.region == "浙江省"
    assert "## 一、提高思想认识" in doc.body
    assert "### （一）征兵是法定任务" in doc.body
    assert "#### 1.抓好兵役登记" in doc.body


REGULATION = """江西省国防动员条例

第一章 总则

第一条 为了加强国防动员建设，制定本条例。

第二条 县级以上人民政府履行下列职责：

（一）组织国防动员准备；

（二）落实国防动员任务。

第二章 兵员动员

第三条 兵员动员按照国家规定执行。
"""


def test_provincial_regulation_is_split_into_articles(ws, tmp_path):
    """A province's regulation (its title even says 动员) is a 地方性法规 of that province,
    split by 第X条 under its chapters; （一）（二） stay inside their article."""
    src = tmp_path / "条例.txt"
    src.write_bytes(REGULATION.encode("gbk"))
    item = import_paths([src], ws).imported[0]
    assert item.kind == "地方性法规"
    doc = read_document(item.target, "own")
    assert doc.region == "江西省"  # not the workspace's 浙江省, not 全国
    passages = {
        p.id.split("#")[1]: p for p in load_corpus(ws).passages.values() if p.doc_id == doc.id
    }
    assert sorted(passages) == ["第一条", "第三条", "第二条"]
    assert passages["第二条"].path == ("第一章 总则",)
    assert "（二）落实国防动员任务" in passages["第二条"].text
    assert passages["第三条"].path == ("第二章 兵员动员",)


def test_kind_from_the_title_of_a_regulation():
    from zhengbing.importer import _guess_kind

    assert _guess_kind("浙江省实施《中华人民共和国兵役法》办法", "") == "地方性法规"
    assert _guess_kind("应征入伍服义务兵役高等学校学生国家教育资助办法", "") == "规章"
    assert _guess_kind("中华人民共和国兵役法（2021年修订）", "") == "法律"
    assert _guess_kind("在全县征兵工作动员会上的讲话", "") == "讲话"


def test_national_regulation_kinds(ws, tmp_path):
    for name, kind in (("兵役工作条例", "行政法规"), ("中华人民共和国国防动员法", "法律")):
        src = tmp_path / f"{name}.txt"
        src.write_text(f"{name}\n\n第一条 为了规范工作，制定本条例。\n", encoding="utf-8")
        item = import_paths([src], ws).imported[0]
        assert item.kind == kind
        assert read_document(item.target, "own").region == "全国"


def test_metadata_flags_override_what_is_read(ws, tmp_path):
    src = tmp_path / "讲话.txt"
    src.write_text(SPEECH, encoding="utf-8")
    report = import_paths(
        [src], ws, Overrides(kind="总结", region="江苏省", date="2023年1月2日", title="另一个标题")
    )
    doc = read_document(report.imported[0].target, "own")
    assert (doc.title, doc.kind, doc.region, doc.meta["公布日期"]) == (
        "另一个标题",
        "总结",
        "江苏省",
        "2023-01-02",
    )


def test_document_number_is_read_from_the_text(ws, tmp_path):
    src = tmp_path / "通知.txt"
    src.write_text(
        "关于做好2024年征兵工作的通知\n\n青政办〔2024〕12号\n\n各村：现将有关事项通知如下。\n",
        encoding="utf-8",
    )
    report = import_paths([src], ws)
    doc = read_document(report.imported[0].target, "own")
    assert doc.number == "青政办〔2024〕12号"
    assert doc.kind == "规范性文件"


def test_markdown_with_front_matter_keeps_its_metadata(ws, tmp_path):
    src = tmp_path / "总结.md"
    src.write_text(
        "---\ntitle: 2023年征兵工作总结\n类别: 总结\n年度: 2023\n---\n# 2023年征兵工作总结\n\n## 一、基本情况\n\n完成任务。\n",
        encoding="utf-8",
    )
    report = import_paths([src], ws)
    doc = read_document(report.imported[0].target, "own")
    assert doc.kind == "总结" and doc.year == 2023
    assert load_corpus(ws).passages[f"{doc.id}#p1"].path == ("一、基本情况",)


def test_docx_headings_from_styles_and_numbering(ws, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("2025年征兵工作总结", style="Title")
    d.add_paragraph("主要做法", style="Heading 1")
    d.add_paragraph("今年我镇完成征兵任务。")
    d.add_paragraph("（一）抓宣传")
    d.add_paragraph("宣传到村到户。")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).text = "人数"
    t.cell(1, 0).text = "报名"
    t.cell(1, 1).text = "103"
    src = tmp_path / "总结.docx"
    d.save(src)
    report = import_paths([src], ws)
    assert not report.failed, report.failed
    doc = read_document(report.imported[0].target, "own")
    assert doc.title == "2025年征兵工作总结" and doc.kind == "总结"
    assert "## 主要做法" in doc.body and "### （一）抓宣传" in doc.body
    assert "报名 | 103" in doc.body


def test_docx_regulation_with_a_plain_first_line(ws, tmp_path):
    """An unstyled, left-aligned first line that names the document is the title."""
    import docx

    d = docx.Document()
    for line in ("安徽省征兵工作条例", "第一章 总则", "第一条 为了做好征兵工作，制定本条例。"):
        d.add_paragraph(line)
    src = tmp_path / "文件1.docx"
    d.save(src)
    item = import_paths([src], ws).imported[0]
    doc = read_document(item.target, "own")
    assert (doc.title, doc.kind, doc.region) == ("安徽省征兵工作条例", "地方性法规", "安徽省")


def test_docx_that_is_not_a_zip_is_refused(ws, tmp_path):
    fake = tmp_path / "假的.docx"
    fake.write_text("这其实是文本", encoding="utf-8")
    old = tmp_path / "旧版.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    report = import_paths([fake, old], ws)
    assert not report.imported
    messages = dict(report.failed)
    assert "不是有效的 .docx" in messages[str(fake)]
    assert "旧版 Word（.doc）" in messages[str(old)]


def test_undecodable_text_file(ws, tmp_path):
    bad = tmp_path / "乱码.txt"
    bad.write_bytes(b"\x80\x80\x80\xff\xfe\x00garbage\x80")
    report = import_paths([bad], ws)
    assert not report.imported
    assert "无法识别文件编码" in report.failed[0][1] or "不是文本文件" in report.failed[0][1]


def test_empty_file(ws, tmp_path):
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "空白.md"
    blank.write_text("  \n\n", encoding="utf-8")
    report = import_paths([empty, blank], ws)
    assert not report.imported
    assert all("空的" in m for _, m in report.failed)


def _pdf_with_text(text: str) -> bytes:
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def test_pdf_with_text_layer(ws, tmp_path):
    src = tmp_path / "report.pdf"
    src.write_bytes(_pdf_with_text("Conscription work summary 2024"))
    report = import_paths([src], ws, Overrides(kind="总结"))
    assert not report.failed, report.failed
    doc = read_document(report.imported[0].target, "own")
    assert (
        "Conscription work summary 2024" in doc.body
        or doc.title == "Conscription work summary 2024"
    )


def test_pdf_without_text_is_a_clear_message(ws, tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    src = tmp_path / "扫描件.pdf"
    with open(src, "wb") as fh:
        writer.write(fh)
    report = import_paths([src], ws)
    assert not report.imported
    assert "没有可提取的文字" in report.failed[0][1] and "扫描件" in report.failed[0][1]


def _zip(path: Path, members: dict[str, bytes], *, gbk_names: bool = False) -> Path:
    """A zip; with *gbk_names* the names are raw GBK bytes without the UTF-8 flag (Windows)."""
    swaps: list[tuple[bytes, bytes]] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, (name, data) in enumerate(members.items()):
            if gbk_names:
                raw = name.encode("gbk")
                placeholder = (f"Z{n}" + "x" * len(raw))[: len(raw)].encode()
                swaps.append((placeholder, raw))
                zf.writestr(placeholder.decode(), data)
            else:
                zf.writestr(name, data)
    blob = path.read_bytes()
    for placeholder, raw in swaps:
        blob = blob.replace(placeholder, raw)
    path.write_bytes(blob)
    return path


def test_zip_with_gbk_member_names(ws, tmp_path):
    src = _zip(
        tmp_path / "资料.zip",
        {"征兵/动员讲话.txt": SPEECH.encode("gbk"), "征兵/说明.xls": b"x"},
        gbk_names=True,
    )
    report = import_paths([src], ws)
    assert len(report.imported) == 1
    assert report.imported[0].source.endswith("征兵/动员讲话.txt")
    assert "动员讲话.txt" in read_document(report.imported[0].target, "own").meta["来源"]
    assert report.skipped and "说明.xls" in report.skipped[0][0]


def test_zip_with_path_traversal_is_refused(ws, tmp_path):
    src = _zip(tmp_path / "坏.zip", {"../../evil.txt": b"x", "ok.txt": SPEECH.encode()})
    report = import_paths([src], ws)
    assert not report.imported
    assert "压缩包以外" in report.failed[0][1]
    assert not list(tmp_path.rglob("evil.txt"))


def test_zip_bomb_is_refused(ws, tmp_path):
    src = _zip(tmp_path / "炸弹.zip", {"big.txt": b"0" * (30 * 1024 * 1024)})
    assert src.stat().st_size < 1024 * 1024
    report = import_paths([src], ws)
    assert not report.imported
    assert "压缩比异常" in report.failed[0][1] or "过大" in report.failed[0][1]


def test_folder_import_one_failure_loses_nothing(ws, tmp_path):
    folder = tmp_path / "一批"
    (folder / "子目录").mkdir(parents=True)
    (folder / "a.txt").write_text("第一篇总结\n\n今年完成任务。\n", encoding="utf-8")
    (folder / "子目录" / "b.md").write_text("# 第二篇讲话\n\n同志们好。\n", encoding="utf-8")
    (folder / "坏.md").write_text("---\ntitle: [\n---\n正文\n", encoding="utf-8")
    (folder / "图片.png").write_bytes(b"\x89PNG")
    first = import_paths([tmp_path / "不存在.txt"], ws)
    assert first.failed and "找不到" in first.failed[0][1]
    report = import_paths([folder], ws)
    assert len(report.imported) == 2
    assert len(report.failed) == 1 and "坏.md" in report.failed[0][0]
    assert "YAML" in report.failed[0][1] and re.search(r"第 [23] 行", report.failed[0][1])
    assert report.skipped
    before = set(_docs(ws))
    stored = {p: p.read_bytes() for p in ws.own_corpus_dir.glob("*.md")}
    # a second import of the same files is recognised by content: nothing duplicated
    again = import_paths([folder], ws)
    assert again.imported == [] and len(again.present) == 2
    assert set(_docs(ws)) == before
    assert {p: p.read_bytes() for p in ws.own_corpus_dir.glob("*.md")} == stored
    # a changed source is a new document: added as a copy, and nothing is overwritten
    (folder / "a.txt").write_text("第一篇总结\n\n今年超额完成任务。\n", encoding="utf-8")
    changed = import_paths([folder], ws)
    assert len(changed.imported) == 1 and len(changed.present) == 1
    after = set(_docs(ws))
    assert before < after and len(after) == 3
    assert all(p.read_bytes() == data for p, data in stored.items())


def test_cli_add_list_show(workspace, tmp_path, capsys):
    src = tmp_path / "讲话.txt"
    src.write_text(SPEECH, encoding="utf-8")
    bad = tmp_path / "坏.docx"
    bad.write_text("x", encoding="utf-8")
    code = main(["corpus", "add", str(src), str(bad), "--workspace", str(workspace)])
    captured = capsys.readouterr()
    assert code == 2
    assert "已导入" in captured.out and "UTF-8" in captured.out
    assert "坏.docx" in captured.err and "不是有效的 .docx" in captured.err
    assert "检索索引已更新" in captured.out
    # the imported speech is searchable
    assert (
        main(["search", "青山镇 动员会", "--kind", "own", "--json", "--workspace", str(workspace)])
        == 0
    )
    import json

    hits = json.loads(capsys.readouterr().out)
    assert hits and hits[0]["id"].startswith("资料-")
    assert main(["corpus", "list", "--kind", "own", "--workspace", str(workspace)]) == 0
    listing = capsys.readouterr().out
    assert "资料-在青山镇2024年征兵工作动员会上的讲话" in listing
    assert main(["corpus", "show", "兵役法@2021#第二十条", "--workspace", str(workspace)]) == 0
    assert "年满十八周岁" in capsys.readouterr().out
    assert main(["corpus", "show", "兵役法@2011#第二十条"]) == 0
    assert "现行版本为 兵役法@2021" in capsys.readouterr().out
    assert main(["corpus", "show", "征兵工作条例@2023"]) == 0
    out = capsys.readouterr().out
    assert "国务院、中央军委令第759号" in out and "征兵工作条例@2023#第七十四条" in out
    assert main(["corpus", "show", "没有@1#第一条"]) == 2
    assert "找不到" in capsys.readouterr().err


def test_add_needs_a_workspace(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["corpus", "add", str(tmp_path)]) == 2
    assert "工作区" in capsys.readouterr().err
