"""The work record (工作情况) and the statistics changes that go with it: validation with file,
sheet and cell, 上站人数 as its own stage, 女兵/退兵人数, unknown columns, shared ranks, policy."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from zhengbing.compose.policy import policy_for
from zhengbing.errors import InputError
from zhengbing.stats import load_stats
from zhengbing.stats.record import load_record
from zhengbing.workspace_init import workbook_bytes

from .conftest import ROWS, total_row


def workbook(tmp_path: Path, record: dict[str, object]) -> Path:
    path = tmp_path / "统计.xlsx"
    path.write_bytes(workbook_bytes("青山镇", 2026, rows=[*ROWS, total_row(ROWS)], record=record))
    return path


def test_record_values_are_typed(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        {
            "报名截止": "2026年2月20日",
            "大学生比例目标": "50%",
            "退兵率目标": 0.02,
            "会议": ["1月5日部署会", "2月1日推进会"],
            "违纪问题": 0,
            "补充：存在的问题": "本单位补充的一段话",
        },
    )
    record = load_record(path, "统计.xlsx")
    assert str(record.报名截止) == "2月20日"
    assert record.大学生比例目标 == pytest.approx(0.5)
    assert record.退兵率目标 == pytest.approx(0.02)
    assert record.会议 == ["1月5日部署会", "2月1日推进会"]
    assert record.违纪问题 == 0 and record.has("违纪问题")
    assert not record.has("监督电话") and record.监督电话 is None
    assert record.note("存在的问题") == "本单位补充的一段话"
    assert record.where["报名截止"].startswith('统计.xlsx 工作表"工作情况" B')


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"慰问金额": "3万元"}, "无法识别的项目“慰问金额”"),
        ({"体检日期": "三月上旬"}, "“体检日期”应是日期"),
        ({"大学生比例目标": "一半"}, "“大学生比例目标”应是 0～100 之间的百分数"),
        ({"违纪问题": "没有"}, "“违纪问题”应是不小于 0 的整数"),
        ({"批次": "第三批"}, "“批次”应写上半年、下半年或全年"),
        (
            {"报名开始": "2026-03-01", "报名截止": "2026-02-01"},
            "“报名截止”（2026年2月1日）早于“报名开始”",
        ),
    ],
)
def test_bad_records_name_file_sheet_and_cell(tmp_path: Path, record, expected) -> None:
    path = workbook(tmp_path, record)
    with pytest.raises(InputError) as err:
        load_record(path, "统计.xlsx")
    message = str(err.value)
    assert expected in message
    assert '统计.xlsx 工作表"工作情况" ' in message


def test_record_sheet_is_not_read_as_statistics(tmp_path: Path) -> None:
    stats = load_stats(workbook(tmp_path, {"会议": ["1月5日部署会"]}), year=2026)
    assert [u.name for u in stats.rows] == [r[0] for r in ROWS]
    assert not any("工作情况" in w for w in stats.warnings)


def test_record_beside_a_csv(tmp_path: Path) -> None:
    (tmp_path / "统计.csv").write_text("单位,报名人数,定兵人数\n东村,5,1\n", encoding="utf-8")
    (tmp_path / "工作情况.csv").write_text("项目,内容\n监督电话,0796-1234567\n", encoding="utf-8")
    record = load_record(tmp_path / "统计.csv", "统计.csv")
    assert record.监督电话 == "0796-1234567"
    assert record.where["监督电话"] == "工作情况.csv 第2行第2列"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_station_count_is_its_own_stage(tmp_path: Path) -> None:
    stats = load_stats(
        _csv(tmp_path, "单位,报名人数,初检合格,上站人数,体检合格,定兵人数\n东村,20,15,10,6,3\n")
    )
    assert stats.columns == ["报名人数", "初检合格", "上站人数", "体检合格", "定兵人数"]
    ratio = stats.derived["体检合格率"]
    assert (ratio.numerator, ratio.denominator) == ("体检合格", "上站人数")
    with pytest.raises(InputError, match="上站人数"):
        load_stats(_csv(tmp_path, "单位,初检合格,上站人数,体检合格\n东村,5,8,3\n"))


def test_women_and_returned_recruits_have_ratios(tmp_path: Path) -> None:
    stats = load_stats(_csv(tmp_path, "单位,定兵人数,女兵,退兵人数\n东村,8,1,0\n西村,2,0,1\n"))
    assert stats.derived["退兵率"].value == pytest.approx(0.1)
    assert stats.derived["女兵占定兵"].value == pytest.approx(0.1)
    with pytest.raises(InputError, match="退兵人数"):
        load_stats(_csv(tmp_path, "单位,定兵人数,退兵人数\n东村,1,2\n"))


def test_an_unknown_column_is_a_warning_and_ignored(tmp_path: Path) -> None:
    stats = load_stats(_csv(tmp_path, "单位,报名人数,定兵人数,慰问户数\n东村,5,1,3\n"))
    assert stats.columns == ["报名人数", "定兵人数"]
    assert any("慰问户数" in w and "未读取" in w for w in stats.warnings)


def test_equal_enlistment_shares_a_rank(tmp_path: Path) -> None:
    stats = load_stats(_csv(tmp_path, "单位,任务数,定兵人数\n甲村,2,3\n乙村,3,3\n丙村,1,1\n"))
    ranks = {r.unit.name: r.rank for r in stats.derived["排名"]}
    assert ranks == {"甲村": 1, "乙村": 1, "丙村": 3}
    from zhengbing.stats.show import format_stats

    assert "1（并列）" in format_stats(stats)


def test_policy_table_by_year() -> None:
    assert policy_for(2019)["两次征兵"] is False and policy_for(2020)["两次征兵"] is True
    assert policy_for(2019)["政治考核"] == "政治审查"
    assert policy_for(2026)["政治考核"] == "政治考核"
    assert policy_for(2020)["士兵称谓"] == "士官" and policy_for(2021)["士兵称谓"] == "军士"


def test_workbook_of_a_new_workspace_has_the_record_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path, {})
    sheet = openpyxl.load_workbook(path)["工作情况"]
    items = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "报名截止" in items and "会议议程" in items and "个人体会" in items
    assert load_record(path, "统计.xlsx").values == {}


def _batch_workbook(path: Path, first_enlisted: int) -> Path:
    """汇总 (the year) with 上半年 and 下半年 sheets; the 下半年 figures are the rest."""
    path.write_bytes(workbook_bytes("青山镇", 2026, rows=[*ROWS, total_row(ROWS)]))
    wb = openpyxl.load_workbook(path)
    header = ["单位", "报名人数", "定兵人数"]
    first = wb.create_sheet("2026年上半年")
    second = wb.create_sheet("下半年")
    first.append(header)
    second.append(header)
    for i, row in enumerate(ROWS):
        reg, enlisted = row[2], row[7]
        half_reg, half_enl = reg // 2, (first_enlisted if i == 0 else enlisted // 2)
        first.append([row[0], half_reg, half_enl])
        second.append([row[0], reg - half_reg, enlisted - enlisted // 2 if i else enlisted - 1])
    wb.save(path)
    return path


def test_batch_sheets_are_read_and_must_add_up(tmp_path: Path) -> None:
    path = _batch_workbook(tmp_path / "a.xlsx", 1)
    stats = load_stats(path, year=2026)
    assert sorted(stats.batches) == ["上半年", "下半年"]
    assert sum(b.totals["定兵人数"] for b in stats.batches.values()) == stats.totals["定兵人数"]
    assert not any("上半年" in w for w in stats.warnings)  # not an unread sheet
    bad = _batch_workbook(tmp_path / "b.xlsx", 3)
    with pytest.raises(InputError, match="“定兵人数”为 7，但上半年.*下半年"):
        load_stats(bad, year=2026)


def test_summary_reports_each_batch(make_ws, tmp_path: Path) -> None:
    from zhengbing.compose import compose_document

    ws = make_ws()
    _batch_workbook(ws.root / ws.profile.stats, 1)
    stats = load_stats(ws.root / ws.profile.stats, year=2026)
    first = stats.batches["上半年"].totals["定兵人数"]
    second = stats.batches["下半年"].totals["定兵人数"]
    body = compose_document(ws, "总结", date="2025-12-20").text
    assert f"全年定兵{first + second}名（上半年{first}名、下半年{second}名）" in body
