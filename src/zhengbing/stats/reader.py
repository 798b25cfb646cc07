"""Reading statistics sheets from .xlsx and .csv files into raw grids of cells."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from zhengbing.errors import InputError


@dataclass
class RawCell:
    value: object
    address: str  # "D7" in a workbook, "第7行第4列" in a CSV file
    uncalculated: bool = False  # a formula without a cached value


@dataclass
class RawSheet:
    """One sheet (or a whole CSV file) as rows of cells, plus where it came from."""

    file: str  # display name, e.g. 统计/2024.xlsx
    name: str | None  # sheet name; None for CSV
    rows: list[tuple[int, list[RawCell]]]  # (1-based row number, cells)
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # min_row,min_col,max_row,max_col
    hidden: bool = False
    encoding: str | None = None

    def where(self, address: str | None = None) -> str:
        """统计/2024.xlsx 工作表"汇总" D7 — the way every message names a place."""
        parts = [self.file]
        if self.name is not None:
            parts.append(f'工作表"{self.name}"')
        if address:
            parts.append(address)
        return " ".join(parts)


MAX_UNITS = 10_000  # units (one a row) of one sheet: far above any county's villages
MAX_SHEET_ROWS = MAX_UNITS + 20  # plus a title, the header, a total and notes


def _too_many_rows(where: str) -> InputError:
    return InputError(
        f"{where}：行数超过上限（最多 {MAX_UNITS} 个单位，即 {MAX_SHEET_ROWS} 行），不再继续读取。",
        hint="统计表每行应是一个村（社区）或乡镇；请删去明细数据，只保留各单位的汇总行。",
    )


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_workbook(path: Path, display: str) -> list[RawSheet]:
    """All sheets of a workbook, in order, with cached values and uncalculated formulas marked."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ods", ".wps"):
        raise InputError(
            f"{display}：不支持 {suffix} 格式。",
            hint="请在 Excel 或 WPS 中打开后“另存为” .xlsx 格式，或导出为 .csv。",
        )
    from zhengbing.safezip import check_archive
    from zhengbing.textio import read_user_bytes

    if not path.exists() and not path.is_symlink():
        raise InputError(
            f"找不到统计表：{display}", hint="请检查路径，或在工作区“统计”文件夹中放入统计表。"
        )
    data = read_user_bytes(path, what="统计表")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError(
            f"{display}：这是旧版 Excel（.xls）或加密的文件，只是扩展名为 {suffix}。",
            hint="请在 Excel 或 WPS 中打开后“另存为” .xlsx 格式（不加密码），或导出为 .csv。",
        )
    check_archive(data, display, hint="请用 Excel 或 WPS 打开后另存为 .xlsx，或导出为 .csv 再试。")
    try:
        _count_rows(openpyxl.load_workbook(io.BytesIO(data), read_only=True), display)
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except InputError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"{display}：无法作为 .xlsx 工作簿打开（{type(exc).__name__}）。",
            hint="文件可能已损坏或不是 Excel 文件；请用 Excel/WPS 打开后另存为 .xlsx 再试。",
        ) from None
    except Exception as exc:  # openpyxl raises XML parse errors and others for a damaged part
        raise InputError(
            f"{display}：工作簿内容已损坏，无法读取（{type(exc).__name__}）。",
            hint="请用 Excel/WPS 打开后另存为 .xlsx 再试；打不开时请从原始数据重新制表。",
        ) from None
    sheets: list[RawSheet] = []
    for ws in values.worksheets:
        fws = formulas[ws.title]
        rows: list[tuple[int, list[RawCell]]] = []
        for r_index, row in enumerate(ws.iter_rows(), start=1):
            cells: list[RawCell] = []
            for c_index, cell in enumerate(row, start=1):
                raw = fws.cell(row=r_index, column=c_index).value
                is_formula = isinstance(raw, str) and raw.startswith("=")
                address = f"{column_letter(c_index)}{r_index}"
                cells.append(RawCell(cell.value, address, is_formula and cell.value is None))
            rows.append((r_index, cells))
        merged = [
            (rng.min_row, rng.min_col, rng.max_row, rng.max_col) for rng in ws.merged_cells.ranges
        ]
        sheets.append(RawSheet(display, ws.title, rows, merged, hidden=ws.sheet_state != "visible"))
    return sheets


def _count_rows(book: object, display: str) -> None:
    """Stream every sheet once and stop past :data:`MAX_SHEET_ROWS` (before the full load)."""
    try:
        for ws in book.worksheets:  # type: ignore[attr-defined]
            for n, _row in enumerate(ws.iter_rows(values_only=True), start=1):
                if n > MAX_SHEET_ROWS:
                    raise _too_many_rows(f'{display} 工作表"{ws.title}"')
    finally:
        book.close()  # type: ignore[attr-defined]


def read_csv(path: Path, display: str) -> RawSheet:
    """A CSV file (UTF-8 with or without BOM, or GB18030) as one sheet."""
    from zhengbing.textio import read_text

    if not path.exists() and not path.is_symlink():
        raise InputError(
            f"找不到统计表：{display}", hint="请检查路径，或在工作区“统计”文件夹中放入统计表。"
        )
    decoded = read_text(path)
    text = decoded.text
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";", "，"), key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    rows: list[tuple[int, list[RawCell]]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for r_index, record in enumerate(reader, start=1):
            if r_index > MAX_SHEET_ROWS:
                raise _too_many_rows(display)
            cells = [
                RawCell(value.strip() or None, f"第{r_index}行第{c_index}列")
                for c_index, value in enumerate(record, start=1)
            ]
            rows.append((r_index, cells))
    except csv.Error as exc:
        raise InputError(
            f"{display} 第 {reader.line_num} 行：CSV 格式有误（{exc}）。",
            hint="请检查引号是否成对；也可以在 Excel/WPS 中打开后重新另存为 CSV。",
        ) from None
    return RawSheet(display, None, rows, encoding=decoded.encoding)


_YEAR_RE = re.compile(r"(19|20)\d{2}")


def year_in(name: str) -> int | None:
    m = _YEAR_RE.search(name)
    return int(m.group(0)) if m else None
