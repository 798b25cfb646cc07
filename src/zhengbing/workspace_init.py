"""Creating a new workspace: the profile ``zhengbing.toml``, the folders and a workbook to fill in."""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zhengbing import kinds
from zhengbing.errors import InputError, OutputError
from zhengbing.textio import atomic_write_bytes
from zhengbing.workspace import (
    DRAFTS_DIR,
    LEVELS,
    OUTPUT_DIR,
    OWN_CORPUS_DIR,
    PROFILE_NAME,
    STATS_DIR,
    Profile,
)

# the columns of the workbook a new workspace gets, in order
WORKBOOK_COLUMNS: tuple[str, ...] = (
    "单位",
    "任务数",
    "报名人数",
    "报名大学生",
    "初检合格",
    "体检合格",
    "政考合格",
    "定兵人数",
    "大学生",
    "大学毕业生",
    "在校生",
    "高中",
    "党员",
    "团员",
    "退役后复学",
)

# the drafted kinds signed at the end by the organ, and those signed by the reporter
_ORGAN_SIGNED = "、".join(k.name for k in kinds.DRAFTED if k.layout and k.layout.closing)
_REPORTER_SIGNED = "、".join(k.full_name for k in kinds.DRAFTED if k.signer == kinds.REPORTER)

# (field, Chinese label, example) in the order the profile file and the prompts show them
PROFILE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("unit", "单位名称（乡镇、街道或县区）", "云岭镇"),
    ("level", "层级：镇、乡、街道、县、区（社区、村也可）", "镇"),
    ("province", "所在省（自治区、直辖市）", "浙江省"),
    ("city", "所在市（州、盟）", "湖州市"),
    ("county", "所在县（市、区）", "安吉县"),
    ("year", "年度（四位数字）", "2026"),
    ("speaker", "讲话人姓名（动员讲话署名）", "王建国"),
    ("office", "讲话人职务", "镇党委副书记、镇长"),
    ("organ", f"落款单位（{_ORGAN_SIGNED}用；不填则为“单位名称+人民武装部”）", "云岭镇人民武装部"),
    ("stats", "默认统计表（相对于工作区）", "统计/征兵统计2026.xlsx"),
)

EXAMPLE_ROWS: tuple[tuple[object, ...], ...] = (
    ("示例社区", 3, 21, 9, 16, 8, 7, 4, 3, 2, 1, 1, 1, 2, 1),
    ("示例一村", 2, 14, 5, 11, 6, 5, 2, 1, 1, 0, 1, 0, 2, 0),
    ("示例二村", 2, 9, 3, 7, 3, 3, 1, 1, 0, 1, 0, 0, 1, 1),
)


def infer_level(unit: str) -> str | None:
    """镇/乡/街道/县/区 from the end of a unit name (青山镇 → 镇)."""
    for level in ("街道", "社区", "镇", "乡", "村", "县", "区", "市"):  # 社区 before 区
        if unit.endswith(level):
            return level
    return None


@dataclass
class InitResult:
    root: Path
    created: list[Path]
    blank: list[str]  # profile fields left empty


def default_reporter_office(profile: Profile) -> str:
    """Who usually writes a 述职 or 心得体会: the unit's 人武部部长 (社区/村: 武装专干)."""
    level = profile.level or infer_level(profile.unit) or "镇"
    if level in ("社区", "村"):
        return "武装专干"
    return f"{level}人民武装部部长"


def profile_text(profile: Profile) -> str:
    """The commented ``zhengbing.toml`` for *profile* (values escaped by tomli-w)."""
    import tomli_w

    lines = [
        "# 征兵文稿工具箱 工作区配置：单位信息",
        "# 用记事本等编辑器修改后保存为 UTF-8 编码即可；以“#”开头的行是说明，不影响使用。",
        "# 起草讲话、总结时，标题、讲话人、落款等都取自这里。",
        "",
        "[unit]",
    ]
    for name, label, example in PROFILE_FIELDS:
        value = getattr(profile, name)
        lines.append(f"# {label}，例如：{example}")
        if value in (None, ""):
            lines.append(f'{name} = ""' if name != "year" else f"# {name} = {example}")
        else:
            lines.append(tomli_w.dumps({name: value}).strip())
    reporter = str(profile.extra.get("reporter") or "")
    reporter_office = str(profile.extra.get("reporter_office") or "") or default_reporter_office(
        profile
    )
    lines.append(
        f"# {_REPORTER_SIGNED}是本人的文稿，署名人（述职人）和职务填在这里"
        "（讲话人不是人武部的同志时必须填写），例如：李强、镇人民武装部部长"
    )
    lines.append(tomli_w.dumps({"reporter": reporter}).strip())
    lines.append(tomli_w.dumps({"reporter_office": reporter_office}).strip())
    lines.append(
        "# Word 文件的字体：gb2312（公文标准字体仿宋_GB2312等，默认）；"
        "电脑没有安装这些字体时可改用 windows（Windows 自带的仿宋、楷体、黑体、宋体）"
    )
    lines.append(f'fonts = "{profile.fonts}"' if profile.fonts else '# fonts = "windows"')
    return "\n".join(lines) + "\n"


def workbook_bytes(
    unit: str,
    year: int,
    *,
    rows: Sequence[Sequence[object]] = (),
    previous_rows: Sequence[Sequence[object]] = (),
    example_rows: Sequence[Sequence[object]] = EXAMPLE_ROWS,
    columns: Sequence[str] = WORKBOOK_COLUMNS,
    record: dict[str, object | list[object]] | None = None,
) -> bytes:
    """An .xlsx with the sheets 汇总 (this year), 上年, 工作情况 (the work record, *record* filled
    in) and 示例, each with a title row and header.

    Only plain values are written (no formulas), so the file is readable before Excel ever saved it.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    sheets = [
        ("汇总", f"{unit}{year}年征兵工作统计表", rows),
        ("上年", f"{unit}{year - 1}年征兵工作统计表（上年数据，可不填）", previous_rows),
        ("示例", "示例（仅供参考，不会被读取）", example_rows),
    ]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, (name, title, data) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = name
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        for c, header in enumerate(columns, start=1):
            cell = ws.cell(row=2, column=c, value=header)
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            ws.column_dimensions[cell.column_letter].width = 12 if c == 1 else 9
        for r, values in enumerate(data, start=3):
            for c, value in enumerate(values, start=1):
                ws.cell(row=r, column=c, value=value)
        ws.freeze_panes = "B3"
    record_sheet(wb.create_sheet("工作情况", 2), unit, year, record or {})
    _instructions(wb.create_sheet("填表说明"), columns)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def record_rows(record: dict[str, object | list[object]]) -> list[tuple[object, object, str]]:
    """(项目, 内容, 填写说明) rows: every item once (repeatable items once per value)."""
    from zhengbing.stats.record import ITEMS, template_rows

    rows: list[tuple[object, object, str]] = []
    for item, _blank, note in template_rows():
        value = record.get(item)
        values = value if isinstance(value, list) else [value]
        for v in values or [None]:
            rows.append((item, v, note))
    rows.extend(
        (k, v, "本单位对这一部分的补充（一段文字）") for k, v in record.items() if k not in ITEMS
    )
    return rows


def record_sheet(
    ws: object, unit: str, year: int, record: dict[str, object | list[object]]
) -> None:
    """The 工作情况 sheet: what the unit did and was asked to do, one item per row."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.cell(row=1, column=1, value="项目").font = Font(bold=True)  # type: ignore[attr-defined]
    ws.cell(row=1, column=2, value="内容").font = Font(bold=True)  # type: ignore[attr-defined]
    ws.cell(row=1, column=3, value="填写说明（本列不读取）").font = Font(bold=True)  # type: ignore[attr-defined]
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c in (1, 2, 3):
        ws.cell(row=1, column=c).fill = fill  # type: ignore[attr-defined]
    for r, (item, value, note) in enumerate(record_rows(record), start=2):
        ws.cell(row=r, column=1, value=item)  # type: ignore[attr-defined]
        ws.cell(row=r, column=2, value=value)  # type: ignore[attr-defined]
        ws.cell(row=r, column=3, value=note).alignment = Alignment(wrap_text=True)  # type: ignore[attr-defined]
    ws.column_dimensions["A"].width = 14  # type: ignore[attr-defined]
    ws.column_dimensions["B"].width = 44  # type: ignore[attr-defined]
    ws.column_dimensions["C"].width = 56  # type: ignore[attr-defined]
    ws.freeze_panes = "B2"  # type: ignore[attr-defined]


def record_csv(record: dict[str, object | list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("项目", "内容", "填写说明（本列不读取）"))
    for item, value, note in record_rows(record):
        writer.writerow((item, "" if value is None else value, note))
    return buffer.getvalue()


def _instructions(ws: object, columns: Sequence[str]) -> None:
    """A sheet explaining the columns and the rules the checker applies (never read as data)."""
    from openpyxl.styles import Alignment, Font

    from zhengbing.stats.columns import COLUMNS

    rules = [
        "填表说明（本工作表不会被读取）",
        "",
        "1. 本年数据填在“汇总”工作表，每个村（社区）一行；最后可加一行“合计”（程序会核对合计是否等于各行之和）。",
        "2. 上年数据（用于同比）填在“上年”工作表，格式相同；不填则文稿不写同比。",
        "3. 各列填人数（整数），没有就填 0 或留空；不要合并单元格。",
        "4. 报名人数 ≥ 初检合格 ≥ 体检合格 ≥ 政考合格 ≥ 定兵人数。",
        "5. 大学生、大学毕业生、在校生、高中、党员、团员、退役后复学都是“定兵人数”中的人数；报名大学生是报名人数中的大学生。",
        "6. 用公式计算的单元格，请在 Excel 或 WPS 中保存后再使用（程序读取的是保存时算出的结果）。",
        "7. 可以另加的列：上站人数（参加上站体检的人数，在初检合格和体检合格之间）、女兵、退兵人数（入营复查后退回的人数）。",
        "8. “工作情况”工作表填写本单位做了什么、上级要求什么（目标、时间节点、会议、措施、责任人），"
        "起草时据此写出具体情况；没有填写的，草稿中留“【请填写：…】”由您补写，不会编造。",
        "",
        "列名及含义：",
    ]
    for row, text in enumerate(rules, start=1):
        cell = ws.cell(row=row, column=1, value=text)  # type: ignore[attr-defined]
        if row == 1:
            cell.font = Font(bold=True, size=14)
    for offset, name in enumerate(columns, start=len(rules) + 1):
        ws.cell(row=offset, column=1, value=name).font = Font(bold=True)  # type: ignore[attr-defined]
        ws.cell(row=offset, column=2, value=COLUMNS.get(name, ("", ""))[1])  # type: ignore[attr-defined]
    ws.column_dimensions["A"].width = 14  # type: ignore[attr-defined]
    ws.column_dimensions["B"].width = 40  # type: ignore[attr-defined]
    for row in ws.iter_rows(min_row=3, max_row=len(rules)):  # type: ignore[attr-defined]
        row[0].alignment = Alignment(wrap_text=False)


def csv_text(rows: Sequence[Sequence[object]], columns: Sequence[str] = WORKBOOK_COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in rows:
        writer.writerow(["" if v is None else v for v in record])
    return buffer.getvalue()


def _check_target(root: Path) -> None:
    if (root / PROFILE_NAME).exists():
        raise OutputError(
            f"{root} 已经是工作区（其中已有 {PROFILE_NAME}），不会覆盖。",
            hint="如要修改单位信息，请直接编辑 zhengbing.toml；或换一个文件夹。",
        )
    if root.exists() and not root.is_dir():
        raise OutputError(f"{root} 已存在且不是文件夹。", hint="请换一个名称。")
    parent = root.parent
    if not root.exists() and not parent.is_dir():
        raise OutputError(f"上级文件夹不存在：{parent}", hint="请先创建它，或换一个位置。")


def init_workspace(root: Path, profile: Profile) -> InitResult:
    """Create a workspace at *root*; refuses when any file it would write already exists."""
    if not profile.unit:
        raise InputError("缺少单位名称。", hint="请用 --unit 指定，例如 --unit 青山镇。")
    if profile.level and profile.level not in LEVELS:
        raise InputError(
            f"层级“{profile.level}”无法识别。", hint=f"请写 {'、'.join(LEVELS)} 之一。"
        )
    if profile.year is None:
        profile.year = _dt.date.today().year
    if not 1949 <= int(profile.year) <= 2200:
        raise InputError(f"年度“{profile.year}”不是有效的年份。", hint="请写四位数字，如 2025。")
    _check_target(root)
    year = int(profile.year)
    workbook_name = f"{STATS_DIR}/征兵统计{year}.xlsx"
    if not profile.stats:
        profile.stats = workbook_name
    files: dict[Path, bytes] = {
        root / PROFILE_NAME: profile_text(profile).encode("utf-8"),
        root / workbook_name: workbook_bytes(profile.unit, year),
        root / STATS_DIR / f"征兵统计{year}.csv": ("\ufeff" + csv_text(())).encode("utf-8"),
        root / STATS_DIR / "示例.csv": ("\ufeff" + csv_text(EXAMPLE_ROWS)).encode("utf-8"),
    }
    existing = [p for p in files if p.exists()]
    if existing:
        raise OutputError(
            f"{existing[0]} 已存在，不会覆盖。", hint="请换一个文件夹，或先移走这些文件。"
        )
    created: list[Path] = []
    try:
        root.mkdir(exist_ok=True)
        for sub in (STATS_DIR, DRAFTS_DIR, OUTPUT_DIR, OWN_CORPUS_DIR):
            folder = root / sub
            if not folder.exists():
                folder.mkdir()
                created.append(folder)
    except OSError as exc:
        raise OutputError(
            f"无法创建文件夹 {exc.filename or root}（{exc.strerror}）。",
            hint="请检查上级文件夹是否可写，或换一个位置。",
        ) from None
    # the profile last: a workspace only counts as created once everything else is there
    for path, data in files.items():
        if path.name != PROFILE_NAME:
            atomic_write_bytes(path, data)
            created.append(path)
    atomic_write_bytes(root / PROFILE_NAME, files[root / PROFILE_NAME])
    created.insert(0, root / PROFILE_NAME)
    blank = [
        label.split("（")[0]
        for name, label, _ in PROFILE_FIELDS
        if name != "organ" and not getattr(profile, name)
    ]
    return InitResult(root, created, blank)


__all__ = [
    "EXAMPLE_ROWS",
    "PROFILE_FIELDS",
    "WORKBOOK_COLUMNS",
    "InitResult",
    "csv_text",
    "infer_level",
    "init_workspace",
    "profile_text",
    "workbook_bytes",
]
