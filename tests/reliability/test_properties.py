"""Property-based tests: arbitrary drafts, texts, statistics tables and queries never crash.

Bounded for CI: ``ZHENGBING_FUZZ_EXAMPLES`` examples per test (default 100), no deadline, and
no example database (nothing is written to ``.hypothesis/``). Every test counts the examples
it really ran; the counts are checked at the end of the module and written to
``test-artifacts/reliability-examples.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengbing.errors import UserError

from .util import ROOT

EXAMPLES = int(os.environ.get("ZHENGBING_FUZZ_EXAMPLES", "100"))
# in CI the same examples every run (a red build is reproducible); locally new ones each time
DERANDOMIZE = os.environ.get("CI", "").lower() == "true"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
RAN: Counter[str] = Counter()
RENDERED: list[Path] = []  # a few rendered .docx kept for the LibreOffice check
KEEP_FOR_LIBREOFFICE = 3
SCRATCH = Path(tempfile.mkdtemp(prefix="zhengbing-fuzz-"))


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    yield
    shutil.rmtree(SCRATCH, ignore_errors=True)
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "reliability-examples.json").write_text(
        json.dumps(dict(RAN), ensure_ascii=False, indent=2), encoding="utf-8"
    )


# --------------------------------------------------------------------------- strategies

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
CONTROL = st.characters(min_codepoint=0, max_codepoint=31).filter(lambda c: c != "\n")
ODD = st.sampled_from(["\u200b", "\ufeff", "\u3000", "\u00a0", "\u202e", "\ufffd", "\r", "\t"])
PUNCT = st.sampled_from(list("，。；：、！？“”‘’（）《》【】—…·*_`#>|[]()<>&\\-=+~^$%"))
ANY_CHAR = st.one_of(
    CJK, CJK, CJK, EMOJI, CONTROL, ODD, PUNCT, st.characters(blacklist_categories=("Cs",))
)
INLINE = st.text(ANY_CHAR, min_size=0, max_size=60)


@st.composite
def inline_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(INLINE, min_size=1, max_size=4))
    style = draw(st.sampled_from(["", "**", "*", "`"]))
    text = style.join(parts)
    if draw(st.integers(0, 15)) == 0:
        text += draw(CJK) * draw(st.integers(2000, 12000))  # a very long line
    return text


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            ["para", "para", "para", "heading", "lead", "table", "list", "quote", "html", "raw"]
        )
    )
    text = draw(inline_text())
    if kind == "heading":  # mostly the dialect's levels, sometimes too deep
        return "#" * draw(st.sampled_from([2, 2, 2, 3, 3, 4, 1, 5, 7])) + " " + text
    if kind == "lead":
        return f"**{draw(st.sampled_from(['一是', '二是', '三是']))}{text}。**{draw(INLINE)}"
    if kind == "table":
        cols = draw(st.integers(1, 5))
        rows = draw(st.lists(st.lists(INLINE, min_size=cols, max_size=cols), max_size=4))
        lines = ["| " + " | ".join(["列"] * cols) + " |", "|" + "---|" * cols]
        lines += [
            "| " + " | ".join(c.replace("|", "｜").replace("\n", " ") for c in r) + " |"
            for r in rows
        ]
        return "\n".join(lines)
    if kind == "list":
        depth = draw(st.integers(1, 12))
        return "\n".join("  " * i + "- " + text for i in range(depth))
    if kind == "quote":
        return ">" * draw(st.integers(1, 40)) + " " + text
    if kind == "html":
        return f"<!-- {text} -->"
    return text


FRONT_KEYS = st.sampled_from(
    ["title", "kind", "office", "speaker", "unit", "date", "year", "标题", "文种", "日期", "未知键"]
)
FRONT_VALUES = st.one_of(
    INLINE,
    st.integers(-(10**6), 10**6),
    st.sampled_from(
        ["讲话", "总结", "述职", "心得体会", "2025-03-01", "2025年3月1日", "[", "{a: b}"]
    ),
)


@st.composite
def drafts(draw: st.DrawFn) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        fm = draw(st.dictionaries(FRONT_KEYS, FRONT_VALUES, max_size=5))
        lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fm.items()]
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(INLINE))  # possibly not YAML at all
        parts.append("---\n" + "\n".join(lines) + "\n---")
    if draw(st.integers(0, 6)) > 0:  # usually a title, as the dialect asks
        parts.append("# " + draw(inline_text()) + draw(CJK))
    parts += draw(st.lists(block(), min_size=0, max_size=12))
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"]))
    return sep.join(parts) + draw(st.sampled_from(["", "\n"]))


# --------------------------------------------------------------------------- render


@FUZZ
@given(text=drafts())
def test_render_any_draft(text: str) -> None:
    import docx

    from zhengbing.writer import render_file

    RAN["render_any_draft"] += 1
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))
    src = folder / "草稿.md"
    src.write_text(text, encoding="utf-8", newline="")
    out = folder / "成稿.docx"
    try:
        render_file(src, out)
    except UserError as exc:
        assert str(exc).strip()
        assert not out.exists()
        assert [p.name for p in folder.iterdir()] == ["草稿.md"]  # nothing half-written
        RAN["render_any_draft:user_error"] += 1
        return
    document = docx.Document(str(out))
    assert document.paragraphs is not None
    assert [p for p in folder.iterdir() if p.suffix == ".tmp"] == []
    RAN["render_any_draft:written"] += 1
    if len(RENDERED) < KEEP_FOR_LIBREOFFICE and len(text) > 200:
        RENDERED.append(out)


def test_libreoffice_converts_fuzzed_documents(tmp_path: Path) -> None:
    from support import require_tool

    require_tool("soffice")
    if not RENDERED:
        pytest.skip("run together with test_render_any_draft")
    outdir = tmp_path / "pdf"
    proc = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, RENDERED),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted(outdir.glob("*.pdf"))
    # all inputs are named 成稿.docx in different folders: LibreOffice writes one name
    assert pdfs and all(p.stat().st_size > 500 for p in pdfs)
    RAN["libreoffice_converted"] += len(RENDERED)


# --------------------------------------------------------------------------- check

TEXT = st.text(ANY_CHAR, max_size=400)
CHECK_PIECES = st.sampled_from(
    [
        "一是",
        "二是",
        "二是",
        "三是",
        "## 一、",
        "### （一）",
        "20__年",
        "XX镇",
        "□",
        "《兵役法》第二十条",
        "《征兵工作条例》第九十九条",
        "2018年",
        "卫计委",
        "驻黔",
        "讲三点意见",
        "报名120人，定兵30人，占25%",
        "**",
        "---\n",
        "\n",
        "\n\n",
        "“",
        "（",
        "《",
        "理论理论",
        "GDP",
        "ABCD",
    ]
)


@FUZZ
@given(
    text=st.lists(st.one_of(TEXT, CHECK_PIECES, CHECK_PIECES), max_size=30).map("".join),
    fmt=st.sampled_from(["md", "txt"]),
)
def test_check_any_text(text: str, fmt: str) -> None:
    from zhengbing.check import check_text

    RAN["check_any_text"] += 1
    try:
        findings = check_text(text, fmt=fmt)
    except UserError:
        RAN["check_any_text:user_error"] += 1
        return
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = normalised.split("\n")
    for f in findings:
        assert f.code != "internal", f.message
        assert f.severity in ("error", "warning", "info")
        assert f.message.strip()
        if f.line is not None:
            assert 1 <= f.line <= len(lines), (f.rule, f.line, len(lines))
        json.dumps(f.to_dict(), ensure_ascii=False)
    RAN["check_any_text:findings"] += len(findings)


@FUZZ
@given(text=drafts())
def test_check_any_draft_file_with_workspace(text: str, base_workspace: Path) -> None:
    from zhengbing.check import check_file
    from zhengbing.workspace import find_workspace

    RAN["check_any_draft_file"] += 1
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))
    path = folder / "草稿.md"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        findings = check_file(path, workspace=find_workspace(base_workspace))
    except UserError:
        RAN["check_any_draft_file:user_error"] += 1
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for f in findings:
        assert f.code != "internal", f.message
        if f.line is not None:
            assert 1 <= f.line <= len(lines), (f.rule, f.line, len(lines))


# --------------------------------------------------------------------------- statistics

COLUMNS = [
    "单位",
    "任务数",
    "报名人数",
    "初检合格",
    "体检合格",
    "政考合格",
    "定兵人数",
    "大学生",
    "党员",
]
HEADER = st.one_of(
    st.sampled_from(COLUMNS),
    st.sampled_from(["报名 人数", "定兵数", "备注", "", "合计", "单 位"]),
    st.text(st.one_of(CJK, PUNCT), max_size=6),
)
CELL = st.one_of(
    st.integers(0, 500).map(str),
    st.integers(0, 500).map(str),
    st.integers(-50, -1).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["", "-", "—", "无", "１２", "3人", "1,200", "12.0", "二十", "合计", "=SUM(B2:B4)"]
    ),
    st.text(ANY_CHAR, max_size=8),
)
# what a worksheet can hold (openpyxl refuses control characters)
XCELL = CELL.map(lambda v: "".join(c for c in v if c >= " "))
UNIT = st.one_of(
    st.sampled_from(["东村", "西村", "南社区", "合计", "总计", "", "填表人：张三"]),
    st.text(CJK, max_size=5),
)


@st.composite
def valid_rows(draw: st.DrawFn) -> list[list[str]]:
    """Consistent rows: every stage at most the one before, shares within the enlisted."""
    rows = []
    for i in range(draw(st.integers(1, 8))):
        task = draw(st.integers(0, 20))
        registered = draw(st.integers(0, 400))
        first = draw(st.integers(0, registered))
        medical = draw(st.integers(0, first))
        political = draw(st.integers(0, medical))
        enlisted = draw(st.integers(0, political))
        college = draw(st.integers(0, enlisted))
        party = draw(st.integers(0, enlisted))
        values = [task, registered, first, medical, political, enlisted, college, party]
        rows.append([f"第{i + 1}村", *map(str, values)])
    return rows


@st.composite
def csv_tables(draw: st.DrawFn) -> str:
    import csv
    import io

    header = list(COLUMNS)
    rows = draw(valid_rows())
    if draw(st.booleans()):  # a 合计 row, right or wrong
        totals = [sum(int(r[i]) for r in rows) for i in range(1, len(COLUMNS))]
        if draw(st.integers(0, 3)) == 0:
            totals[draw(st.integers(0, len(totals) - 1))] += draw(st.integers(1, 9))
        rows.append(["合计", *map(str, totals)])
    for _ in range(draw(st.integers(0, 4))):  # damage: a header, a cell, a whole row
        what = draw(st.sampled_from(["header", "cell", "cell", "row", "columns"]))
        if what == "header":
            header[draw(st.integers(0, len(header) - 1))] = draw(HEADER)
        elif what == "cell":
            row = rows[draw(st.integers(0, len(rows) - 1))]
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(CELL)
        elif what == "row":
            rows.insert(
                draw(st.integers(0, len(rows))), [draw(UNIT), *draw(st.lists(CELL, max_size=10))]
            )
        else:
            order = draw(st.permutations(range(len(COLUMNS))))
            header = [header[i] for i in order]
            rows = [[r[i] if i < len(r) else "" for i in order] for r in rows]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=draw(st.sampled_from([",", ",", "\t", ";"])))
    if draw(st.integers(0, 4)) == 0:
        writer.writerow([draw(st.text(CJK, max_size=12))])  # a title line above the header
    writer.writerow(header)
    writer.writerows(rows)
    text = buf.getvalue()
    if draw(st.integers(0, 8)) == 0:
        text += draw(TEXT)  # trailing junk, possibly unbalanced quotes
    return text


@FUZZ
@given(text=csv_tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_statistics_any_table(text: str, encoding: str) -> None:
    from zhengbing.stats import load_stats
    from zhengbing.stats.show import format_stats

    RAN["statistics_any_table"] += 1
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))
    path = folder / "统计2025.csv"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        path.write_bytes(text.encode("utf-8"))
    try:
        stats = load_stats(path, year=2025)
    except UserError as exc:
        assert str(exc).strip()
        RAN["statistics_any_table:user_error"] += 1
        return
    RAN["statistics_any_table:figures"] += 1
    for column, value in stats.totals.items():
        assert isinstance(value, int) and value >= 0, (column, value)
    _assert_validated(stats)
    assert format_stats(stats).strip()


def _assert_validated(stats: object) -> None:
    """What validation promises for figures it lets through."""
    from zhengbing.stats.columns import STAGES

    table = stats.table  # type: ignore[attr-defined]
    present = [s for s in STAGES if table.has(s)]
    for unit in table.rows:
        for earlier, later in zip(present, present[1:], strict=False):
            a, b = unit.values.get(earlier), unit.values.get(later)
            if a is not None and b is not None:
                assert b <= a, (unit.name, earlier, a, later, b)
    if table.total_row is not None:  # a 合计 row is accepted only when it adds up
        for column, value in table.total_row.values.items():
            if column in table.columns and column not in table.total_row.blank:
                assert value == table.totals[column], (column, value, table.totals[column])


@settings(
    max_examples=max(10, EXAMPLES // 3),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    valid=valid_rows(),
    damage=st.lists(
        st.tuples(
            st.integers(0, 7),
            st.integers(1, len(COLUMNS) - 1),
            st.one_of(st.integers(-5, 300), st.floats(-1, 1e6), st.booleans(), XCELL, st.none()),
        ),
        max_size=3,
    ),
    merge=st.booleans(),
    hide=st.booleans(),
)
def test_statistics_any_workbook(
    valid: list[list[str]], damage: list[tuple[int, int, object]], merge: bool, hide: bool
) -> None:
    import openpyxl

    from zhengbing.stats import load_stats

    RAN["statistics_any_workbook"] += 1
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))
    path = folder / "统计2025.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(COLUMNS)
    rows: list[list[object]] = [[r[0], *map(int, r[1:])] for r in valid]
    for row, column, value in damage:
        rows[row % len(rows)][column] = value
    for row_values in rows:
        ws.append(row_values)
    if merge and len(rows) >= 2:
        ws.merge_cells("B2:B3")
    if hide:
        extra = wb.create_sheet("隐藏")
        extra.append(["单位", "报名人数"])
        extra.sheet_state = "hidden"
    wb.save(path)
    try:
        stats = load_stats(path, year=2025)
    except UserError:
        RAN["statistics_any_workbook:user_error"] += 1
        return
    RAN["statistics_any_workbook:figures"] += 1
    for value in stats.totals.values():
        assert isinstance(value, int) and value >= 0
    _assert_validated(stats)


# --------------------------------------------------------------------------- import

PREFIXES = st.sampled_from(
    [
        b"",
        b"PK\x03\x04",
        b"%PDF-1.4\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"---\n",
        "# 标题\n\n".encode(),
    ]
)


@pytest.fixture(scope="module")
def real_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A real .docx, .pdf and .zip to flip bytes in."""
    import io
    import zipfile

    import docx

    document = docx.Document()
    document.add_heading("征兵工作总结", 0)
    for i in range(5):
        document.add_paragraph(f"第{i + 1}段：全镇适龄青年踊跃报名应征。" * 3)
    buf = io.BytesIO()
    document.save(buf)
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("总结.md", "# 总结\n\n今年征兵工作圆满完成。\n")
        zf.writestr("讲话.docx", buf.getvalue())
    from .util import textless_pdf

    return {".docx": buf.getvalue(), ".zip": zbuf.getvalue(), ".pdf": textless_pdf()}


@FUZZ
@given(
    suffix=st.sampled_from([".md", ".txt", ".docx", ".pdf", ".zip"]),
    prefix=PREFIXES,
    body=st.binary(max_size=2000),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=6),
    mutate_real=st.booleans(),
)
def test_import_any_bytes(
    suffix: str,
    prefix: bytes,
    body: bytes,
    flips: list[tuple[int, int]],
    mutate_real: bool,
    real_files: dict[str, bytes],
) -> None:
    """Any bytes under any supported suffix: imported, or refused with a Chinese reason."""
    from zhengbing.importer import ImportReport, _iter_zip, extract

    RAN["import_any_bytes"] += 1
    if mutate_real and suffix in real_files:
        data = bytearray(real_files[suffix])
        for position, value in flips:
            data[position % len(data)] = value
        blob = bytes(data)
    else:
        blob = prefix + body
    name = "资料" + suffix
    try:
        if suffix == ".zip":
            report = ImportReport()
            for display, member_suffix, member, _ in _iter_zip(blob, name, report):
                try:
                    extract(member or b"", member_suffix, display)
                except UserError:
                    pass
            for _, reason in report.failed + report.skipped:
                assert reason.strip()
        else:
            extracted = extract(blob, suffix, name)
            assert extracted.blocks or extracted.title or extracted.markdown is not None
    except UserError as exc:
        assert str(exc).strip()
        RAN["import_any_bytes:user_error"] += 1
        return
    RAN["import_any_bytes:imported"] += 1


# --------------------------------------------------------------------------- search

QUERY_PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "AND",
        "OR",
        "NOT",
        "*",
        "?",
        "~",
        "^2",
        ":",
        "content:",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "\\",
        "兵役登记",
        "大学生",
        "学费",
        "第二十条",
        "兵役法",
        "-",
        "+",
        "/",
        "'",
        "　",
    ]
)


@FUZZ
@given(query=st.lists(st.one_of(INLINE, QUERY_PIECES, QUERY_PIECES), max_size=12).map(" ".join))
def test_search_any_query(query: str) -> None:
    from zhengbing.search import search

    RAN["search_any_query"] += 1
    try:
        hits = search(query, limit=5)
    except UserError as exc:
        assert str(exc).strip()
        RAN["search_any_query:user_error"] += 1
        return
    assert len(hits) <= 5
    for hit in hits:
        data = hit.to_dict()
        assert {
            "id",
            "doc_title",
            "article",
            "path",
            "status",
            "region",
            "score",
            "snippet",
            "text",
        } <= set(data)
        json.dumps(data, ensure_ascii=False)
    RAN["search_any_query:with_hits"] += bool(hits)


def test_examples_were_really_run() -> None:
    """Runs last in this module: every property test above generated its examples."""
    expected = {
        "render_any_draft": EXAMPLES,
        "check_any_text": EXAMPLES,
        "check_any_draft_file": EXAMPLES,
        "statistics_any_table": EXAMPLES,
        "statistics_any_workbook": max(10, EXAMPLES // 3),
        "search_any_query": EXAMPLES,
        "import_any_bytes": EXAMPLES,
    }
    ran = {k: RAN[k] for k in expected}
    if not any(ran.values()):
        pytest.skip("run together with the property tests")
    for name, wanted in expected.items():
        if RAN[name]:
            # hypothesis may stop early only when the strategy is exhausted (not the case here)
            assert RAN[name] >= wanted // 2, (name, RAN[name], wanted)
