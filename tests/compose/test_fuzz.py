"""Any valid workbook (any subset of columns, zeros, with or without last year) gives clean drafts."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengbing.compose import compose_document
from zhengbing.draft import parse_draft
from zhengbing.outlines import list_outlines
from zhengbing.workspace import Profile, find_workspace
from zhengbing.workspace_init import WORKBOOK_COLUMNS, init_workspace, workbook_bytes

UNITS = ["东村", "西村", "南村", "北村", "中心社区", "河口村"]
NONSENSE = [
    r"增加0名",
    r"减少0名",
    r"(?<!\d)0名",
    r"(?<![\d.])0\.0+%",
    r"None",
    r"\{\{|\{%",
]


@st.composite
def unit_row(draw: st.DrawFn, name: str) -> tuple[object, ...]:
    i = lambda hi: draw(st.integers(min_value=0, max_value=max(hi, 0)))  # noqa: E731
    task, reg = i(5), i(30)
    reg_college, first = i(reg), i(reg)
    medical = i(first)
    political = i(medical)
    enlisted = i(political)
    college = i(enlisted)
    graduates = i(college)
    students = i(college - graduates)
    high = i(enlisted - college)
    party = i(enlisted)
    league = i(enlisted - party)
    back = i(college)
    return (name, task, reg, reg_college, first, medical, political, enlisted, college,
            graduates, students, high, party, league, back)  # fmt: skip


@st.composite
def workbook(draw: st.DrawFn) -> tuple[list[str], list[list[object]], list[list[object]]]:
    n = draw(st.integers(min_value=1, max_value=len(UNITS)))
    rows = [draw(unit_row(u)) for u in UNITS[:n]]
    with_prev = draw(st.booleans())
    prev = [draw(unit_row(u)) for u in UNITS[:n]] if with_prev else []
    keep = [0] + sorted(draw(st.sets(st.integers(min_value=1, max_value=14), min_size=1)))
    cols = [WORKBOOK_COLUMNS[k] for k in keep]
    return cols, [[r[k] for k in keep] for r in rows], [[r[k] for k in keep] for r in prev]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=workbook(), level=st.sampled_from(["青山镇", "城关街道", "安吉县", "青山社区"]))
def test_any_valid_workbook_gives_clean_drafts(tmp_path_factory, data, level) -> None:
    cols, rows, prev = data
    root: Path = tmp_path_factory.mktemp("fuzz") / "w"
    profile = Profile(unit=level, county="安吉县", year=2026, speaker="张三", office="镇长")
    init_workspace(root, profile)
    (root / profile.stats).write_bytes(
        workbook_bytes(level, 2026, rows=rows, previous_rows=prev, columns=cols)
    )
    ws = find_workspace(root)
    for outline in list_outlines(ws):
        for kind in outline.kinds:
            text = compose_document(ws, kind, outline_id=outline.id, date="2026-03-01").text
            assert not parse_draft(text).errors
            body = text.split("\n---\n", 1)[1]
            for pattern in NONSENSE:
                m = re.search(pattern, body)
                assert m is None, (outline.id, body[max(0, m.start() - 30) : m.end() + 5])
