"""Rendered checks (spec e.6): LibreOffice turns the example speech into PDF, we measure it.

One conversion per session (both examples in one soffice call, fresh profile, the project's
font aliases via FONTCONFIG_FILE). PNGs of the first two pages go to test-artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import require_tool

from zhengbing.resources import templates_dir
from zhengbing.writer import render_file

from .helpers import ROOT

HERE = Path(__file__).resolve().parent
EXAMPLES = templates_dir() / "examples"
ARTIFACTS = ROOT / "test-artifacts"
MM = 72 / 25.4  # pt per mm
TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdffonts")
HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    words: list[str]

    @property
    def text(self) -> str:
        return "".join(self.words)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]

    @property
    def footer(self) -> list[Line]:
        return [ln for ln in self.lines if ln.y0 > 262 * MM]

    @property
    def body(self) -> list[Line]:
        """Lines of the type area, merged by baseline (a line split at a space counts once)."""
        rows: dict[float, Line] = {}
        for ln in self.lines:
            if ln.y0 > 262 * MM:
                continue
            key = round(ln.y1, 0)
            if key in rows:
                row = rows[key]
                row.x0, row.x1 = min(row.x0, ln.x0), max(row.x1, ln.x1)
                row.words = row.words + ln.words if ln.x0 > row.x0 else ln.words + row.words
            else:
                rows[key] = Line(ln.x0, ln.y0, ln.x1, ln.y1, list(ln.words))
        return [rows[k] for k in sorted(rows)]


def _parse_bbox(html: str) -> list[Page]:
    pages = []
    for n, m in enumerate(
        re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S), 1
    ):
        lines = []
        for lm in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
            m.group(3),
            re.S,
        ):
            words = re.findall(r">([^<]*)</word>", lm.group(5))
            lines.append(Line(*(float(lm.group(i)) for i in range(1, 5)), words))
        pages.append(Page(n, float(m.group(1)), float(m.group(2)), lines))
    return pages


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


THEME_TITLE_SPEECH = """---
title: 凝心聚力　压实责任　全力完成2024年度征兵工作任务
kind: 讲话
subtitle: 在全县2024年征兵工作动员会议上的讲话
office: 县长
speaker: 赵卫东
date: 2024-08-01
---

同志们：

今天召开会议，动员部署今年的征兵工作。
"""


@dataclass
class Rendered:
    pdf: Path
    pages: list[Page]


def _soffice(docx_files: list[Path], outdir: Path, profile: Path) -> None:
    env = dict(os.environ, FONTCONFIG_FILE=str(HERE / "fonts.conf"))
    cmd = [
        "soffice",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, docx_files),
    ]
    subprocess.run(cmd, env=env, capture_output=True, timeout=300, check=False)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    require_tool(*TOOLS)
    work = tmp_path_factory.mktemp("lo")
    docs = []
    for name in ("征兵工作动员讲话示例", "征兵工作总结示例"):
        src = work / f"{name}.md"
        shutil.copy(EXAMPLES / f"{name}.md", src)
        docs.append(render_file(src, work / f"{name}.docx"))
    theme = work / "主题标题.md"
    theme.write_text(THEME_TITLE_SPEECH, encoding="utf-8")
    docs.append(render_file(theme, work / "主题标题.docx"))
    # the same speech in the Windows built-in faces (render --fonts windows)
    docs.append(
        render_file(
            work / "征兵工作动员讲话示例.md", work / "讲话Windows字体.docx", fonts="windows"
        )
    )
    _soffice(docs, work / "pdf", work / "profile")
    result = {}
    for doc in docs:
        pdf = work / "pdf" / (doc.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice produced no PDF for {doc.name}"
        html = subprocess.run(
            ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        result[doc.stem] = Rendered(pdf, _parse_bbox(html))
    speech = result["征兵工作动员讲话示例"].pdf
    ARTIFACTS.mkdir(exist_ok=True)
    for stale in ARTIFACTS.glob("speech-page-*.png"):
        stale.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-png",
            "-f",
            "1",
            "-l",
            "2",
            str(speech),
            str(ARTIFACTS / "speech-page"),
        ],
        check=True,
    )
    return result


@pytest.fixture
def speech(rendered: dict[str, Rendered]) -> Rendered:
    return rendered["征兵工作动员讲话示例"]


def test_r01_a4_pages(rendered: dict[str, Rendered]) -> None:
    for doc in rendered.values():
        assert doc.pages
        for page in doc.pages:
            assert abs(page.width - 595.28) <= 0.5 and abs(page.height - 841.89) <= 0.5


def test_artifacts_written(speech: Rendered) -> None:
    pngs = sorted(ARTIFACTS.glob("speech-page-*.png"))
    assert len(pngs) == 2 and all(p.stat().st_size > 5000 for p in pngs)


def test_r02_type_area(speech: Rendered) -> None:
    for page in speech.pages:
        body = page.body
        assert body, f"page {page.number} has no body text"
        assert abs(min(ln.x0 for ln in body) - 28 * MM) <= 1.5, f"page {page.number} left edge"
        for ln in body:
            right = ln.x1
            # Word and LibreOffice let a closing mark hang into the margin (标点溢出边界)
            if ln.text[-1:] in "，。、；：！？）”’" and right > 184 * MM:
                right -= 16
            assert right <= 184 * MM + 0.5, f"page {page.number}: {ln.text} ends at {ln.x1}"
            assert ln.y1 <= 262 * MM, f"page {page.number}: {ln.text} below the type area"


def test_r03_line_pitch(speech: Rendered) -> None:
    # pdftotext rounds to 0.1 pt: single steps within ±0.2, the average over a page within ±0.1
    for page in speech.pages[1:-1]:
        ys = [ln.y1 for ln in page.body]
        steps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
        assert all(abs(p - 28.95) <= 0.2 for p in steps), (page.number, steps)
        assert abs((ys[-1] - ys[0]) / (len(ys) - 1) - 28.95) <= 0.1
    first = speech.pages[0].body
    title_lines = [ln for ln in first if ln.y1 < first[1].y1 + 1]
    assert title_lines[0].text.startswith("在青山镇")


def test_r04_22_lines_per_full_page(speech: Rendered) -> None:
    full = 0
    for page in speech.pages[:-1]:
        body = page.body
        last = body[-1]
        ends_inside_paragraph = last.x1 >= 184 * MM - 16 and not last.text.endswith(("。", "！"))
        if ends_inside_paragraph:
            assert len(body) == 22, f"page {page.number}: {len(body)} lines"
            full += 1
    assert full >= 5


def test_r05_28_characters_per_line(speech: Rendered) -> None:
    full_lines = first_lines = 0
    for page in speech.pages[1:]:
        body = page.body
        for i, ln in enumerate(body):
            text = ln.text
            if ln.x1 > 184 * MM + 0.5 and text[-1:] in "，。、；：！？）”’":
                text = text[:-1]  # hanging punctuation
            following = body[i + 1].text if i + 1 < len(body) else ""
            if (
                ln.x1 < 184 * MM - 8
                or not HAN.search(text)
                or re.search(r"[0-9A-Za-z%.]", text)
                or re.match(r"[0-9A-Za-z]", following)  # a number is not split across lines
            ):
                continue
            if abs(ln.x0 - 28 * MM) < 2:
                assert len(text) == 28, f"page {page.number}: {text} ({len(text)})"
                full_lines += 1
            elif abs(ln.x0 - (28 * MM + 32)) < 2:
                assert len(text) == 26, f"page {page.number}: {text} ({len(text)})"
                first_lines += 1
    assert full_lines >= 50 and first_lines >= 5


def test_r06_page_numbers(speech: Rendered) -> None:
    for page in speech.pages:
        footer = page.footer
        assert len(footer) == 1, f"page {page.number}: footer lines {footer}"
        text = re.sub(r"\s+", "", footer[0].text)
        assert text == f"—{page.number}—"
        if page.number % 2:
            assert abs(footer[0].x1 / MM - 179.1) <= 1, footer[0].x1 / MM
        else:
            assert abs(footer[0].x0 / MM - 32.9) <= 1, footer[0].x0 / MM


def _pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5"
    return int(fields[1]), int(fields[2]), data[pos + 1 :]


def test_r07_dash_position(speech: Rendered, tmp_path: Path) -> None:
    page = speech.pages[1]
    dash = page.footer[0]
    dpi = 300
    scale = dpi / 72
    x = int(dash.x0 * scale)
    width = int((dash.x0 + 14) * scale) - x  # the first em dash only
    y = int(263 * MM * scale)
    height = int(15 * MM * scale)
    out = tmp_path / "dash"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-f",
            "2",
            "-l",
            "2",
            "-singlefile",
            "-x",
            str(x),
            "-y",
            str(y),
            "-W",
            str(width),
            "-H",
            str(height),
            str(speech.pdf),
            str(out),
        ],
        check=True,
    )
    w, h, pixels = _pgm(out.with_suffix(".pgm"))
    ink_rows = [r for r in range(h) if min(pixels[r * w : (r + 1) * w]) < 128]
    assert ink_rows, "no dash found"
    top_mm = (y + ink_rows[0]) / scale / MM
    print(f"dash top {top_mm:.2f} mm")
    assert 268 <= top_mm <= 270.5, top_mm


def test_r08_no_fallback_fonts(rendered: dict[str, Rendered]) -> None:
    for doc in rendered.values():
        fonts = subprocess.run(["pdffonts", str(doc.pdf)], capture_output=True, check=True).stdout
        listing = fonts.decode("utf-8", "replace")
        assert "DejaVu" not in listing and "WenQuanYi" not in listing, listing
        if doc.pdf.stem in ("征兵工作动员讲话示例", "讲话Windows字体"):  # 仿宋, 楷体 and 黑体
            assert "NotoSerifCJK" in listing and "UKai" in listing and "NotoSansCJK" in listing
        names = [line.split()[0] for line in listing.splitlines()[2:] if line.strip()]
        allowed = ("NotoSerifCJK", "NotoSansCJK", "UKai", "LiberationSerif")
        assert all(any(a in name for a in allowed) for name in names), names


def test_summary_signature_block_on_the_right(rendered: dict[str, Rendered]) -> None:
    pages = rendered["征兵工作总结示例"].pages
    body = pages[-1].body
    sig, date = body[-2], body[-1]
    assert sig.text == "青山镇人民武装部" and re.sub(r"\s", "", date.text) == "2024年12月20日"
    # R_sig = 3 字, R_date = 2 字 from the right edge of the type area (a.6)
    assert abs((184 * MM - sig.x1) - 3 * 16) <= 3
    assert abs((184 * MM - date.x1) - 2 * 16) <= 3
    # the signature page also carries body text
    assert len(body) > 3


def test_two_line_title_pitch_and_centring(rendered: dict[str, Rendered]) -> None:
    body = rendered["主题标题"].pages[0].body
    first, second = body[0], body[1]
    assert first.text.replace(" ", "").replace("\u3000", "") == "凝心聚力压实责任"
    assert second.text.startswith("全力完成")
    assert abs((second.y1 - first.y1) - 35) <= 0.5  # title pitch 700 twips (R03)
    for line in (first, second):  # centred in the type area
        middle = (line.x0 + line.x1) / 2
        assert abs(middle - (28 + 156 / 2) * MM) <= 3, middle / MM
    assert body[2].text.startswith("——在全县")


def test_windows_faces_keep_the_layout(rendered: dict[str, Rendered]) -> None:
    """--fonts windows changes the faces only: same pages, same lines, same line breaks."""
    gb, win = rendered["征兵工作动员讲话示例"], rendered["讲话Windows字体"]
    assert len(win.pages) == len(gb.pages)
    for a, b in zip(gb.pages, win.pages, strict=True):
        assert [ln.text for ln in b.body] == [ln.text for ln in a.body]
