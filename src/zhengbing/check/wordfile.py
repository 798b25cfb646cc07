"""Reading Word .docx files into checkable segments: paragraph numbers as Word counts them,
roles from the project's paragraph styles (GwTitle, GwByline, …) or from the text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _manual_breaks(p_element: Any) -> int:
    count = 0
    for el in p_element.iter(f"{_W}br", f"{_W}tab"):
        if el.getparent() is not None and el.getparent().tag == f"{_W}r":
            if el.tag == f"{_W}br" and el.get(f"{_W}type") in ("page", "column"):
                continue
            count += 1
    return count


def open_docx(path: Path) -> Any:
    """Open a .docx with python-docx, turning every failure into a Chinese InputError."""
    try:
        head = path.read_bytes()[:8]
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", hint="请检查路径是否正确。") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{path}（{exc.strerror}）") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path}：这是旧版 Word（.doc）格式的文件，无法直接检查。",
            hint="请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再检查。",
        )
    if not head.startswith(b"PK"):
        raise InputError(
            f"{path}：不是有效的 Word（.docx）文件，文件已损坏或只是改了扩展名。",
            hint="请在 Word 或 WPS 中打开并另存为 .docx；如是纯文本请改用 .txt 扩展名。",
        )
    import docx

    from zhengbing.safezip import check_archive

    check_archive(path, str(path), hint="请在 Word 或 WPS 中打开后另存为 .docx 再检查。")
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise InputError(
            f"{path}：Word 文件已损坏，无法读取（{type(exc).__name__}）。",
            hint="请在 Word 或 WPS 中打开后另存为 .docx 再检查。",
        ) from None


def document_from_docx(path: Path, source: str | None = None) -> tuple[Document, Any]:
    from docx.table import Table as DocxTable
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
        try:
            style = par.style.name if par.style is not None else ""
        except Exception:  # a style id that the styles part does not define
            style = ""
        seg = Segment(stripped, CELL if in_table else PARAGRAPH, paragraph=number, handle=par)
        lead = re.match(r"^[ \t\u3000\u00a0]+", text)
        seg.leading_space = lead.group(0) if lead else ""
        if not in_table:
            hint = _style_role(style or "")
            if hint:
                seg.role = hint
                seg.meta_key = "style"
            seg.breaks = _manual_breaks(par._p)
        segments.append(seg)

    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            add(DocxParagraph(child, doc), False)
        elif child.tag == f"{_W}tbl":
            table = DocxTable(child, doc)
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    for par in cell.paragraphs:
                        add(par, True)
    assign_roles([s for s in segments if s.meta_key != "style"], markdown=False, docx=True)
    for s in segments:
        if s.role == BYLINE and DATE_LINE_RE.match(s.text):
            s.role = DATE
    for i, seg in enumerate(segments):
        seg.index = i
    return Document(source or str(path), "docx", segments, {}, path=path), doc
