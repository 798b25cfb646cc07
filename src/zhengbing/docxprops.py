"""Property checks on a generated .docx: the assertions of spec (e.1)–(e.5) as a library.

``check_docx(path)`` returns a list of failure messages, each starting with the rule id
(``E03 …``); an empty list means the file passes. Values are resolved the way Word does,
attribute by attribute: run → character style chain → paragraph → paragraph style chain
(``basedOn``) → ``docDefaults`` (python-docx itself does not resolve inheritance).

The text rules of spec (d) that (e.2.E27) requires are the checker's own rules (punctuation,
numbers, numbering, placeholders) run over the document as the checker reads a .docx; heading
markers (E33) and numerals are read by :mod:`zhengbing.dialect`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from zhengbing import kinds, ooxml
from zhengbing.dialect import cn_to_int, marker

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(_q(attr))


def _on(el: etree._Element) -> bool:
    return _val(el) not in ("0", "false", "off")


FANGSONG, KAITI, HEITI, XBS, SONG, TNR = (
    "仿宋_GB2312",
    "楷体_GB2312",
    "黑体",
    "方正小标宋简体",
    "宋体",
    "Times New Roman",
)

# spec b.2: id → (name, type, basedOn, eastAsia, size, bold, jc, firstLineChars, line)
STYLE_TABLE: dict[
    str,
    tuple[
        str | None,
        str,
        str | None,
        str | None,
        int | None,
        bool | None,
        str | None,
        int | None,
        int | None,
    ],
] = {
    "Normal": (None, "paragraph", None, FANGSONG, 32, False, "both", 0, 579),
    "GwTitle": ("公文标题", "paragraph", "Normal", XBS, 44, False, "center", 0, 700),
    "GwSubtitle": ("公文副标题", "paragraph", "Normal", KAITI, 32, False, "center", 0, 579),
    "GwByline": ("标题下署名", "paragraph", "Normal", KAITI, 32, False, "center", 0, 579),
    "GwSalutation": ("称谓", "paragraph", "Normal", FANGSONG, 32, False, "left", 0, 579),
    "GwBody": ("公文正文", "paragraph", "Normal", FANGSONG, 32, False, "both", 200, 579),
    "GwH1": ("一级标题", "paragraph", "GwBody", HEITI, 32, False, "both", 200, 579),
    "GwH2": ("二级标题", "paragraph", "GwBody", KAITI, 32, False, "both", 200, 579),
    "GwH3": ("三级标题", "paragraph", "GwBody", FANGSONG, 32, False, "both", 200, 579),
    "GwH4": ("四级标题", "paragraph", "GwBody", FANGSONG, 32, False, "both", 200, 579),
    "GwAttachNote": ("附件说明", "paragraph", "GwBody", FANGSONG, 32, False, "both", None, 579),
    "GwSignature": ("署名", "paragraph", "Normal", FANGSONG, 32, False, "right", 0, 579),
    "GwDate": ("成文日期", "paragraph", "Normal", FANGSONG, 32, False, "right", 0, 579),
    "GwNote": ("附注", "paragraph", "GwBody", FANGSONG, 32, False, "both", 200, 579),
    "GwLead": ("引领句", "character", None, None, None, True, None, None, None),
    "GwH1Run": ("一级标题字符", "character", None, HEITI, None, False, None, None, None),
    "GwH2Run": ("二级标题字符", "character", None, KAITI, None, False, None, None, None),
    "Footer": ("footer", "paragraph", "Normal", SONG, 28, False, None, 0, None),
}
BODY_STYLES = ("GwBody", "GwH1", "GwH2", "GwH3", "GwH4", "GwNote")
NO_INDENT_STYLES = ("GwTitle", "GwSubtitle", "GwByline", "GwSalutation", "GwSignature", "GwDate")
KEEP_NEXT_STYLES = ("GwH1", "GwH2", "GwTitle", "GwSubtitle", "GwByline", "GwSalutation")
ALLOWED_EAST_ASIA = {FANGSONG, HEITI, KAITI, XBS}
AMBIGUOUS = set("“”‘’…—·")
CN_DIGITS = "一二三四五六七八九十"


# ---------------------------------------------------------------------------------------------
# Effective values


class Resolver:
    def __init__(self, styles_root: etree._Element) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        for st in styles_root.iter(_q("style")):
            sid = st.get(_q("styleId"))
            if sid is None:
                continue
            self.styles[sid] = st
            if st.get(_q("default")) in ("1", "true"):
                if st.get(_q("type")) == "paragraph":
                    self.default_para = sid
                elif st.get(_q("type")) == "character":
                    self.default_char = sid
        dd = styles_root.find(_q("docDefaults"))
        self.rpr_default = dd.find(f"{_q('rPrDefault')}/{_q('rPr')}") if dd is not None else None
        self.ppr_default = dd.find(f"{_q('pPrDefault')}/{_q('pPr')}") if dd is not None else None

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            st = self.styles[style_id]
            yield st
            style_id = _val(st.find(_q("basedOn")))

    def para_style(self, p: etree._Element) -> str | None:
        return _val(p.find(f"{_q('pPr')}/{_q('pStyle')}")) or self.default_para

    def _ppr_sources(
        self, p: etree._Element | None, style_id: str | None
    ) -> Iterator[etree._Element]:
        if p is not None:
            ppr = p.find(_q("pPr"))
            if ppr is not None:
                yield ppr
        for st in self.chain(style_id):
            ppr = st.find(_q("pPr"))
            if ppr is not None:
                yield ppr
        if self.ppr_default is not None:
            yield self.ppr_default

    def ppr(
        self, p: etree._Element | None, tag: str, attr: str = "val", style_id: str | None = None
    ) -> str | None:
        sid = style_id if p is None else self.para_style(p)
        for ppr in self._ppr_sources(p, sid):
            el = ppr.find(_q(tag))
            if el is not None and el.get(_q(attr)) is not None:
                return el.get(_q(attr))
        return None

    def ppr_flag(
        self, p: etree._Element | None, tag: str, style_id: str | None = None
    ) -> bool | None:
        sid = style_id if p is None else self.para_style(p)
        for ppr in self._ppr_sources(p, sid):
            el = ppr.find(_q(tag))
            if el is not None:
                return _on(el)
        return None

    def _rpr_sources(
        self, r: etree._Element | None, para_style: str | None, char_style: str | None = None
    ) -> Iterator[etree._Element]:
        if r is not None:
            rpr = r.find(_q("rPr"))
            if rpr is not None:
                yield rpr
                char_style = _val(rpr.find(_q("rStyle"))) or char_style
        for st in self.chain(char_style):
            rpr = st.find(_q("rPr"))
            if rpr is not None:
                yield rpr
        for st in self.chain(para_style):
            rpr = st.find(_q("rPr"))
            if rpr is not None:
                yield rpr
        if self.rpr_default is not None:
            yield self.rpr_default

    def rpr(
        self,
        r: etree._Element | None,
        para_style: str | None,
        tag: str,
        attr: str = "val",
        char_style: str | None = None,
    ) -> str | None:
        for rpr in self._rpr_sources(r, para_style, char_style):
            el = rpr.find(_q(tag))
            if el is not None and el.get(_q(attr)) is not None:
                return el.get(_q(attr))
        return None

    def rpr_flag(
        self,
        r: etree._Element | None,
        para_style: str | None,
        tag: str,
        char_style: str | None = None,
    ) -> bool:
        for rpr in self._rpr_sources(r, para_style, char_style):
            el = rpr.find(_q(tag))
            if el is not None:
                return _on(el)
        return False


# ---------------------------------------------------------------------------------------------
# Text helpers


def para_text(p: etree._Element) -> str:
    """Text of a paragraph as python-docx reads it: w:t, w:tab → \\t, w:br → \\n."""
    out = []
    for el in p.iter(_q("t"), _q("tab"), _q("br"), _q("cr")):
        tag = etree.QName(el).localname
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab" and el.getparent().tag == _q("r"):
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
    return "".join(out)


def width(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2000 and ch not in "“”‘’—…·" else 1.0 for ch in text)


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12 (Chinese numerals only; None for anything else)."""
    if not text or any(ch not in CN_DIGITS for ch in text):
        return None
    return cn_to_int(text)


# the checker's rules that carry the text rules of spec (d), and the codes E27 requires
_TEXT_RULES = ("placeholder", "numbering", "punctuation", "numbers")
_TEXT_CODES = frozenset(
    ("N01", "N02", "N03", "N04", "N06", "N09", "N10")
    + ("P01", "P02", "P03", "P04", "P05", "P06", "P07", "P10")
    + ("S01", "S02", "S03", "S04", "S05", "X01")
)


def _text_rule_failures(document: object) -> list[str]:
    """E27: the coded errors the checker's text rules find in the opened *document*."""
    from zhengbing.check.context import build_context
    from zhengbing.check.engine import run_rules
    from zhengbing.reader import document_from_docx_object

    doc = document_from_docx_object(document, "<docx>")
    out: list[str] = []
    for f in run_rules(doc, build_context(doc), _TEXT_RULES):
        if f.code not in _TEXT_CODES:
            continue
        where = f"第 {f.paragraph} 段" if f.paragraph is not None else "正文"
        quote = f"（{f.quote[:12]}）" if f.quote else ""
        out.append(f"E27 {where}{quote}：{f.code} {f.message}")
    return out


_SEQ = re.compile(rf"(?:^|(?<=[。；：！？]))([{CN_DIGITS}]+)是")
_ORD = re.compile(rf"(?:^|(?<=[。；：！？]))第([{CN_DIGITS}]+)[，、]")


@dataclass
class Para:
    el: etree._Element
    style: str | None
    text: str
    index: int  # 1-based, as in Word
    in_table: bool


# ---------------------------------------------------------------------------------------------
# The check


def check_docx(path: str | Path, *, kind: str | None = None, fonts: str = "gb2312") -> list[str]:
    """All (e.1)–(e.5) failures of the .docx at *path*; [] when it passes.

    *kind* (a drafted kind of :mod:`zhengbing.kinds`) selects the structure check of (e.4) by
    its layout; by default it is inferred from the styles used (GwSignature/GwDate → a kind
    signed at the end, GwSalutation with GwByline → a dated speech).
    *fonts* is the font profile the document was rendered with (``render --fonts``)."""
    from zhengbing.fonts import FONT_PROFILES

    profile = FONT_PROFILES[fonts]

    def face(name: str) -> str:
        return profile.get(name, name)

    allowed = frozenset(face(name) for name in ALLOWED_EAST_ASIA)

    import docx
    from docx.enum.section import WD_ORIENT

    doc = docx.Document(str(path))
    fails: list[str] = []
    add = fails.append
    styles_root = ooxml.styles_root(doc)
    res = Resolver(styles_root)

    # e.1 page and section
    if len(doc.sections) != 1:
        add(f"E01 文档应只有 1 节，实际 {len(doc.sections)} 节")
    s = doc.sections[0]

    def tw(length: object) -> int | None:
        return None if length is None else int(length.twips)  # type: ignore[attr-defined]

    size = (tw(s.page_width), tw(s.page_height))
    if size != (11906, 16838) or s.orientation != WD_ORIENT.PORTRAIT:
        add(f"E02 纸张应为 A4 纵向（11906×16838），实际 {size[0]}×{size[1]}")
    margins = (tw(s.top_margin), tw(s.left_margin), tw(s.right_margin), tw(s.bottom_margin))
    if margins != (2098, 1587, 1474, 1984) or (tw(s.gutter) or 0) != 0:
        add(f"E03 页边距应为 上2098 左1587 右1474 下1984 装订线0，实际 {margins} 装订线 {s.gutter}")
    if None in margins or (
        abs(11906 - margins[1] - margins[2] - 8844) > 6  # type: ignore[operator]
        or abs(16838 - margins[0] - margins[3] - 12756) > 6  # type: ignore[operator]
    ):
        add("E04 版心应为 156×225 毫米")
    if tw(s.footer_distance) != 1417:
        add(f"E05 页脚距离应为 1417，实际 {tw(s.footer_distance)}")
    grid = ooxml.section_properties(s).find(_q("docGrid"))
    if (
        grid is None
        or _val(grid, "type") != "lines"
        or _val(grid, "linePitch") != "579"
        or _val(grid, "charSpace") not in (None, "0")
    ):
        add("E06 文档网格应为 type=lines、linePitch=579、无 charSpace")
    if (
        doc.settings.odd_and_even_pages_header_footer is not True
        or s.different_first_page_header_footer
    ):
        add("E07 应设置奇偶页不同页脚，且首页不另设")

    # e.2 defaults and styles
    rpr_def = res.rpr_default
    rfonts = rpr_def.find(_q("rFonts")) if rpr_def is not None else None
    if (
        rfonts is None
        or _val(rfonts, "eastAsia") != face(FANGSONG)
        or _val(rfonts, "ascii") != TNR
        or _val(rfonts, "hAnsi") != TNR
    ):
        add(f"E10 docDefaults 字体应为 eastAsia={face(FANGSONG)}、ascii/hAnsi=Times New Roman")
    for rf in styles_root.iter(_q("rFonts")):
        if any(etree.QName(a).localname.lower().endswith("theme") for a in rf.attrib):
            add("E10 styles.xml 的 rFonts 中不应有主题字体属性（…Theme）")
            break
    lang = rpr_def.find(_q("lang")) if rpr_def is not None else None
    tfl = ooxml.settings_root(doc).find(_q("themeFontLang"))
    if _val(lang, "eastAsia") != "zh-CN" or _val(tfl, "eastAsia") != "zh-CN":
        add("E11 docDefaults 的 w:lang 和 settings 的 themeFontLang 的 eastAsia 应为 zh-CN")
    for sid, (name, stype, based, ea, size, bold, jc, flc, line) in STYLE_TABLE.items():
        ea = face(ea) if ea else ea
        st = res.styles.get(sid)
        if st is None:
            add(f"E12 缺少样式 {sid}")
            continue
        if name is not None and _val(st.find(_q("name"))) != name:
            add(f"E12 样式 {sid} 的名称应为“{name}”，实际“{_val(st.find(_q('name')))}”")
        if st.get(_q("type")) != stype:
            add(f"E12 样式 {sid} 的类型应为 {stype}")
        if based is not None and _val(st.find(_q("basedOn"))) != based:
            add(f"E12 样式 {sid} 应基于 {based}")
        if stype == "character":
            if ea and res.rpr(None, None, "rFonts", "eastAsia", char_style=sid) != ea:
                add(f"E13 字符样式 {sid} 的中文字体应为 {ea}")
            if bold is not None and res.rpr_flag(None, None, "b", char_style=sid) != bold:
                add(f"E13 字符样式 {sid} 的加粗应为 {bold}")
            continue
        got_ea = res.rpr(None, sid, "rFonts", "eastAsia")
        if ea and got_ea != ea:
            add(f"E13 样式 {sid} 的中文字体应为 {ea}，实际 {got_ea}")
        if size and res.rpr(None, sid, "sz") != str(size):
            add(f"E13 样式 {sid} 的字号应为 {size // 2} 磅，实际 w:sz={res.rpr(None, sid, 'sz')}")
        if bold is not None and res.rpr_flag(None, sid, "b") != bold:
            add(f"E13 样式 {sid} 不应加粗")
        if jc and res.ppr(None, "jc", style_id=sid) != jc:
            add(f"E13 样式 {sid} 的对齐应为 {jc}，实际 {res.ppr(None, 'jc', style_id=sid)}")
        if flc is not None:
            chars = res.ppr(None, "ind", "firstLineChars", style_id=sid)
            first = res.ppr(None, "ind", "firstLine", style_id=sid)
            if int(chars or 0) != flc or int(first or 0) != flc * 16 // 5:
                add(
                    f"E13 样式 {sid} 的首行缩进应为 firstLineChars={flc}、firstLine={flc * 16 // 5}，实际 {chars}/{first}"
                )
        if line is not None:
            if (
                res.ppr(None, "spacing", "line", style_id=sid) != str(line)
                or res.ppr(None, "spacing", "lineRule", style_id=sid) != "exact"
            ):
                add(f"E13 样式 {sid} 的行距应为固定值 {line}")
    normal = res.styles.get("Normal")
    if normal is not None:
        nppr = normal.find(_q("pPr"))
        nrpr = normal.find(_q("rPr"))
        for tag in ("widowControl", "autoSpaceDE", "autoSpaceDN"):
            el = nppr.find(_q(tag)) if nppr is not None else None
            if el is None or _val(el) != "0":
                add(f"E14 Normal 样式应有 w:{tag} w:val=0")
        if _val(nrpr.find(_q("spacing")) if nrpr is not None else None) != "-5":
            add("E14 Normal 样式的字符间距应为 -5（紧缩 0.25 磅）")
    title_st = res.styles.get("GwTitle")
    if title_st is not None:
        if res.rpr(None, "GwTitle", "spacing") != "0":
            add("E14 GwTitle 的字符间距应为 0")
        if res.ppr_flag(None, "snapToGrid", style_id="GwTitle") is not False:
            add("E14 GwTitle 应设 snapToGrid=0")
    if res.ppr_flag(None, "snapToGrid", style_id="Footer") is not False:
        add("E14 Footer 样式应设 snapToGrid=0")
    for sid in KEEP_NEXT_STYLES:
        if sid in res.styles and not res.ppr_flag(None, "keepNext", style_id=sid):
            add(f"E15 样式 {sid} 应设“与下段同页”（keepNext）")

    # e.3 paragraphs and runs
    body = ooxml.body(doc)
    paras: list[Para] = []
    for i, p in enumerate(body.iter(_q("p")), start=1):
        in_table = any(a.tag == _q("tbl") for a in p.iterancestors())
        paras.append(Para(p, res.para_style(p), para_text(p), i, in_table))
    footers = []
    for label, footer in (("奇数页", s.footer), ("偶数页", s.even_page_footer)):
        footers.append((label, footer))

    def where(pa: Para) -> str:
        return f"第 {pa.index} 段（{pa.text[:12]}）"

    for pa in paras:
        p, sid = pa.el, pa.style
        if sid in BODY_STYLES and not pa.in_table:
            chars = res.ppr(p, "ind", "firstLineChars")
            first = res.ppr(p, "ind", "firstLine")
            if chars != "200" or first != "640":
                add(
                    f"E20 {where(pa)}：首行缩进应为 firstLineChars=200 且 firstLine=640，实际 {chars}/{first}"
                )
            if (
                res.ppr(p, "ind", "hanging") not in (None, "0")
                or int(res.ppr(p, "ind", "left") or 0)
                or int(res.ppr(p, "ind", "right") or 0)
            ):
                add(f"E20 {where(pa)}：正文段落不应有悬挂缩进或左右缩进")
            if (
                res.ppr(p, "spacing", "line") != "579"
                or res.ppr(p, "spacing", "lineRule") != "exact"
                or int(res.ppr(p, "spacing", "before") or 0)
                or int(res.ppr(p, "spacing", "after") or 0)
            ):
                add(f"E22 {where(pa)}：行距应为固定值 579、段前段后 0")
        if sid in NO_INDENT_STYLES:
            if int(res.ppr(p, "ind", "firstLine") or 0) or int(
                res.ppr(p, "ind", "firstLineChars") or 0
            ):
                add(f"E21 {where(pa)}：{sid} 段落不应有首行缩进")
        if sid == "GwTitle" and (
            res.ppr(p, "spacing", "line") != "700" or res.ppr(p, "spacing", "lineRule") != "exact"
        ):
            add(f"E22 {where(pa)}：标题行距应为固定值 700")
        _check_runs(res, pa.el, sid, where(pa), add, footer=False, allowed=allowed)
        if sid != "GwTitle" and p.find(f".//{_q('br')}") is not None:
            add(f"E26 {where(pa)}：标题以外的段落不应有手动换行（w:br）")
        if p.find(f"{_q('r')}/{_q('tab')}") is not None:
            add(f"E26 {where(pa)}：段落中不应有制表符")
        if pa.text[:1] in (" ", "\u3000", "\t"):
            add(f"E26 {where(pa)}：段首不应有空格（缩进由样式决定）")
    top = [pa for pa in paras if not pa.in_table]
    for a, b in zip(top, top[1:], strict=False):
        if not a.text.strip() and not b.text.strip() and b.el.getprevious() is a.el:
            add(f"E26 第 {b.index} 段：连续两个空段落")

    # E27/E35: text rules of spec (d)
    fails.extend(_text_rule_failures(doc))
    _check_sequences(top, add)

    # e.4 document structure
    content = [pa for pa in top]
    if not content or content[0].style != "GwTitle" or not content[0].text.strip():
        add("E30 第 1 段应是非空的 GwTitle 标题")
    else:
        tp = content[0]
        lines = tp.text.split("\n")
        widths = [width(line) for line in lines]
        if any(w > 20 for w in widths) or any(w < 3 for w in widths):
            add(f"E30 标题每行应为 3～20 字，实际 {widths}")
        if len(widths) >= 3 and min(widths[1:-1]) < min(widths[0], widths[-1]):
            add("E30 标题行形不应是沙漏形（中间行最短）")
        if tp.text.rstrip()[-1:] in "。，；：、":
            add("E30 标题末尾不应有标点")
        if res.rpr_flag(tp.el.find(_q("r")), "GwTitle", "b"):
            add("E30 标题不应加粗")
    styles_used = [pa.style for pa in content]
    layout = kinds.layout_of(kind if kind is not None else _kind_from_styles(styles_used))
    if layout.dated:
        _check_speech(content, add)
    elif layout.closing:
        _check_summary(res, content, add, layout)
    _check_headings(content, add)
    for pa in content:
        if pa.style == "GwBody" and re.match(rf"^[{CN_DIGITS}]+是", pa.text):
            _check_lead(res, pa, add)

    # e.5 footers
    for label, footer in footers:
        fparas = [p for p in ooxml.story_root(footer).iter(_q("p")) if para_text(p).strip()]
        if len(fparas) != 1:
            add(f"E40 {label}页脚应恰有 1 个非空段落，实际 {len(fparas)}")
            continue
        fp = fparas[0]
        if res.para_style(fp) != "Footer":
            add(f"E40 {label}页脚段落应使用 Footer 样式")
        seq = []
        for el in fp.iter(_q("fldChar"), _q("instrText"), _q("t")):
            tag = etree.QName(el).localname
            if tag == "fldChar":
                seq.append(_val(el, "fldCharType"))
            elif tag == "instrText":
                seq.append("instr:" + (el.text or ""))
        if not (
            len(seq) >= 4
            and seq[0] == "begin"
            and re.match(r"^\s*PAGE\b", seq[1][6:] if seq[1].startswith("instr:") else "")
            and seq[2] == "separate"
            and seq[-1] == "end"
        ):
            add(f"E41 {label}页脚应有 PAGE 域（fldChar begin/instrText PAGE/separate/end）")
        text = para_text(fp)
        if not re.match(r"^\u2014 \d+ \u2014$", text):
            add(f"E42 {label}页脚文字应为“— 1 —”，实际“{text}”")
        odd = label == "奇数页"
        jc = res.ppr(fp, "jc")
        if odd and (
            jc != "right"
            or res.ppr(fp, "ind", "rightChars") != "100"
            or res.ppr(fp, "ind", "right") != "280"
        ):
            add("E43 奇数页页码应右对齐、右缩进 1 字（rightChars=100、right=280）")
        if not odd and (
            jc != "left"
            or res.ppr(fp, "ind", "leftChars") != "100"
            or res.ppr(fp, "ind", "left") != "280"
        ):
            add("E43 偶数页页码应左对齐、左缩进 1 字（leftChars=100、left=280）")
        if int(res.ppr(fp, "ind", "firstLine") or 0) or int(
            res.ppr(fp, "ind", "firstLineChars") or 0
        ):
            add(f"E43 {label}页码不应有首行缩进")
        for r in fp.iter(_q("r")):
            if r.find(_q("t")) is None:
                continue
            sid = res.para_style(fp)
            if (
                res.rpr(r, sid, "sz") != "28"
                or res.rpr(r, sid, "rFonts", "eastAsia") != SONG
                or res.rpr(r, sid, "rFonts", "ascii") != SONG
                or res.rpr_flag(r, sid, "b")
            ):
                add(f"E44 {label}页码应为宋体四号（sz=28）、不加粗")
                break
        _check_runs(res, fp, "Footer", f"{label}页脚", add, footer=True, allowed=allowed)
    return fails


def _check_runs(
    res: Resolver,
    p: etree._Element,
    sid: str | None,
    where: str,
    add: Callable[[str], None],
    *,
    footer: bool,
    allowed: frozenset[str] = frozenset(ALLOWED_EAST_ASIA),
) -> None:
    for r in p.iter(_q("r")):
        rpr = r.find(_q("rPr"))
        text = "".join(t.text or "" for t in r.iter(_q("t")))
        if rpr is not None:
            for el in rpr:
                tag = etree.QName(el).localname
                if tag == "rStyle":
                    continue
                if tag == "rFonts" and set(el.attrib) <= {_q("hint")}:
                    continue
                add(f"E23 {where}：文字“{text[:8]}”带有直接格式 w:{tag}（应只用样式）")
                break
        if text and AMBIGUOUS & set(text):
            rf = rpr.find(_q("rFonts")) if rpr is not None else None
            if _val(rf, "hint") != "eastAsia":
                add(f"E24 {where}：含“”‘’…—·的文字“{text[:8]}”缺少 w:hint=eastAsia")
        if text and not footer:
            ea = res.rpr(r, sid, "rFonts", "eastAsia")
            if ea not in allowed:
                add(f"E25 {where}：文字“{text[:8]}”的中文字体是 {ea}")


def _kind_from_styles(styles: list[str]) -> str:
    """The drafted kind whose layout the paragraph styles show, else ""."""
    bylined = styles[1:2] == ["GwByline"]
    for k in kinds.DRAFTED:
        layout = k.layout or kinds.GENERIC_LAYOUT
        if "GwSignature" in styles or "GwDate" in styles:
            if layout.closing and bool(layout.byline) == bylined:
                return k.name
        elif "GwSalutation" in styles and "GwByline" in styles and layout.dated:
            return k.name
    return ""


def _check_speech(content: list[Para], add: Callable[[str], None]) -> None:
    i = 1
    while i < len(content) and content[i].style == "GwSubtitle":
        i += 1
    bylines = []
    while i < len(content) and content[i].style == "GwByline":
        bylines.append(content[i])
        i += 1
    if not 1 <= len(bylines) <= 2:
        add(f"E31 讲话稿标题下应有 1～2 行署名/日期（GwByline），实际 {len(bylines)} 行")
    elif not re.match(r"^（\d{4}年[1-9]\d?月[1-9]\d?日）$", bylines[-1].text):
        add(f"E31 讲话稿标题下最后一行应为“（2024年3月1日）”式日期，实际“{bylines[-1].text}”")
    if i >= len(content) or content[i].text.strip():
        add("E31 讲话稿署名之后应有一个空行")
    else:
        i += 1
    if (
        i >= len(content)
        or content[i].style != "GwSalutation"
        or not re.match(r"^[^\s：]{2,20}：$", content[i].text)
    ):
        add("E31 空行之后应是称谓（GwSalutation，如“同志们：”）")


def _check_summary(
    res: Resolver, content: list[Para], add: Callable[[str], None], layout: kinds.Layout
) -> None:
    i = 1
    if layout.byline:
        while i < len(content) and content[i].style == "GwByline":
            i += 1
    if i >= len(content) or content[i].text.strip():
        add("E32 标题之后应有一个空行")
    styles = [pa.style for pa in content]
    if "GwSignature" not in styles or "GwDate" not in styles:
        add("E32 总结应以署名（GwSignature）和成文日期（GwDate）结尾")
        return
    sig = content[styles.index("GwSignature")]
    date = content[styles.index("GwDate")]
    k = styles.index("GwSignature")
    if (
        k < 1
        or content[k - 1].text.strip()
        or styles.index("GwDate") != k + 1
        or k + 2 != len(content)
    ):
        add("E32 正文之后应为：空行、署名、日期（日期为最后一段）")
    if not re.match(r"^\d{4}年[1-9]\d?月[1-9]\d?日$", date.text):
        add(f"E32 成文日期格式不对：“{date.text}”")
    w_sig, w_date = width(sig.text), width(date.text)
    r_date = max(2.0, w_sig - w_date)
    r_sig = r_date + w_date + 2 - w_sig
    for pa, expect in ((sig, r_sig), (date, r_date)):
        chars = res.ppr(pa.el, "ind", "rightChars")
        right = res.ppr(pa.el, "ind", "right")
        if (
            chars is None
            or int(chars) != round(expect * 100)
            or right is None
            or int(right) != round(int(chars) * 3.2)
        ):
            add(
                f"E32 “{pa.text}”的右缩进应为 {expect:g} 字（rightChars={round(expect * 100)}，right={round(expect * 320)}），实际 {chars}/{right}"
            )


# paragraph style and run-in character style of each heading level of zhengbing.dialect
_HEADING_STYLES: dict[int, tuple[str, str | None]] = {
    1: ("GwH1", "GwH1Run"),
    2: ("GwH2", "GwH2Run"),
    3: ("GwH3", None),
    4: ("GwH4", None),
}


def _check_headings(content: list[Para], add: Callable[[str], None]) -> None:
    counters = [0, 0, 0, 0, 0]
    seen_level = [False] * 5
    for pa in content[1:]:
        if pa.style in (
            "GwTitle",
            "GwSubtitle",
            "GwByline",
            "GwSalutation",
            "GwSignature",
            "GwDate",
            "Footer",
        ):
            continue
        found = marker(pa.text)
        if found is None:
            continue
        level, n = found.level, found.number
        style, run_style = _HEADING_STYLES[level]
        first_run = pa.el.find(f"{_q('r')}/{_q('rPr')}/{_q('rStyle')}")
        if pa.style != style and not (
            pa.style == "GwBody" and run_style and _val(first_run) == run_style
        ):
            add(f"E33 第 {pa.index} 段（{pa.text[:12]}）应使用样式 {style}")
        if found.text != found.canonical:
            add(f"E33 第 {pa.index} 段：标题序号“{found.text}”应写作“{found.canonical}”")
        if level == 2 and not seen_level[1]:
            add(f"E33 第 {pa.index} 段：“{found.text}”之前没有一级标题")
        if n != counters[level] + 1:
            add(f"E33 第 {pa.index} 段：标题序号“{found.text}”不连续（上一个是 {counters[level]}）")
        counters[level] = n
        seen_level[level] = True
        for deeper in range(level + 1, 5):
            counters[deeper] = 0


_LATER_LEAD = re.compile(rf"^[{CN_DIGITS}]+是[^。]*。$")


def _check_lead(res: Resolver, pa: Para, add: Callable[[str], None]) -> None:
    end = pa.text.find("。")
    pos = 0
    for r in pa.el.iter(_q("r")):
        text = "".join(t.text or "" for t in r.iter(_q("t")))
        if not text:
            continue
        rstyle = _val(r.find(f"{_q('rPr')}/{_q('rStyle')}"))
        bold = res.rpr_flag(r, pa.style, "b")
        if end >= 0 and pos <= end:
            if rstyle != "GwLead" or pos + len(text) - 1 > end:
                add(
                    f"E34 第 {pa.index} 段（{pa.text[:12]}）：引领句应到第一个“。”为止、使用 GwLead"
                )
                return
        elif bold and not (rstyle == "GwLead" and _LATER_LEAD.match(text)):
            add(f"E34 第 {pa.index} 段（{pa.text[:12]}）：引领句之后的文字不应加粗")
            return
        pos += len(text)


def _check_sequences(paras: list[Para], add: Callable[[str], None]) -> None:
    for pattern, label in ((_SEQ, "是"), (_ORD, "第")):
        open_n = 0
        for pa in paras:
            if pa.style in ("GwH1", "GwH2", "GwH3", "GwH4", "GwTitle"):
                open_n = 0
                continue
            for m in pattern.finditer(pa.text):
                n = cn_number(m.group(1))
                if n is None:
                    continue
                word = f"{m.group(1)}是" if label == "是" else f"第{m.group(1)}"
                if n == 1:
                    open_n = 1
                elif n != open_n + 1:
                    kind = "重复" if n <= open_n else "跳号"
                    add(f"E35 第 {pa.index} 段：序数词“{word}”{kind}（前一个是 {open_n}）")
                    open_n = max(open_n, n)
                else:
                    open_n = n


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    status = 0
    for name in args:
        fails = check_docx(name)
        for f in fails:
            print(f"{name}: {f}")
        status = status or (1 if fails else 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
