"""What the checker knows about the document: its year, unit, region, kind and statistics.

Taken from the workspace profile (``zhengbing.toml``) when there is one, else from the draft's
front matter, its title and (for the region) the place names it uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhengbing.check.lazyre import lazy
from zhengbing.check.model import BYLINE, DATE, PARAGRAPH, SUBTITLE, TITLE, Document
from zhengbing.dialect import cn_to_int
from zhengbing.kinds import kind_from_title

YEAR_RE = lazy(r"(?<![\d０-９])((?:19|20)\d{2})(?=\s*年)")
CN_YEAR_RE = lazy(r"([一二〇零○]{1}[〇零○一二三四五六七八九]{3})年")


def years_in(text: str) -> list[int]:
    found = [int(y) for y in YEAR_RE.findall(text)]
    for cn in CN_YEAR_RE.findall(text):
        digits = "".join(str(cn_to_int(c) if c not in "〇零○" else 0) for c in cn)
        if digits.isdigit():
            found.append(int(digits))
    return found


@dataclass
class Context:
    year: int | None = None
    year_source: str = ""  # 工作区 / 文件头 / 标题 / 落款日期
    years: dict[str, int] = field(default_factory=dict)  # every source that states a year
    unit: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    region_source: str = ""  # 工作区 / 文件头 / "" (then the region rule reads the text)
    kind: str = ""
    title: str = ""
    workspace: Any = None
    stats_path: Path | None = None
    stats: Any = None  # a loaded zhengbing.stats.Stats (set by the caller or loaded lazily)
    figures: Any = None  # compose's provenance from the front matter
    draft_dir: Path | None = None
    cache: dict[str, Any] = field(default_factory=dict)


def build_context(
    doc: Document,
    *,
    workspace: Any = None,
    stats: Any = None,
    draft_path: Path | None = None,
) -> Context:
    ctx = Context(workspace=workspace, draft_dir=draft_path.parent if draft_path else None)
    meta = doc.meta
    profile = getattr(workspace, "profile", None)
    title = doc.title_text()
    from zhengbing.check.rules.debris import line_is_debris

    if title and line_is_debris(title):
        # pasted web text: the first line is a breadcrumb or a banner, the title comes after it
        title = next(
            (
                s.text
                for s in doc.segments
                if s.role in (TITLE, SUBTITLE, PARAGRAPH)
                and not s.meta_key
                and not line_is_debris(s.text)
                and len(s.text) <= 60
            ),
            title,
        )
    ctx.title = title
    ctx.kind = str(meta.get("kind") or "") or kind_from_title(title)

    # --- year
    if profile is not None and getattr(profile, "year", None):
        ctx.years["工作区"] = int(profile.year)
    if meta.get("year"):
        try:
            ctx.years["文件头"] = int(meta["year"])
        except (TypeError, ValueError):
            pass
    title_years = years_in(title)
    for s in doc.segments:
        if s.role in (TITLE, SUBTITLE) and not title_years:
            title_years = years_in(s.text)
    if title_years:
        ctx.years["标题"] = title_years[0]
    for s in doc.segments:
        if s.role in (DATE, BYLINE):
            ys = years_in(s.text)
            if ys:
                ctx.years.setdefault("落款日期", ys[0])
    for source in ("工作区", "文件头", "标题", "落款日期"):
        if source in ctx.years:
            ctx.year, ctx.year_source = ctx.years[source], source
            break

    # --- unit and region
    if profile is not None and (profile.unit or profile.province or profile.county):
        ctx.unit = profile.unit or ""
        ctx.province = profile.province or ""
        ctx.city = profile.city or ""
        ctx.county = profile.county or ""
        ctx.region_source = "工作区"
    else:
        ctx.unit = str(meta.get("unit") or "")
        ctx.province = str(meta.get("province") or "")
        ctx.city = str(meta.get("city") or "")
        ctx.county = str(meta.get("county") or "")
        region = meta.get("region")
        if isinstance(region, str) and region and not (ctx.province or ctx.city or ctx.county):
            ctx.province = region
        if ctx.unit or ctx.province or ctx.city or ctx.county:
            ctx.region_source = "文件头"

    # --- statistics
    ctx.stats = stats if stats is not None and not isinstance(stats, (str, Path)) else None
    if isinstance(stats, (str, Path)):
        ctx.stats_path = Path(stats)
    elif stats is None:
        ctx.stats_path = _stats_from_meta(meta, workspace, ctx.draft_dir)
    ctx.figures = meta.get("figures")
    return ctx


def _stats_from_meta(meta: dict[str, Any], workspace: Any, draft_dir: Path | None) -> Path | None:
    recorded = meta.get("stats")
    if isinstance(recorded, str) and recorded.strip():
        candidates = []
        p = Path(recorded)
        if p.is_absolute():
            candidates.append(p)
        else:
            if workspace is not None:
                candidates.append(Path(workspace.root) / p)
            if draft_dir is not None:
                candidates.append(draft_dir / p)
        for c in candidates:
            if c.is_file():
                return c
    if workspace is not None:
        try:
            return workspace.default_stats()
        except Exception:  # a broken profile path is reported by other commands
            return None
    return None
