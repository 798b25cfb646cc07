"""Local statistics: read a workbook (.xlsx) or CSV file, validate it, derive figures.

``load_stats(path)`` returns a :class:`Stats` whose ``rows`` are the villages/communities,
``totals`` the column sums, ``derived`` the rates, shares, year-on-year changes and ranking,
``source`` the file and ``warnings`` what the user should know. Every problem is reported as
an :class:`~zhengbing.errors.InputError` naming file, sheet and cell.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from zhengbing.errors import InputError
from zhengbing.stats import columns
from zhengbing.stats.derive import Change, Ranked, Ratio, changes, ranking, ratios
from zhengbing.stats.reader import RawSheet, read_csv, read_workbook, year_in
from zhengbing.stats.sheet import Table, UnitRow, parse_sheet

__all__ = [
    "Change",
    "Ranked",
    "Ratio",
    "Stats",
    "Table",
    "UnitRow",
    "columns",
    "load_stats",
    "display_path",
    "is_note",
]

CURRENT_NAMES = ("汇总", "本年", "今年", "本年度", "当年", "统计")
PREVIOUS_NAMES = ("上年", "去年", "上年度", "上一年", "上一年度", "往年")
SKIP_NAMES = ("示例", "样例", "范例", "说明", "填表说明", "填写说明", "例子", "工作情况")
SUPPORTED = (".xlsx", ".xlsm", ".csv", ".txt")
# since 2020 conscription runs twice a year: a workbook may add one sheet per batch
BATCH_NAMES = ("上半年", "下半年")


def batch_of(name: str | None) -> str | None:
    """上半年 / 下半年 for a batch sheet (“上半年”, “2026年下半年”, “下半年征兵”), else None."""
    compact = re.sub(r"\s+|(?:19|20)\d{2}年?|征兵|批次?|数据", "", name or "")
    return compact if compact in BATCH_NAMES else None


MAX_LISTED = 15


@dataclass
class Stats:
    """Validated statistics of one year (and optionally the year before)."""

    source: Path
    display: str
    sha256: str
    table: Table
    previous: Table | None = None
    year: int | None = None
    previous_year: int | None = None
    warnings: list[str] = field(default_factory=list)
    record_sheet: RawSheet | None = None  # the 工作情况 sheet of the workbook, read with it
    batches: dict[str, Table] = field(default_factory=dict)  # 上半年/下半年 sheets, when given

    @property
    def rows(self) -> list[UnitRow]:
        return self.table.rows

    @property
    def columns(self) -> list[str]:
        return self.table.columns

    @property
    def encoding(self) -> str | None:
        return self.table.sheet.encoding

    @cached_property
    def totals(self) -> dict[str, int]:
        return self.table.totals

    @cached_property
    def previous_totals(self) -> dict[str, int] | None:
        return self.previous.totals if self.previous is not None else None

    @cached_property
    def derived(self) -> dict[str, Any]:
        """完成率/合格率/占比 (:class:`Ratio`), 同比 (column → :class:`Change`), 排名, 零定兵单位…"""
        out: dict[str, Any] = dict(ratios(self.table, self.totals))
        out["同比"] = changes(self.totals, self.previous_totals)
        ranked = ranking(self.table)
        out["排名"] = ranked
        out["零定兵单位"] = [r.unit.name for r in ranked if r.enlisted == 0]
        if self.table.has("任务数") and self.table.has("定兵人数"):
            out["未完成任务单位"] = [
                u.name for u in self.rows if u.values["定兵人数"] < u.values["任务数"]
            ]
            out["超额完成单位"] = [
                u.name
                for u in self.rows
                if u.values["任务数"] and u.values["定兵人数"] > u.values["任务数"]
            ]
        else:
            out["未完成任务单位"] = []
            out["超额完成单位"] = []
        if self.previous is not None:
            out["上年比率"] = ratios(self.previous, self.previous.totals)
        else:
            out["上年比率"] = {}
        return out

    def has(self, column: str) -> bool:
        return self.table.has(column)


_NOTE_MARKS = ("编码读取", "上年数据取自", "不作同比")


def is_note(message: str) -> bool:
    """True for purely informational messages (encoding used, where last year came from)."""
    return any(mark in message for mark in _NOTE_MARKS)


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as the user should see it: relative to the workspace (统计/2024.xlsx) or cwd."""
    resolved = path.resolve()
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return resolved.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _sha256(path: Path) -> str:
    from zhengbing.textio import read_user_bytes

    return hashlib.sha256(read_user_bytes(path, what="统计表")).hexdigest()


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _pick_sheets(
    sheets: list[RawSheet], year: int | None, warnings: list[str]
) -> tuple[RawSheet, RawSheet | None]:
    visible = []
    for s in sheets:
        if s.hidden:
            warnings.append(f"{s.where()} 是隐藏的工作表，已跳过。")
        else:
            visible.append(s)
    if not visible:
        raise InputError(
            f"{sheets[0].file}：所有工作表都是隐藏的。", hint="请在 Excel/WPS 中取消隐藏。"
        )
    usable = [
        s
        for s in visible
        if not any(k in _norm(s.name or "") for k in SKIP_NAMES) and batch_of(s.name) is None
    ]
    previous = [s for s in usable if _norm(s.name or "") in PREVIOUS_NAMES]
    others = [s for s in usable if s not in previous]
    current: RawSheet | None = None
    if year is not None:
        current = next((s for s in others if year_in(s.name or "") == year), None)
        prev_by_year = next((s for s in others if year_in(s.name or "") == year - 1), None)
        if prev_by_year is not None and not previous:
            previous = [prev_by_year]
            others.remove(prev_by_year)
    if current is None:
        current = next((s for s in others if _norm(s.name or "") in CURRENT_NAMES), None)
    if current is None:
        dated = [s for s in others if year_in(s.name or "")]
        if dated and len(dated) == len(others):
            dated.sort(key=lambda s: year_in(s.name or "") or 0)
            current = dated[-1]
            cy = year_in(current.name or "") or 0
            prev_by_year = next((s for s in dated if year_in(s.name or "") == cy - 1), None)
            if prev_by_year is not None and not previous:
                previous = [prev_by_year]
    if current is None and others:
        current = others[0]
    if current is None:
        names = "、".join(f"“{s.name}”" for s in visible)
        raise InputError(
            f"{sheets[0].file}：找不到本年度的统计工作表（现有工作表：{names}）。",
            hint="请把本年数据填在名为“汇总”或“本年”的工作表中；“示例”工作表只作参考，不会被读取。",
        )
    rest = [s for s in others if s is not current]
    if rest:
        names = "、".join(f"“{s.name}”" for s in rest)
        warnings.append(
            f"{current.file}：读取工作表“{current.name}”，未读取{names}"
            "（如需对比上年，请把上年数据的工作表命名为“上年”或年份）。"
        )
    return current, previous[0] if previous else None


def _sibling_previous(path: Path, year: int | None) -> Path | None:
    """A last-year file next to *path*: 上年.csv, 2024→2023 in the name, 名称-上年.csv."""
    stem, suffix = path.stem, path.suffix
    candidates = [path.with_name(f"{stem}{sep}上年{suffix}") for sep in ("-", "_", ".", "")]
    candidates.append(path.with_name(f"上年{suffix}"))
    file_year = year_in(stem) or year
    if file_year is not None and str(file_year) in stem:
        candidates.append(path.with_name(stem.replace(str(file_year), str(file_year - 1)) + suffix))
    for c in candidates:
        if c != path and c.is_file():
            return c
    return None


def _is_blank(sheet: RawSheet) -> bool:
    """A sheet with a header at most (e.g. the empty 上年 sheet of a new workbook)."""
    table = parse_sheet(sheet)
    return not table.rows and table.total_row is None and not table.uncalculated


def _raise_problems(tables: list[Table], warnings: list[str]) -> None:
    for t in tables:
        if t.uncalculated:
            cells = "、".join(t.uncalculated[:5])
            more = f"等 {len(t.uncalculated)} 个单元格" if len(t.uncalculated) > 5 else ""
            raise InputError(
                f"{t.where(t.uncalculated[0])}：{cells}{more}是公式，但文件中没有保存计算结果"
                "（这种表格通常由程序生成，从未在 Excel/WPS 中打开并保存过）。",
                hint="请用 Excel 或 WPS 打开该文件，直接保存一次（让公式算出结果）后再试。",
            )
    errors = [e for t in tables for e in t.errors]
    if not errors:
        return
    listed = errors[:MAX_LISTED]
    more = f"\n……另有 {len(errors) - MAX_LISTED} 处问题未列出。" if len(errors) > MAX_LISTED else ""
    if len(errors) == 1:
        message = errors[0]
    else:
        message = f"统计表有 {len(errors)} 处问题：\n" + "\n".join(f"  {e}" for e in listed) + more
    raise InputError(message, hint="请在 Excel/WPS 中改正后保存，再重新运行。")


def _check_batches(year: Table, batches: dict[str, Table]) -> None:
    """With both batch sheets, each column of the year's sheet is the sum of the two."""
    if len(batches) < len(BATCH_NAMES):
        return
    errors: list[str] = []
    totals = year.totals
    for column in year.columns:
        parts = [b.totals.get(column) for b in batches.values()]
        if any(v is None for v in parts):
            continue
        if sum(v or 0 for v in parts) != totals[column]:
            detail = "＋".join(f"{n}{b.totals[column]}" for n, b in batches.items())
            errors.append(
                f"{year.total_source(column)}：全年“{column}”为 {totals[column]}，"
                f"但{detail}＝{sum(v or 0 for v in parts)}。"
            )
    if errors:
        raise InputError(
            "上半年、下半年两个工作表之和与全年数据不一致：\n"
            + "\n".join(f"  {e}" for e in errors[:MAX_LISTED]),
            hint="请核对各批次工作表和全年（汇总）工作表的数字。",
        )


def _read(path: Path, display: str) -> list[RawSheet]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [read_csv(path, display)]
    return read_workbook(path, display)


def load_stats(
    path: str | os.PathLike[str],
    *,
    previous: str | os.PathLike[str] | None = None,
    year: int | None = None,
    root: Path | None = None,
) -> Stats:
    """Read and validate a statistics file (.xlsx or .csv).

    *previous* is an optional separate file with last year's figures; without it a sheet named
    上年/去年/<year-1> in the same workbook, or a sibling file (``上年.csv``, ``2023.csv`` next to
    ``2024.csv``) is used when present. *year* is the report year (default: from the sheet or file
    name). *root* makes file names in messages relative to the workspace.
    """
    p = Path(path)
    display = display_path(p, root)
    if not p.exists():
        raise InputError(
            f"找不到统计表：{display}",
            hint="请检查路径；新建的工作区在“统计”文件夹中有一份待填写的统计表。",
        )
    if p.is_dir():
        raise InputError(f"{display} 是文件夹，不是统计表。", hint="请给出 .xlsx 或 .csv 文件。")
    if p.suffix.lower() not in SUPPORTED and p.suffix.lower() not in (".xls", ".et", ".ods"):
        raise InputError(
            f"{display}：不支持的统计表格式“{p.suffix or '无后缀'}”。",
            hint="请使用 .xlsx（Excel/WPS）或 .csv 文件。",
        )
    warnings: list[str] = []
    sheets = _read(p, display)
    if len(sheets) == 1 and sheets[0].name is None:
        current_sheet, previous_sheet = sheets[0], None
    else:
        current_sheet, previous_sheet = _pick_sheets(sheets, year, warnings)
    if previous is not None:
        prev_path = Path(previous)
        prev_sheets = _read(prev_path, display_path(prev_path, root))
        if len(prev_sheets) == 1:
            previous_sheet = prev_sheets[0]
        else:
            previous_sheet, _ = _pick_sheets(prev_sheets, (year - 1) if year else None, warnings)
    elif previous_sheet is None or _is_blank(previous_sheet):
        sibling = _sibling_previous(p, year)
        if sibling is not None:
            prev_sheets = _read(sibling, display_path(sibling, root))
            previous_sheet = prev_sheets[0] if len(prev_sheets) == 1 else None
            if previous_sheet is None:
                previous_sheet, _ = _pick_sheets(
                    prev_sheets, (year - 1) if year else None, warnings
                )
            warnings.append(f"上年数据取自 {previous_sheet.file}。")
    table = parse_sheet(current_sheet)
    if not table.rows and not table.errors and not table.uncalculated:
        table.errors.append(f"{current_sheet.where()}：只有合计行，没有各村（社区）的数据。")
    tables = [table]
    prev_table: Table | None = None
    if previous_sheet is not None:
        prev_table = parse_sheet(previous_sheet)
        if not prev_table.rows and not prev_table.uncalculated and prev_table.total_row is None:
            warnings.append(f"{previous_sheet.where()} 没有数据，不作同比。")
            prev_table = None
        else:
            tables.append(prev_table)
    batches: dict[str, Table] = {}
    if current_sheet.name is not None:
        for sheet in sheets:
            batch = batch_of(sheet.name)
            if batch is not None and not sheet.hidden and batch not in batches:
                batch_table = parse_sheet(sheet)
                if batch_table.rows or batch_table.uncalculated or batch_table.errors:
                    batches[batch] = batch_table
                    tables.append(batch_table)
    _raise_problems(tables, warnings)
    _check_batches(table, batches)
    if prev_table is not None and not prev_table.rows and prev_table.total_row is not None:
        # last year given only as a 合计 row: use it as the totals
        prev_table.rows = [prev_table.total_row]
    for t in tables:
        warnings.extend(t.warnings)
    if table.sheet.encoding:
        warnings.insert(0, f"{display} 按 {table.sheet.encoding} 编码读取。")
    named_year = year_in(current_sheet.name or "") or year_in(p.stem)
    if year is not None and named_year is not None and named_year != year:
        warnings.append(
            f"{current_sheet.where()} 看起来是 {named_year} 年的数据，与年度 {year} 不一致，请核对。"
        )
    found_year = year or named_year
    prev_year = None
    if prev_table is not None:
        prev_year = year_in(previous_sheet.name or "") if previous_sheet else None
        if prev_year is None and found_year is not None:
            prev_year = found_year - 1
    return Stats(
        source=p,
        display=display,
        sha256=_sha256(p),
        table=table,
        previous=prev_table,
        year=found_year,
        previous_year=prev_year,
        warnings=warnings,
        batches=batches,
        record_sheet=next(
            (s for s in sheets if re.sub(r"\s+", "", s.name or "") == "工作情况"), None
        ),
    )
