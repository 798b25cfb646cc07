"""The reader layer: every input format read once into one source-document model.

The model is the checker's (:mod:`zhengbing.check.model`): a :class:`Document` is a list of
:class:`Segment` blocks in reading order, each with its role (title, subtitle, byline,
salutation, heading, paragraph, cell, date, signature), its heading level and the way back to
the source (line and column of every character for text formats, the paragraph number as Word
counts it for .docx). Readers:

- :func:`document_from_plain` — a plain text (a .txt in any encoding, the text layer of a PDF);
- :func:`document_from_markdown` — a Markdown draft (front matter parsed once, by
  :func:`load_front_matter`, the one front-matter parser of the project);
- :func:`document_from_docx` — a Word .docx (roles from the project's paragraph styles);
- :func:`pdf_text` / :func:`document_from_pdf` — the text layer of a PDF.

Roles follow :mod:`zhengbing.dialect`: which first line is a title, which line a heading or a
salutation, is decided there and nowhere else. The checker, the importer and the writer (for a
.txt) all read through this module.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zhengbing import ooxml
from zhengbing.check.lazyre import lazy
from zhengbing.check.model import (
    BYLINE,
    CELL,
    DATE,
    HEADING,
    META,
    PARAGRAPH,
    SALUTATION,
    SIGNATURE,
    SUBTITLE,
    TITLE,
    Document,
    Segment,
)
from zhengbing.dialect import heading_level, is_salutation, is_title_line, marker
from zhengbing.errors import InputError

# the one front-matter parser, in a module of its own that rendering loads without the checker's
# model; its names stay importable from here
from zhengbing.frontmatter import (  # noqa: F401
    FrontMatterError,
    _simple_front_matter,
    load_front_matter,
    split_front_matter,
)

# the source-document model: a document of blocks (segments) with role, level and source span
SourceDocument = Document
Block = Segment

DATE_LINE_RE = lazy(
    r"^[（(]?\s*[\d０-９〇○零一二三四五六七八九]{2,4}\s*[年\-./／]\s*"
    r"[\d０-９一二三四五六七八九十]{1,2}\s*[月\-./／]\s*[\d０-９一二三四五六七八九十]{1,3}\s*日?\s*[）)]?$"
)
SIGNATURE_END_RE = lazy(
    r"(?:人民武装部|人武部|武装部|委员会|人民政府|政府|办公室|办事处|征兵办|党委|党支部|支部|街道|"
    r"居委会|村委会|局|所)$"
)
# a line that starts the next article of a web collection (“……心得体会篇一”, “范文二：……”,
# “第三篇”, “【篇四】”): each article has its own title and its own numbering
ARTICLE_BREAK_RE = lazy(
    r"^【?(?:篇|范文|例文)[一二三四五六七八九十\d]{1,3}】?(?:[:：\s].{0,50})?$|"
    r"^.{0,40}?(?:篇|范文|例文)[一二三四五六七八九十\d]{1,3}】?$|"
    r"^【?第[一二三四五六七八九十\d]{1,3}篇】?(?:[:：\s].{0,50})?$"
)
# front-matter keys whose values become document text (others are data: figures, stats, …)
TEXT_KEYS: dict[str, str] = {
    "title": TITLE,
    "subtitle": SUBTITLE,
    "salutation": SALUTATION,
    "date": DATE,
    "signature": SIGNATURE,
    "unit": META,
    "speaker": META,
    "office": META,
    "meeting": META,
    "year": META,
}


# --------------------------------------------------------------------------- text and Markdown


class _LineMap:
    """Offsets in a text ↔ 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def pos(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        return self.starts[line - 1]


def _align(parsed: str, src: str, start: int, end: int) -> list[int]:
    """Source offset of every character of *parsed* (plus its end), found as a subsequence of
    ``src[start:end]``: Markdown only removes markup, so the text reappears in order."""
    offsets: list[int] = []
    p = start
    i = 0
    n = len(parsed)
    while i < n:
        ch = parsed[i]
        if ch.isspace():
            q = p
            while q < end and q < p + 4 and not src[q].isspace():
                q += 1
            if q < end and src[q].isspace():
                offsets.append(q)
                p = q + 1
            else:
                offsets.append(min(p, max(end - 1, start)))
            i += 1
            continue
        q = src.find(ch, p, end)
        if q < 0:
            offsets.append(min(p, max(end - 1, start)))
            i += 1
            continue
        # take the longest run of text that continues verbatim in the source (most of it)
        lo, hi = 1, min(n - i, end - q)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if src.startswith(parsed[i : i + mid], q):
                lo = mid
            else:
                hi = mid - 1
        offsets.extend(range(q, q + lo))
        p = q + lo
        i += lo
    offsets.append(min(p, len(src)))
    return offsets


class _Mapped(Sequence[tuple[int, int]]):
    """(line, column) of each character, computed on demand from source offsets."""

    def __init__(self, lm: _LineMap, offsets: list[int]) -> None:
        self.lm = lm
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self.lm.pos(o) for o in self.offsets[i]]
        return self.lm.pos(self.offsets[i])


class _OnLine(Sequence[tuple[int, int]]):
    """(line, column) of each character of a text that sits on one source line."""

    def __init__(self, line: int, first_column: int, length: int) -> None:
        self.line = line
        self.first_column = first_column
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.length))]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(i)
        return (self.line, self.first_column + i)


def _positions(lm: _LineMap, offsets: list[int]) -> _Mapped:
    return _Mapped(lm, offsets)


def _strip_quotes(value: str) -> tuple[str, int]:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1], 1
    return value, 0


def _front_matter_segments(src: str, lm: _LineMap) -> list[Segment]:
    from zhengbing.draft import CORE_KEYS, OPTIONAL_KEYS

    aliases = {
        a: k for table in (CORE_KEYS, OPTIONAL_KEYS) for k, names in table.items() for a in names
    }
    lines = src.split("\n")
    if not lines or lines[0].strip() != "---":
        return []
    segments: list[Segment] = []
    for idx in range(1, len(lines)):
        raw = lines[idx]
        if raw.strip() in ("---", "..."):
            break
        m = re.match(r"^([^\s:#][^:]*?)\s*:\s*(\S.*?)\s*$", raw)
        if not m:
            continue
        key = aliases.get(m.group(1).strip())
        if key not in TEXT_KEYS:
            continue
        value, skip = _strip_quotes(m.group(2))
        if value.startswith(("[", "{", "|", ">")):
            continue
        col0 = m.start(2) + skip
        line_no = idx + 1
        positions = _OnLine(line_no, col0 + 1, len(value) + 1)
        segments.append(Segment(value, TEXT_KEYS[key], positions=positions, meta_key=key))
    return segments


def document_from_markdown(text: str, source: str = "<草稿>") -> Document:
    """A Markdown draft: the draft parser reads it (front matter included, once) and every
    block is mapped back to its characters in *text*."""
    from zhengbing.draft import Comment, Heading, Paragraph, Table, parse_draft

    if text.startswith("\ufeff"):
        text = text[1:]
    draft = parse_draft(text, source)
    meta: dict[str, Any] = {
        "title": draft.meta.title,
        "kind": draft.meta.kind,
        "unit": draft.meta.unit,
        "year": draft.meta.year,
        "date": draft.meta.date,
        "speaker": draft.meta.speaker,
        "office": draft.meta.office,
        **dict(draft.meta.extra.items()),
    }
    lm = _LineMap(text)
    segments = _front_matter_segments(text, lm)
    blocks = [b for b in draft.blocks if not isinstance(b, Comment)]
    body: list[Segment] = []
    for k, block in enumerate(blocks):
        start = lm.line_start(block.line)
        nxt = blocks[k + 1].line if k + 1 < len(blocks) else len(lm.starts) + 1
        end = lm.line_start(nxt) if nxt > block.line else len(text)
        if isinstance(block, Heading):
            offsets = _align(block.text, text, start, end)
            role = TITLE if block.level == 1 else HEADING
            body.append(
                Segment(block.text, role, positions=_positions(lm, offsets), level=block.level)
            )
        elif isinstance(block, Paragraph):
            raw = block.text
            offsets = _align(raw, text, start, end)
            lead = len(raw) - len(raw.lstrip(" \t\u3000\u00a0"))
            ptext = raw[lead:].rstrip(" \t\u3000\u00a0\n")
            offsets = offsets[lead : lead + len(ptext)] + [offsets[lead + len(ptext)]]
            line_end = text.find("\n", start)
            line_text = text[start : line_end if line_end >= 0 else len(text)]
            src_indent = re.match(r"^[ \t\u3000]*", line_text).group(0)  # type: ignore[union-attr]
            seg = Segment(ptext, PARAGRAPH, positions=_positions(lm, offsets))
            seg.breaks = ptext.count("\n")
            if re.match(r"^(?:[-*+]\s|\d+[.)]\s|>)", line_text.lstrip(" \t")):
                src_indent = ""
            seg.leading_space = raw[:lead] or src_indent
            if block.quote:
                seg.meta_key = "quote"
            body.append(seg)
        elif isinstance(block, Table):
            rows = [block.header, *block.rows]
            for r, row in enumerate(rows):
                line_no = block.line + (0 if r == 0 else r + 1)
                rs, re_ = lm.line_start(line_no), lm.line_start(line_no + 1)
                p = rs
                for cell in row:
                    if not cell:
                        continue
                    offsets = _align(cell, text, p, re_)
                    p = offsets[-1]
                    body.append(Segment(cell, CELL, positions=_positions(lm, offsets)))
    assign_roles(body, markdown=True)
    segments.extend(body)
    for i, seg in enumerate(segments):
        seg.index = i
    return Document(source, "md", segments, meta, problems=list(draft.problems))


def document_from_plain(text: str, source: str = "<草稿>", *, fmt: str = "txt") -> Document:
    """A plain text, one block per non-empty line, roles from :mod:`zhengbing.dialect`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    segments: list[Segment] = []
    for idx, raw in enumerate(text.split("\n")):
        stripped = raw.strip(" \t\u3000\u00a0\r")
        if not stripped:
            continue
        col0 = len(raw) - len(raw.lstrip(" \t\u3000\u00a0"))
        positions = _OnLine(idx + 1, col0 + 1, len(stripped) + 1)
        seg = Segment(stripped, PARAGRAPH, positions=positions)
        segments.append(seg)
    assign_roles(segments, markdown=False)
    for i, seg in enumerate(segments):
        seg.index = i
    return Document(source, fmt, segments, {})


def assign_roles(segs: list[Segment], *, markdown: bool, docx: bool = False) -> None:
    """Infer title, byline, salutation, headings and signature for segments without a role hint."""
    paragraphs = [s for s in segs if s.role in (PARAGRAPH, TITLE)]
    if not paragraphs:
        return
    have_title = any(s.role == TITLE for s in segs)
    i = 0
    if not markdown and not have_title:
        first = paragraphs[0]
        if is_title_line(first.text):
            first.role = TITLE
            i = 1
    if paragraphs:
        # subtitle, byline and date lines between the title and the body
        while i < len(paragraphs):
            s = paragraphs[i]
            t = s.text
            if s.role == TITLE:
                i += 1
                continue
            if t.startswith("——") and len(t) <= 60:
                s.role = SUBTITLE
            elif DATE_LINE_RE.match(t):
                s.role = DATE
            elif (
                len(t) <= 40
                and not t.endswith(("。", "！", "？", "；", "：", ":"))
                and ("\u3000" in t or i <= 2)
                and not is_salutation(t)
                and marker(t) is None
                and any(x.role == TITLE for x in paragraphs[:i])
            ):
                s.role = BYLINE
            else:
                break
            i += 1
    for s in paragraphs:
        if s.role != PARAGRAPH:
            continue
        t = s.text
        if len(t) <= 60 and ARTICLE_BREAK_RE.match(t) and not t.endswith(("。", "；", "，")):
            s.role = TITLE
            continue
        if is_salutation(t):
            s.role = SALUTATION
            continue
        if not markdown:
            level = heading_level(t)
            if level:
                s.role = HEADING
                s.level = level + 1  # the Markdown level: 一、 is ##
    # closing signature and date: the last short lines
    tail = [s for s in segs if s.role in (PARAGRAPH, DATE)][-3:]
    for s in reversed(tail):
        t = s.text
        if DATE_LINE_RE.match(t):
            s.role = DATE
        elif len(t) <= 30 and SIGNATURE_END_RE.search(t) and not t.endswith(("。", "！")):
            s.role = SIGNATURE
        else:
            break


# --------------------------------------------------------------------------- Word


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
    from zhengbing.docxread import W_NS

    count = 0
    for el in p_element.iter(f"{W_NS}br", f"{W_NS}tab"):
        if el.getparent() is not None and el.getparent().tag == f"{W_NS}r":
            if el.tag == f"{W_NS}br" and el.get(f"{W_NS}type") in ("page", "column"):
                continue
            count += 1
    return count


_MESSAGES = dict(
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
    from zhengbing.textio import read_user_bytes

    data = read_user_bytes(path)
    from zhengbing.docxread import DocxMessages, open_docx_bytes

    return open_docx_bytes(data, str(path), DocxMessages(**_MESSAGES))


def document_from_docx(path: Path, source: str | None = None) -> tuple[Document, Any]:
    """A Word .docx read into the model; the second value is the python-docx document."""
    doc = open_docx(path)
    return document_from_docx_object(doc, source or str(path), path=path), doc


def document_from_docx_object(doc: Any, source: str, *, path: Path | None = None) -> Document:
    """An opened python-docx document read into the model: paragraphs numbered as Word counts
    them, roles from the paragraph styles (GwTitle, Heading 2, …) or else from the text, the
    level of a styled heading from its style (Heading 1 → 2, as Markdown ``##``)."""
    from docx.text.paragraph import Paragraph as DocxParagraph

    from zhengbing.docxread import body_items, style_names

    style_name = style_names(doc)
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
                if hint == HEADING:
                    seg.level = style_level(style) or 2
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
    return Document(source, "docx", segments, {}, path=path)


def style_level(style: str) -> int:
    """The Markdown level of a paragraph style: Title/标题 → 1, Heading N/标题 N → N + 1
    (at most 4), GwH1..GwH4 → 2..4; 0 for any other style."""
    s = style.lower().replace(" ", "")
    if s in ("title", "标题", "gwtitle"):
        return 1
    m = re.match(r"(?:heading|标题|gwh)(\d)$", s)
    if m:
        return min(4, int(m.group(1)) + 1)
    return 0


# --------------------------------------------------------------------------- PDF

_PAGE_NUMBER_LINE = re.compile(r"\s*[-—－]?\s*\d+\s*[-—－]?\s*")


def pdf_text(data: bytes, name: str) -> tuple[str, int]:
    """The text layer of a PDF without its page-number lines, and the number of pages.
    Raises :class:`InputError` (in Chinese, naming *name*) for a file that is no PDF, is
    locked by a password, is damaged or has no text (a scan)."""
    import io

    if not data.startswith(b"%PDF"):
        raise InputError(f"{name}：不是有效的 PDF 文件。")
    try:
        import logging

        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise InputError(
                    f"{name}：PDF 有密码保护，无法读取。", hint="请先去掉密码再导入。"
                ) from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception:
        raise InputError(
            f"{name}：无法读取这个 PDF 文件（文件可能已损坏）。",
            hint="请用原始的 Word 文件导入，或重新导出 PDF。",
        ) from None
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 10:
        raise InputError(
            f"{name}：PDF 中没有可提取的文字（可能是扫描件或图片）。",
            hint="请找原始的 Word 或文字版文件导入，或先用文字识别（OCR）软件转成文字。",
        )
    lines = [ln for ln in text.split("\n") if not _PAGE_NUMBER_LINE.fullmatch(ln)]
    return "\n".join(lines), len(pages)


def document_from_pdf(data: bytes, name: str) -> Document:
    """A PDF's text layer read as a plain text (line numbers are lines of that text)."""
    text, _pages = pdf_text(data, name)
    return document_from_plain(text, name, fmt="pdf")
