"""The Word writer: a parsed draft → a GB/T 9704 .docx (layouts of spec c.1–c.4).

The look comes from a reference .docx (the bundled ``templates/reference.docx`` or the
user's own): its page setup and styles are kept, our styles it lacks are added, its body is
replaced by the draft and its footers by ``— N —`` page numbers (odd right, even left).

python-docx opens, edits and saves the package (``docx.Document`` / ``Document.save``):
parts, relationships, content types, footers, settings and core properties. What
python-docx has no API for (East Asian fonts, ``w:hint``, character indents, the line grid,
the PAGE field, …) is built by :mod:`zhengbing.ooxml` on the elements python-docx exposes.
Runs carry no direct font formatting: only the character styles GwLead / GwH1Run / GwH2Run
and ``w:hint="eastAsia"``. python-docx is imported when a document is rendered, not when
this module is imported.
"""

from __future__ import annotations

import datetime as _dt
import io
import itertools
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from zhengbing import kinds, ooxml
from zhengbing.dialect import canonicalise_marker, marker
from zhengbing.draft import Comment, Draft, Heading, Paragraph, Run, Table
from zhengbing.errors import InputError
from zhengbing.fonts import DEFAULT_PROFILE
from zhengbing.records import Record

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.section import Section

Notify = Callable[[str], None]

# paragraph styles of the heading levels of zhengbing.dialect, and the character styles of a
# run-in heading (（一）征好兵。要……) of levels 1 and 2
_LEVEL_STYLES: dict[int, str] = {1: "GwH1", 2: "GwH2", 3: "GwH3", 4: "GwH4"}
_RUN_IN_STYLES: dict[int, str] = {1: "GwH1Run", 2: "GwH2Run"}
SEQ_RE = re.compile(r"^[一二三四五六七八九十]+是")
SALUTATION_RE = re.compile(r"^[^\s，。；：:！？]{2,20}[：:]$")
_DATE_FULL = re.compile(r"^\d{4}年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日$")


def bundled_reference() -> Path:
    from zhengbing.resources import templates_dir

    return templates_dir() / "reference.docx"


# The bundled reference prepared once per font profile (what load_reference would make of it),
# shipped in templates/prepared/ with the size and CRC-32 of the reference.docx it was made from:
# rendering with the bundled reference opens these bytes instead of preparing it again.
# Rebuild them with ``python -m zhengbing.writer`` after changing the reference or how it is
# prepared (tests/render/test_prepared_reference.py says when they are stale).
PREPARED_FOLDER = "prepared"
PREPARED_SOURCE = "reference.source"


def prepared_reference_dir() -> Path:
    from zhengbing.resources import templates_dir

    return templates_dir() / PREPARED_FOLDER


def prepared_reference_path(fonts: str) -> Path:
    """The shipped preparation of the bundled reference for font profile *fonts*."""
    return prepared_reference_dir() / f"reference-{fonts}.docx"


def _reference_digest(data: bytes) -> str:
    """Which reference.docx a preparation was made from: its size and CRC-32. This tells a
    stale preparation apart (it is not a security check: the bundled files ship together),
    and zlib is loaded anyway to read the .docx, where hashlib would cost start-up time."""
    import zlib

    return f"{len(data)}-{zlib.crc32(data):08x}"


def _shipped_prepared(data: bytes, fonts: str) -> bytes | None:
    """The shipped prepared reference for *fonts*, when it was made from this reference.docx
    (*data*); None when it is missing or was made from another one (then it is prepared here)."""
    folder = prepared_reference_dir()
    try:
        source = (folder / PREPARED_SOURCE).read_bytes().strip()
        if source != _reference_digest(data).encode():
            return None
        return prepared_reference_path(fonts).read_bytes()
    except OSError:
        return None


def _prepare_bundled(data: bytes, fonts: str) -> DocumentObject:
    document = open_document(data)
    prepare_reference(document, bundled=True)
    ooxml.apply_font_profile(ooxml.styles_root(document), fonts)
    return document


def write_prepared_references() -> list[Path]:
    """Prepare the bundled reference for every font profile into templates/prepared/."""
    from zhengbing.fonts import FONT_PROFILES
    from zhengbing.textio import atomic_write, atomic_write_text

    data = bundled_reference().read_bytes()
    folder = prepared_reference_dir()
    folder.mkdir(exist_ok=True)
    written: list[Path] = []
    for fonts in FONT_PROFILES:
        document = _prepare_bundled(data, fonts)
        target = prepared_reference_path(fonts)
        atomic_write(target, lambda tmp, d=document: d.save(str(tmp)), force=True, backup=False)
        written.append(target)
    source = folder / PREPARED_SOURCE
    atomic_write_text(source, _reference_digest(data) + "\n", force=True, backup=False)
    written.append(source)
    return written


# ---------------------------------------------------------------------------------------------
# The reference document

_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# main-part content types of a .dotx, .dotm and .docm: usable as a reference once the main
# part is loaded as an ordinary document (their macros are not run and not kept in use)
_TEMPLATE_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    }
)


class UnusableReference(Exception):
    """The file is not a usable Word document; the message is for the user."""


class Reference(Record):
    """A prepared reference, reusable for many drafts: every part but the body is final.

    The document prepared in memory (``fresh``) serves the first draft directly; each further
    draft opens ``prepared`` with python-docx, fills the body and saves. ``prepared`` is the
    reference saved by python-docx after preparation (empty body, our styles, settings and
    footers). For the bundled reference these are the shipped bytes of templates/prepared/;
    when those cannot be used, they are made only when a second draft asks for them, by
    preparing the reference again: rendering one draft never saves the reference."""

    __slots__ = ("path", "_prepared", "added_styles", "fresh", "_remake", "dropped")

    def __init__(
        self,
        path: Path,
        prepared: bytes | None,
        added_styles: list[str] | None = None,
        fresh: DocumentObject | None = None,
        remake: Callable[[], DocumentObject] | None = None,
        dropped: list[str] | None = None,
    ) -> None:
        self.path = path
        self._prepared = prepared
        self.added_styles: list[str] = [] if added_styles is None else added_styles
        self.fresh = fresh
        self._remake = remake
        # what reached outside the file (external links, attached template…), removed
        self.dropped: list[str] = [] if dropped is None else dropped

    @property
    def prepared(self) -> bytes:
        if self._prepared is None:
            if self._remake is None:
                raise ValueError("a reference needs its prepared bytes or a way to make them")
            buf = io.BytesIO()
            self._remake().save(buf)
            self._prepared = buf.getvalue()
        return self._prepared

    def new_document(self) -> DocumentObject:
        """A document with every part of the prepared reference and an empty body."""
        if self.fresh is not None:
            document, self.fresh = self.fresh, None
            return document
        import docx

        return docx.Document(io.BytesIO(self.prepared))


_REFERENCE_CACHE: dict[tuple[str, int, int, str], Reference] = {}


def load_reference(
    path: str | os.PathLike[str] | None = None, *, fonts: str = DEFAULT_PROFILE
) -> Reference:
    """Open and prepare a reference .docx (cached per file and font profile, so many drafts
    reuse it). *fonts* is a key of ``fonts.FONT_PROFILES``."""
    bundled = path is None
    ref_path = Path(path) if path is not None else bundled_reference()
    try:
        stat = ref_path.stat()
    except FileNotFoundError:
        raise InputError(
            f"找不到参考文件：{ref_path}",
            hint="请检查 --reference 后的路径；不加 --reference 则使用自带的公文格式。",
        ) from None
    except OSError as exc:
        raise InputError(f"无法读取参考文件：{ref_path}（{exc.strerror}）") from None
    key = (str(ref_path.resolve()), stat.st_mtime_ns, stat.st_size, fonts)
    cached = _REFERENCE_CACHE.get(key)
    if cached is not None:
        return cached
    if ref_path.is_dir():
        raise InputError(f"参考文件是一个文件夹：{ref_path}", hint="请给出 .docx 文件。")
    from zhengbing.textio import read_user_bytes

    data = read_user_bytes(ref_path, what="参考文件")
    if bundled:
        shipped = _shipped_prepared(data, fonts)
        if shipped is not None:
            reference = Reference(ref_path, shipped, [], open_document(shipped))
            _REFERENCE_CACHE[key] = reference
            return reference
    hint = "请用 Word 或 WPS 把它另存为 .docx（Word 文档）格式，或不加 --reference。"
    if not bundled:
        # the bundled reference is part of the installation; a user's file is checked first
        from zhengbing.safezip import check_archive

        check_archive(data, f"参考文件 {ref_path}", hint=hint)

    dropped: list[str] = []

    def prepared_document() -> tuple[DocumentObject, list[str]]:
        document = open_document(data)
        dropped.clear()
        added = prepare_reference(document, bundled=bundled, dropped=dropped)
        ooxml.apply_font_profile(ooxml.styles_root(document), fonts)
        return document, added

    try:
        document, added = prepared_document()
        prepared = None
        if not bundled:
            # saved at once: a package python-docx reads but cannot write back is refused here
            buf = io.BytesIO()
            document.save(buf)
            prepared = buf.getvalue()
    except UnusableReference as exc:
        raise InputError(f"参考文件无法使用：{ref_path}：{exc}。", hint=hint) from None
    except Exception as exc:
        if bundled:
            raise
        # an unusual package python-docx reads but cannot edit or write back
        raise InputError(
            f"参考文件无法使用：{ref_path}：其内容无法处理（{type(exc).__name__}：{exc}）。",
            hint=hint,
        ) from None
    reference = Reference(
        ref_path, prepared, added, document, lambda: prepared_document()[0], dropped
    )
    _REFERENCE_CACHE[key] = reference
    return reference


def open_document(data: bytes) -> DocumentObject:
    """Open a .docx (or a .dotx/.dotm/.docm) with python-docx; problems → :class:`UnusableReference`."""
    import zipfile

    import docx
    from lxml import etree

    from zhengbing.safezip import OLE_MAGIC

    if data[:8] == OLE_MAGIC:
        raise UnusableReference("这是旧版 Word（.doc）或加密文件，不是 .docx")
    try:
        try:
            return docx.Document(io.BytesIO(data))
        except ValueError:
            # python-docx refuses a main part that is not of the .docx content type
            return _open_template(data)
    except UnusableReference:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise UnusableReference(f"不是有效的 .docx 文件（无法作为 zip 读取：{exc}）") from None
    except etree.XMLSyntaxError as exc:
        raise UnusableReference(f"文件中有部件不是有效的 XML（{exc}）") from None
    except KeyError as exc:
        if "[Content_Types].xml" in str(exc):
            raise UnusableReference("不是有效的 .docx 文件（缺少 [Content_Types].xml）") from None
        if "officeDocument" in str(exc):
            raise UnusableReference("不是 Word 文档（缺少正文部件 word/document.xml）") from None
        raise UnusableReference(f"不是有效的 .docx 文件（缺少部件 {exc}）") from None
    except Exception as exc:  # a damaged file can fail anywhere inside python-docx
        raise UnusableReference(f"文件已损坏，无法读取（{type(exc).__name__}：{exc}）") from None


def _open_template(data: bytes) -> DocumentObject:
    """Open a package whose main part is a template or macro document as a document.

    python-docx's own reader and part factory do the work; only the main part's content
    type is read as the .docx one, so python-docx loads (and later saves) it as a document;
    its macros are removed with everything else that must not pass on."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.package import Unmarshaller
    from docx.opc.part import PartFactory
    from docx.opc.pkgreader import PackageReader
    from docx.package import Package

    def part_factory(partname, content_type, reltype, blob, package):  # noqa: ANN001, ANN202
        if reltype == RT.OFFICE_DOCUMENT and content_type in _TEMPLATE_TYPES:
            content_type = _DOCUMENT_TYPE
        return PartFactory(partname, content_type, reltype, blob, package)

    package = Package()
    Unmarshaller.unmarshal(PackageReader.from_file(io.BytesIO(data)), package, part_factory)
    main = package.main_document_part
    if main.content_type != _DOCUMENT_TYPE:
        raise UnusableReference(f"这不是 Word 文档（正文部件类型是 {main.content_type}）")
    return main.document  # macros are removed (and reported) by prepare_reference


def prepare_reference(
    document: DocumentObject, *, bundled: bool = False, dropped: list[str] | None = None
) -> list[str]:
    """Make *document* a reference for our drafts, in place; returns the styles added.

    Everything that reaches outside the file (external links, attached template,
    sub-documents, frames, macros, fields that load files) is removed; what was removed is
    appended to *dropped*.

    Keeps its page setup, styles and headers; empties the body (one section left), adds
    the styles of ours it lacks (from the bundled reference), applies our settings and
    makes the footers ``— N —`` page numbers, odd pages right and even pages left."""
    ooxml.reset_body(ooxml.body(document))
    _drop_unused_relationships(document)
    dropped = dropped if dropped is not None else []
    dropped.extend(ooxml.drop_external_content(document))
    if bundled:
        added: list[str] = []
    else:
        import docx

        ours = docx.Document(str(bundled_reference()))
        added = ooxml.merge_styles(ooxml.styles_root(document), ooxml.styles_root(ours))
    ooxml.apply_settings(ooxml.settings_root(document))
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[-1]
    set_page_number_footers(section)
    _header_on_even_pages(section)
    return added


# relationships that exist only because the body or a section refers to them by r:id
_REFERENCED_RELS = frozenset(
    {
        "image",
        "hyperlink",
        "header",
        "footer",
        "oleObject",
        "package",
        "chart",
        "diagramData",
        "diagramLayout",
        "diagramQuickStyle",
        "diagramColors",
        "control",
        "video",
        "audio",
        "media",
    }
)


def _drop_unused_relationships(document: DocumentObject) -> None:
    """Forget the pictures, links, headers… of the reference's removed body and sections,
    so their parts are not copied into every document."""
    used = ooxml.relationship_ids(ooxml.document_root(document))
    rels = document.part.rels
    for rid, rel in list(rels.items()):
        if rid not in used and rel.reltype.rsplit("/", 1)[-1] in _REFERENCED_RELS:
            del rels[rid]


def _header_on_even_pages(section: Section) -> None:
    """With odd and even footers on, even pages show the even-page header: a reference with
    a single header gets a copy of it there (relationships included), so it stays on every page."""
    default, even = section.header, section.even_page_header
    if default.is_linked_to_previous or not even.is_linked_to_previous:
        return
    source = default.part
    even.is_linked_to_previous = False
    target = even.part
    for rid, rel in source.rels.items():
        target.load_rel(
            rel.reltype,
            rel.target_ref if rel.is_external else rel.target_part,
            rid,
            rel.is_external,
        )
    ooxml.copy_content(ooxml.part_root(source), ooxml.part_root(target))


def set_page_number_footers(section: Section) -> None:
    """New default and even-page footers holding the PAGE field; no first-page footer."""
    section.different_first_page_header_footer = False
    section.first_page_footer.is_linked_to_previous = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = True  # drop the reference's own footer part
        footer.is_linked_to_previous = False  # a new, empty footer part
        ooxml.replace_children(ooxml.part_root(footer.part), [ooxml.page_number_paragraph(odd)])


# ---------------------------------------------------------------------------------------------
# Title line breaking (spec c.4): ≤ 20 字 per line, words kept whole, no hourglass

MAX_WIDTH = 20.0
MIN_WIDTH = 3.0

# Words that must not be split across lines (domain vocabulary of mobilisation documents).
_WORDS = sorted(
    {
        "征兵",
        "工作",
        "动员",
        "部署",
        "会议",
        "讲话",
        "总结",
        "报告",
        "述职",
        "心得",
        "体会",
        "人民",
        "武装部",
        "人武部",
        "兵役",
        "登记",
        "应征",
        "青年",
        "大学生",
        "高校",
        "毕业生",
        "国防",
        "教育",
        "全面",
        "贯彻",
        "落实",
        "任务",
        "完成",
        "全力",
        "凝心",
        "聚力",
        "压实",
        "责任",
        "提高",
        "质量",
        "年度",
        "上半年",
        "下半年",
        "党委",
        "政府",
        "领导",
        "小组",
        "推进",
        "扎实",
        "做好",
        "切实",
        "加强",
        "征集",
        "退役",
        "军人",
        "同志",
        "体检",
        "政治",
        "考核",
        "宣传",
        "新兵",
        "入伍",
        "保障",
        "优待",
        "安置",
        "双拥",
        "共建",
        "民兵",
        "整组",
        "军事",
        "训练",
        "思想",
        "认识",
        "站位",
        "高质量",
        "新时代",
        "习近平",
        "强军",
        "实施",
        "方案",
        "通知",
        "意见",
        "决定",
        "办法",
        "关于",
        "全县",
        "全镇",
        "全乡",
        "全区",
        "全市",
        "街道",
        "社区",
        "乡镇",
        "部门",
        "单位",
        "座谈",
        "表彰",
        "大会",
        "欢送",
        "培训",
        "动员会",
        "专题",
        "学习",
        "研讨",
        "交流",
        "发言",
        "汇报",
        "情况",
        "经验",
        "做法",
        "成效",
        "问题",
        "打算",
        "总体",
        "要求",
        "坚决",
        "确保",
        "圆满",
        "征兵办",
        "兵员",
        "优质",
        "担当",
        "使命",
        "建设",
        "发展",
        "服务",
        "基层",
        "组织",
        "政治考核",
        "体格检查",
    },
    key=len,
    reverse=True,
)
_PLACE_SUFFIX = "省市县区镇乡村"
_ORGAN_SUFFIX = "站所局办委院厅处科队"
_NO_LINE_START = "，。、；：？！）》」』”’…%"
_NO_LINE_END = "（《「『“‘"
_UNITS_AFTER_NUMBER = "年月日号%万亿名人个次届期"


def _position_costs(title: str) -> list[float]:
    """Cost of a break before index p (between title[p-1] and title[p]); inf = forbidden."""
    n = len(title)
    cost = [4.0] * (n + 1)  # between two characters of unknown words
    cost[0] = cost[n] = math.inf
    for p in range(1, n):
        a, b = title[p - 1], title[p]
        if a.isascii() and b.isascii() and (a.isalnum() and b.isalnum() or a in ".," or b in ".,"):
            cost[p] = math.inf
        elif a.isdigit() and b in _UNITS_AFTER_NUMBER:
            cost[p] = math.inf
        elif b in _NO_LINE_START or a in _NO_LINE_END:
            cost[p] = math.inf
        elif a == b == "—" or (a == "—" and p == 1):
            cost[p] = math.inf
        elif a == "·" or b == "·":
            cost[p] = math.inf
        elif a in "\u3000 " or b in "\u3000 ":
            cost[p] = -8.0
        elif a in "、，：；":
            cost[p] = -4.0
    for word in _WORDS:
        for m in re.finditer(re.escape(word), title):
            for p in range(m.start() + 1, m.end()):
                if cost[p] != math.inf:
                    cost[p] = max(cost[p], 20.0)
    for p in range(1, n):
        # keep place names whole: 青山|镇 and 青|山镇
        if title[p] in _PLACE_SUFFIX or (p + 1 < n and title[p + 1] in _PLACE_SUFFIX):
            if cost[p] != math.inf and cost[p] < 20 and title[p - 1] not in "\u3000 、，的在":
                cost[p] = max(cost[p], 15.0)
    for p in range(1, n):
        # organ suffixes stay with their name: 体检|站, 征兵|办
        if title[p] in _ORGAN_SUFFIX and cost[p] != math.inf and cost[p] < 15:
            cost[p] = 15.0
    depth = 0
    for p in range(1, n):
        # keep a 《book title》 on one line when possible
        depth += {"《": 1, "》": -1}.get(title[p - 1], 0)
        if depth > 0 and cost[p] != math.inf:
            cost[p] += 10.0
    # preferred break points (c.4)
    for m in re.finditer("关于", title):
        _prefer(cost, m.end(), -6.0)
    for m in re.finditer(r"在[^在]*?(?:会议|会|大会|仪式|座谈会|典礼)上的讲话", title):
        _prefer(cost, m.start(), -6.0)
    for m in re.finditer(r"上的讲话$", title):
        _prefer(cost, m.start(), -1.0)
    for m in re.finditer(r"的(?:通知|报告|讲话|意见|决定|实施方案|工作方案|总结|述职报告)$", title):
        _prefer(cost, m.start(), -5.0)
    for m in re.finditer("暨", title):
        _prefer(cost, m.start(), -4.0)
        _prefer(cost, m.end(), -3.0)
    for m in re.finditer("的", title):
        _prefer(cost, m.end(), -1.0)
    for m in re.finditer("[与和及]", title):  # between coordinated phrases
        _prefer(cost, m.start(), -1.0)
        _prefer(cost, m.end(), -2.0)
    return cost


def _prefer(cost: list[float], p: int, value: float) -> None:
    if 0 < p < len(cost) - 1 and cost[p] != math.inf:
        cost[p] = min(cost[p], value)


def _split(title: str, breaks: tuple[int, ...]) -> list[str]:
    bounds = (0, *breaks, len(title))
    return [title[bounds[i] : bounds[i + 1]].strip("\u3000 ") for i in range(len(bounds) - 1)]


def is_hourglass(widths: list[float]) -> bool:
    """With three or more lines, an inner line shorter than both outer lines."""
    if len(widths) < 3:
        return False
    return min(widths[1:-1]) < min(widths[0], widths[-1])


def break_title(title: str) -> list[str]:
    """Split a title into lines per spec c.4; a title that fits stays on one line."""
    title = re.sub(r"\s+", lambda m: "\u3000" if "\u3000" in m.group() else " ", title.strip())
    total = ooxml.text_width(title)
    if total <= MAX_WIDTH:
        return [title]
    cost = _position_costs(title)
    candidates = [p for p in range(1, len(title)) if cost[p] != math.inf]
    best: tuple[float, list[str]] | None = None
    k_min = max(2, math.ceil(total / MAX_WIDTH))
    for k in range(k_min, k_min + 2):
        if len(candidates) < k - 1 or math.comb(len(candidates), k - 1) > 20000:
            break  # an extremely long title: fall back to filling lines
        for breaks in itertools.combinations(candidates, k - 1):
            lines = _split(title, breaks)
            widths = [ooxml.text_width(line) for line in lines]
            if any(w > MAX_WIDTH or w < MIN_WIDTH for w in widths) or is_hourglass(widths):
                continue
            score = sum(cost[p] for p in breaks)
            score += 0.6 * (max(widths) - min(widths)) + 10.0 * (k - k_min)
            if best is None or score < best[0]:
                best = (score, lines)
    if best is not None:
        return best[1]
    return _greedy(title)


def _greedy(title: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for ch in title:
        if ooxml.text_width(current + ch) > MAX_WIDTH:
            lines.append(current)
            current = ""
        current += ch
    if current:
        lines.append(current)
    return [line.strip("\u3000 ") for line in lines if line.strip("\u3000 ")]


# ---------------------------------------------------------------------------------------------
# Layout


class Layout(Record):
    """Everything the writer decided besides the body: for messages and tests."""

    __slots__ = ("kind", "title_lines", "warnings")

    def __init__(
        self, kind: str, title_lines: list[str], warnings: list[str] | None = None
    ) -> None:
        self.kind = kind
        self.title_lines = title_lines
        self.warnings: list[str] = [] if warnings is None else warnings


class Item(Record):
    """One body element before serialisation: a paragraph (or blank, style None) or a table."""

    __slots__ = ("style", "runs", "right_chars", "keep_next", "table")

    def __init__(
        self,
        style: str | None,
        runs: list[str] | None = None,
        right_chars: float | None = None,
        keep_next: bool = False,
        table: str | None = None,
    ) -> None:
        self.style = style
        self.runs: list[str] = [] if runs is None else runs  # run XML
        self.right_chars = right_chars
        self.keep_next = keep_next
        self.table = table

    def xml(self) -> str:
        if self.table is not None:
            return self.table
        return ooxml.paragraph_xml(
            self.style, self.runs, right_chars=self.right_chars, keep_next=self.keep_next
        )


def _runs(segments: list[tuple[str, str | None]]) -> list[str]:
    merged: list[tuple[str, str | None]] = []
    for text, style in segments:
        if not text:
            continue
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return [ooxml.run_xml(text, style) for text, style in merged]


def _clean_runs(runs: list[Run]) -> list[Run]:
    """Strip typed indentation (S05) and trailing spaces from a paragraph's runs."""
    out = [Run(r.text, r.bold, r.italic) for r in runs if r.text]
    while out and not out[0].text.lstrip(" \t\u3000\u00a0"):
        out.pop(0)
    if out:
        out[0].text = out[0].text.lstrip(" \t\u3000\u00a0")
    while out and not out[-1].text.rstrip():
        out.pop()
    if out:
        out[-1].text = out[-1].text.rstrip()
    return out


# compiled only when a draft has tabs: the wide classes cost ~2 ms to compile
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_TAB = rf"(?<=[{_CJK}])\t+(?=[{_CJK}])"


def _split_lines(runs: list[Run]) -> list[list[Run]]:
    """Hard line breaks inside a Markdown paragraph become separate paragraphs (S06);
    tabs (S06) between Chinese characters go, other tabs become spaces."""
    lines: list[list[Run]] = [[]]
    for r in runs:
        text = re.sub(_CJK_TAB, "", r.text).replace("\t", " ") if "\t" in r.text else r.text
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append(Run(part, r.bold, r.italic))
    return [cleaned for line in lines if (cleaned := _clean_runs(line))]


_SEQ_LEAD_RE = re.compile(r"(?:^|(?<=[。！？]))[一二三四五六七八九十]+是[^。]*。")


def _lead_segments(runs: list[Run], text: str) -> list[tuple[str, str | None]]:
    """一是……。 paragraphs: each 一是/二是/… sentence up to its 。 in GwLead, the rest plain.

    The author's bold is not needed (and other bold in such a paragraph is dropped), so that
    every point of an enumeration looks the same (spec c.1 row 10, c.2 row 6, E34)."""
    segments: list[tuple[str, str | None]] = []
    pos = 0
    for m in _SEQ_LEAD_RE.finditer(text):
        segments.append((text[pos : m.start()], None))
        segments.append((m.group(), "GwLead"))
        pos = m.end()
    if not segments and runs and runs[0].bold:
        return [(runs[0].text, "GwLead"), (text[len(runs[0].text) :], None)]
    segments.append((text[pos:], None))
    return segments


def _run_in_segments(text: str, run_style: str) -> list[tuple[str, str | None]] | None:
    """``（一）征好兵。要……`` → heading part in the heading character style, rest plain."""
    end = text.find("。")
    if end < 0 or end == len(text) - 1:
        return None
    return [(text[: end + 1], run_style), (text[end + 1 :], None)]


def _canonical_line(line: list[Run]) -> list[Run]:
    """The line with its heading marker written the canonical way ((一) → （一）, 1、 → 1.)."""
    found = marker(line[0].text)
    if found is None or found.text == found.canonical:
        return line
    first = line[0]
    return [Run(found.canonical + first.text[len(found.text) :], first.bold, first.italic)] + line[
        1:
    ]


def paragraph_items(runs: list[Run]) -> list[Item]:
    """Body paragraph(s) for one draft paragraph, styled by what the text starts with: a
    heading marker of :mod:`zhengbing.dialect` (written in its canonical form), 一是, or none."""
    out = []
    for line in _split_lines(runs):
        line = _canonical_line(line)
        text = "".join(r.text for r in line)
        found = marker(text)
        level = found.level if found is not None else 0
        if level in _RUN_IN_STYLES:
            level_style = _LEVEL_STYLES[level]
            segments = _run_in_segments(text, _RUN_IN_STYLES[level])
            if segments is None:
                out.append(Item(level_style, _runs([(text, None)])))
            else:
                out.append(Item("GwBody", _runs(segments)))
            continue
        if SEQ_RE.match(text):
            out.append(Item("GwBody", _runs(_lead_segments(line, text))))
            continue
        style = _LEVEL_STYLES[level] if level else "GwBody"
        segments = [(r.text, "GwLead" if r.bold else None) for r in line]
        out.append(Item(style, _runs(segments)))
    return out


def table_item(tbl: Table) -> Item:
    ncols = max([len(tbl.header), *(len(r) for r in tbl.rows)] or [1])
    natural = []
    for i in range(ncols):
        cells = [tbl.header[i] if i < len(tbl.header) else ""]
        cells += [r[i] if i < len(r) else "" for r in tbl.rows]
        natural.append(max(2.0, *(ooxml.text_width(c) for c in cells)))
    total_width = 8844  # the type area, 156 mm
    scale = sum(natural)
    widths = [int(total_width * w / scale) for w in natural]
    widths[-1] += total_width - sum(widths)
    return Item(None, table=ooxml.table_xml(tbl.header, tbl.rows, widths))


def right_indents(signature: str, date: str) -> tuple[float, float]:
    """(R_sig, R_date) in 字 from spec a.6."""
    w_sig, w_date = ooxml.text_width(signature), ooxml.text_width(date)
    r_date = max(2.0, w_sig - w_date)
    r_sig = r_date + w_date + 2 - w_sig
    return r_sig, r_date


def _infer_kind(draft: Draft) -> str:
    """The kind written in the front matter, else the one the title names when it has a layout."""
    if draft.meta.kind:
        return draft.meta.kind
    return kinds.with_layout(kinds.kind_from_title(draft.title))


def _workspace_organ(draft: Draft) -> str:
    try:
        src = Path(draft.source)
        if not src.exists():
            return ""
        from zhengbing.workspace import find_workspace

        ws = find_workspace(start=src.parent)
    except Exception:  # a broken profile must not stop rendering; the signature is optional
        return ""
    return ws.profile.organ_name if ws is not None else ""


_BYLINE_LABELS = {
    "office": "职务（office）",
    "speaker": "讲话人（speaker）",
    "unit": "单位（unit）",
}


def _date_text(value: str) -> str:
    return value.strip().strip("（）()")


def build_body(draft: Draft) -> tuple[list[Item], Layout]:
    """The body elements for *draft* in the layout of its kind (spec c.1–c.3)."""
    meta = draft.meta
    kind = _infer_kind(draft)
    title = draft.title.strip()
    title_lines = break_title(title)
    layout = Layout(kind or "通用", title_lines)
    warn = layout.warnings.append
    if not meta.kind:
        warn(
            f"{draft.source}：文件头没有写文种（kind），按“{layout.kind}”排版。"
            f"可写 {kinds.drafted_choices(' 或 ')}。"
        )
    body: list[Item] = [Item("GwTitle", [ooxml.run_xml("\n".join(title_lines), breaks=True)])]

    blocks = [b for b in draft.blocks if not isinstance(b, Comment)]
    blocks = [b for b in blocks if not (isinstance(b, Heading) and b.level == 1)]
    salutation = str(meta.get("salutation") or "").strip()
    if blocks and isinstance(blocks[0], Paragraph) and not blocks[0].quote:
        first = blocks[0].text.strip()
        if "\n" not in first and SALUTATION_RE.match(first):
            salutation = salutation or first
            blocks = blocks[1:]
    if salutation and salutation[-1] in ":：":
        salutation = salutation[:-1] + "："
    elif salutation:
        salutation += "："

    date = _date_text(meta.date)
    office, speaker, unit = meta.office.strip(), meta.speaker.strip(), meta.unit.strip()

    def byline(left: str, right: str) -> None:
        text = "\u3000".join(x for x in (left, right) if x)
        if text:
            body.append(Item("GwByline", _runs([(text, None)])))

    spec = kinds.layout_of(kind)
    found = kinds.lookup(kind) if kind else None
    name = found.full_name if found is not None else kind
    if spec.subtitle:
        subtitle = str(meta.get("subtitle") or "").strip()
        if subtitle:
            if not subtitle.startswith("——"):
                subtitle = "——" + subtitle.lstrip("—-－ ")
            body.append(Item("GwSubtitle", _runs([(subtitle, None)])))
    if spec.byline:
        fields = {"office": office, "speaker": speaker, "unit": unit}
        if spec.byline_required and not any(fields[f] for f in spec.byline):
            missing = "和".join(_BYLINE_LABELS[f] for f in spec.byline)
            warn(f"{draft.source}：{name}没有写{missing}，标题下不署名。")
        byline(*(fields[f] for f in spec.byline))
    if spec.dated:
        if date:
            if not _DATE_FULL.match(date):
                warn(f"{draft.source}：日期“{date}”不是“2024年3月1日”的写法。")
            body.append(Item("GwByline", _runs([(f"（{date}）", None)])))
        else:
            warn(f"{draft.source}：{name}没有写日期（date），标题下不注日期。")
    body.append(Item(None))
    if salutation or spec.salutation:
        body.append(Item("GwSalutation", _runs([(salutation or spec.salutation + "：", None)])))

    heading_styles = {2: "GwH1", 3: "GwH2", 4: "GwH3"}
    for block in blocks:
        if isinstance(block, Heading):
            text = canonicalise_marker(block.text.strip())
            body.append(Item(heading_styles.get(block.level, "GwH3"), _runs([(text, None)])))
        elif isinstance(block, Paragraph):
            body.extend(paragraph_items(block.runs))
        elif isinstance(block, Table):
            body.append(table_item(block))

    if spec.closing:
        signature = str(meta.get("signature") or "").strip()
        if not signature:
            by_person = spec.closing == kinds.PERSON and speaker
            signature = speaker if by_person else unit or _workspace_organ(draft)
        if not signature:
            warn(f"{draft.source}：没有落款单位。请在文件头写 signature（落款）或 unit（单位）。")
        if not date:
            warn(f"{draft.source}：没有写成文日期（date），文末不注日期。")
        if signature or date:
            # the last body paragraph travels with the signature: no page holding only it
            if body[-1].table is None and len(body) > 1:
                body[-1].keep_next = True
            body.append(Item(None, keep_next=True))
            r_sig, r_date = right_indents(signature, date) if date else (2.0, 2.0)
            if signature:
                body.append(Item("GwSignature", _runs([(signature, None)]), right_chars=r_sig))
            if date:
                if not _DATE_FULL.match(date):
                    warn(f"{draft.source}：日期“{date}”不是“2024年12月20日”的写法。")
                body.append(Item("GwDate", _runs([(date, None)]), right_chars=r_date))
    return body, layout


# ---------------------------------------------------------------------------------------------
# Entry points


def _raise_on_errors(draft: Draft) -> None:
    errors = draft.errors
    if errors:
        lines = "\n".join(f"  {p.message}" for p in errors)
        raise InputError(
            f"{draft.source}：草稿有 {len(errors)} 处错误，未生成 Word 文件：\n{lines}",
            hint="改正后再运行；zhengbing check 可列出全部问题。",
        )


def render_document(draft: Draft, reference: Reference) -> tuple[DocumentObject, Layout]:
    """*draft* laid out in a new document from *reference* (not yet saved)."""
    _raise_on_errors(draft)
    items, layout = build_body(draft)
    document = reference.new_document()
    sect = ooxml.child(ooxml.body(document), "sectPr")
    for el in ooxml.fragment_elements("".join(item.xml() for item in items)):
        sect.addprevious(el)
    _set_core_properties(document, draft.title, draft.meta.unit or draft.meta.speaker or "")
    return document, layout


def _core_text(value: str) -> str:
    """A document property: XML characters only, within the 255-character limit of the format."""
    return ooxml.xml_chars(value)[:255]


def _set_core_properties(document: DocumentObject, title: str, author: str) -> None:
    """Title, author and times of this draft; nothing of the reference's own properties."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    props = document.core_properties
    core = document.part.package.part_related_by(RT.CORE_PROPERTIES)
    ooxml.replace_children(ooxml.part_root(core), [])
    props.title = _core_text(title)
    props.author = _core_text(author)
    props.last_modified_by = "征兵文稿工具箱"
    props.revision = 1
    now = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    props.created = now
    props.modified = now


def render_bytes(draft: Draft, reference: Reference) -> tuple[bytes, Layout]:
    """*draft* as .docx bytes (for callers that do not write a file)."""
    document, layout = render_document(draft, reference)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue(), layout


def render_draft(
    draft: Draft,
    out: Path,
    *,
    reference: Path | None = None,
    fonts: str = DEFAULT_PROFILE,
    force: bool = False,
    notify: Notify | None = None,
) -> Path | None:
    """Write *draft* as a .docx to *out*; returns the backup of a replaced file, if any.

    A draft with error-severity problems raises :class:`InputError` and writes nothing;
    warnings (the draft's and the layout's) go to *notify*."""
    from zhengbing.textio import atomic_write, check_output_path

    _raise_on_errors(draft)
    check_output_path(Path(out), force=force)
    ref = load_reference(reference, fonts=fonts)
    document, layout = render_document(draft, ref)
    if notify is not None:
        for p in draft.warnings:
            notify(f"警告：{p.message}")
        for message in layout.warnings:
            notify(f"警告：{message}")
        if ref.dropped:
            notify(
                f"提示：参考文件 {ref.path.name} 中指向文件以外的内容已去除，不会带入成稿："
                + "、".join(ref.dropped)
                + "。"
            )
        if ref.added_styles:
            notify(
                f"提示：参考文件 {ref.path.name} 缺少 {len(ref.added_styles)} 个公文样式，已按自带格式补上。"
            )
    return atomic_write(out, lambda tmp: document.save(str(tmp)), force=force)


def default_output(src: Path) -> Path:
    """``草稿/x.md`` in a workspace → ``成稿/x.docx``; otherwise ``x.docx`` next to the draft."""
    src = Path(src)
    parent = src.resolve().parent
    if parent.name == "草稿" and (parent.parent / "zhengbing.toml").is_file():
        return parent.parent / "成稿" / (src.stem + ".docx")
    return src.with_suffix(".docx")


def read_draft(src: Path, notify: Notify | None = None) -> Draft:
    from zhengbing.draft import parse_draft
    from zhengbing.textio import read_text

    decoded = read_text(src)
    if decoded.encoding not in ("UTF-8", "UTF-8（带 BOM）") and notify is not None:
        notify(f"提示：{src} 是 {decoded.encoding} 编码，已自动转换读取。")
    if not decoded.text.strip():
        raise InputError(
            f"{src}：草稿是空的。", hint="请先写入标题和正文，或用 zhengbing draft 生成草稿。"
        )
    text = decoded.text
    if src.suffix.lower() == ".txt" and not _is_markdown(text):
        return draft_from_plain(text, str(src))
    return parse_draft(text, str(src))


def _is_markdown(text: str) -> bool:
    """A .txt written as a draft: it has front matter or a ``# `` title line."""
    if text.lstrip("\ufeff").startswith("---"):
        return True
    return any(line.startswith("# ") for line in text.split("\n"))


def draft_from_plain(text: str, source: str = "<草稿>") -> Draft:
    """A plain text (a speech pasted into Notepad) as a draft, read the way the checker and the
    importer read it (:func:`zhengbing.reader.document_from_plain`): each non-empty line is a
    paragraph and the first line is the title when the dialect says it is one (一、总体情况 is
    a heading, not a title). Headings are styled by their markers like any paragraph."""
    from zhengbing.draft import Block, Meta, Problem, check_structure
    from zhengbing.reader import TITLE, document_from_plain

    blocks: list[Block] = []
    for k, seg in enumerate(document_from_plain(text, source).segments):
        line = seg.line or 1
        if k == 0 and seg.role == TITLE:
            blocks.append(Heading(1, seg.text, line))
        else:
            blocks.append(Paragraph([Run(seg.text)], line))
    meta = Meta()
    problems: list[Problem] = []
    check_structure(blocks, meta, source, problems, 1)
    return Draft(meta, blocks, problems, source, 1)


def render_file(
    src: Path,
    out: Path | None = None,
    *,
    reference: Path | None = None,
    fonts: str = DEFAULT_PROFILE,
    force: bool = False,
    notify: Notify | None = None,
) -> Path:
    """Read a draft file and render it; returns the output path."""
    src = Path(src)
    target = Path(out) if out is not None else default_output(src)
    draft = read_draft(src, notify)
    if out is None and target.parent.name == "成稿" and not target.parent.exists():
        if (target.parent.parent / "zhengbing.toml").is_file() and not draft.errors:
            target.parent.mkdir()  # the workspace's own output folder
    backup = render_draft(
        draft, target, reference=reference, fonts=fonts, force=force, notify=notify
    )
    if backup is not None and notify is not None:
        notify(f"提示：原有的 {target.name} 已备份为 {backup.name}。")
    return target


if __name__ == "__main__":
    for written_path in write_prepared_references():
        print(written_path)
