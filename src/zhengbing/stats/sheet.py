"""Turning a raw sheet into a validated table: header, one row per unit, optional 合计 row."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from zhengbing.stats import columns as C
from zhengbing.stats.reader import RawCell, RawSheet, column_letter

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
_EMPTY_MARKS = frozenset({"", "-", "—", "－", "/", "／", "无", "——"})
_NOTE_RE = re.compile(r"^(填表|制表|审核|注|备注|说明|单位负责人|联系人|联系电话|统计人|日期)")


@dataclass
class UnitRow:
    """One village/community/unit (or the 合计 row) with its values and their cells."""

    name: str
    row: int
    values: dict[str, int]
    cells: dict[str, str]  # column -> address (D7)
    blank: frozenset[str] = frozenset()  # columns whose cell was left empty


@dataclass
class Table:
    """A validated statistics table from one sheet or CSV file."""

    sheet: RawSheet
    columns: list[str]  # standard columns present, in sheet order (without 单位)
    rows: list[UnitRow]
    total_row: UnitRow | None
    header_row: int
    letters: dict[str, str]  # column -> letter ("D") or CSV column number
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    uncalculated: list[str] = field(default_factory=list)

    def has(self, column: str) -> bool:
        return column in self.columns

    @property
    def totals(self) -> dict[str, int]:
        return {c: sum(r.values.get(c, 0) for r in self.rows) for c in self.columns}

    def where(self, address: str | None = None) -> str:
        return self.sheet.where(address)

    def total_source(self, column: str) -> str:
        """Where a total comes from: the 合计 row's cell, or the range that was summed."""
        if self.total_row is not None and column in self.total_row.cells:
            return self.where(self.total_row.cells[column]) + "（合计行）"
        if not self.rows:
            return self.where()
        if self.sheet.name is None:
            return self.where(f"第{self.rows[0].row}～{self.rows[-1].row}行“{column}”列之和")
        letter = self.letters[column]
        return self.where(f"{letter}{self.rows[0].row}:{letter}{self.rows[-1].row}之和")


class _Collector:
    def __init__(self, sheet: RawSheet) -> None:
        self.sheet = sheet
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.uncalculated: list[str] = []

    def error(self, address: str | None, message: str) -> None:
        self.errors.append(f"{self.sheet.where(address)}：{message}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s+", "", str(value))


def _number(cell: RawCell, column: str, out: _Collector) -> int | None:
    """The count in a cell; blank = 0. Reports and returns None for a bad value."""
    value = cell.value
    if cell.uncalculated:
        out.uncalculated.append(cell.address)
        return None
    if value is None:
        return 0
    if isinstance(value, bool) or isinstance(value, _dt.date | _dt.datetime | _dt.time):
        out.error(
            cell.address,
            f"“{column}”应填人数，这里是“{value}”（单元格格式可能被设成了日期或逻辑值）。",
        )
        return None
    if isinstance(value, int):
        number: float = value
    elif isinstance(value, float):
        number = value
    else:
        text = str(value).strip().translate(_FULLWIDTH).replace(",", "").replace("，", "")
        text = re.sub(r"\s+", "", text)
        if text in _EMPTY_MARKS:
            return 0
        text = re.sub(r"(人|名|个)$", "", text)
        if not re.fullmatch(r"-?\d+(?:\.\d+)?", text):
            out.error(
                cell.address,
                f"“{column}”应填数字，这里是“{value}”。请改成阿拉伯数字（没有就填 0）。",
            )
            return None
        number = float(text)
    if number < 0:
        out.error(cell.address, f"“{column}”不能是负数（{value}）。")
        return None
    if not float(number).is_integer():
        out.error(cell.address, f"“{column}”应是整数人数，这里是 {value}。")
        return None
    return int(number)


def _find_header(sheet: RawSheet, out: _Collector) -> int | None:
    """Index (into sheet.rows) of the header row: the first row with a 单位 column."""
    best_without_unit: int | None = None
    for i, (_r, cells) in enumerate(sheet.rows[:20]):
        canon = [C.canonical(_text(c.value)) for c in cells if _text(c.value)]
        if C.UNIT in canon:
            return i
        if best_without_unit is None and sum(1 for c in canon if c) >= 2:
            best_without_unit = i
    if best_without_unit is not None:
        row_no = sheet.rows[best_without_unit][0]
        out.error(
            None,
            f"第 {row_no} 行是表头，但没有“单位”列（村、社区或单位名称）。"
            "请在第一列加上列名“单位”或“村（社区）”。",
        )
    return None


def _two_level_headers(sheet: RawSheet, header_index: int) -> list[tuple[str, RawCell]] | None:
    """Headers of a two-row header (a group such as “其中” or “文化程度” merged across columns).

    Columns under a group take their name from the second row (“报名”+“大学生” → 报名大学生 when
    that is a standard column, else the second row alone); other columns keep the first row.
    Returns None when the header is a single row.
    """
    header_row, cells = sheet.rows[header_index]
    groups = [
        (min_col, max_col)
        for min_row, min_col, max_row, max_col in sheet.merged
        if min_row == header_row and max_row == header_row and max_col > min_col
    ]
    if not groups or header_index + 1 >= len(sheet.rows):
        return None
    merged_down = {
        col
        for min_row, min_col, max_row, max_col in sheet.merged
        if min_row == header_row and max_row > header_row
        for col in range(min_col, max_col + 1)
    }
    _sub_row, sub_cells = sheet.rows[header_index + 1]
    result: list[tuple[str, RawCell]] = []
    for idx, cell in enumerate(cells):
        column = idx + 1
        group = next((g for g in groups if g[0] <= column <= g[1]), None)
        sub = sub_cells[idx] if idx < len(sub_cells) else RawCell(None, cell.address)
        sub_text = _text(sub.value)
        if group is None:
            # a one-column group (“政治考核” over “合格人数”) reads like a merged one
            named = (
                None
                if column in merged_down or not sub_text
                else _grouped_header(_text(cell.value), sub_text)
            )
            result.append((named, sub) if named else (_text(cell.value), cell))
            continue
        parent = _text(cells[group[0] - 1].value)
        result.append((_grouped_header(parent, sub_text) or sub_text, sub))
    return result


# a group heading such as “体检情况” names the stage; its columns say what was counted
_GROUP_SUFFIXES = ("情况", "环节", "阶段", "工作", "统计", "人员", "人数")
_GENERIC_SUBS = frozenset({"合计", "小计", "总数", "总计", "人数", "数量", "计", "数"})


def _grouped_header(parent: str, sub: str) -> str | None:
    """The column name of ``sub`` written under the merged group heading ``parent``.

    “报名情况”/“其中大学生” → 报名大学生, “体检情况”/“合格人数” → 体检合格人数,
    “定兵情况”/“合计” → 定兵, “报名情况”/“报名人数” → 报名人数; None when nothing fits."""
    parent_c = C.normalise_header(parent)
    sub_c = C.normalise_header(sub).removeprefix("其中")
    stem = parent_c
    for suffix in _GROUP_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    candidates = [f"{parent_c}{sub_c}", f"{stem}{sub_c}", sub_c]
    if sub_c in _GENERIC_SUBS or not sub_c:
        candidates += [parent_c, stem]
    for candidate in candidates:
        if candidate and (C.canonical(candidate) or C.is_ignored(candidate)):
            return candidate
    return None


def parse_sheet(sheet: RawSheet) -> Table:
    """Validate one sheet; problems go to ``Table.errors`` (each naming its cell)."""
    out = _Collector(sheet)
    table = Table(sheet, [], [], None, 0, {})
    header_index = _find_header(sheet, out)
    if header_index is None:
        if not out.errors:
            if not any(_text(c.value) for _r, cells in sheet.rows for c in cells):
                out.error(None, "是空的，没有任何数据。")
            else:
                out.error(
                    None,
                    "找不到表头（应有“单位”“报名人数”“定兵人数”等列名）。",
                )
        table.errors = out.errors
        return table
    header_row, header_cells = sheet.rows[header_index]
    table.header_row = header_row
    # data starts below the header, or below a header cell merged downwards
    data_start = header_row + 1
    for min_row, _min_col, max_row, _max_col in sheet.merged:
        if min_row == header_row and max_row > header_row:
            data_start = max(data_start, max_row + 1)

    headers = _two_level_headers(sheet, header_index)
    if headers is not None:
        data_start = max(data_start, header_row + 2)
    else:
        headers = [(_text(c.value), c) for c in header_cells]

    col_of: dict[int, str] = {}
    unit_col: int | None = None
    unknown: list[tuple[str, RawCell]] = []
    for idx, (text, cell) in enumerate(headers):
        if not text:
            continue
        canon = C.canonical(text)
        letter = column_letter(idx + 1) if sheet.name is not None else f"第{idx + 1}列"
        if canon is None:
            if C.is_ignored(text):
                continue
            unknown.append((text, cell))
            continue
        if canon in col_of.values() or (canon == C.UNIT and unit_col is not None):
            out.error(cell.address, f"列“{canon}”重复出现（“{cell.value}”）。请删去多余的一列。")
            continue
        if canon == C.UNIT:
            unit_col = idx
        else:
            col_of[idx] = canon
            table.letters[canon] = letter
        if canon == "政考合格" and "政审" in text:
            out.warnings.append(
                f"{sheet.where(cell.address)}：列名“{text}”按“政考合格”读取"
                "（现行《征兵工作条例》称“政治考核”）。"
            )
    found = set(col_of.values()) | ({C.UNIT} if unit_col is not None else set())
    for text, cell in unknown:
        near = C.nearest(text)
        if near and near not in found and C.looks_like(text, near):
            # most likely a misspelt standard column the sheet otherwise lacks: reading on
            # without it would silently lose that figure
            out.error(
                cell.address,
                f"无法识别的列名“{cell.value}”。是不是“{near}”？标准列名：{'、'.join(C.COLUMNS)}。",
            )
        else:
            hint = f"如果是“{near}”，请改用标准列名" if near else "标准列名见填表说明"
            out.warnings.append(
                f"{sheet.where(cell.address)}：列名“{cell.value}”不是统计表的标准列，这一列未读取"
                f"（{hint}）。"
            )
    table.columns = [col_of[i] for i in sorted(col_of)]
    if unit_col is None:
        table.errors = out.errors
        return table
    if not table.columns and not out.errors:
        out.error(None, "表头中没有任何人数列（如“报名人数”“定兵人数”）。")

    merged_cells: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for rng in sheet.merged:
        min_row, min_col, max_row, max_col = rng
        if max_row < data_start:
            continue
        for r in range(max(min_row, data_start), max_row + 1):
            for c in range(min_col, max_col + 1):
                merged_cells[(r, c)] = rng
    reported_merges: set[tuple[int, int, int, int]] = set()

    seen: dict[str, int] = {}
    footer_started = False
    for row_no, cells in sheet.rows:
        if row_no < data_start:
            continue
        label = _row_label(cells, unit_col, col_of)
        for idx in [unit_col, *col_of]:
            rng = merged_cells.get((row_no, idx + 1))
            if idx == unit_col and rng and rng[0] == rng[2] and C.is_total_name(label):
                continue  # a 合计 label merged across 序号 and 单位 is the usual layout
            if rng and rng not in reported_merges and idx < len(cells):
                reported_merges.add(rng)
                a = f"{column_letter(rng[1])}{rng[0]}:{column_letter(rng[3])}{rng[2]}"
                out.error(
                    a,
                    "是合并单元格，数据区不能合并。请取消合并，每个村（社区）占一行、每个数占一格。",
                )
        name_cell = cells[unit_col] if unit_col < len(cells) else RawCell(None, "")
        name = _text(name_cell.value)
        if not name and C.is_total_name(label):
            name = label  # 合计 written in the 序号 column (or merged across it)
        num_cells = {col: cells[i] for i, col in col_of.items() if i < len(cells)}
        has_numbers = any(
            c.value is not None and _text(c.value) != "" or c.uncalculated
            for c in num_cells.values()
        )
        if not name and not has_numbers:
            continue
        if footer_started or (name and _NOTE_RE.match(name) and not has_numbers):
            footer_started = True
            if has_numbers:
                out.error(
                    name_cell.address or None,
                    "合计行或表尾说明之后还有数据。请把合计行放在最后，或删去多余的行。",
                )
            continue
        if not name:
            address = name_cell.address or f"第{row_no}行"
            out.error(address, "这一行有数字，但单位名称是空的。请填写村（社区）名称。")
            continue
        values: dict[str, int] = {}
        addresses: dict[str, str] = {}
        for col, cell in num_cells.items():
            number = _number(cell, col, out)
            addresses[col] = cell.address
            if number is not None:
                values[col] = number
        for col in table.columns:
            values.setdefault(col, 0)
        blank = frozenset(
            col
            for col, cell in num_cells.items()
            if _text(cell.value) == "" and not cell.uncalculated
        ) | frozenset(col for col in table.columns if col not in num_cells)  # a short row
        unit = UnitRow(name, row_no, values, addresses, blank)
        if C.is_total_name(name):
            if table.total_row is not None:
                out.error(name_cell.address, f"出现了第二个合计行（“{name}”）。请只保留一个。")
            table.total_row = unit
            # a 合计 row right below the header (a common layout) is followed by the units
            footer_started = bool(table.rows)
            continue
        if name in seen:
            out.error(
                name_cell.address,
                f"单位“{name}”重复出现（第 {seen[name]} 行已有）。请合并为一行。",
            )
        seen[name] = row_no
        table.rows.append(unit)

    if not table.rows and table.total_row is None and not out.errors and not out.uncalculated:
        out.error(None, "还没有填写任何村（社区）的数据。")
    _check_logic(table, out)
    table.errors = out.errors
    table.warnings = out.warnings
    table.uncalculated = out.uncalculated
    return table


def _row_label(cells: list[RawCell], unit_col: int, col_of: dict[int, str]) -> str:
    """The row's unit name, or the first text before the number columns (where 合计 often is)."""
    if unit_col < len(cells):
        name = _text(cells[unit_col].value)
        if name:
            return name
    first_number = min(col_of) if col_of else len(cells)
    for i, cell in enumerate(cells[:first_number]):
        if i != unit_col:
            text = _text(cell.value)
            if text and not text.isdigit():
                return text
    return ""


def _check_logic(table: Table, out: _Collector) -> None:
    present_stages = [s for s in C.STAGES if table.has(s)]
    checked = [*table.rows, *([table.total_row] if table.total_row else [])]
    for unit in checked:
        for earlier, later in zip(present_stages, present_stages[1:], strict=False):
            a, b = unit.values.get(earlier), unit.values.get(later)
            if a is not None and b is not None and b > a:
                out.error(
                    unit.cells.get(later),
                    f"{unit.name}的“{later}”（{b}）大于“{earlier}”（{a}）。"
                    f"后一环节的人数不能多于前一环节，请核对。",
                )
        for parts, whole in C.COMPOSITION:
            if not table.has(whole) or not all(table.has(p) for p in parts):
                continue
            if any(unit.values.get(p) is None for p in parts) or unit.values.get(whole) is None:
                continue
            part_sum = sum(unit.values[p] for p in parts)
            if part_sum > unit.values[whole]:
                label = "与".join(f"“{p}”" for p in parts)
                detail = "之和" if len(parts) > 1 else ""
                out.error(
                    unit.cells.get(parts[-1]),
                    f"{unit.name}的{label}{detail}（{part_sum}）大于“{whole}”（{unit.values[whole]}）。"
                    f"“{parts[0]}”等列统计的是{whole}中的人数，请核对。",
                )
    if table.total_row is not None and table.rows:
        for col in table.columns:
            cell = table.total_row.cells.get(col)
            given = table.total_row.values.get(col)
            if cell is None or given is None:
                continue
            if col in table.total_row.blank:
                continue
            parts = [r.values.get(col) for r in table.rows]
            if any(p is None for p in parts):
                continue
            total = sum(p for p in parts if p is not None)
            if given != total:
                out.error(
                    cell,
                    f"合计行“{col}”为 {given}，但各村（社区）之和为 {total}。请核对合计或明细。",
                )
