from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from zhengbing.errors import InputError
from zhengbing.stats import load_stats
from zhengbing.stats.show import format_stats, width

from .conftest import ROWS, total_row

HEADER = ["单位", "任务数", "报名人数", "体检合格", "政考合格", "定兵人数", "大学生"]


def xlsx(path: Path, sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    for i, (name, rows) in enumerate(sheets.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


GOOD = [
    HEADER,
    ["甲村", 3, 20, 9, 8, 4, 2],
    ["乙村", 2, 12, 5, 5, 2, 1],
    ["丙村", 1, 6, 2, 2, 0, 0],
]


def test_example_xlsx_and_csv_agree(repo_root: Path) -> None:
    folder = repo_root / "templates/examples/workspace/统计"
    a = load_stats(folder / "征兵统计2026.xlsx", year=2026)
    b = load_stats(folder / "征兵统计2026.csv", year=2026)
    assert a.totals == b.totals
    assert a.previous_totals == b.previous_totals
    assert len(a.rows) == 12
    assert a.totals["定兵人数"] == sum(u.values["定兵人数"] for u in a.rows)
    assert any("UTF-8" in w for w in b.warnings)  # the encoding used is named


def test_derived_figures(tmp_path: Path) -> None:
    s = load_stats(xlsx(tmp_path / "a.xlsx", {"汇总": GOOD}))
    assert s.totals["任务数"] == 6 and s.totals["定兵人数"] == 6
    d = s.derived
    assert d["完成率"].value == 1.0
    assert d["大学生占定兵"].value == pytest.approx(3 / 6)
    assert d["体检合格率"].value == pytest.approx(16 / 38)  # no 初检 column: ÷ 报名人数
    assert d["零定兵单位"] == ["丙村"]
    assert [r.unit.name for r in d["排名"]] == ["甲村", "乙村", "丙村"]
    assert d["同比"] == {}


def test_synonyms_title_row_and_unit_suffix(tmp_path: Path) -> None:
    rows = [
        ["某镇2025年征兵统计表"],
        [
            "村（社区）",
            "征兵任务",
            "报名数",
            "体检合格人数",
            "政治考核合格",
            "定兵数（人）",
            "其中大学生",
        ],
        ["甲村", 3, 20, 9, 8, 4, 2],
        ["乙村", 2, 12, 5, 5, 2, 1],
    ]
    s = load_stats(xlsx(tmp_path / "b.xlsx", {"Sheet1": rows}))
    assert s.columns == ["任务数", "报名人数", "体检合格", "政考合格", "定兵人数", "大学生"]
    assert s.totals["定兵人数"] == 6


def test_gb18030_csv(tmp_path: Path) -> None:
    text = "村（社区）,任务数,报名人数,定兵人数\n甲村,2,10,2\n乙村,1,5,1\n合计,3,15,3\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    s = load_stats(path)
    assert s.totals == {"任务数": 3, "报名人数": 15, "定兵人数": 3}
    assert any("GB18030" in w for w in s.warnings)


def test_missing_workbook(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到统计表"):
        load_stats(tmp_path / "统计" / "2024.xlsx")


def test_sheet_without_unit_column(tmp_path: Path) -> None:
    rows = [["任务数", "报名人数", "定兵人数"], [3, 20, 4]]
    with pytest.raises(InputError) as err:
        load_stats(xlsx(tmp_path / "c.xlsx", {"汇总": rows}))
    assert "单位" in str(err.value) and '工作表"汇总"' in str(err.value)


def test_text_in_number_cell_names_the_cell(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[1][3] = "九人左右"  # D2
    path = xlsx(tmp_path / "2024.xlsx", {"汇总": rows})
    with pytest.raises(InputError) as err:
        load_stats(path)
    assert '2024.xlsx 工作表"汇总" D2' in str(err.value)
    assert "体检合格" in str(err.value)


def test_text_in_cell_d7(tmp_path: Path) -> None:
    rows = [HEADER] + [[f"{c}村", 2, 10, 5, 5, 2, 1] for c in "甲乙丙丁戊"]
    rows.append(["己村", 2, 10, "五", 5, 2, 1])  # row 7, column D
    folder = tmp_path / "统计"
    folder.mkdir()
    with pytest.raises(InputError) as err:
        load_stats(xlsx(folder / "2024.xlsx", {"汇总": rows}), root=tmp_path)
    assert '统计/2024.xlsx 工作表"汇总" D7' in str(err.value)


def test_negative_value(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[2][2] = -3
    with pytest.raises(InputError, match="C3.*负数"):
        load_stats(xlsx(tmp_path / "d.xlsx", {"汇总": rows}))


def test_later_stage_larger_than_earlier(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[1][3] = 25  # 体检合格 > 报名人数 (20)
    with pytest.raises(InputError) as err:
        load_stats(xlsx(tmp_path / "e.xlsx", {"汇总": rows}))
    assert "D2" in str(err.value) and "体检合格" in str(err.value) and "报名人数" in str(err.value)


def test_total_row_must_equal_sum(tmp_path: Path) -> None:
    rows = [*GOOD, ["合计", 6, 38, 16, 15, 7, 3]]  # 定兵人数 should be 6
    with pytest.raises(InputError) as err:
        load_stats(xlsx(tmp_path / "f.xlsx", {"汇总": rows}))
    assert "F5" in str(err.value) and "6" in str(err.value)
    ok = load_stats(xlsx(tmp_path / "g.xlsx", {"汇总": [*GOOD, ["合计", 6, 38, 16, 15, 6, 3]]}))
    assert ok.table.total_row is not None and ok.totals["定兵人数"] == 6
    assert "合计行" in ok.table.total_source("定兵人数")


def test_uncalculated_formulas(tmp_path: Path) -> None:
    rows = [*GOOD, ["合计", "=SUM(B2:B4)", "=SUM(C2:C4)", 16, 15, 6, 3]]
    with pytest.raises(InputError) as err:
        load_stats(xlsx(tmp_path / "h.xlsx", {"汇总": rows}))
    message = str(err.value)
    assert "B5" in message and "公式" in message and ("Excel" in message and "WPS" in message)


def test_unknown_column_suggests_nearest(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[0][5] = "定兵人员"
    with pytest.raises(InputError) as err:
        load_stats(xlsx(tmp_path / "i.xlsx", {"汇总": rows}))
    assert "F1" in str(err.value) and "定兵人数" in str(err.value)


def test_merged_data_cells_are_rejected(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "j.xlsx", {"汇总": GOOD})
    wb = openpyxl.load_workbook(path)
    wb["汇总"].merge_cells("C2:C3")
    wb.save(path)
    with pytest.raises(InputError, match="C2:C3.*合并"):
        load_stats(path)


def test_hidden_sheet_is_skipped_and_prev_sheet_used(tmp_path: Path) -> None:
    prev = [
        HEADER,
        ["甲村", 3, 18, 8, 8, 3, 1],
        ["乙村", 2, 12, 5, 5, 2, 1],
        ["丙村", 1, 6, 2, 2, 1, 0],
    ]
    path = xlsx(
        tmp_path / "k.xlsx",
        {"旧表": [["乱", "七"], [1, 2]], "汇总": GOOD, "上年": prev},
        hidden=("旧表",),
    )
    s = load_stats(path, year=2025)
    assert any("隐藏" in w for w in s.warnings)
    assert s.previous_year == 2024
    ch = s.derived["同比"]
    assert (ch["报名人数"].delta, ch["报名人数"].word) == (2, "增加")
    assert (ch["定兵人数"].delta, ch["定兵人数"].word) == (0, "持平")
    assert (ch["大学生"].delta, ch["大学生"].word) == (1, "增加")
    prev_more = [
        HEADER,
        ["甲村", 3, 30, 9, 8, 4, 2],
        ["乙村", 2, 12, 5, 5, 2, 1],
        ["丙村", 1, 6, 2, 2, 0, 0],
    ]
    s2 = load_stats(xlsx(tmp_path / "l.xlsx", {"汇总": GOOD, "上年": prev_more}))
    assert s2.derived["同比"]["报名人数"].word == "减少"


def test_year_named_sheets(tmp_path: Path) -> None:
    prev = [HEADER, ["甲村", 3, 10, 5, 5, 3, 1]]
    s = load_stats(xlsx(tmp_path / "m.xlsx", {"2023": prev, "2024": GOOD}))
    assert s.year == 2024 and s.previous_year == 2023
    assert s.totals["报名人数"] == 38 and s.previous_totals is not None


def test_blank_template_sheet_is_explained(tmp_path: Path) -> None:
    from zhengbing.workspace_init import workbook_bytes

    path = tmp_path / "blank.xlsx"
    path.write_bytes(workbook_bytes("青山镇", 2025))
    with pytest.raises(InputError, match="还没有填写"):
        load_stats(path)


def test_show_aligns_cjk_columns(tmp_path: Path) -> None:
    rows = [*ROWS, total_row(ROWS)]
    from zhengbing.workspace_init import workbook_bytes

    path = tmp_path / "n.xlsx"
    path.write_bytes(workbook_bytes("青山镇", 2025, rows=rows))
    text = format_stats(load_stats(path))
    table = text.split("\n\n")[1].splitlines()
    assert len({width(line) for line in table if "─" not in line}) == 1
    assert "未定兵的单位：北村" in text


def test_two_row_header_with_groups_and_rate_columns(tmp_path: Path) -> None:
    rows = [
        ["2025年征兵工作情况统计表"],
        ["单位", "任务数", "报名", None, "定兵人数", "其中", None, None, "完成率（%）"],
        [None, None, "人数", "大学生", None, "大学生", "党员", "团员", None],
        ["甲村", 3, 20, 9, 4, 2, 1, 2, "133.3"],
        ["乙村", 2, 12, 5, 2, 1, 0, 1, "100"],
    ]
    path = xlsx(tmp_path / "two.xlsx", {"汇总": rows})
    wb = openpyxl.load_workbook(path)
    ws = wb["汇总"]
    ws.merge_cells("A2:A3")
    ws.merge_cells("C2:D2")
    ws.merge_cells("F2:H2")
    wb.save(path)
    s = load_stats(path)
    assert s.columns == ["任务数", "报名人数", "报名大学生", "定兵人数", "大学生", "党员", "团员"]
    assert s.totals["报名大学生"] == 14 and s.totals["团员"] == 3
    assert [u.name for u in s.rows] == ["甲村", "乙村"]


def test_blank_last_year_sheet_falls_back_to_last_years_file(tmp_path: Path) -> None:
    from zhengbing.workspace_init import workbook_bytes

    this = tmp_path / "征兵统计2025.xlsx"
    this.write_bytes(workbook_bytes("青山镇", 2025, rows=[list(r) for r in ROWS]))
    last = tmp_path / "征兵统计2024.xlsx"
    last.write_bytes(workbook_bytes("青山镇", 2024, rows=[list(r) for r in ROWS[:2]]))
    s = load_stats(this, year=2025)
    assert s.previous is not None and s.previous.sheet.file.endswith("征兵统计2024.xlsx")
    assert s.previous_totals["报名人数"] == ROWS[0][2] + ROWS[1][2]


def test_total_label_in_the_number_column(tmp_path: Path) -> None:
    # 合计 typed in the 序号 column with the 单位 cell left blank (GBK CSV from an office PC)
    text = (
        "青山镇2024年征兵工作情况统计表\n"
        "序号,村（社区）,任务数,报名数,体检合格数,政考合格数,定兵数,其中：大学生,备注\n"
        "1,东村,3,20,8,7,3,2,\n"
        "2,西村,2,15,5,5,2,1,\n"
        "3,南村,2,9,4,3,0,0,外出多\n"
        "合计,,7,44,17,15,5,3,\n"
    )
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("gb18030"))
    stats = load_stats(path)
    assert [u.name for u in stats.table.rows] == ["东村", "西村", "南村"]
    assert stats.table.total_row is not None
    assert stats.totals["定兵人数"] == 5 and stats.totals["大学生"] == 3


def test_total_label_merged_across_number_and_unit_columns(tmp_path: Path) -> None:
    rows = [["序号", *HEADER]] + [[i, *r] for i, r in enumerate(GOOD[1:], 1)]
    rows.append(["合计", None, 6, 38, 16, 15, 6, 3])
    path = xlsx(tmp_path / "m.xlsx", {"汇总": rows})
    wb = openpyxl.load_workbook(path)
    wb["汇总"].merge_cells("A5:B5")
    wb.save(path)
    stats = load_stats(path)
    assert stats.table.total_row is not None
    assert stats.totals["报名人数"] == 38


def test_two_row_header_grouped_by_stage(tmp_path: Path) -> None:
    """Groups named after a stage (报名情况, 体检情况, 政治考核, 批准入伍) give their columns' meaning."""
    rows = [
        ["序号", "村（社区）", "报名情况", None, "体检情况", None, "政治考核", "批准入伍", None],
        [
            None,
            None,
            "报名人数",
            "其中大学生",
            "上站人数",
            "合格人数",
            "合格人数",
            "合计",
            "其中大学生",
        ],
        [1, "甲村", 20, 9, 10, 6, 5, 4, 2],
        [2, "乙村", 12, 5, 8, 4, 4, 3, 1],
    ]
    path = xlsx(tmp_path / "stages.xlsx", {"汇总": rows})
    wb = openpyxl.load_workbook(path)
    ws = wb["汇总"]
    for rng in ("A1:A2", "B1:B2", "C1:D1", "E1:F1", "H1:I1"):
        ws.merge_cells(rng)
    wb.save(path)
    s = load_stats(path)
    assert s.columns == [
        "报名人数",
        "报名大学生",
        "上站人数",
        "体检合格",
        "政考合格",
        "定兵人数",
        "大学生",
    ]
    assert s.totals["体检合格"] == 10 and s.totals["政考合格"] == 9 and s.totals["定兵人数"] == 7


def test_total_row_right_below_the_header(tmp_path: Path) -> None:
    """合计 as the first data row (a common layout) is the total; the units follow it."""
    text = "单位,报名人数,定兵人数\n合计,35,5\n东村,20,3\n西村,15,2\n"
    path = tmp_path / "top.csv"
    path.write_text(text, encoding="utf-8")
    stats = load_stats(path)
    assert [u.name for u in stats.table.rows] == ["东村", "西村"]
    assert stats.table.total_row is not None and stats.totals["报名人数"] == 35


def test_total_row_at_the_top_is_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "top.csv"
    path.write_text("单位,报名人数,定兵人数\n合计,36,5\n东村,20,3\n西村,15,2\n", encoding="utf-8")
    with pytest.raises(
        InputError, match="第2行第2列：合计行“报名人数”为 36，但各村（社区）之和为 35"
    ):
        load_stats(path)


def test_a_total_between_units_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mid.csv"
    path.write_text("单位,报名人数,定兵人数\n东村,20,3\n合计,20,3\n西村,15,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="合计行或表尾说明之后还有数据"):
        load_stats(path)


def test_more_spellings_of_the_columns(tmp_path: Path) -> None:
    """Headers seen in county sheets: 行政村, 报名总人数, 审批定兵, 大学新生, 女兵, 退兵人数."""
    text = (
        "行政村,报名总人数,审批定兵,其中大学生,大学新生,女兵,退兵人数\n"
        "东村,20,3,2,1,1,0\n"
        "西村,15,2,1,0,0,1\n"
    )
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    stats = load_stats(path)
    assert stats.columns == ["报名人数", "定兵人数", "大学生", "大学新生", "女兵", "退兵人数"]
    assert stats.totals["大学新生"] == 1


def test_freshmen_cannot_exceed_college_students(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("单位,定兵人数,大学生,大学新生\n东村,3,1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="东村的“大学新生”（2）大于“大学生”（1）"):
        load_stats(path)
