"""Fixture-driven layout tests: each case in fixtures/*.txt is rendered and read back."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from zhengbing.docxprops import check_docx
from zhengbing.errors import InputError
from zhengbing.writer import render_file

from .helpers import HERE, Case, W, para_style, read_fixtures, run_hint, run_style

CASES = [
    pytest.param(case, id=f"{path.stem}:{case.line}")
    for path in sorted((HERE / "fixtures").glob("*.txt"))
    for case in read_fixtures(path)
]


def _paragraph_value(doc, key: str) -> str:
    head, _, prop = key.partition(".")
    p = doc.paragraphs[int(head[1:]) - 1]
    if prop == "text":
        return p.text
    if prop == "style":
        return para_style(p)
    if prop == "right":
        return str(p.paragraph_format.right_indent.twips)
    if prop == "right_chars":
        ind = p._p.find(f"{W}pPr/{W}ind")
        return ind.get(f"{W}rightChars") if ind is not None else "-"
    if prop.startswith("run"):
        number, _, what = prop[3:].partition(".")
        run = p.runs[int(number) - 1]
        return {"text": run.text, "style": run_style(run), "hint": run_hint(run)}[what]
    raise KeyError(key)


def _value(doc, key: str) -> str:
    section = doc.sections[0]
    if key == "styles":
        return " ".join(para_style(p) for p in doc.paragraphs)
    if key[0] == "p" and key[1].isdigit():
        return _paragraph_value(doc, key)
    if key == "title.lines":
        return "|".join(doc.paragraphs[0].text.split("\n"))
    if key.startswith("page."):
        length = section.page_width if key == "page.width" else section.page_height
        return str(length.twips)
    if key.startswith("margin."):
        name = key.split(".")[1]
        attr = "footer_distance" if name == "footer" else f"{name}_margin"
        return str(getattr(section, attr).twips)
    if key.startswith("style."):
        _, style_id, prop = key.split(".")
        style = next(s for s in doc.styles if s.style_id == style_id)
        if prop == "first_line":
            return str(style.paragraph_format.first_line_indent.twips)
        if prop == "line":
            return str(style.paragraph_format.line_spacing.twips)
        if prop == "size":
            return str(int(style.font.size.pt * 2))
    if key == "tables":
        return str(len(doc.tables))
    if key.startswith("table"):
        head, _, prop = key.partition(".")
        table = doc.tables[int(head[5:]) - 1]
        if prop == "style":
            return table.style.style_id
        if prop == "rows":
            return str(len(table.rows))
        if prop == "cols":
            return str(len(table.columns))
        if prop == "width":
            return str(sum(c.width.twips for c in table.columns))
        if prop.startswith("cell"):
            cell_key, _, what = prop.partition(".")
            cell = table.cell(int(cell_key[4]) - 1, int(cell_key[5]) - 1)
            para = cell.paragraphs[0]
            return para.text if what == "text" else para.style.style_id
    raise KeyError(key)


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: Case, tmp_path: Path) -> None:
    src = tmp_path / "草稿.md"
    src.write_text(case.draft, encoding="utf-8")
    out = tmp_path / "成稿.docx"
    messages: list[str] = []
    errors = [v for k, v in case.expected if k == "error"]
    if errors:
        with pytest.raises(InputError) as info:
            render_file(src, out, notify=messages.append)
        for expected in errors:
            assert expected in str(info.value)
        assert not out.exists()
        assert list(tmp_path.iterdir()) == [src], "no partial or temporary output may remain"
        return
    assert render_file(src, out, notify=messages.append) == out
    doc = docx.Document(str(out))
    for key, expected in case.expected:
        if key == "warning":
            assert any(expected in m for m in messages), messages
        elif key == "absent":
            assert all(expected not in p.text for p in doc.paragraphs)
        else:
            assert _value(doc, key) == expected, key
    assert check_docx(out) == []
