"""Fixtures for compose tests: workspaces built from the bundled example or from given rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from zhengbing.compose.demo import copy_example
from zhengbing.workspace import Profile, Workspace, find_workspace
from zhengbing.workspace_init import WORKBOOK_COLUMNS, init_workspace, workbook_bytes

# 单位, 任务数, 报名人数, 报名大学生, 初检合格, 体检合格, 政考合格, 定兵人数, 大学生, 大学毕业生, 在校生, 高中, 党员, 团员, 退役后复学
ROWS = [
    ("东村", 3, 20, 8, 15, 9, 8, 4, 3, 2, 1, 1, 1, 2, 1),
    ("西村", 2, 12, 4, 10, 5, 5, 2, 1, 1, 0, 1, 0, 2, 0),
    ("南社区", 2, 9, 3, 7, 3, 3, 1, 1, 0, 1, 0, 0, 1, 1),
    ("北村", 1, 5, 1, 4, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0),
]


def total_row(rows: Sequence[Sequence[object]]) -> tuple[object, ...]:
    return ("合计", *(sum(int(r[i]) for r in rows) for i in range(1, len(rows[0]))))


@pytest.fixture
def example_ws(tmp_path: Path) -> Workspace:
    root, _ = copy_example(tmp_path / "示例")
    ws = find_workspace(root)
    assert ws is not None
    return ws


@pytest.fixture
def make_ws(tmp_path: Path) -> Callable[..., Workspace]:
    """A fresh workspace whose workbook holds *rows* (and *previous* rows on 上年)."""

    def make(
        rows: Sequence[Sequence[object]] = ROWS,
        previous: Sequence[Sequence[object]] = (),
        *,
        name: str = "ws",
        with_total: bool = True,
    ) -> Workspace:
        root = tmp_path / name
        profile = Profile(
            unit="青山镇", level="镇", county="安吉县", year=2025, speaker="李明", office="镇长"
        )
        init_workspace(root, profile)
        data = list(rows) + ([total_row(rows)] if with_total and rows else [])
        prev = list(previous) + ([total_row(previous)] if with_total and previous else [])
        (root / profile.stats).write_bytes(
            workbook_bytes("青山镇", 2025, rows=data, previous_rows=prev)
        )
        ws = find_workspace(root)
        assert ws is not None
        return ws

    return make


__all__ = ["ROWS", "SECOND_RECORD", "SECOND_ROWS", "WORKBOOK_COLUMNS", "total_row"]


# A second, different unit: a 江西 town that missed its task, with last year's figures and a
# work record that leaves several items blank (its drafts must carry slots for them).
SECOND_ROWS = [
    # 单位, 任务数, 报名人数, 报名大学生, 初检合格, 体检合格, 政考合格, 定兵人数, 大学生, 大学毕业生, 在校生, 高中, 党员, 团员, 退役后复学
    ("桐坪村", 3, 15, 5, 12, 6, 5, 3, 2, 1, 1, 1, 0, 2, 1),
    ("石溪村", 3, 13, 4, 10, 5, 4, 2, 1, 1, 0, 1, 0, 1, 0),
    ("枫树坪村", 2, 11, 3, 9, 4, 4, 2, 1, 0, 1, 1, 0, 1, 1),
    ("下湾村", 2, 9, 2, 7, 3, 2, 1, 0, 0, 0, 1, 0, 1, 0),
    ("龙口村", 2, 10, 3, 8, 3, 3, 2, 1, 1, 0, 1, 1, 1, 0),
    ("桐坪社区", 3, 14, 7, 11, 6, 5, 3, 2, 1, 1, 1, 0, 2, 1),
    ("高坑村", 2, 6, 1, 4, 2, 1, 1, 0, 0, 0, 1, 0, 0, 0),
    ("黄泥岭村", 1, 5, 1, 4, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0),
    ("上坪村", 2, 8, 2, 6, 3, 3, 2, 1, 1, 0, 1, 0, 1, 0),
]
SECOND_PREVIOUS = [
    ("桐坪村", 3, 14, 4, 11, 6, 5, 3, 1, 1, 0, 2, 0, 2, 0),
    ("石溪村", 2, 12, 3, 9, 4, 4, 2, 1, 1, 0, 1, 0, 1, 0),
    ("枫树坪村", 2, 10, 2, 8, 4, 3, 2, 1, 0, 1, 1, 0, 1, 1),
    ("下湾村", 2, 8, 2, 6, 3, 3, 2, 0, 0, 0, 2, 0, 1, 0),
    ("龙口村", 2, 9, 2, 7, 3, 3, 2, 1, 1, 0, 1, 0, 1, 0),
    ("桐坪社区", 3, 13, 5, 10, 5, 5, 3, 2, 1, 1, 1, 1, 1, 1),
    ("高坑村", 1, 6, 1, 5, 2, 2, 1, 0, 0, 0, 1, 0, 1, 0),
    ("黄泥岭村", 1, 5, 0, 4, 2, 1, 1, 0, 0, 0, 1, 0, 0, 0),
    ("上坪村", 2, 7, 1, 5, 3, 2, 2, 1, 1, 0, 1, 0, 1, 0),
]
SECOND_RECORD: dict[str, object] = {
    "批次": "下半年",
    "报名开始": "2026-07-01",
    "报名截止": "2026-08-10",
    "体检日期": "2026-08-15",
    "起运日期": "2026-09-10",
    "大学生比例目标": "45%",
    "会议": ["7月3日全镇征兵工作部署会"],
    "宣传": ["7月中旬在各村文化广场开展征兵政策宣讲", "8月初召开在外大学生返乡座谈会"],
    "第一责任人": "村（社区）支部书记",
    "违纪问题": 0,
}


@pytest.fixture
def second_ws(tmp_path: Path) -> Workspace:
    """桐坪镇（江西省吉安市永丰县）: misses its task, has last year's data, a partial record."""
    root = tmp_path / "桐坪镇"
    profile = Profile(
        unit="桐坪镇",
        level="镇",
        province="江西省",
        city="吉安市",
        county="永丰县",
        year=2026,
        speaker="刘志华",
        office="镇党委副书记、镇长",
        extra={"reporter": "陈文斌", "reporter_office": "镇人民武装部部长"},
    )
    init_workspace(root, profile)
    (root / profile.stats).write_bytes(
        workbook_bytes(
            "桐坪镇",
            2026,
            rows=[*SECOND_ROWS, total_row(SECOND_ROWS)],
            previous_rows=[*SECOND_PREVIOUS, total_row(SECOND_PREVIOUS)],
            record=SECOND_RECORD,
        )
    )
    ws = find_workspace(root)
    assert ws is not None
    return ws
