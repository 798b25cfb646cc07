"""check_docx: passes the examples, and names the broken rule when a property is wrong."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from zhengbing.docxprops import check_docx
from zhengbing.resources import templates_dir
from zhengbing.writer import render_file

EXAMPLES = sorted((templates_dir() / "examples").glob("*.md"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_pass(example: Path, tmp_path: Path) -> None:
    src = tmp_path / example.name
    shutil.copy(example, src)
    assert check_docx(render_file(src, tmp_path / "out.docx")) == []


@pytest.fixture(scope="module")
def speech_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("props")
    src = work / "speech.md"
    shutil.copy(templates_dir() / "examples" / "征兵工作动员讲话示例.md", src)
    return render_file(src, work / "speech.docx")


def _margin(doc) -> None:
    doc.sections[0].top_margin = Twips(2100)


def _title_page(doc) -> None:
    doc.sections[0].different_first_page_header_footer = True


def _run_font(doc) -> None:
    doc.paragraphs[6].runs[0].font.name = "宋体"


def _no_hint(doc) -> None:
    for p in doc.paragraphs:
        for r in p.runs:
            rfonts = r._r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if rfonts is not None and "“" in r.text:
                rfonts.getparent().remove(rfonts)
                return


def _body_size(doc) -> None:
    doc.styles["公文正文"].font.size = Pt(15)


def _theme_font(doc) -> None:
    rfonts = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    rfonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")


def _lead_not_bold(doc) -> None:
    for p in doc.paragraphs:
        if p.text.startswith("一是"):
            rstyle = p.runs[0]._r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
            rstyle.getparent().remove(rstyle)
            return


def _footer_text(doc) -> None:
    footer = doc.sections[0].even_page_footer.paragraphs[0]
    footer.runs[0].text = "- "


def _grid(doc) -> None:
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:charSpace"), "-849")
    grid.set(qn("w:type"), "linesAndChars")


def _indent(doc) -> None:
    p = next(p for p in doc.paragraphs if p.style.style_id == "GwBody")
    p.paragraph_format.first_line_indent = Twips(480)


def _double_blank(doc) -> None:
    doc.paragraphs[3].insert_paragraph_before("")


@pytest.mark.parametrize(
    ("mutate", "rule"),
    [
        (_margin, "E03"),
        (_title_page, "E07"),
        (_theme_font, "E10"),
        (_body_size, "E13"),
        (_grid, "E06"),
        (_indent, "E20"),
        (_run_font, "E23"),
        (_no_hint, "E24"),
        (_double_blank, "E26"),
        (_lead_not_bold, "E34"),
        (_footer_text, "E42"),
    ],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_broken_property_is_reported(
    speech_docx: Path, tmp_path: Path, mutate: Callable[[object], None], rule: str
) -> None:
    doc = docx.Document(str(speech_docx))
    mutate(doc)
    broken = tmp_path / "broken.docx"
    doc.save(str(broken))
    failures = check_docx(broken)
    assert any(f.startswith(rule) for f in failures), failures
