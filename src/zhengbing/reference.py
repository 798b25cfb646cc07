"""Builds the bundled reference document ``templates/reference.docx`` (spec a, b).

Run ``python -m zhengbing.reference templates/reference.docx`` to rebuild it. The build is
reproducible: it starts from python-docx's default template, sets the page, the footers and
the document properties with python-docx, and fixes everything python-docx cannot express
through :mod:`zhengbing.ooxml` (East Asian fonts, theme attributes, grid, character indents,
the style set of spec b.2, settings, font table, the PAGE field). python-docx also saves the
package. Fixed document properties keep the parts stable from build to build.

The body holds a short sample of every style, so a user opening the file in Word or WPS sees
what each style is for; the writer replaces the body with the draft.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from zhengbing import ooxml

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

# Styles of python-docx's template that we keep (everything else goes: the template's
# headings, lists and table styles all carry theme fonts).
_KEEP_BUILTIN = ("Normal", "DefaultParagraphFont", "TableNormal", "NoList")

_SAMPLE: tuple[tuple[str, str], ...] = (
    ("GwTitle", "公文样式参考文件"),
    ("GwByline", "（本文件的正文只作样式示例）"),
    ("", ""),
    ("GwSalutation", "同志们："),
    (
        "GwBody",
        "本文件提供页面设置和样式：A4纸，上边距37毫米，下边距35毫米，左边距28毫米，右边距26毫米，"
        "每页22行，每行28字，正文仿宋_GB2312三号。",
    ),
    ("GwH1", "一、一级标题用黑体"),
    ("GwH2", "（一）二级标题用楷体_GB2312"),
    ("GwH3", "1.三级标题用仿宋_GB2312"),
    ("GwH4", "（1）四级标题用仿宋_GB2312"),
    ("GwBody", "LEAD"),
    ("", ""),
    ("GwSignature", "某单位"),
    ("GwDate", "2024年1月1日"),
)


def build_bytes() -> bytes:
    """The reference .docx as bytes."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Twips(ooxml.PAGE_W)
    section.page_height = Twips(ooxml.PAGE_H)
    section.top_margin = Twips(ooxml.MARGIN_TOP)
    section.bottom_margin = Twips(ooxml.MARGIN_BOTTOM)
    section.left_margin = Twips(ooxml.MARGIN_LEFT)
    section.right_margin = Twips(ooxml.MARGIN_RIGHT)
    section.header_distance = Twips(ooxml.HEADER_DIST)
    section.footer_distance = Twips(ooxml.FOOTER_DIST)
    section.gutter = Twips(0)
    document.settings.odd_and_even_pages_header_footer = True
    ooxml.apply_page_setup(ooxml.section_properties(section))

    # styles: docDefaults, Normal, Footer and our set (b.1, b.2)
    styles_root = ooxml.styles_root(document)
    ooxml.apply_doc_defaults(styles_root)
    for style in list(styles_root.iter(ooxml.qn("w:style"))):
        if style.get(ooxml.qn("w:styleId")) not in _KEEP_BUILTIN:
            style.getparent().remove(style)
    for style in styles_root.iter(ooxml.qn("w:style")):
        ooxml.remove(style, "rsid")
        if style.get(ooxml.qn("w:styleId")) == "Normal":
            ooxml.normal_style(style)
    styles_root.append(ooxml.footer_style())
    for spec in ooxml.STYLES:
        styles_root.append(ooxml.style_element(spec))
    ooxml.strip_all_theme_fonts(styles_root)

    ooxml.apply_settings(ooxml.settings_root(document))

    body = ooxml.body(document)
    for el in list(body):
        if ooxml._local(el) != "sectPr":
            body.remove(el)
    sect = ooxml.child(body, "sectPr")
    for attr in list(sect.attrib):
        del sect.attrib[attr]
    sample = []
    for style, text in _SAMPLE:
        if not style:
            sample.append(ooxml.paragraph_xml(None))
        elif text == "LEAD":
            sample.append(
                ooxml.paragraph_xml(
                    "GwBody",
                    [
                        ooxml.run_xml("一是引领句用“引领句”字符样式加粗。", "GwLead"),
                        ooxml.run_xml("其后的正文不加粗，段首空二字，回行顶格。"),
                    ],
                )
            )
        elif style in ("GwSignature", "GwDate"):
            from zhengbing.writer import right_indents

            r_sig, r_date = right_indents("某单位", "2024年1月1日")
            right = r_sig if style == "GwSignature" else r_date
            sample.append(ooxml.paragraph_xml(style, [ooxml.run_xml(text)], right_chars=right))
        else:
            sample.append(ooxml.paragraph_xml(style, [ooxml.run_xml(text)]))
    for el in ooxml.fragment_elements("".join(sample)):
        sect.addprevious(el)

    props = document.core_properties
    props.title = "公文样式参考文件"
    props.author = "征兵文稿工具箱"
    props.last_modified_by = "征兵文稿工具箱"
    props.comments = "GB/T 9704—2012 公文格式：页面、样式与页码"
    props.revision = 1
    import datetime as _dt

    fixed = _dt.datetime(2024, 1, 1, 0, 0, 0)
    props.created = fixed
    props.modified = fixed
    props.last_printed = fixed

    from zhengbing.writer import set_page_number_footers

    set_page_number_footers(section)
    _trim_package(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _trim_package(document: DocumentObject) -> None:
    """Parts of python-docx's template we do not ship, our fonts, a neutral app.xml."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import Part, XmlPart
    from docx.oxml.parser import parse_xml

    package = document.part.package
    unwanted = {
        "/docProps/thumbnail.jpeg",
        "/word/stylesWithEffects.xml",
        "/customXml/item1.xml",
    }
    for source in (package, document.part):
        for rid, rel in list(source.rels.items()):
            if not rel.is_external and rel.target_part.partname in unwanted:
                del source.rels[rid]  # an unrelated part is not saved

    # python-docx loads the font table as an opaque part: replace it by an XML part (same rId)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            old = rel.target_part
            fonts = parse_xml(old.blob)
            ooxml.add_font_table_entries(fonts)
            del document.part.rels[rid]
            new = XmlPart(old.partname, old.content_type, fonts, package)
            document.part.load_rel(RT.FONT_TABLE, new, rid)
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            old = rel.target_part
            blob = old.blob.replace(b"Microsoft Macintosh Word", b"zhengbing").replace(
                b"<Template>Normal.dotm</Template>", b"<Template></Template>"
            )
            del package.rels[rid]
            package.load_rel(
                RT.EXTENDED_PROPERTIES, Part(old.partname, old.content_type, blob, package), rid
            )


def build(path: Path) -> Path:
    from zhengbing.textio import atomic_write_bytes

    atomic_write_bytes(path, build_bytes(), force=True, backup=False)
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("用法：python -m zhengbing.reference 输出文件.docx", file=sys.stderr)
        return 2
    out = build(Path(args[0]))
    print(f"已生成参考文件：{out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
