"""What the editor shows and inserts: headings, quotations, search snippets, statistics.

Pure functions over draft text, search hits (``Hit.to_dict()``) and loaded statistics; used by
:mod:`zhengbing.session` and the terminal UI. Nothing here reads or writes files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhengbing.draft import Heading, parse_draft

CURRENT_STATUS = "现行有效"  # zhengbing.corpus.CURRENT_STATUSES; other statuses are flagged


@dataclass(frozen=True)
class OutlineItem:
    """A heading of the draft being edited, for the outline list (line is 1-based)."""

    level: int
    text: str
    line: int


@dataclass
class StatsTable:
    """Statistics ready to show: column names, rows of strings, derived figures, warnings."""

    source: Path
    columns: list[str]
    rows: list[list[str]]
    derived: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def outline(text: str) -> list[OutlineItem]:
    """The headings of a draft, in the project's dialect (``#`` title … ``####`` 1.)."""
    draft = parse_draft(text)
    return [
        OutlineItem(b.level, b.text, b.line)
        for b in draft.blocks
        if isinstance(b, Heading) and b.text
    ]


_META_LABELS = (
    ("title", "标题"),
    ("kind", "文种"),
    ("unit", "单位"),
    ("speaker", "讲话人"),
    ("office", "职务"),
    ("date", "日期"),
)


def meta_summary(text: str) -> str:
    """One line describing the draft's front matter (文种、单位、讲话人…), or "" if none."""
    meta = parse_draft(text).meta
    parts = [f"{label} {getattr(meta, key)}" for key, label in _META_LABELS if getattr(meta, key)]
    return "；".join(parts)


def quotation(hit: dict[str, Any]) -> str:
    """A passage as a Markdown quotation with its citation: ``> 《…》第X条：……``."""
    title = str(hit.get("doc_title") or "").strip().strip("《》")
    article = str(hit.get("article") or "").strip()
    body = str(hit.get("text") or hit.get("snippet") or "").strip()
    if article and body.startswith(article):
        body = body[len(article) :].lstrip(" 　:：")
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    cite = f"《{title}》{article}" if title else article
    status = str(hit.get("status") or "").strip()
    if status and status != CURRENT_STATUS:
        cite += f"（{status}）"
    first = f"> {cite}：{paragraphs[0] if paragraphs else ''}"
    rest = [f"> {p}" for p in paragraphs[1:]]
    return "\n>\n".join([first, *rest])


MARKS = ("【", "】")  # how zhengbing.search marks the query words in a snippet


def snippet_runs(hit: dict[str, Any], limit: int = 90) -> list[tuple[str, bool]]:
    """A hit's snippet as (text, is_query_word) runs, without a repeated article number."""
    text = " ".join(str(hit.get("snippet") or hit.get("text") or "").split())
    article = str(hit.get("article") or "")
    if article and text.startswith(article):
        text = text[len(article) :].lstrip()
    runs: list[tuple[str, bool]] = []
    shown = 0
    for part in re.split(f"({MARKS[0]}[^{MARKS[1]}]*{MARKS[1]})", text):
        if not part:
            continue
        marked = part.startswith(MARKS[0]) and part.endswith(MARKS[1])
        body = part[1:-1] if marked else part
        if shown + len(body) > limit:
            runs.append((body[: max(0, limit - shown)] + "…", marked))
            break
        runs.append((body, marked))
        shown += len(body)
    return runs


def insertion(line_text: str, column: int, block: str) -> tuple[int, str]:
    """Where and what to insert so *block* becomes its own paragraph at the cursor.

    Returns the column on the cursor's line at which to insert and the text to insert.
    On an empty line the block goes right there; otherwise after the end of the line,
    separated by a blank line.
    """
    if not line_text.strip():
        return 0, block + "\n"
    return len(line_text), "\n\n" + block + "\n"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def stats_to_table(stats: Any, root: Path | None = None) -> StatsTable:
    """Lay out a :class:`zhengbing.stats.Stats` as rows plus derived figures (label, value)."""
    columns = ["单位", *stats.columns]
    rows: list[list[str]] = []
    for unit in stats.rows:
        rows.append(
            [unit.name]
            + ["" if c in unit.blank else str(unit.values.get(c, "")) for c in stats.columns]
        )
    rows.append(["合计", *[str(stats.totals.get(c, "")) for c in stats.columns]])
    derived: list[tuple[str, str]] = []
    for key, value in stats.derived.items():
        if key == "上年比率":
            continue
        if hasattr(value, "formula"):  # a Ratio
            derived.append((value.label, f"{_percent(value.value)}（{value.num}/{value.den}）"))
        elif key == "同比" and isinstance(value, dict):
            for column, change in value.items():
                pct = f"，{change.trend} {_percent(abs(change.ratio))}" if change.ratio else ""
                derived.append(
                    (
                        f"{column}同比",
                        f"{change.word} {abs(change.delta)}{pct}（上年 {change.previous}）",
                    )
                )
        elif key == "排名" and isinstance(value, list):
            top = [f"{r.rank}. {r.unit.name}（{r.enlisted}人）" for r in value[:5]]
            if top:
                derived.append(("定兵人数排名（前五）", "；".join(top)))
        elif isinstance(value, list):
            derived.append((key, "、".join(str(v) for v in value) if value else "无"))
        else:
            derived.append((str(key), str(value)))
    source = Path(stats.source)
    return StatsTable(source, columns, rows, derived, [str(w) for w in stats.warnings])
