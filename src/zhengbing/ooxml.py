"""Raw WordprocessingML: the one module of zhengbing that builds or edits .docx XML directly.

The rule: python-docx's objects are crossed into their lxml elements (``.element``, ``._p``,
``._r``, ``._tc``, ``._sectPr``, ``._element``, …) only here, by the accessors at the end of
this module (:func:`styles_root`, :func:`settings_root`, :func:`body`, :func:`part_root`,
:func:`section_properties`, :func:`story_root`, :func:`paragraph_element`,
:func:`cell_element`, :func:`body_blocks`, :func:`split_run`). Other modules use
python-docx's API; readers such as :mod:`zhengbing.docxread`, :mod:`zhengbing.docxprops` and
the checker may read the elements these accessors hand them, and every change to raw XML
is made by a function of this module.

Everything GB/T 9704 needs that python-docx has no API for lives here: East Asian fonts
(``w:rFonts/@w:eastAsia`` with the ``*Theme`` attributes removed), ``w:hint="eastAsia"``,
first-line indents written as both ``firstLineChars`` and ``firstLine``, the line grid
(``w:docGrid``), PAGE fields as ``fldChar`` runs, ``w:evenAndOddHeaders``,
``w:themeFontLang``, ``w:lang``, ``snapToGrid``, ``widowControl``, ``autoSpaceDE/DN``,
``keepNext``, ``outlineLvl`` and ``fontTable`` entries with ``w:altName``.

Two kinds of tools: the ``*_xml`` functions write body content (paragraphs, runs, tables)
as escaped XML text, parsed into elements by :func:`fragment_elements`, and the element
functions build or edit lxml elements (styles, settings, sections, font table, the
page-number paragraph of the footers). The package itself (parts, relationships, content
types, zip) is opened, edited and saved by python-docx in :mod:`zhengbing.writer` and
:mod:`zhengbing.reference`.

The style set itself (spec b.2) is data, :data:`STYLES`, used both by the reference builder
and by the writer when a user's reference document lacks one of our styles.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.part import XmlPart
    from docx.section import Section, _BaseHeaderFooter
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run
    from lxml import etree


def _et():  # noqa: ANN202 - lxml loads only when XML must be parsed or edited
    from lxml import etree

    return etree


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"

# Characters that Word draws with the Latin font unless the run says w:hint="eastAsia" (b.3.2).
AMBIGUOUS_PUNCT = frozenset("“”‘’…—·")

# Geometry (spec a.2, a.3, a.7), in twips.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1587, 1474
HEADER_DIST, FOOTER_DIST = 850, 1417
LINE_PITCH = 579
TITLE_PITCH = 700
CHAR_TWIPS = 320  # one 三号 character


def qn(tag: str) -> str:
    """``w:jc`` → ``{namespace}jc``."""
    prefix, _, local = tag.partition(":")
    ns = {"w": W_NS, "r": R_NS, "xml": XML_NS}[prefix]
    return f"{{{ns}}}{local}"


def w_el(
    tag: str, attrs: dict[str, str] | None = None, *children: etree._Element
) -> etree._Element:
    """A ``w:`` element with ``w:`` attributes (``{"val": "1"}`` → ``w:val="1"``)."""
    el = _et().Element(qn(f"w:{tag}"), nsmap={"w": W_NS})
    for key, value in (attrs or {}).items():
        el.set(qn(key if ":" in key else f"w:{key}"), str(value))
    for child in children:
        el.append(child)
    return el


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    el = _et().SubElement(parent, qn(f"w:{tag}"))
    for key, value in (attrs or {}).items():
        el.set(qn(key if ":" in key else f"w:{key}"), str(value))
    return el


# ---------------------------------------------------------------------------------------------
# Element order inside pPr / rPr / style (ECMA-376 sequences); children are inserted in order.

_PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
_RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
_STYLE_ORDER = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
    "tblStylePr"
).split()
_SECT_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
).split()
_ORDERS = {"pPr": _PPR_ORDER, "rPr": _RPR_ORDER, "style": _STYLE_ORDER, "sectPr": _SECT_ORDER}


def _local(el: etree._Element) -> str:
    return _et().QName(el).localname


def child(parent: etree._Element, tag: str) -> etree._Element | None:
    return parent.find(qn(f"w:{tag}"))


def get_or_add(parent: etree._Element, tag: str) -> etree._Element:
    """Find ``w:tag`` in *parent* or insert it at its schema position."""
    found = child(parent, tag)
    if found is not None:
        return found
    new = _et().Element(qn(f"w:{tag}"))
    order = _ORDERS.get(_local(parent))
    if order and tag in order:
        rank = order.index(tag)
        for i, existing in enumerate(parent):
            name = _local(existing) if isinstance(existing.tag, str) else ""
            if name in order and order.index(name) > rank:
                parent.insert(i, new)
                return new
    parent.append(new)
    return new


def remove(parent: etree._Element, tag: str) -> None:
    for el in parent.findall(qn(f"w:{tag}")):
        parent.remove(el)


def set_attrs(el: etree._Element, **attrs: str | int | None) -> etree._Element:
    for key, value in attrs.items():
        name = qn(f"w:{key}")
        if value is None:
            el.attrib.pop(name, None)
        else:
            el.set(name, str(value))
    return el


# ---------------------------------------------------------------------------------------------
# Fonts


def strip_theme_fonts(rfonts: etree._Element) -> None:
    """Remove ``w:asciiTheme`` & co.: a theme attribute beats the plain name in the same element."""
    for name in list(rfonts.attrib):
        if _et().QName(name).localname.lower().endswith("theme"):
            del rfonts.attrib[name]


def set_fonts(
    rpr: etree._Element,
    east_asia: str | None,
    latin: str | None = LATIN,
    *,
    hint: bool = False,
) -> etree._Element:
    """Set all four ``w:rFonts`` slots (ascii/hAnsi/cs = *latin*, eastAsia) without theme attrs."""
    rfonts = get_or_add(rpr, "rFonts")
    strip_theme_fonts(rfonts)
    if latin is not None:
        set_attrs(rfonts, ascii=latin, hAnsi=latin, cs=latin)
    if east_asia is not None:
        set_attrs(rfonts, eastAsia=east_asia)
    if hint:
        set_attrs(rfonts, hint="eastAsia")
    return rfonts


def strip_all_theme_fonts(root: etree._Element) -> None:
    for rfonts in root.iter(qn("w:rFonts")):
        strip_theme_fonts(rfonts)


def needs_east_asian_hint(text: str) -> bool:
    return not AMBIGUOUS_PUNCT.isdisjoint(text)


# ---------------------------------------------------------------------------------------------
# Paragraph properties


def set_first_line(ppr: etree._Element, chars: int) -> None:
    """First-line indent as both ``firstLineChars`` (Word) and ``firstLine`` (LibreOffice)."""
    ind = get_or_add(ppr, "ind")
    for attr in ("hanging", "hangingChars"):
        ind.attrib.pop(qn(f"w:{attr}"), None)
    set_attrs(ind, firstLineChars=chars * 100, firstLine=chars * CHAR_TWIPS)


def set_line(
    ppr: etree._Element, line: int, rule: str = "exact", before: int = 0, after: int = 0
) -> None:
    spacing = get_or_add(ppr, "spacing")
    set_attrs(spacing, before=before, after=after, line=line, lineRule=rule)
    for attr in ("beforeLines", "afterLines", "beforeAutospacing", "afterAutospacing"):
        spacing.attrib.pop(qn(f"w:{attr}"), None)


def set_on_off(parent: etree._Element, tag: str, value: bool) -> None:
    """``<w:keepNext/>`` for True, ``<w:widowControl w:val="0"/>`` for False."""
    el = get_or_add(parent, tag)
    if value:
        el.attrib.pop(qn("w:val"), None)
    else:
        el.set(qn("w:val"), "0")


def set_val(parent: etree._Element, tag: str, value: str | int) -> etree._Element:
    el = get_or_add(parent, tag)
    el.set(qn("w:val"), str(value))
    return el


# ---------------------------------------------------------------------------------------------
# The style set (spec b.2)


class StyleSpec(NamedTuple):
    """One style of the set (a named tuple: much cheaper to define at start-up than a dataclass)."""

    style_id: str
    name: str
    kind: str = "paragraph"  # paragraph | character | table
    based_on: str | None = "Normal"
    east_asia: str | None = None
    latin: str | None = LATIN
    size: int | None = None  # half-points
    bold: bool | None = None
    jc: str | None = None
    first_chars: int | None = None  # first-line indent in 字 (0 = explicit reset)
    line: int | None = None
    line_rule: str = "exact"
    keep_next: bool = False
    keep_lines: bool = False
    snap_to_grid: bool | None = None
    outline_lvl: int | None = None
    char_spacing: int | None = None
    hanging: tuple[int, int] | None = None  # (left 字, hanging 字)
    ui_priority: int | None = None
    borders: bool = False  # table style: full single borders


def _h(style_id: str, name: str, font: str, outline: int, keep: bool) -> StyleSpec:
    return StyleSpec(
        style_id,
        name,
        based_on="GwBody",
        east_asia=font,
        size=32,
        jc="both",
        first_chars=2,
        line=LINE_PITCH,
        keep_next=keep,
        outline_lvl=outline,
    )


def _centred(style_id: str, name: str, font: str) -> StyleSpec:
    return StyleSpec(
        style_id,
        name,
        east_asia=font,
        size=32,
        jc="center",
        first_chars=0,
        line=LINE_PITCH,
        keep_next=True,
    )


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(
        "GwTitle",
        "公文标题",
        east_asia=XIAOBIAOSONG,
        size=44,
        jc="center",
        first_chars=0,
        line=TITLE_PITCH,
        keep_next=True,
        keep_lines=True,
        snap_to_grid=False,
        char_spacing=0,
    ),
    _centred("GwSubtitle", "公文副标题", KAITI),
    _centred("GwByline", "标题下署名", KAITI),
    StyleSpec(
        "GwSalutation",
        "称谓",
        east_asia=FANGSONG,
        size=32,
        jc="left",
        first_chars=0,
        line=LINE_PITCH,
        keep_next=True,
    ),
    StyleSpec(
        "GwBody", "公文正文", east_asia=FANGSONG, size=32, jc="both", first_chars=2, line=LINE_PITCH
    ),
    _h("GwH1", "一级标题", HEITI, 0, True),
    _h("GwH2", "二级标题", KAITI, 1, True),
    _h("GwH3", "三级标题", FANGSONG, 2, False),
    _h("GwH4", "四级标题", FANGSONG, 3, False),
    StyleSpec(
        "GwAttachNote",
        "附件说明",
        based_on="GwBody",
        east_asia=FANGSONG,
        size=32,
        jc="both",
        line=LINE_PITCH,
        hanging=(5, 3),
    ),
    StyleSpec(
        "GwSignature",
        "署名",
        east_asia=FANGSONG,
        size=32,
        jc="right",
        first_chars=0,
        line=LINE_PITCH,
    ),
    StyleSpec(
        "GwDate",
        "成文日期",
        east_asia=FANGSONG,
        size=32,
        jc="right",
        first_chars=0,
        line=LINE_PITCH,
    ),
    StyleSpec(
        "GwNote",
        "附注",
        based_on="GwBody",
        east_asia=FANGSONG,
        size=32,
        jc="both",
        first_chars=2,
        line=LINE_PITCH,
    ),
    StyleSpec("GwLead", "引领句", kind="character", based_on=None, latin=None, bold=True),
    StyleSpec("GwH1Run", "一级标题字符", kind="character", based_on=None, east_asia=HEITI),
    StyleSpec("GwH2Run", "二级标题字符", kind="character", based_on=None, east_asia=KAITI),
    # project choice: a plain 公文 table, 仿宋 四号 text, 黑体 header row, full single borders
    StyleSpec(
        "GwTable", "公文表格", kind="table", based_on="TableNormal", latin=None, borders=True
    ),
    StyleSpec(
        "GwTableText",
        "表格文字",
        east_asia=FANGSONG,
        size=28,
        jc="center",
        first_chars=0,
        line=440,
        snap_to_grid=False,
        char_spacing=0,
    ),
    StyleSpec("GwTableHead", "表格标题行", based_on="GwTableText", east_asia=HEITI, keep_next=True),
)
STYLE_IDS = tuple(s.style_id for s in STYLES)


def style_element(spec: StyleSpec) -> etree._Element:
    """Build the ``w:style`` element for *spec*."""
    style = w_el("style", {"type": spec.kind, "customStyle": "1", "styleId": spec.style_id})
    sub(style, "name", {"val": spec.name})
    if spec.based_on:
        sub(style, "basedOn", {"val": spec.based_on})
    if spec.kind == "paragraph" and spec.style_id not in ("GwH3", "GwH4"):
        nxt = "GwBody" if spec.style_id not in ("GwTableText", "GwTableHead") else spec.style_id
        sub(style, "next", {"val": nxt})
    sub(style, "uiPriority", {"val": str(spec.ui_priority or 1)})
    sub(style, "qFormat")
    if spec.kind == "paragraph":
        ppr = sub(style, "pPr")
        if spec.keep_next:
            set_on_off(ppr, "keepNext", True)
        if spec.keep_lines:
            set_on_off(ppr, "keepLines", True)
        if spec.snap_to_grid is not None:
            set_on_off(ppr, "snapToGrid", spec.snap_to_grid)
        if spec.line is not None:
            set_line(ppr, spec.line, spec.line_rule)
        if spec.first_chars is not None:
            set_first_line(ppr, spec.first_chars)
            set_attrs(get_or_add(ppr, "ind"), leftChars=0, left=0, rightChars=0, right=0)
        if spec.hanging is not None:
            left, hanging = spec.hanging
            ind = get_or_add(ppr, "ind")
            set_attrs(
                ind,
                leftChars=left * 100,
                left=left * CHAR_TWIPS,
                hangingChars=hanging * 100,
                hanging=hanging * CHAR_TWIPS,
                firstLineChars=None,
                firstLine=None,
            )
        if spec.jc:
            set_val(ppr, "jc", spec.jc)
        if spec.outline_lvl is not None:
            set_val(ppr, "outlineLvl", spec.outline_lvl)
    if spec.kind == "table":
        style.append(_table_style_tblpr(spec))
        return style
    rpr = sub(style, "rPr")
    if spec.east_asia or spec.latin:
        set_fonts(rpr, spec.east_asia, spec.latin)
    if spec.bold is not None:
        set_on_off(rpr, "b", spec.bold)
        set_on_off(rpr, "bCs", spec.bold)
    if spec.char_spacing is not None:
        set_val(rpr, "spacing", spec.char_spacing)
    if spec.size is not None:
        set_val(rpr, "sz", spec.size)
        set_val(rpr, "szCs", spec.size)
    if len(rpr) == 0:
        style.remove(rpr)
    return style


def _table_style_tblpr(spec: StyleSpec) -> etree._Element:
    tblpr = w_el("tblPr")
    sub(tblpr, "jc", {"val": "center"})
    if spec.borders:
        borders = sub(tblpr, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            sub(borders, side, {"val": "single", "sz": "4", "space": "0", "color": "000000"})
    mar = sub(tblpr, "tblCellMar")
    for side, width in (("top", 0), ("left", 85), ("bottom", 0), ("right", 85)):
        sub(mar, side, {"w": str(width), "type": "dxa"})
    return tblpr


def normal_style(style: etree._Element) -> None:
    """Bring the built-in ``Normal`` style to spec b.2 (in place)."""
    ppr = get_or_add(style, "pPr")
    set_on_off(ppr, "widowControl", False)
    set_on_off(ppr, "autoSpaceDE", False)
    set_on_off(ppr, "autoSpaceDN", False)
    set_line(ppr, LINE_PITCH, "exact")
    set_first_line(ppr, 0)
    set_val(ppr, "jc", "both")
    rpr = get_or_add(style, "rPr")
    set_fonts(rpr, FANGSONG, LATIN, hint=True)
    set_val(rpr, "spacing", -5)
    set_val(rpr, "sz", 32)
    set_val(rpr, "szCs", 32)


def footer_style() -> etree._Element:
    """The built-in ``Footer`` style (name ``footer``) as spec b.2 wants it: 宋体 四号, no tabs."""
    style = w_el("style", {"type": "paragraph", "styleId": "Footer"})
    sub(style, "name", {"val": "footer"})
    sub(style, "basedOn", {"val": "Normal"})
    sub(style, "uiPriority", {"val": "99"})
    sub(style, "unhideWhenUsed")
    ppr = sub(style, "pPr")
    set_on_off(ppr, "snapToGrid", False)
    set_line(ppr, 240, "auto")
    set_first_line(ppr, 0)
    rpr = sub(style, "rPr")
    set_fonts(rpr, SONGTI, SONGTI)
    set_val(rpr, "spacing", 0)
    set_val(rpr, "sz", 28)
    set_val(rpr, "szCs", 28)
    return style


def apply_doc_defaults(styles_root: etree._Element) -> None:
    """docDefaults per spec b.1: TNR + 仿宋_GB2312, 三号, zh-CN, no space after, single spacing."""
    defaults = get_or_add(styles_root, "docDefaults")
    rpr_default = child(defaults, "rPrDefault")
    if rpr_default is None:
        rpr_default = w_el("rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = get_or_add(rpr_default, "rPr")
    set_fonts(rpr, FANGSONG, LATIN, hint=True)
    set_val(rpr, "sz", 32)
    set_val(rpr, "szCs", 32)
    lang = get_or_add(rpr, "lang")
    set_attrs(lang, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr_default = child(defaults, "pPrDefault")
    if ppr_default is None:
        ppr_default = sub(defaults, "pPrDefault")
    ppr = get_or_add(ppr_default, "pPr")
    spacing = get_or_add(ppr, "spacing")
    spacing.attrib.clear()
    set_attrs(spacing, after=0, line=240, lineRule="auto")


def find_style(styles_root: etree._Element, style_id: str) -> etree._Element | None:
    for style in styles_root.iter(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def merge_styles(styles_root: etree._Element, source_root: etree._Element) -> list[str]:
    """Copy every style of ours (and Footer) that *styles_root* lacks from *source_root*."""
    added = []
    for style_id in ("Footer", *STYLE_IDS):
        if find_style(styles_root, style_id) is not None:
            continue
        source = find_style(source_root, style_id)
        if source is not None:
            styles_root.append(copy.deepcopy(source))
            added.append(style_id)
    return added


# ---------------------------------------------------------------------------------------------
# Settings and font table


# w:settings children in schema order (ECMA-376 CT_Settings), as far as we insert into it
_SETTINGS_ORDER = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate "
    "linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView "
    "trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
    "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit "
    "hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle "
    "defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting "
    "bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing "
    "displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
    "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning "
    "characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter "
    "noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml "
    "ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
    "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
    "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat "
    "docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags "
    "decimalSymbol listSeparator"
).split()


def insert_setting(settings_root: etree._Element, tag: str) -> etree._Element:
    """Find or insert ``w:tag`` at its schema position among the settings."""
    found = child(settings_root, tag)
    if found is not None:
        return found
    new = w_el(tag)
    rank = _SETTINGS_ORDER.index(tag)
    for existing in settings_root:
        if not isinstance(existing.tag, str):
            continue
        qname = _et().QName(existing)
        name = qname.localname
        later = qname.namespace != W_NS or (
            name in _SETTINGS_ORDER and _SETTINGS_ORDER.index(name) > rank
        )
        if later:
            existing.addprevious(new)
            return new
    settings_root.append(new)
    return new


def apply_settings(settings_root: etree._Element) -> None:
    """``w:evenAndOddHeaders`` on, theme font language zh-CN, no rsid table."""
    even = insert_setting(settings_root, "evenAndOddHeaders")
    even.attrib.pop(qn("w:val"), None)
    lang = insert_setting(settings_root, "themeFontLang")
    set_attrs(lang, val="en-US", eastAsia="zh-CN")
    for rsids in settings_root.findall(qn("w:rsids")):
        settings_root.remove(rsids)


_FONT_TABLE: tuple[tuple[str, str | None, str, str, str], ...] = (
    # name, altName, charset, family, pitch
    (FANGSONG, "仿宋", "86", "modern", "fixed"),
    (KAITI, "楷体", "86", "modern", "fixed"),
    (XIAOBIAOSONG, "宋体", "86", "script", "fixed"),
    (HEITI, "SimHei", "86", "modern", "fixed"),
    (SONGTI, "SimSun", "86", "auto", "variable"),
)


def apply_font_profile(styles_root: etree._Element, profile: str) -> None:
    """Rename the Chinese faces of every style (and the defaults) as the font profile
    *profile* (``zhengbing.fonts.FONT_PROFILES``) says.

    The font table keeps its entries: Word rewrites it on saving, and it only helps
    substitution."""
    from zhengbing.fonts import FONT_PROFILES

    mapping = FONT_PROFILES[profile]
    if not mapping:
        return
    attrs = [qn(f"w:{a}") for a in ("eastAsia", "ascii", "hAnsi", "cs")]
    for rfonts in styles_root.iter(qn("w:rFonts")):
        for attr in attrs:
            value = rfonts.get(attr)
            if value in mapping:
                rfonts.set(attr, mapping[value])


def add_font_table_entries(fonts_root: etree._Element) -> None:
    present = {f.get(qn("w:name")) for f in fonts_root.findall(qn("w:font"))}
    for name, alt, charset, family, pitch in _FONT_TABLE:
        if name in present:
            continue
        font = sub(fonts_root, "font", {"name": name})
        if alt:
            sub(font, "altName", {"val": alt})
        sub(font, "charset", {"val": charset})
        sub(font, "family", {"val": family})
        sub(font, "pitch", {"val": pitch})


# ---------------------------------------------------------------------------------------------
# Section


def apply_page_setup(sect: etree._Element) -> None:
    """A4 portrait, 9704 margins, 22-line grid (spec a.2, a.3)."""
    pgsz = get_or_add(sect, "pgSz")
    pgsz.attrib.clear()
    set_attrs(pgsz, w=PAGE_W, h=PAGE_H)
    pgmar = get_or_add(sect, "pgMar")
    pgmar.attrib.clear()
    set_attrs(
        pgmar,
        top=MARGIN_TOP,
        right=MARGIN_RIGHT,
        bottom=MARGIN_BOTTOM,
        left=MARGIN_LEFT,
        header=HEADER_DIST,
        footer=FOOTER_DIST,
        gutter=0,
    )
    grid = get_or_add(sect, "docGrid")
    grid.attrib.clear()
    set_attrs(grid, type="lines", linePitch=LINE_PITCH)


# ---------------------------------------------------------------------------------------------
# Body content


# characters XML 1.0 cannot hold, deleted by str.translate (no regular expression to compile)
_XML_INVALID = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def xml_chars(text: str) -> str:
    """*text* without the characters XML 1.0 cannot hold (control characters, U+FFFE/U+FFFF)."""
    return text.translate(_XML_INVALID)


def xml_escape(text: str) -> str:
    """Escape for element text and attributes; drops characters XML 1.0 cannot hold
    (control characters pasted from other programs would make Word refuse the file)."""
    text = xml_chars(text.replace("\t", " "))
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def run_xml(text: str, style: str | None = None, *, breaks: bool = False) -> str:
    """A ``w:r`` with an optional character style and ``w:hint`` for ambiguous punctuation.

    With *breaks*, ``\\n`` in *text* becomes ``w:br`` (used only in the title)."""
    rpr = ""
    hint = needs_east_asian_hint(text)
    if style or hint:
        rpr = "<w:rPr>"
        if style:
            rpr += f'<w:rStyle w:val="{xml_escape(style)}"/>'
        if hint:
            rpr += '<w:rFonts w:hint="eastAsia"/>'
        rpr += "</w:rPr>"
    content = []
    for i, part in enumerate(text.split("\n") if breaks else [text]):
        if i:
            content.append("<w:br/>")
        if part:
            space = ' xml:space="preserve"' if part != part.strip() or "  " in part else ""
            content.append(f"<w:t{space}>{xml_escape(part)}</w:t>")
    return f"<w:r>{rpr}{''.join(content)}</w:r>"


def paragraph_xml(
    style: str | None,
    runs: Sequence[str] = (),
    *,
    right_chars: float | None = None,
    keep_next: bool = False,
) -> str:
    """A ``w:p``; only the style, keepNext and a right indent (signature/date) are direct."""
    ppr = ""
    if style is not None:
        ppr += f'<w:pStyle w:val="{xml_escape(style)}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if right_chars is not None:
        chars, twips = round(right_chars * 100), round(right_chars * CHAR_TWIPS)
        ppr += f'<w:ind w:rightChars="{chars}" w:right="{twips}"/>'
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def table_xml(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """A GwTable: header row in GwTableHead (repeated on each page), cells in GwTableText."""
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="GwTable"/>',
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    all_rows: list[tuple[Sequence[str], bool]] = [(header, True)] if header else []
    all_rows.extend((r, False) for r in rows)
    for cells, is_header in all_rows:
        out.append("<w:tr><w:trPr><w:cantSplit/>")
        out.append("<w:tblHeader/></w:trPr>" if is_header else "</w:trPr>")
        style = "GwTableHead" if is_header else "GwTableText"
        for i, width in enumerate(widths):
            text = cells[i] if i < len(cells) else ""
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/>'
                f"</w:tcPr>{paragraph_xml(style, [run_xml(text)] if text else [])}</w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def page_number_paragraph(odd: bool) -> etree._Element:
    """``— PAGE —`` in the Footer style: odd pages right (1 字 in), even pages left."""
    ind = (
        '<w:ind w:rightChars="100" w:right="280" w:firstLineChars="0" w:firstLine="0"/>'
        if odd
        else '<w:ind w:leftChars="100" w:left="280" w:firstLineChars="0" w:firstLine="0"/>'
    )
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{1 if odd else 2}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    (paragraph,) = fragment_elements(
        f'<w:p><w:pPr><w:pStyle w:val="Footer"/>{ind}<w:jc w:val="{"right" if odd else "left"}"/>'
        f"</w:pPr>{run_xml(chr(0x2014) + ' ')}{field}{run_xml(' ' + chr(0x2014))}</w:p>"
    )
    return paragraph


def replace_children(parent: etree._Element, children: Sequence[etree._Element]) -> None:
    """Make *children* the only content of *parent* (a footer, the core properties, …)."""
    for el in list(parent):
        parent.remove(el)
    for el in children:
        parent.append(el)


def copy_content(source: etree._Element, target: etree._Element) -> None:
    """Make *target*'s content a copy of *source*'s (a header for the even pages)."""
    replace_children(target, [copy.deepcopy(el) for el in source])


def reset_body(body: etree._Element) -> etree._Element:
    """Empty a reference's ``w:body`` but for the final section's ``w:sectPr`` (returned).

    A body without a body-level ``sectPr`` takes a copy of its last paragraph-level one (the
    final section's properties) or, having none, a new one with our page setup. A last
    section "linked to previous" for its headers gets the header references of the nearest
    earlier section that has them, so the unit's header survives the removal of that section.
    """
    inner = body.findall(f".//{qn('w:pPr')}/{qn('w:sectPr')}")
    sect = child(body, "sectPr")
    if sect is None:
        sect = copy.deepcopy(inner[-1]) if inner else w_el("sectPr")
        if not inner:
            apply_page_setup(sect)
    if sect.find(qn("w:headerReference")) is None:
        for earlier in reversed(inner):
            refs = earlier.findall(qn("w:headerReference"))
            if refs:
                for ref in reversed(refs):
                    sect.insert(0, copy.deepcopy(ref))
                break
    for attr in list(sect.attrib):
        if _et().QName(attr).localname.startswith("rsid"):
            del sect.attrib[attr]
    replace_children(body, [sect])
    return sect


def relationship_ids(root: etree._Element) -> set[str]:
    """Every relationship id the XML under *root* refers to (``r:id``, ``r:embed``, …)."""
    return {
        value
        for el in root.iter()
        if isinstance(el.tag, str)
        for name, value in el.attrib.items()
        if name.startswith(f"{{{R_NS}}}")
    }


# relationship types a reference must never pass on: each can make Word fetch or run something
_UNSAFE_RELS = {
    "attachedTemplate": "附加模板",
    "subDocument": "子文档",
    "frame": "框架",
    "vbaProject": "宏",
    "vbaData": "宏",
    "keyMapCustomizations": "宏快捷键",
    "aFChunk": "嵌入的外部内容",
}
# fields that load or link another file when Word updates them
_FETCHING_FIELD = re.compile(r"^\s*(INCLUDETEXT|INCLUDEPICTURE|LINK|DDE|DDEAUTO|IMPORT)\b", re.I)


def drop_external_content(document: Document) -> list[str]:
    """Remove from every part of *document* what reaches outside the file: external
    relationships (links to a network share or web address), the attached template,
    sub-documents, frames, macro parts, and INCLUDETEXT/INCLUDEPICTURE/LINK/DDE fields.
    Elements that referred to a removed relationship lose that reference (a header hyperlink
    keeps its text). Returns what was removed, in Chinese, one line per kind with a count."""
    counts: dict[str, int] = {}

    def note(what: str) -> None:
        counts[what] = counts.get(what, 0) + 1

    r_prefix = f"{{{R_NS}}}"
    drop_tags = {qn("w:attachedTemplate"), qn("w:subDoc"), qn("w:frameset"), qn("w:altChunk")}
    parts = list(document.part.package.iter_parts())
    unreadable: set[int] = set()  # parts kept as bytes that referred to a removed relationship
    for part in parts:
        dropped: set[str] = set()
        for rid, rel in list(part.rels.items()):
            kind = rel.reltype.rsplit("/", 1)[-1]
            if kind in _UNSAFE_RELS:
                note(_UNSAFE_RELS[kind])
            elif rel.is_external:
                note("外部链接")
            else:
                continue
            dropped.add(rid)
            del part.rels[rid]
        root = getattr(part, "_element", None)
        if root is None:
            if dropped:
                unreadable.add(id(part))
            continue
        for el in list(root.iter()):
            if not isinstance(el.tag, str):
                continue
            if el.tag in drop_tags:
                parent = el.getparent()
                if parent is not None:
                    parent.remove(el)
                continue
            for name in [n for n in el.attrib if n.startswith(r_prefix)]:
                if el.attrib[name] in dropped:
                    del el.attrib[name]
            if el.tag == qn("w:instrText") and _FETCHING_FIELD.match(el.text or ""):
                el.text = ""
                note("引用外部文件的域")
            elif el.tag == qn("w:fldSimple") and _FETCHING_FIELD.match(el.get(qn("w:instr")) or ""):
                el.set(qn("w:instr"), "")
                note("引用外部文件的域")
    if unreadable:  # e.g. webSettings.xml naming a frame: the part itself goes (it is optional)
        for part in parts:
            for rid, rel in list(part.rels.items()):
                if not rel.is_external and id(rel.target_part) in unreadable:
                    del part.rels[rid]
    return [f"{what} {n} 处" for what, n in counts.items()]


def fragment_elements(xml: str) -> list[etree._Element]:
    """Parse body XML built by the ``*_xml`` functions into elements."""
    root = _et().fromstring(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:body>')
    return list(root)


def text_width(text: str) -> float:
    """Width in 字: ASCII (and half-width) characters count ½, everything else 1."""
    return sum(0.5 if ord(ch) < 0x2000 and ch not in "“”‘’—…·" else 1.0 for ch in text)


# ---------------------------------------------------------------------------------------------
# Where python-docx keeps the XML (the only places that reach into its objects)


def document_root(document: Document) -> etree._Element:
    """``w:document`` of the main part."""
    return document.element


def body(document: Document) -> etree._Element:
    """``w:body`` of the main part."""
    return document.element.body


def styles_root(document: Document) -> etree._Element:
    """``w:styles`` of the styles part."""
    return document.styles.element


def settings_root(document: Document) -> etree._Element:
    """``w:settings`` of the settings part."""
    return document.settings.element


def part_root(part: XmlPart) -> etree._Element:
    """The root element of an XML part (a footer or header part, the core properties)."""
    return part.element


def section_properties(section: Section) -> etree._Element:
    """The ``w:sectPr`` of a section."""
    return section._sectPr


def story_root(story: _BaseHeaderFooter) -> etree._Element:
    """``w:hdr`` / ``w:ftr`` of a header or footer (of its own part, or of the one it links to)."""
    return story._element


def paragraph_element(paragraph: Paragraph) -> etree._Element:
    """The ``w:p`` of a paragraph."""
    return paragraph._p


class ParagraphStyleNames:
    """Paragraph style names of one document, read once: ``name(paragraph)`` is a dictionary
    look-up instead of python-docx's scan of every style (per paragraph) — a file with
    30,000 styles and 20,000 paragraphs stays linear. Same answers as ``paragraph.style.name``:
    no style, or an id the file lacks or that is not a paragraph style → the default style."""

    def __init__(self, document: Document) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.styles.style import StyleFactory

        self._names: dict[str, str] = {}
        self._default = ""
        p_type = WD_STYLE_TYPE.PARAGRAPH
        style_tag = qn("w:style")
        for el in styles_root(document).iterchildren(style_tag):
            try:
                if el.type != p_type:
                    continue

                obj = StyleFactory(el)
                name = obj.name or ""
            except Exception:  # a damaged style element: it names nothing
                continue
            style_id = el.get(qn("w:styleId"))
            if style_id is not None and style_id not in self._names:
                self._names[style_id] = name
            if el.default:  # the last default style counts, as in python-docx
                self._default = name

    def name(self, paragraph: Paragraph) -> str:
        ppr = paragraph._p.pPr
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        if style_id is None:
            return self._default
        return self._names.get(style_id, self._default)


def cell_element(cell: _Cell) -> etree._Element:
    """The ``w:tc`` of a table cell (a merged cell is the same ``w:tc`` in every row/column)."""
    return cell._tc


def body_blocks(document: Document) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables in document order (other elements are skipped)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    p_tag, tbl_tag = qn("w:p"), qn("w:tbl")
    for el in body(document).iterchildren():
        if el.tag == p_tag:
            yield Paragraph(el, document)
        elif el.tag == tbl_tag:
            yield Table(el, document)


def is_plain_run(run: Run) -> bool:
    """A run holding only text (and its formatting), which can be split safely."""
    allowed = (qn("w:t"), qn("w:rPr"))
    return all(el.tag in allowed for el in run._r)


def split_run(run: Run, at: int) -> Run:
    """Split a plain run (:func:`is_plain_run`) after character *at*; returns the second half,
    which keeps the run's formatting."""
    from docx.text.run import Run as DocxRun

    text = run.text
    twin = copy.deepcopy(run._r)
    run._r.addnext(twin)
    run.text = text[:at]
    second = DocxRun(twin, run._parent)
    second.text = text[at:]
    return second
