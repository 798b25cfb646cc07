"""Figures derived from a statistics table: rates, shares, year-on-year change, ranking."""

from __future__ import annotations

from dataclasses import dataclass

from zhengbing.stats.sheet import Table, UnitRow


@dataclass(frozen=True)
class Ratio:
    """A rate or share: numerator ÷ denominator (None when the denominator is 0)."""

    key: str  # e.g. 完成率, 大学生占定兵
    label: str  # 征集任务完成率
    numerator: str  # column
    denominator: str  # column
    num: int
    den: int

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else None

    @property
    def formula(self) -> str:
        return f"{self.numerator} ÷ {self.denominator}"


@dataclass(frozen=True)
class Change:
    """Year-on-year change of one column's total."""

    column: str
    current: int
    previous: int

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def ratio(self) -> float | None:
        return self.delta / self.previous if self.previous else None

    @property
    def word(self) -> str:
        return "增加" if self.delta > 0 else "减少" if self.delta < 0 else "持平"

    @property
    def trend(self) -> str:
        return "增长" if self.delta > 0 else "下降" if self.delta < 0 else "持平"


# key -> (label, numerator, denominator)
RATIOS: dict[str, tuple[str, str, str]] = {
    "完成率": ("征集任务完成率", "定兵人数", "任务数"),
    "初检合格率": ("初检合格率", "初检合格", "报名人数"),
    "上站率": ("初检合格人员上站比例", "上站人数", "初检合格"),
    "体检合格率": ("体检合格率", "体检合格", "上站人数"),
    "政考合格率": ("政治考核合格率", "政考合格", "体检合格"),
    "定兵率": ("报名人员定兵比例", "定兵人数", "报名人数"),
    "大学生占定兵": ("大学生占定兵人数比例", "大学生", "定兵人数"),
    "大学毕业生占定兵": ("高校毕业生占定兵人数比例", "大学毕业生", "定兵人数"),
    "在校生占定兵": ("在校生占定兵人数比例", "在校生", "定兵人数"),
    "大学新生占定兵": ("高校新生占定兵人数比例", "大学新生", "定兵人数"),
    "高中占定兵": ("高中学历占定兵人数比例", "高中", "定兵人数"),
    "党员占定兵": ("党员占定兵人数比例", "党员", "定兵人数"),
    "团员占定兵": ("团员占定兵人数比例", "团员", "定兵人数"),
    "党团员占定兵": ("党团员占定兵人数比例", "党团员", "定兵人数"),
    "大学生占报名": ("大学生占报名人数比例", "报名大学生", "报名人数"),
    "女兵占定兵": ("女兵占定兵人数比例", "女兵", "定兵人数"),
    "退兵率": ("退兵率", "退兵人数", "定兵人数"),
}


def _fallbacks(table: Table) -> dict[str, str]:
    """体检合格率 is ÷ 上站人数, else ÷ 初检合格, else ÷ 报名人数; and so on."""
    return {
        "体检合格率": next((c for c in ("上站人数", "初检合格") if table.has(c)), "报名人数"),
        "政考合格率": "体检合格" if table.has("体检合格") else "报名人数",
    }


def ratios(table: Table, totals: dict[str, int]) -> dict[str, Ratio]:
    values = dict(totals)
    if table.has("党员") and table.has("团员"):
        values["党团员"] = totals["党员"] + totals["团员"]
    fallbacks = _fallbacks(table)
    out: dict[str, Ratio] = {}
    for key, (label, num, den) in RATIOS.items():
        den = fallbacks.get(key, den)
        if num in values and den in values:
            out[key] = Ratio(key, label, num, den, values[num], values[den])
    return out


def changes(current: dict[str, int], previous: dict[str, int] | None) -> dict[str, Change]:
    if previous is None:
        return {}
    return {c: Change(c, current[c], previous[c]) for c in current if c in previous}


@dataclass(frozen=True)
class Ranked:
    rank: int
    unit: UnitRow
    enlisted: int
    task: int | None
    rate: float | None


def ranking(table: Table) -> list[Ranked]:
    """Units by 定兵人数 (then completion rate), highest first; units with the same 定兵人数
    share a rank (并列), whatever their completion rates."""
    if not table.has("定兵人数"):
        return []
    has_task = table.has("任务数")

    def rate(u: UnitRow) -> float | None:
        task = u.values.get("任务数") if has_task else None
        return u.values["定兵人数"] / task if task else None

    ordered = sorted(table.rows, key=lambda u: (-u.values["定兵人数"], -(rate(u) or 0.0), u.row))
    result: list[Ranked] = []
    previous_key: tuple[int, float] | None = None
    rank = 0
    for position, u in enumerate(ordered, start=1):
        key = (u.values["定兵人数"], 0.0)
        if key != previous_key:
            rank = position
            previous_key = key
        result.append(
            Ranked(
                rank, u, u.values["定兵人数"], u.values.get("任务数") if has_task else None, rate(u)
            )
        )
    return result
