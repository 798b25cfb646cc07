"""Statistics as template values that remember where they came from.

Templates see :class:`Figure` objects (a value plus the statistic, sheet and cell that produced
it). Whenever a figure is written into the text (through a numeral filter or directly), the
active :class:`Recorder` notes the exact text, so the draft's front matter can list, for every
number, which statistic produced it (``figures:``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from zhengbing import numerals
from zhengbing.errors import InputError
from zhengbing.stats import Change, Ratio, Stats
from zhengbing.stats.sheet import Table


@dataclass
class Recorded:
    stat: str
    value: int | float | None
    source: str
    formula: str | None = None
    inputs: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"stat": self.stat, "value": _plain(self.value)}
        if self.formula:
            data["formula"] = self.formula
        if self.inputs:
            data["inputs"] = list(self.inputs)
        data["source"] = self.source
        data["text"] = list(self.text)
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    return value


class Recorder:
    """Collects every figure written into a document, with the text it became."""

    def __init__(self) -> None:
        self.figures: dict[str, Recorded] = {}

    def note(self, figure: Figure, text: str) -> None:
        entry = self.figures.get(figure.key)
        if entry is None:
            entry = Recorded(
                figure.label, figure.value, figure.source, figure.formula, figure.inputs
            )
            self.figures[figure.key] = entry
        if text not in entry.text:
            entry.text.append(text)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {k: v.to_dict() for k, v in self.figures.items()}


_RECORDER: ContextVar[Recorder | None] = ContextVar("zhengbing_figure_recorder", default=None)


def recording(recorder: Recorder) -> Any:
    """Context manager: record figures written while it is active."""
    from contextlib import contextmanager

    @contextmanager
    def _cm() -> Iterator[Recorder]:
        token = _RECORDER.set(recorder)
        try:
            yield recorder
        finally:
            _RECORDER.reset(token)

    return _cm()


class FigureError(InputError):
    """A template used a statistic the workbook does not have."""


class Figure:
    """A number from the statistics with its provenance."""

    def __init__(
        self,
        key: str,
        label: str,
        value: int | float | None,
        source: str,
        *,
        formula: str | None = None,
        inputs: list[str] | None = None,
        missing: str | None = None,
    ) -> None:
        self.key = key
        self.label = label
        self._value = value
        self.source = source
        self.formula = formula
        self.inputs = inputs or []
        self.missing = missing  # why there is no value (shown when a template uses it)

    @property
    def value(self) -> int | float:
        if self._value is None:
            raise FigureError(self.missing or f"“{self.label}”没有数值。")
        return self._value

    @property
    def known(self) -> bool:
        return self._value is not None

    def written(self, text: str) -> str:
        recorder = _RECORDER.get()
        if recorder is not None:
            recorder.note(self, text)
        return text

    def __str__(self) -> str:
        return self.written(numerals.count(self.value))

    def __repr__(self) -> str:
        return f"Figure({self.key}={self._value!r})"

    def __bool__(self) -> bool:
        return bool(self.value)

    def __int__(self) -> int:
        return int(self.value)

    def __float__(self) -> float:
        return float(self.value)

    def __index__(self) -> int:
        return int(self.value)

    def __hash__(self) -> int:
        return hash(self.key)

    @staticmethod
    def _v(other: Any) -> Any:
        return other.value if isinstance(other, Figure) else other

    def __eq__(self, other: object) -> bool:
        return self.value == self._v(other)

    def __lt__(self, other: Any) -> bool:
        return self.value < self._v(other)

    def __le__(self, other: Any) -> bool:
        return self.value <= self._v(other)

    def __gt__(self, other: Any) -> bool:
        return self.value > self._v(other)

    def __ge__(self, other: Any) -> bool:
        return self.value >= self._v(other)

    def __add__(self, other: Any) -> Any:
        return self.value + self._v(other)

    def __radd__(self, other: Any) -> Any:
        return self._v(other) + self.value

    def __sub__(self, other: Any) -> Any:
        return self.value - self._v(other)

    def __rsub__(self, other: Any) -> Any:
        return self._v(other) - self.value

    def __mul__(self, other: Any) -> Any:
        return self.value * self._v(other)

    def __truediv__(self, other: Any) -> Any:
        return self.value / self._v(other)


class ChangeFigure(Figure):
    """A year-on-year change: ``.delta``, ``.ratio``, ``.word`` (增加/减少/持平)."""

    def __init__(self, key: str, change: Change, source: str) -> None:
        super().__init__(
            key,
            f"{change.column}同比变化",
            change.delta,
            source,
            formula=f"本年{change.column} − 上年{change.column}（{change.current} − {change.previous}）",
            inputs=[f"合计.{change.column}", f"上年.{change.column}"],
        )
        self.change = change

    @property
    def delta(self) -> int:
        return self.change.delta

    @property
    def ratio(self) -> float | None:
        return self.change.ratio

    @property
    def word(self) -> str:
        return self.change.word

    @property
    def trend(self) -> str:
        return self.change.trend

    @property
    def up(self) -> bool:
        return self.change.delta > 0

    @property
    def down(self) -> bool:
        return self.change.delta < 0

    @property
    def flat(self) -> bool:
        return self.change.delta == 0


class FigureMap(Mapping[str, Figure]):
    """Figures by name; a known name without data gives a figure that explains what is missing."""

    def __init__(self, figures: dict[str, Figure], known: Callable[[str], str | None]) -> None:
        self._figures = figures
        self._known = known

    def __getitem__(self, name: str) -> Figure:
        if name in self._figures:
            return self._figures[name]
        why = self._known(name)
        if why is None:
            raise KeyError(name)
        return Figure(f"缺失.{name}", name, None, "", missing=why)

    def __iter__(self) -> Iterator[str]:
        return iter(self._figures)

    def __len__(self) -> int:
        return len(self._figures)

    def __contains__(self, name: object) -> bool:
        return name in self._figures


def _ratio_figure(prefix: str, ratio: Ratio, source: str, inputs_prefix: str = "合计") -> Figure:
    why = None
    if ratio.value is None:
        why = f"“{ratio.denominator}”为 0，无法计算{ratio.label}。"
    return Figure(
        f"{prefix}.{ratio.key}",
        ratio.label,
        ratio.value,
        source,
        formula=f"{ratio.formula}（{ratio.num} ÷ {ratio.den}）",
        inputs=[f"{inputs_prefix}.{ratio.numerator}", f"{inputs_prefix}.{ratio.denominator}"],
        missing=why,
    )


def total_figures(table: Table, prefix: str, label_prefix: str) -> dict[str, Figure]:
    totals = table.totals
    return {
        col: Figure(f"{prefix}.{col}", f"{label_prefix}{col}", totals[col], table.total_source(col))
        for col in table.columns
    }


@dataclass
class UnitView:
    """One village/community as templates see it: ``.name`` and ``.v.定兵人数``."""

    name: str
    v: FigureMap
    rate: Figure | None


@dataclass
class RankView:
    rank: int
    name: str
    enlisted: Figure
    task: Figure | None
    rate: Figure | None


def build_figures(stats: Stats) -> dict[str, Any]:
    """The statistics part of the template context (see README.md (起草文稿))."""
    from zhengbing.stats import columns as C

    table = stats.table
    src = stats.display

    def known_current(name: str) -> str | None:
        if name in C.COLUMNS or name in ("党团员",):
            return f"统计表 {src} 中没有“{name}”列，提纲用到了它。请在统计表中补上这一列，或换用其他提纲。"
        return None

    def known_previous(name: str) -> str | None:
        if name in C.COLUMNS:
            if stats.previous is None:
                return f"统计表 {src} 中没有上年数据，提纲却用到了上年的“{name}”。"
            return f"上年数据中没有“{name}”列。"
        return None

    def known_ratio(name: str) -> str | None:
        from zhengbing.stats.derive import RATIOS

        if name in RATIOS:
            label, num, den = RATIOS[name]
            return f"统计表 {src} 缺少“{num}”或“{den}”列，无法计算{label}。"
        return None

    def known_change(name: str) -> str | None:
        if name in C.COLUMNS:
            return f"统计表 {src} 中没有上年的“{name}”数据，无法比较。"
        return None

    totals = total_figures(table, "合计", "")
    if "党员" in totals and "团员" in totals:
        both = stats.totals["党员"] + stats.totals["团员"]
        totals["党团员"] = Figure(
            "合计.党团员",
            "党员与团员合计",
            both,
            f"由 {src} 计算",
            formula=f"党员 + 团员（{stats.totals['党员']} + {stats.totals['团员']}）",
            inputs=["合计.党员", "合计.团员"],
        )
    if "任务数" in totals and "定兵人数" in totals:
        task, enlisted = stats.totals["任务数"], stats.totals["定兵人数"]
        totals["缺额"] = Figure(
            "合计.缺额",
            "定兵人数与任务数之差",
            max(task - enlisted, 0),
            f"由 {src} 计算",
            formula=f"任务数 − 定兵人数（{task} − {enlisted}）",
            inputs=["合计.任务数", "合计.定兵人数"],
        )
    ratio_src = f"由 {src} 计算"
    ratios = {
        k: _ratio_figure("比率", v, ratio_src)
        for k, v in stats.derived.items()
        if isinstance(v, Ratio)
    }
    prev_totals: dict[str, Figure] = {}
    prev_ratios: dict[str, Figure] = {}
    if stats.previous is not None:
        prev_totals = total_figures(stats.previous, "上年", "上年")
        prev_ratios = {
            k: _ratio_figure("上年比率", v, f"由 {stats.previous.where()} 计算", "上年")
            for k, v in stats.derived["上年比率"].items()
        }
    rate_changes = {
        k: Figure(
            f"同比比率.{k}",
            f"{ratios[k].label}同比变化",
            (ratios[k]._value or 0) - (prev_ratios[k]._value or 0),
            f"由 {src} 本年与上年计算",
            formula=f"本年{ratios[k].label} − 上年{ratios[k].label}",
            inputs=[f"比率.{k}", f"上年比率.{k}"],
        )
        for k in ratios
        if k in prev_ratios and ratios[k].known and prev_ratios[k].known
    }
    changes = {
        col: ChangeFigure(f"同比.{col}", ch, f"{src} 本年与上年合计之差")
        for col, ch in stats.derived["同比"].items()
    }
    units: list[UnitView] = []
    for row in table.rows:
        figs = {
            col: Figure(
                f"单位.{row.name}.{col}",
                f"{row.name}{col}",
                row.values[col],
                table.where(row.cells.get(col)),
            )
            for col in table.columns
        }
        rate = None
        if "定兵人数" in figs and "任务数" in figs and row.values["任务数"]:
            rate = Figure(
                f"单位.{row.name}.完成率",
                f"{row.name}任务完成率",
                row.values["定兵人数"] / row.values["任务数"],
                ratio_src,
                formula="定兵人数 ÷ 任务数",
            )
        units.append(UnitView(row.name, FigureMap(figs, known_current), rate))
    by_name = {u.name: u for u in units}
    ranking = [
        RankView(
            r.rank,
            r.unit.name,
            by_name[r.unit.name].v["定兵人数"],
            by_name[r.unit.name].v["任务数"] if "任务数" in by_name[r.unit.name].v else None,
            by_name[r.unit.name].rate,
        )
        for r in stats.derived["排名"]
    ]
    n_units = Figure(
        "合计.单位数",
        "村（社区）数",
        len(table.rows),
        f"{table.where()} 第{table.rows[0].row}～{table.rows[-1].row}行的单位数"
        if table.rows
        else src,
    )
    batch_totals = {
        name: FigureMap(total_figures(batch, f"批次.{name}", name), known_current)
        for name, batch in stats.batches.items()
    }
    return {
        "b": batch_totals,
        "batches": list(batch_totals),
        "t": FigureMap(totals, known_current),
        "p": FigureMap(prev_totals, known_previous),
        "r": FigureMap(ratios, known_ratio),
        "pr": FigureMap(prev_ratios, known_ratio),
        "yoy": FigureMap(changes, known_change),
        "ryoy": FigureMap(rate_changes, known_ratio),
        "has_prev": stats.previous is not None,
        "prev_has": lambda column: stats.previous is not None and stats.previous.has(column),
        "units": units,
        "n_units": n_units,
        "ranking": ranking,
        "zero_units": list(stats.derived["零定兵单位"]),
        "unfinished_units": list(stats.derived["未完成任务单位"]),
        "over_units": list(stats.derived["超额完成单位"]),
    }


def figure_filter(func: Callable[..., str]) -> Callable[..., str]:
    """Wrap a numeral function so a figure passed to it is recorded with the resulting text."""

    def wrapped(value: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(value, ChangeFigure):
            text = func(value.change, *args, **kwargs)
            return value.written(text)
        if isinstance(value, Figure):
            text = func(value.value, *args, **kwargs)
            return value.written(text)
        return func(value, *args, **kwargs)

    wrapped.__name__ = func.__name__
    wrapped.__doc__ = func.__doc__
    return wrapped


def compare(value: Any, measure: str = "名", precision: int = 1, *, base: str = "上年") -> str:
    """比上年增加12名（增长10.5%） / 比上年减少3名 / 与上年持平."""
    delta = getattr(value, "delta", None)
    if delta is None:
        return ""
    if delta == 0:
        return f"与{base}持平"
    return f"比{base}{numerals.change(value, measure, precision)}"


def pp_compare(value: Any, precision: int = 1, *, base: str = "上年") -> str:
    """比上年提高16.4个百分点 / 比上年下降2.0个百分点 / 与上年持平 (a change of a rate)."""
    words = numerals.points_change(value, precision)
    return f"与{base}持平" if words == "持平" else f"比{base}{words}"


def names(items: Any, limit: int = 6, measure: str = "个村（社区）") -> str:
    """横山村、南庄村 — or 甲村、乙村……等8个村（社区） when the list is long."""
    values = [str(getattr(i, "name", i)) for i in items]
    if len(values) <= limit:
        return "、".join(values)
    return "、".join(values[:limit]) + f"等{len(values)}{measure}"


class RecordView:
    """The work record as templates see it: ``rec.has('会议')``, ``rec.会议`` (a list),
    ``rec.报名截止`` (written 2月20日), ``rec.大学生比例目标`` (a figure, so ``|pct`` records it
    with its cell like any statistic)."""

    def __init__(self, record: Any) -> None:
        from zhengbing.stats.record import ITEMS, NUMBER, PERCENT

        self._record = record
        self._figures: dict[str, Figure] = {}
        for item, value in record.values.items():
            if ITEMS[item][0] in (NUMBER, PERCENT):
                self._figures[item] = Figure(
                    f"工作情况.{item}", item, value, record.where.get(item, record.source)
                )

    def has(self, item: str) -> bool:
        return bool(self._record.has(item))

    def note(self, heading: str) -> str:
        return str(self._record.note(heading))

    def __getattr__(self, item: str) -> Any:
        if item.startswith("_"):
            raise AttributeError(item)
        if item in self._figures:
            return self._figures[item]
        value = getattr(self._record, item)
        if item != "批次" and isinstance(value, str | list) and value:
            # the unit's own words: listed in the front matter with the cell they came from
            figure = Figure(
                f"工作情况.{item}",
                item,
                len(value) if isinstance(value, list) else 1,
                self._record.where.get(item, self._record.source),
            )
            for text in value if isinstance(value, list) else [value]:
                figure.written(str(text))
        return value

    def __getitem__(self, item: str) -> Any:
        return self.__getattr__(item)
