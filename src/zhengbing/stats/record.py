"""The unit's work record (工作情况): what it did and was asked to do, besides the statistics.

An office worker fills it in a sheet named 工作情况 of the statistics workbook (or a file
``工作情况.csv`` next to a CSV statistics file): one row per item, column A the item (项目),
column B the content (内容), column C an optional note that is not read. Items such as 会议 or
宣传 may repeat. Every problem names file, sheet and cell; nothing is guessed.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhengbing.errors import InputError
from zhengbing.stats.reader import RawCell, RawSheet, read_csv, read_workbook

SHEET_NAME = "工作情况"
CSV_NAME = "工作情况.csv"
NOTE_PREFIX = "补充："

TEXT, LIST, DATE, PERCENT, NUMBER, BATCH = "文字", "可多行", "日期", "百分比", "数字", "批次"

# item -> (type, group, what to write, example)
ITEMS: dict[str, tuple[str, str, str, str]] = {
    "批次": (BATCH, "时间节点", "本次文稿对应的征兵批次：上半年、下半年或全年", "上半年"),
    "动员会日期": (DATE, "时间节点", "征兵工作动员会议召开的日期", "2026-02-20"),
    "报名开始": (DATE, "时间节点", "网上报名开始日期", "2026-01-01"),
    "报名截止": (DATE, "时间节点", "网上报名截止日期", "2026-02-20"),
    "初检日期": (DATE, "时间节点", "初步体检（初检）日期", "2026-02-25"),
    "体检日期": (DATE, "时间节点", "上站体检开始日期", "2026-03-01"),
    "政考日期": (DATE, "时间节点", "政治考核（走访调查）开始日期", "2026-03-05"),
    "定兵日期": (DATE, "时间节点", "县征兵办公室审定新兵日期", "2026-03-10"),
    "起运日期": (DATE, "时间节点", "新兵交接起运日期", "2026-03-15"),
    "大学生比例目标": (PERCENT, "上级目标", "上级要求的大学生占定兵比例（不低于）", "50%"),
    "退兵率目标": (PERCENT, "上级目标", "上级要求的退兵率（不高于）", "1%"),
    "考评指标": (LIST, "上级目标", "上级的其他考评指标及要求，一行一项", "兵役登记率100%"),
    "会议": (
        LIST,
        "会议",
        "召开过的征兵工作会议，一行一次：日期和会议名称",
        "2月20日征兵工作动员会",
    ),
    "会议议程": (
        TEXT,
        "会议",
        "动员会上在主要领导讲话之前的议程",
        "镇人武部部长通报了任务分配方案和时间节点",
    ),
    "领导小组": (TEXT, "工作措施", "征兵工作领导小组的组成", "镇长任组长、分管副镇长任副组长"),
    "责任书": (TEXT, "工作措施", "签订目标责任书的情况", "与12个村（社区）签订征兵目标责任书"),
    "进度通报": (TEXT, "工作措施", "督导和进度通报的做法", "每周汇总进度、在工作群通报"),
    "宣传": (LIST, "工作措施", "开展的宣传活动，一行一项", "1月18日返乡大学生座谈会"),
    "台账": (TEXT, "工作措施", "兵源台账的建立和更新", "依托兵役登记建立适龄青年台账"),
    "体检组织": (TEXT, "工作措施", "体检前后的组织工作", "体检前组织2次适应性训练"),
    "政考走访": (TEXT, "工作措施", "政治考核的走访调查", "会同派出所走访预定新兵家庭"),
    "公示": (TEXT, "工作措施", "公示的内容、地点和时间", "在镇政务公开栏公示7个工作日"),
    "监督电话": (TEXT, "工作措施", "公开的监督举报电话", "0572-5012345"),
    "廉洁承诺": (TEXT, "工作措施", "签订廉洁征兵承诺书的情况", "征兵工作人员26人签订承诺书"),
    "制度": (LIST, "工作措施", "建立或完善的制度，一行一项", "兵员信息排查制度"),
    "新兵回访": (TEXT, "工作措施", "新兵入营后的回访、慰问", "走访慰问新兵家庭29户"),
    "第一责任人": (TEXT, "责任人", "村（社区）征兵工作第一责任人", "村（社区）党组织书记"),
    "具体责任人": (TEXT, "责任人", "具体负责征兵工作的人", "村（社区）民兵连长"),
    "信访举报": (NUMBER, "廉洁情况", "收到的征兵信访、举报件数（没有写0）", "0"),
    "违纪问题": (NUMBER, "廉洁情况", "查实的违反廉洁征兵规定的问题件数（没有写0）", "0"),
    "存在问题": (LIST, "总结", "自己查找出的问题，一行一项", "个别村兵员摸底不细"),
    "个人体会": (TEXT, "心得体会", "心得体会中要写的亲身经历（自己的事）", ""),
}

_LIST_ITEMS = {k for k, v in ITEMS.items() if v[0] == LIST}
_DATE_RE = re.compile(r"^\s*(\d{4})\s*(?:[-./年])\s*(\d{1,2})\s*(?:[-./月])\s*(\d{1,2})\s*日?\s*$")
_ORDER = (("报名开始", "报名截止"), ("报名开始", "体检日期"), ("定兵日期", "起运日期"))


class DateValue:
    """A record date; ``str()`` is how documents write it (3月1日)."""

    def __init__(self, value: _dt.date) -> None:
        self.value = value

    def __str__(self) -> str:
        return f"{self.value.month}月{self.value.day}日"

    @property
    def full(self) -> str:
        return f"{self.value.year}年{self.value.month}月{self.value.day}日"

    def __lt__(self, other: DateValue) -> bool:
        return self.value < other.value


@dataclass
class Record:
    """The validated work record; empty when the unit has not filled one."""

    source: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # section heading -> extra paragraph
    where: dict[str, str] = field(default_factory=dict)  # item -> file/sheet/cell

    def has(self, item: str) -> bool:
        value = self.values.get(item)
        return value not in (None, "", [])

    def __getattr__(self, item: str) -> Any:
        if item.startswith("_") or item in ("source", "values", "notes", "where"):
            raise AttributeError(item)
        if item not in ITEMS:
            raise AttributeError(f"工作情况中没有“{item}”这一项")
        return self.values.get(item, [] if item in _LIST_ITEMS else None)

    def __getitem__(self, item: str) -> Any:
        return self.__getattr__(item)

    def note(self, heading: str) -> str:
        return self.notes.get(heading, "")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return re.sub(r"\s+", " ", str(value)).strip()


def _parse_date(value: object) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    m = _DATE_RE.match(_text(value))
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _parse_percent(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number if number <= 1 else number / 100
    text = _text(value).replace("％", "%")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%?", text)
    if not m:
        return None
    number = float(m.group(1))
    return number / 100 if "%" in text or number > 1 else number


def _parse_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == int(value):
        return int(value)
    text = _text(value)
    return int(text) if re.fullmatch(r"\d+", text) else None


def parse_record(sheet: RawSheet) -> Record:
    """Validate the rows of a 工作情况 sheet; all problems are raised together."""
    record = Record(source=sheet.where())
    errors: list[str] = []
    for _row, cells in sheet.rows:
        if not cells:
            continue
        item_cell: RawCell = cells[0]
        item = _text(item_cell.value).rstrip("：:")
        value_cell = cells[1] if len(cells) > 1 else RawCell(None, item_cell.address)
        value = value_cell.value
        if not item or item in ("项目", SHEET_NAME) or item.startswith(("#", "（", "(")):
            continue
        if item.startswith(("补充：", "补充:")):
            heading = item[3:].strip()
            if _text(value):
                record.notes[heading] = _text(value)
            continue
        if item not in ITEMS:
            known = "、".join(ITEMS)
            errors.append(
                f"{sheet.where(item_cell.address)}：无法识别的项目“{item}”。可填写的项目：{known}；"
                f"给某一部分补充文字请写“补充：小标题”。"
            )
            continue
        kind = ITEMS[item][0]
        place = sheet.where(value_cell.address)
        if value is None or _text(value) == "":
            continue
        parsed: Any
        if kind == DATE:
            parsed = _parse_date(value)
            if parsed is None:
                errors.append(
                    f"{place}：“{item}”应是日期，这里是“{_text(value)}”。请写成 2026-03-01。"
                )
                continue
            parsed = DateValue(parsed)
        elif kind == PERCENT:
            parsed = _parse_percent(value)
            if parsed is None or parsed > 1:
                errors.append(
                    f"{place}：“{item}”应是 0～100 之间的百分数，这里是“{_text(value)}”。请写成 50%。"
                )
                continue
        elif kind == NUMBER:
            parsed = _parse_number(value)
            if parsed is None:
                errors.append(f"{place}：“{item}”应是不小于 0 的整数，这里是“{_text(value)}”。")
                continue
        elif kind == BATCH:
            parsed = _text(value)
            if parsed not in ("上半年", "下半年", "全年"):
                errors.append(f"{place}：“批次”应写上半年、下半年或全年，这里是“{parsed}”。")
                continue
        else:
            parsed = _text(value)
        if kind == LIST:
            record.values.setdefault(item, []).append(parsed)
        elif item in record.values:
            errors.append(
                f"{place}：“{item}”重复填写（第一次在 {record.where[item]}）。请只留一行。"
            )
            continue
        else:
            record.values[item] = parsed
        record.where.setdefault(item, place)
    for first, later in _ORDER:
        a, b = record.values.get(first), record.values.get(later)
        if isinstance(a, DateValue) and isinstance(b, DateValue) and b < a:
            errors.append(
                f"{record.where[later]}：“{later}”（{b.full}）早于“{first}”（{a.full}）。请核对日期。"
            )
    if errors:
        message = (
            errors[0]
            if len(errors) == 1
            else (f"工作情况有 {len(errors)} 处问题：\n" + "\n".join(f"  {e}" for e in errors))
        )
        raise InputError(message, hint="请改正后保存，再重新运行；没有的项目可以留空。")
    return record


def is_record_sheet(name: str | None) -> bool:
    return bool(name) and re.sub(r"\s+", "", name or "") == SHEET_NAME


def load_record(stats_path: Path, display: str, sheet: RawSheet | None = None) -> Record:
    """The record in the workbook's 工作情况 sheet (*sheet* when the workbook was already
    read), or in 工作情况.csv beside a CSV file."""
    if sheet is not None:
        return parse_record(sheet)
    suffix = stats_path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        for sheet in read_workbook(stats_path, display):
            if is_record_sheet(sheet.name):
                return parse_record(sheet)
        return Record()
    sibling = stats_path.with_name(CSV_NAME)
    if sibling.is_file() and sibling != stats_path:
        shown = str(Path(display).with_name(CSV_NAME).as_posix())
        return parse_record(read_csv(sibling, shown))
    return Record()


def template_rows() -> list[tuple[str, str, str]]:
    """(item, content, note) rows of an empty 工作情况 sheet."""
    return [(item, "", f"{spec[2]}（{spec[0]}），例如：{spec[3]}") for item, spec in ITEMS.items()]
