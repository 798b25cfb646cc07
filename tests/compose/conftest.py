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


__all__ = ["ROWS", "WORKBOOK_COLUMNS", "total_row"]
