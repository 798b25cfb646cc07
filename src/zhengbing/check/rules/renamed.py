"""renamed: bodies that were renamed and regulations that were replaced, by the document's year
(卫计委 → 卫健委 2018; 《征兵政治审查工作规定》 → 《征兵政治考核工作规定》; …)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from zhengbing.check.context import Context
from zhengbing.check.data import load_table
from zhengbing.check.lazyre import LazyPattern, lazy
from zhengbing.check.model import Document, Finding
from zhengbing.check.registry import register
from zhengbing.check.rules._util import Reporter, sentence_at, text_segments

RULE = "renamed"


@cache
def _tables() -> tuple[
    list[tuple[LazyPattern, LazyPattern | None, dict[str, Any]]],
    list[tuple[LazyPattern, dict[str, Any]]],
]:
    data = load_table("renamed")
    bodies = []
    for entry in data.get("bodies", []):
        names = sorted((str(n) for n in entry["old"]), key=len, reverse=True)
        pattern = lazy("|".join(re.escape(n) for n in names), needs=tuple(names))
        context = lazy(entry["context"]) if entry.get("context") else None
        bodies.append((pattern, context, entry))
    regulations = [
        (lazy(rf"《?{re.escape(str(r['old']))}》?", needs=(str(r["old"]),)), r)
        for r in data.get("regulations", [])
    ]
    return bodies, regulations


def _severity(year: int | None, since: int) -> str | None:
    if year is None:
        return "warning"
    if year > since:
        return "error"
    if year == since:
        return "warning"
    return None


@register(RULE, "机构更名与法规废止")
def check(doc: Document, ctx: Context) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    bodies, regulations = _tables()
    year = ctx.year
    for seg in text_segments(doc):
        t = seg.text
        taken: list[tuple[int, int]] = []
        for reg_pattern, reg in regulations:
            for m in reg_pattern.finditer(t):
                severity = _severity(year, int(reg["since"]))
                if severity is None:
                    continue
                taken.append((m.start(), m.end()))
                yield report(
                    severity,
                    seg,
                    *m.span(),
                    f"“{m.group(0)}”已不再适用：{reg['note']}。",
                    f"改为《{reg['new']}》",
                )
        for pattern, context, entry in bodies:
            severity = _severity(year, int(entry["since"]))
            if severity is None:
                continue
            for m in pattern.finditer(t):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                if any(
                    t.find(word, max(0, m.start() - len(word)), m.end() + len(word)) >= 0
                    and any(
                        x.start() < m.end() and m.start() < x.end()
                        for x in re.finditer(re.escape(str(word)), t)
                    )
                    for word in entry.get("exclude") or ()
                ):
                    continue  # inside a longer word (人民政府 contains 民政)
                if context is not None or entry.get("unless"):
                    s, e = sentence_at(t, m.start())
                    if context is not None and not context.search(t[s:e]):
                        continue
                    if entry.get("unless") and re.search(entry["unless"], t[s:e]):
                        continue  # the new body is named in the same sentence
                taken.append((m.start(), m.end()))
                yield report(
                    severity,
                    seg,
                    *m.span(),
                    f"“{m.group(0)}”已过时：{entry['note']}。",
                    f"改为“{entry['new']}”",
                )
