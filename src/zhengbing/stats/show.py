"""Plain-text tables of statistics for the terminal (CJK characters count as two columns)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from zhengbing import numerals
from zhengbing.stats import Stats
from zhengbing.stats import columns as C
from zhengbing.stats.derive import Ratio

FUNNEL = ("任务数", *C.STAGES)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, numeric_from: int = 1) -> str:
    """Rows aligned in columns: text left-aligned, numbers right-aligned."""
    cols = len(header)
    widths = [
        max(width(str(r[i])) for r in [header, *rows]) if rows else width(header[i])
        for i in range(cols)
    ]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(str(cell)))
            out.append(f"{pad}{cell}" if i >= numeric_from else f"{cell}{pad}")
        return "  ".join(out).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def _pct(value: float | None) -> str:
    return "—" if value is None else numerals.percent(value, 2)


def format_stats(stats: Stats) -> str:
    """The raw figures (two tables), the derived rates, year-on-year change and ranking."""
    parts: list[str] = []
    title = f"统计表：{stats.display}"
    if stats.table.sheet.name is not None:
        title += f"（工作表“{stats.table.sheet.name}”）"
    if stats.year:
        title += f"，{stats.year}年"
    parts.append(title)
    groups = [
        [c for c in FUNNEL if stats.has(c)],
        [c for c in stats.columns if c not in FUNNEL],
    ]
    totals = stats.totals
    for group in groups:
        if not group:
            continue
        rows = [[u.name, *(str(u.values[c]) for c in group)] for u in stats.rows]
        rows.append(["合计", *(str(totals[c]) for c in group)])
        if "定兵人数" in group and "任务数" in group:
            group_header = [*group, "完成率"]
            for row, unit in zip(rows, [*stats.rows, None], strict=True):
                task = unit.values["任务数"] if unit else totals["任务数"]
                enlisted = unit.values["定兵人数"] if unit else totals["定兵人数"]
                row.append(_pct(enlisted / task if task else None))
        else:
            group_header = list(group)
        parts.append(table(["单位", *group_header], rows))

    derived = stats.derived
    ratio_rows = []
    previous = derived.get("上年比率", {})
    for key, value in derived.items():
        if isinstance(value, Ratio):
            prev = previous.get(key)
            row = [value.label, f"{value.num} ÷ {value.den}", _pct(value.value)]
            if stats.previous is not None:
                row.append(_pct(prev.value) if prev is not None else "—")
            ratio_rows.append(row)
    if ratio_rows:
        header = ["比率", "计算", "本年"] + (["上年"] if stats.previous is not None else [])
        parts.append(table(header, ratio_rows))

    changes = derived["同比"]
    if changes:
        rows = []
        for col, ch in changes.items():
            pct = "—" if ch.ratio is None else numerals.percent(abs(ch.ratio), 2)
            amount = f"{ch.word}{abs(ch.delta)}" if ch.delta else "持平"
            rows.append([col, str(ch.previous), str(ch.current), amount, pct if ch.delta else "—"])
        year_label = f"{stats.previous_year}年" if stats.previous_year else "上年"
        parts.append(table(["同比", year_label, "本年", "变化", "幅度"], rows))
    else:
        parts.append("同比：没有上年数据（可在工作簿中加一个名为“上年”的工作表）。")

    ranked = derived["排名"]
    if ranked:
        shared = {r.rank for r in ranked if sum(1 for o in ranked if o.rank == r.rank) > 1}
        rows = [
            [
                f"{r.rank}（并列）" if r.rank in shared else str(r.rank),
                r.unit.name,
                str(r.enlisted),
                "—" if r.task is None else str(r.task),
                _pct(r.rate),
            ]
            for r in ranked
        ]
        parts.append(table(["名次", "单位", "定兵", "任务", "完成率"], rows, numeric_from=2))
    notes = []
    if derived["零定兵单位"]:
        notes.append("未定兵的单位：" + "、".join(derived["零定兵单位"]))
    if derived["未完成任务单位"]:
        notes.append("未完成任务的单位：" + "、".join(derived["未完成任务单位"]))
    if derived["超额完成单位"]:
        notes.append("超额完成任务的单位：" + "、".join(derived["超额完成单位"]))
    if notes:
        parts.append("\n".join(notes))
    return "\n\n".join(parts) + "\n"
