"""Reading Word .docx files into checkable segments: paragraph numbers as Word counts them,
roles from the project's paragraph styles (GwTitle, GwByline, …) or from the text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from zhengbing import ooxml
from zhengbing.check.model import (
    BYLINE,
    CELL,
    DATE,
    HEADING,
    PARAGRAPH,
    SALUTATION,
    SIGNATURE,
    SUBTITLE,
    TITLE,
    Document,
    Segment,
)
from zhengbing.check.sources import DATE_LINE_RE, assign_roles
from zhengbing.docxread import W_NS, DocxMessages, body_items, open_docx_bytes, style_name
from zhengbing.errors import InputError

_STYLE_ROLES: tuple[tuple[str, str], ...] = (
    ("gwtitle", TITLE),
    ("gwsubtitle", SUBTITLE),
    ("gwbyline", BYLINE),
    ("gwsalutation", SALUTATION),
    ("gwdate", DATE),
    ("gwsignature", SIGNATURE),
    ("gwh", HEADING),
    ("heading", HEADING),
    ("标题", HEADING),
    ("title", TITLE),
    ("subtitle", SUBTITLE),
)


def _style_role(style_name: str) -> str | None:
    name = style_name.replace(" ", "").lower()
    if name in ("title", "标题"):
        return TITLE
    for prefix, role in _STYLE_ROLES:
        if name.startswith(prefix):
            return role
    return None


def _manual_breaks(p_element: Any) -> int:
    count = 0
    for el in p_element.iter(f"{W_NS}br", f"{W_NS}tab"):
        if el.getparent() is not None and el.getparent().tag == f"{W_NS}r":
            if el.tag == f"{W_NS}br" and el.get(f"{W_NS}type") in ("page", "column"):
                continue
            count += 1
    return count


_MESSAGES = DocxMessages(
    old_word="{name}：这是旧版 Word（.doc）格式的文件，无法直接检查。",
    old_word_hint="请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再检查。",
    not_zip="{name}：不是有效的 Word（.docx）文件，文件已损坏或只是改了扩展名。",
    not_zip_hint="请在 Word 或 WPS 中打开并另存为 .docx；如是纯文本请改用 .txt 扩展名。",
    damaged="{name}：Word 文件已损坏，无法读取（{error}）。",
    damaged_hint="请在 Word 或 WPS 中打开后另存为 .docx 再检查。",
    archive_hint="请在 Word 或 WPS 中打开后另存为 .docx 再检查。",
)


def open_docx(path: Path) -> Any:
    """Open a .docx with python-docx, turning every failure into a Chinese InputError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", hint="请检查路径是否正确。") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{path}（{exc.strerror}）") from None
    return open_docx_bytes(data, str(path), _MESSAGES)


def document_from_docx(path: Path, source: str | None = None) -> tuple[Document, Any]:
    from docx.text.paragraph import Paragraph as DocxParagraph

    doc = open_docx(path)
    segments: list[Segment] = []
    number = 0

    def add(par: DocxParagraph, in_table: bool) -> None:
        nonlocal number
        number += 1
        text = par.text or ""
        stripped = text.strip(" \t\n\u00a0\u3000")
        if not stripped:
            return
        style = style_name(par)
        seg = Segment(stripped, CELL if in_table else PARAGRAPH, paragraph=number, handle=par)
        lead = re.match(r"^[ \t\u3000\u00a0]+", text)
        seg.leading_space = lead.group(0) if lead else ""
        if not in_table:
            hint = _style_role(style)
            if hint:
                seg.role = hint
                seg.meta_key = "style"
            seg.breaks = _manual_breaks(ooxml.paragraph_element(par))
        segments.append(seg)

    for item in body_items(doc):
        if isinstance(item, DocxParagraph):
            add(item, False)
        else:
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    tc = ooxml.cell_element(cell)
                    if id(tc) in seen:
                        continue
                    seen.add(id(tc))
                    for par in cell.paragraphs:
                        add(par, True)
    assign_roles([s for s in segments if s.meta_key != "style"], markdown=False, docx=True)
    for s in segments:
        if s.role == BYLINE and DATE_LINE_RE.match(s.text):
            s.role = DATE
    for i, seg in enumerate(segments):
        seg.index = i
    return Document(source or str(path), "docx", segments, {}, path=path), doc
