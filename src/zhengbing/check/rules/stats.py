"""stats: figures in the text that disagree with the workspace statistics (定兵X人, 报名X人,
其中大学生X名, 大学生占X%), and figures recorded by ``draft`` that changed since the
statistics were updated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from zhengbing.check.context import Context
from zhengbing.check.lazyre import LazyPattern, lazy
from zhengbing.check.model import CELL, PARAGRAPH, Document, Finding, Segment
from zhengbing.check.registry import DependencyMissing, register
from zhengbing.check.rules._util import Reporter, sentence_at

RULE = "stats"
# a figure with any measure word people use for persons
N = r"(\d+)\s*(?:人|名|个|位)"
# between the stage and the figure: who is counted and the verb (初检合格青年共80位)
MID = r"(?:人数|青年|适龄青年|应征青年|人员|新兵)?(?:共有|共计|共|有|为|达到|达|是)?"
PHRASES: tuple[tuple[LazyPattern, str], ...] = (
    (lazy(r"(?:征集任务|征兵任务|任务数)(?:为|是|共)?" + N, needs=("任务",)), "任务数"),
    (
        lazy(r"(?:报名应征|报名参军|应征报名|网上报名|报名)" + MID + N),
        "报名人数",
    ),
    (
        lazy(N + r"(?:适龄青年|青年)?(?:报名应征|报名参军|网上报名|报名)", needs=("报名",)),
        "报名人数",
    ),
    (lazy(r"初检(?:初考)?合格" + MID + N, needs=("初检",)), "初检合格"),
    (lazy(r"(?:体检合格|体格检查合格)" + MID + N, needs=("合格",)), "体检合格"),
    (lazy(r"(?:政考合格|政治考核合格)" + MID + N, needs=("合格",)), "政考合格"),
    (
        lazy(r"(?:批准入伍|定兵|审定新兵|输送新兵|输送兵员|应征入伍|参军入伍|参军)" + MID + N),
        "定兵人数",
    ),
)
SCOPE_RE = lazy(
    r"全镇|全乡|全街道|全县|全区|全市|我镇|我乡|我街道|我县|我区|全年|今年|本年度|共|累计|合计|总计"
)
OTHER_RE = lazy(r"同比|比上|较上|减少|增加|增长|下降|以来|历年|村|社区|单位|户|平均|每")
# a township's statistics say nothing about the figures of its county or city
WIDER_RE = lazy(r"全县|全区|全市|全省|全州|全旗|我县|我区|我市|我省|县人武部|区人武部|县委|市委")
PAST_RE = lazy(r"上年|去年|前年|往年|上一年")
SHARE_RE = lazy(
    r"(?:其中|(?<=[，；：]))(?:大学生|高校学生)(?:共有|共|有|为|达到|达)?" + N,
    needs=("大学生", "高校学生"),
)
PCT_RE = lazy(
    r"大学生(?:比例|占比|占)(?:定兵人数的|入伍人数的|新兵总数的|新兵的)?(?:达到|达|为|是)?"
    r"(\d+(?:\.\d+)?)%",
    needs=("大学生",),
)


@dataclass
class Totals:
    """What the phrase checks need from the statistics (cached as JSON by content hash)."""

    display: str
    sha256: str
    year: int | None
    totals: dict[str, int]
    previous_totals: dict[str, int] | None
    ignored: list[str] = field(default_factory=list)  # unknown columns left out


# the statistics module's warning for a column it skipped
_IGNORED_COLUMN = re.compile(r"列名“([^”]+)”不是统计表的标准列")


def _full(ctx: Context) -> Any:
    """The validated :class:`zhengbing.stats.Stats` (for recomputing recorded figures)."""
    if "stats_full" in ctx.cache:
        return ctx.cache["stats_full"]
    stats = ctx.stats
    if stats is None and ctx.stats_path is not None:
        try:
            from zhengbing.stats import load_stats
        except ImportError:
            raise DependencyMissing("缺少统计模块") from None
        root = getattr(ctx.workspace, "root", None)
        try:
            stats = load_stats(ctx.stats_path, year=ctx.year, root=root)
            ignored = [
                m.group(1)
                for w in getattr(stats, "warnings", None) or []
                if (m := _IGNORED_COLUMN.search(w))
            ]
            if ignored:
                ctx.cache["stats_ignored"] = ignored
        except Exception as exc:
            stats = _without_unknown_columns(ctx, exc, root)
            if stats is None:
                raise DependencyMissing(f"统计表无法读取：{getattr(exc, 'message', exc)}") from None
    ctx.cache["stats_full"] = stats
    return stats


def _without_unknown_columns(ctx: Context, exc: Exception, root: Any) -> Any:
    """The statistics read again without the columns the statistics module does not know
    (上站体检, a unit's own notes): a column the checker does not compare must not stop the
    comparison of the others. The dropped columns are noted in ``ctx.cache``."""
    if "无法识别的列名" not in str(getattr(exc, "message", exc)) or ctx.stats_path is None:
        return None
    import csv
    import io
    import tempfile
    from pathlib import Path

    from zhengbing.stats import columns as C
    from zhengbing.stats import load_stats
    from zhengbing.textio import read_text

    source = ctx.stats_path
    if source.suffix.lower() != ".csv":
        return None
    rows = list(csv.reader(io.StringIO(read_text(source).text)))
    header = next(
        (i for i, r in enumerate(rows) if sum(bool(C.canonical(c)) for c in r) >= 2), None
    )
    if header is None:
        return None
    unknown = [
        i
        for i, c in enumerate(rows[header])
        if c.strip() and C.canonical(c) is None and not C.is_ignored(c)
    ]
    if not unknown:
        return None
    kept = [[c for i, c in enumerate(r) if i not in unknown] for r in rows]
    with tempfile.TemporaryDirectory(prefix="zhengbing-check-") as tmp:
        copy = Path(tmp) / source.name
        with copy.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(kept)
        try:
            stats = load_stats(copy, year=ctx.year, root=None)
        except Exception:
            return None
    ctx.cache["stats_ignored"] = [rows[header][i] for i in unknown]
    from dataclasses import replace

    from zhengbing.stats import display_path

    try:
        return replace(stats, display=display_path(source, root))
    except (TypeError, ValueError):
        return stats


def _load(ctx: Context) -> Totals | None:
    if "stats" in ctx.cache:
        return ctx.cache["stats"]
    if ctx.stats is None and ctx.stats_path is None:
        ctx.cache["stats"] = None
        return None
    from zhengbing.check import cache

    key = name = ""
    if ctx.stats is None and ctx.stats_path is not None:
        try:
            st = ctx.stats_path.stat()
        except OSError as exc:
            raise DependencyMissing(f"统计表 {ctx.stats_path} 无法读取（{exc.strerror}）") from None
        import zlib

        root = getattr(ctx.workspace, "root", None)
        # the file's identity (path, size, modification time) and what the reading depends on
        key = f"{ctx.stats_path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{root}|{ctx.year}"
        name = f"stats-{zlib.crc32(key.encode('utf-8')):08x}"
        hit = cache.load(name, key)
        if isinstance(hit, dict):
            ctx.cache["stats"] = Totals(**hit)
            return ctx.cache["stats"]
    stats = _full(ctx)
    if stats is None:
        ctx.cache["stats"] = None
        return None
    totals = Totals(
        display=str(stats.display),
        sha256=str(stats.sha256),
        year=stats.year,
        totals=dict(stats.totals),
        previous_totals=dict(stats.previous_totals) if stats.previous_totals else None,
        ignored=list(ctx.cache.get("stats_ignored") or []),
    )
    if key:
        cache.store(name, key, totals.__dict__)
    ctx.cache["stats"] = totals
    return totals


def _figure_values(stats: Any) -> dict[str, Any]:
    """Every figure key compose can record, with its current value."""
    from zhengbing.compose.figures import Figure, FigureMap, build_figures

    out: dict[str, Any] = {}
    seen: set[int] = set()

    def walk(obj: Any, depth: int = 0) -> None:
        if depth > 6 or id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, Figure):
            out[obj.key] = obj._value
        elif isinstance(obj, FigureMap):
            for key in obj:
                walk(obj[key], depth + 1)
        elif isinstance(obj, dict):
            for v in obj.values():
                walk(v, depth + 1)
        elif isinstance(obj, (list, tuple)):
            for v in obj:
                walk(v, depth + 1)
        elif hasattr(obj, "__dataclass_fields__"):
            for name in obj.__dataclass_fields__:
                walk(getattr(obj, name, None), depth + 1)

    walk(build_figures(stats))
    return out


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return a == b


def _provenance(doc: Document, ctx: Context, stats: Totals) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    figures = ctx.figures
    if not isinstance(figures, dict) or not figures:
        return
    recorded_sha = doc.meta.get("stats_sha256")
    if recorded_sha and recorded_sha == stats.sha256:
        return
    full = _full(ctx)
    if full is None:
        return
    try:
        current = _figure_values(full)
    except Exception as exc:  # a figure the statistics cannot produce any more
        raise DependencyMissing(f"无法按统计表重算文中的数字（{exc}）") from None
    body = [s for s in doc.segments if s.role in (PARAGRAPH, CELL)]
    for key, entry in figures.items():
        if not isinstance(entry, dict) or key not in current:
            continue
        old, new = entry.get("value"), current[key]
        if _same(old, new):
            continue
        label = entry.get("stat") or key
        for written in entry.get("text") or []:
            written = str(written)
            if not written:
                continue
            for seg in body:
                for m in re.finditer(rf"(?<![\d.]){re.escape(written)}(?![\d.])", seg.text):
                    yield report.error(
                        seg,
                        *m.span(),
                        (
                            f"统计表已更新：“{label}”起草时为 {_show(old)}，现在为 {_show(new)}，"
                            f"文中的“{written}”已过时。"
                        ),
                        "按新的统计表重新起草，或手工改为新数字",
                    )


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if value > 1 else f"{value * 100:.2f}%"
    return str(value)


def _doc_year(ctx: Context) -> int | None:
    """The year the document itself states (front matter, title), else the working year."""
    return ctx.years.get("文件头") or ctx.years.get("标题") or ctx.year


CURRENT_RE = lazy(r"今年|本年|今冬|本年度|当年")


def _totals_for(
    ctx: Context, stats: Totals, text: str, sent_start: int, start: int, end: int
) -> tuple[dict[str, int] | None, str]:
    """This year's totals, or last year's when the clause (or the sentence's opening) speaks
    of last year; None when it speaks of another year."""
    from zhengbing.check.context import years_in

    year = _doc_year(ctx)
    clause_start = max(sent_start, max(text.rfind(c, sent_start, start) for c in "，；") + 1)
    clause = text[clause_start:end]
    comma = text.find("，", sent_start, start)
    opening = text[sent_start : comma if comma >= 0 else start]
    for part in (clause, opening):
        if part is opening and CURRENT_RE.search(clause):
            break
        others = [y for y in years_in(part) if y != year]
        if others or PAST_RE.search(part):
            if others and year is not None and others[0] != year - 1:
                return None, ""
            return stats.previous_totals, "上年"
        if CURRENT_RE.search(part):
            break
    return stats.totals, ""


def _total_mismatch(
    report: Reporter,
    seg: Segment,
    m: re.Match[str],
    display: str,
    which: str,
    column: str,
    total: int,
) -> Finding:
    """The figure in group 1 of *m* differs from the statistics' total of *column*."""
    return report.error(
        seg,
        m.start(1),
        m.end(),
        f"“{m.group(0)}”与统计表不一致：{display} 中{which}“{column}”合计为 {total}。",
        f"改为“{total}”，或核对统计表",
    )


def _township(ctx: Context) -> bool:
    profile = getattr(ctx.workspace, "profile", None)
    level = str(getattr(profile, "level", "") or "")
    unit = str(getattr(profile, "unit", "") or ctx.unit or "")
    return level in ("镇", "乡", "街道") or unit.endswith(("镇", "乡", "街道"))


def _phrase_findings(doc: Document, ctx: Context, stats: Totals) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    township = _township(ctx)
    for seg in doc.segments:
        if seg.role != PARAGRAPH:
            continue
        t = seg.text
        if township and WIDER_RE.search(t) and not re.search(r"全镇|全乡|全街道|我镇|我乡", t):
            continue  # a county's or city's figures (a yearbook entry, a county speech)
        for pattern, column in PHRASES:
            for m in pattern.finditer(t):
                s, e = sentence_at(t, m.start())
                clause_start = max(t.rfind("，", s, m.start()), s - 1) + 1
                clause = t[clause_start : m.end()]
                if OTHER_RE.search(clause) or not SCOPE_RE.search(t[s : m.end()]):
                    continue
                totals, which = _totals_for(ctx, stats, t, s, m.start(), m.end())
                if not totals or column not in totals:
                    continue
                stated = int(m.group(1))
                if stated == totals[column]:
                    continue
                yield _total_mismatch(report, seg, m, stats.display, which, column, totals[column])
        for m in SHARE_RE.finditer(t):
            s, e = sentence_at(t, m.start())
            head = t[s : m.start()]
            if OTHER_RE.search(head) or not SCOPE_RE.search(head):
                continue
            totals, which = _totals_for(ctx, stats, t, s, m.start(), m.end())
            if not totals:
                continue
            if re.search(r"报名", head) and not re.search(r"入伍|定兵", head):
                column = "报名大学生"
            elif re.search(r"入伍|定兵|新兵|参军", head):
                column = "大学生"
            else:
                continue
            if column not in totals or int(m.group(1)) == totals[column]:
                continue
            yield _total_mismatch(report, seg, m, stats.display, which, column, totals[column])
        for m in PCT_RE.finditer(t):
            s, e = sentence_at(t, m.start())
            head = t[s : m.start()]
            totals, which = _totals_for(ctx, stats, t, s, m.start(), m.end())
            if (
                not totals
                or OTHER_RE.search(head)
                or "大学生" not in totals
                or not totals.get("定兵人数")
            ):
                continue
            if re.search(r"报名", head) and not re.search(r"入伍|定兵", head):
                continue
            stated = m.group(1)
            decimals = len(stated.split(".")[1]) if "." in stated else 0
            value = totals["大学生"] / totals["定兵人数"] * 100
            if abs(value - float(stated)) <= 10 ** (-decimals) + 1e-9:
                continue
            yield report.error(
                seg,
                m.start(1),
                m.end(),
                f"“{m.group(0)}”与统计表不一致：大学生 {totals['大学生']} 人 ÷ 定兵 {totals['定兵人数']} 人 ＝ {value:.2f}%。",
                f"改为“{value:.{decimals}f}%”",
            )


def _other_unit(doc: Document, ctx: Context) -> bool:
    """The draft says it is another unit's (front matter 单位 vs the profile's unit)."""
    own = str(getattr(getattr(ctx.workspace, "profile", None), "unit", "") or "")
    stated = str(doc.meta.get("unit") or "")
    for suffix in ("人民武装部", "人武部", "武装部", "人民政府", "党委"):
        stated = stated.removesuffix(suffix)
    return bool(own and stated and own not in stated and stated not in own)


@register(RULE, "与统计表核对")
def check(doc: Document, ctx: Context) -> Iterator[Finding]:
    if _other_unit(doc, ctx):
        return  # another unit's draft: this workspace's statistics say nothing about it
    stats = _load(ctx)
    if stats is None:
        return
    stats_year = getattr(stats, "year", None)
    year = _doc_year(ctx)
    if year is not None and stats_year is not None and stats_year != year:
        return  # the statistics of another year say nothing about this document
    ignored = stats.ignored
    if ignored:
        yield Finding(
            rule=RULE,
            severity="info",
            line=None,
            column=None,
            text="",
            message=(
                f"统计表中有无法识别的列（{'、'.join(ignored)}），核对时已忽略这些列，"
                "其他列照常核对。"
            ),
            suggestion="如需核对这些列，请改为标准列名",
            file=doc.source,
        )
    yield from _provenance(doc, ctx, stats)
    yield from _phrase_findings(doc, ctx, stats)
