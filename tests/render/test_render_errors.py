"""`zhengbing render` on bad input and refused output: exit code, Chinese message, no partial file."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

from zhengbing.cli import main
from zhengbing.docxprops import check_docx

SPEECH = """---
title: 在全镇2024年征兵工作动员会议上的讲话
kind: 讲话
office: 镇长
speaker: 张明
date: 2024-03-01
---

同志们：

今天召开全镇征兵工作动员会议，部署今年的征兵任务。
"""


def _render(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["render", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or "备份" in p.name)


@pytest.fixture
def speech(tmp_path: Path) -> Path:
    src = tmp_path / "讲话.md"
    src.write_text(SPEECH, encoding="utf-8")
    return src


def test_default_output_next_to_draft(speech: Path, capsys) -> None:
    code, out, err = _render(capsys, speech)
    assert code == 0, err
    target = speech.with_suffix(".docx")
    assert target.is_file() and str(target) in out
    assert check_docx(target) == []


def test_gb18030_draft_is_decoded_and_named(tmp_path: Path, capsys) -> None:
    src = tmp_path / "旧编码.md"
    src.write_bytes(SPEECH.encode("gb18030"))
    code, _, err = _render(capsys, src)
    assert code == 0
    assert "GB18030" in err and "旧编码.md" in err
    doc = docx.Document(str(src.with_suffix(".docx")))
    assert doc.paragraphs[0].text == "在全镇2024年征兵工作动员会议上的讲话"


def test_undecodable_draft_is_refused(tmp_path: Path, capsys) -> None:
    src = tmp_path / "乱码.md"
    src.write_bytes(b"# \xff\xfe\xfa title\n" + bytes(range(128, 256)))
    code, _, err = _render(capsys, src)
    assert code == 2
    assert "编码" in err and "乱码.md" in err and "Traceback" not in err
    assert not src.with_suffix(".docx").exists()


def test_heading_too_deep_names_line(tmp_path: Path, capsys) -> None:
    src = tmp_path / "过深.md"
    src.write_text(SPEECH + "\n##### 第五级标题\n", encoding="utf-8")
    code, _, err = _render(capsys, src)
    assert code == 2
    assert "第 13 行" in err and "层级过深" in err
    assert not src.with_suffix(".docx").exists()
    assert _leftovers(tmp_path) == []


def test_skipped_heading_level_names_line(tmp_path: Path, capsys) -> None:
    src = tmp_path / "跳级.md"
    src.write_text(SPEECH + "\n## 一、提高认识\n\n#### 1.摸清底数\n", encoding="utf-8")
    code, _, err = _render(capsys, src)
    assert code == 2
    assert "第 15 行" in err and "跳级" in err
    assert not src.with_suffix(".docx").exists()


def test_unknown_front_matter_key_warns(tmp_path: Path, capsys) -> None:
    src = tmp_path / "未知键.md"
    src.write_text(SPEECH.replace("kind: 讲话", "kind: 讲话\n字号: 三号"), encoding="utf-8")
    code, _, err = _render(capsys, src)
    assert code == 0
    assert "警告" in err and "字号" in err
    assert src.with_suffix(".docx").is_file()


def test_empty_draft(tmp_path: Path, capsys) -> None:
    src = tmp_path / "空.md"
    src.write_text("\n  \n", encoding="utf-8")
    code, _, err = _render(capsys, src)
    assert code == 2 and "空的" in err and "空.md" in err
    assert not src.with_suffix(".docx").exists()


def test_missing_draft(tmp_path: Path, capsys) -> None:
    code, _, err = _render(capsys, tmp_path / "没有.md")
    assert code == 2 and "找不到文件" in err


def test_missing_reference(speech: Path, tmp_path: Path, capsys) -> None:
    code, _, err = _render(capsys, speech, "--reference", tmp_path / "没有这个模板.docx")
    assert code == 2 and "找不到参考文件" in err and "没有这个模板.docx" in err
    assert not speech.with_suffix(".docx").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"this is plain text, not a zip", "不是有效的 .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "旧版 Word"),
    ],
    ids=["not-a-zip", "old-doc"],
)
def test_unreadable_reference(speech: Path, tmp_path: Path, capsys, content, words) -> None:
    ref = tmp_path / "模板.docx"
    ref.write_bytes(content)
    code, _, err = _render(capsys, speech, "--reference", ref)
    assert code == 2 and "参考文件无法使用" in err and words in err and "模板.docx" in err
    assert "Traceback" not in err
    assert not speech.with_suffix(".docx").exists()


def test_reference_zip_without_document(speech: Path, tmp_path: Path, capsys) -> None:
    import zipfile

    ref = tmp_path / "压缩包.docx"
    with zipfile.ZipFile(ref, "w") as zf:
        zf.writestr("readme.txt", "hello")
    code, _, err = _render(capsys, speech, "--reference", ref)
    assert code == 2 and "参考文件无法使用" in err


def test_user_reference_keeps_page_setup_and_gets_our_styles(
    speech: Path, tmp_path: Path, capsys
) -> None:
    ref = tmp_path / "本单位模板.docx"
    plain = docx.Document()  # US Letter, no 公文 styles
    plain.add_paragraph("模板里的旧内容")
    plain.save(str(ref))
    out = tmp_path / "成稿.docx"
    code, _, err = _render(capsys, speech, "-o", out, "--reference", ref)
    assert code == 0, err
    assert "已按自带格式补上" in err
    doc = docx.Document(str(out))
    assert doc.sections[0].page_width.twips == 12240  # the reference's own page setup
    assert "模板里的旧内容" not in "".join(p.text for p in doc.paragraphs)
    ids = {s.style_id for s in doc.styles}
    assert {"GwTitle", "GwBody", "GwByline", "GwSalutation", "GwLead"} <= ids
    assert doc.paragraphs[0].style.style_id == "GwTitle"
    assert doc.settings.odd_and_even_pages_header_footer
    assert doc.sections[0].footer.paragraphs[0].text == "— 1 —"
    assert doc.sections[0].even_page_footer.paragraphs[0].text == "— 2 —"


def test_user_reference_styles_are_kept(speech: Path, tmp_path: Path, capsys) -> None:
    from zhengbing.resources import templates_dir

    # a unit template derived from ours with a different body font size
    ref = tmp_path / "改过的模板.docx"
    base = docx.Document(str(templates_dir() / "reference.docx"))
    base.styles["公文正文"].font.size = docx.shared.Pt(15)
    base.save(str(ref))
    out = tmp_path / "成稿.docx"
    code, _, err = _render(capsys, speech, "-o", out, "--reference", ref)
    assert code == 0, err
    doc = docx.Document(str(out))
    assert doc.styles["公文正文"].font.size.pt == 15


def test_output_folder_missing(speech: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "不存在的文件夹" / "成稿.docx"
    code, _, err = _render(capsys, speech, "-o", out)
    assert code == 3 and "输出文件夹不存在" in err
    assert not out.parent.exists()


def test_output_parent_is_a_file(speech: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "文件"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = _render(capsys, speech, "-o", blocker / "成稿.docx")
    assert code == 3 and "不是文件夹" in err


def test_output_folder_not_writable(
    speech: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root ignores permissions: simulate the refusal
        import zhengbing.textio

        real_access = os.access

        def access(path, mode, **kwargs):
            if Path(path) == folder and mode & os.W_OK:
                return False
            return real_access(path, mode, **kwargs)

        monkeypatch.setattr(zhengbing.textio.os, "access", access)
    try:
        code, _, err = _render(capsys, speech, "-o", folder / "成稿.docx")
        assert code == 3 and "不可写" in err
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_existing_output_refused_without_force(speech: Path, capsys) -> None:
    target = speech.with_suffix(".docx")
    target.write_bytes(b"old file")
    code, _, err = _render(capsys, speech)
    assert code == 3 and "已存在" in err and "--force" in err
    assert target.read_bytes() == b"old file"
    assert _leftovers(speech.parent) == []


def test_existing_output_replaced_with_force_keeps_backup(speech: Path, capsys) -> None:
    target = speech.with_suffix(".docx")
    target.write_bytes(b"old file")
    code, _, err = _render(capsys, speech, "--force")
    assert code == 0, err
    backups = [p for p in speech.parent.iterdir() if "备份" in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == b"old file"
    assert backups[0].suffix == ".docx"
    assert check_docx(target) == []
    assert "备份" in err


def test_several_drafts_with_outdir(tmp_path: Path, capsys) -> None:
    drafts = []
    for name in ("东村", "西村", "南村"):
        src = tmp_path / f"{name}.md"
        src.write_text(SPEECH.replace("全镇", name), encoding="utf-8")
        drafts.append(src)
    bad = tmp_path / "坏稿.md"
    bad.write_text(SPEECH + "\n##### 太深\n", encoding="utf-8")
    outdir = tmp_path / "成稿"
    outdir.mkdir()
    code, out, err = _render(capsys, *drafts, bad, "--outdir", outdir)
    assert code == 2
    assert sorted(p.name for p in outdir.iterdir()) == ["东村.docx", "南村.docx", "西村.docx"]
    assert "坏稿.md" in err and "3 个已生成" in err
    for name in ("东村", "西村", "南村"):
        doc = docx.Document(str(outdir / f"{name}.docx"))
        assert name in doc.paragraphs[0].text


def test_output_option_with_several_drafts_refused(speech: Path, tmp_path: Path, capsys) -> None:
    code, _, err = _render(capsys, speech, speech, "-o", tmp_path / "a.docx")
    assert code == 2 and "--outdir" in err


def test_workspace_draft_goes_to_finished_folder(tmp_path: Path, capsys) -> None:
    ws = tmp_path / "工作区"
    (ws / "草稿").mkdir(parents=True)
    (ws / "zhengbing.toml").write_text(
        '[unit]\nunit = "青山镇"\nlevel = "镇"\norgan = "青山镇人民武装部"\n', encoding="utf-8"
    )
    src = ws / "草稿" / "总结.md"
    src.write_text(
        "---\ntitle: 青山镇2024年度征兵工作总结\nkind: 总结\ndate: 2024-12-20\n---\n\n"
        "全镇圆满完成征兵任务。\n",
        encoding="utf-8",
    )
    code, out, err = _render(capsys, src)
    assert code == 0, err
    target = ws / "成稿" / "总结.docx"
    assert target.is_file()  # 成稿/ is created when the workspace lacks it
    doc = docx.Document(str(target))
    # the signature falls back to the workspace profile's issuing organ
    assert [p.text for p in doc.paragraphs][-2:] == ["青山镇人民武装部", "2024年12月20日"]


def test_our_reference_given_explicitly_and_as_template(
    speech: Path, tmp_path: Path, capsys
) -> None:
    import zipfile

    from zhengbing.resources import templates_dir

    shipped = templates_dir() / "reference.docx"
    dotx = tmp_path / "模板.dotx"
    with zipfile.ZipFile(shipped) as src, zipfile.ZipFile(dotx, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    for ref in (shipped, dotx):
        out = tmp_path / f"{ref.suffix[1:]}.docx"
        code, _, err = _render(capsys, speech, "-o", out, "--reference", ref)
        assert code == 0, err
        assert check_docx(out) == []


def test_multi_section_reference_gives_one_section_and_keeps_its_header(
    speech: Path, tmp_path: Path, capsys
) -> None:
    from docx.enum.section import WD_SECTION

    ref = tmp_path / "多节模板.docx"
    template = docx.Document()
    template.add_paragraph("第一节")
    template.sections[0].header.paragraphs[0].text = "单位页眉"
    template.add_section(WD_SECTION.NEW_PAGE)
    template.sections[1].different_first_page_header_footer = True
    template.save(str(ref))
    out = tmp_path / "成稿.docx"
    code, _, err = _render(capsys, speech, "-o", out, "--reference", ref)
    assert code == 0, err
    doc = docx.Document(str(out))
    assert len(doc.sections) == 1
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == "单位页眉"
    assert not section.different_first_page_header_footer
    assert section.footer.paragraphs[0].text == "— 1 —"


def test_reference_footers_become_page_numbers(speech: Path, tmp_path: Path, capsys) -> None:
    ref = tmp_path / "带页脚的模板.docx"
    template = docx.Document()
    section = template.sections[0]
    section.footer.paragraphs[0].text = "单位旧页脚"
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = "首页旧页脚"
    template.save(str(ref))
    out = tmp_path / "成稿.docx"
    code, _, err = _render(capsys, speech, "-o", out, "--reference", ref)
    assert code == 0, err
    doc = docx.Document(str(out))
    section = doc.sections[0]
    assert not section.different_first_page_header_footer
    assert section.first_page_footer.is_linked_to_previous
    assert [p.text for p in section.footer.paragraphs] == ["— 1 —"]
    assert [p.text for p in section.even_page_footer.paragraphs] == ["— 2 —"]
    import zipfile

    with zipfile.ZipFile(out) as zf:
        footers = [zf.read(n).decode("utf-8") for n in zf.namelist() if "footer" in n]
    assert len(footers) == 2 and not any("旧页脚" in f for f in footers)
    instr = doc.sections[0].footer.paragraphs[0]._p.xpath(".//w:instrText/text()")
    assert [t.strip() for t in instr] == ["PAGE"]


def test_reference_with_damaged_part(speech: Path, tmp_path: Path, capsys) -> None:
    import zipfile

    from zhengbing.resources import templates_dir

    ref = tmp_path / "损坏.docx"
    with (
        zipfile.ZipFile(templates_dir() / "reference.docx") as src,
        zipfile.ZipFile(ref, "w") as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]  # cut off in the middle
            dst.writestr(info, data)
    code, _, err = _render(capsys, speech, "--reference", ref)
    assert code == 2 and "参考文件无法使用" in err and "损坏.docx" in err
    assert "Traceback" not in err
    assert not speech.with_suffix(".docx").exists()


def test_macro_document_as_reference_leaves_macros_out(
    speech: Path, tmp_path: Path, capsys
) -> None:
    import zipfile

    from zhengbing.resources import templates_dir

    docm = tmp_path / "宏模板.docm"
    with (
        zipfile.ZipFile(templates_dir() / "reference.docx") as src,
        zipfile.ZipFile(docm, "w") as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main",
                    b"application/vnd.ms-word.document.macroEnabled.main",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b"</Types>",
                )
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            dst.writestr(info, data)
        dst.writestr("word/vbaProject.bin", b"not really a macro")
    out = tmp_path / "成稿.docx"
    code, _, err = _render(capsys, speech, "-o", out, "--reference", docm)
    assert code == 0, err
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml").decode("utf-8")
        rels = zf.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "word/vbaProject.bin" not in names and "vbaProject" not in rels
    assert "macroEnabled" not in types
    assert check_docx(out) == []


# a 1×1 PNG
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)


def test_reference_body_pictures_are_not_copied(speech: Path, tmp_path: Path, capsys) -> None:
    import io
    import zipfile

    ref = tmp_path / "带图片的模板.docx"
    template = docx.Document()
    template.add_paragraph("正文里的图片：")
    template.add_picture(io.BytesIO(_PNG))
    template.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(_PNG))
    template.save(str(ref))
    out = tmp_path / "成稿.docx"
    code, _, err = _render(capsys, speech, "-o", out, "--reference", ref)
    assert code == 0, err
    with zipfile.ZipFile(out) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode("utf-8")
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert "relationships/image" not in rels  # the body's picture is gone
    assert len(media) == 1  # the header keeps its own picture
    assert docx.Document(str(out)).sections[0].header.part.rels


def test_reference_header_shows_on_even_pages_too(speech: Path, tmp_path: Path, capsys) -> None:
    import io

    ref = tmp_path / "带页眉的模板.docx"
    template = docx.Document()
    header = template.sections[0].header
    header.paragraphs[0].text = "青山镇人民武装部"
    header.paragraphs[0].add_run().add_picture(io.BytesIO(_PNG))
    template.save(str(ref))
    out = tmp_path / "成稿.docx"
    code, _, err = _render(capsys, speech, "-o", out, "--reference", ref)
    assert code == 0, err
    section = docx.Document(str(out)).sections[0]
    assert section.header.paragraphs[0].text == "青山镇人民武装部"
    even = section.even_page_header
    assert not even.is_linked_to_previous
    assert even.paragraphs[0].text == "青山镇人民武装部"
    blips = even.part.element.xpath(".//a:blip/@r:embed")
    assert blips and all(rid in even.part.rels for rid in blips)  # the logo comes along


def test_plain_text_speech_takes_its_first_line_as_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .txt speech pasted into Notepad (GBK, no Markdown): line 1 is the title."""
    src = tmp_path / "讲话.txt"
    text = (
        "在全镇征兵工作会议上的讲话\r\n\r\n同志们：\r\n\r\n一、提高认识\r\n\r\n征兵工作很重要。\r\n"
    )
    src.write_bytes(text.encode("gbk"))
    out = tmp_path / "讲话.docx"
    code, _out, err = _render(capsys, src, "-o", out)
    assert code == 0, err
    paras = [(p.style.style_id, p.text) for p in docx.Document(str(out)).paragraphs if p.text]
    assert paras[0] == ("GwTitle", "在全镇征兵工作会议上的讲话")
    assert ("GwH1", "一、提高认识") in paras
    assert ("GwSalutation", "同志们：") in paras


def test_plain_text_starting_with_a_sentence_still_needs_a_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "讲话.txt"
    src.write_text("今天召开全镇征兵工作会议，部署今年的征兵任务。\n", encoding="utf-8")
    code, _out, err = _render(capsys, src, "-o", tmp_path / "讲话.docx")
    assert code == 2 and "缺少标题" in err
    assert not (tmp_path / "讲话.docx").exists()
    # a first line that is a heading is not taken for the title either
    src.write_text("一、提高认识\n\n征兵工作很重要。\n", encoding="utf-8")
    code, _out, err = _render(capsys, src, "-o", tmp_path / "讲话.docx")
    assert code == 2 and "缺少标题" in err
