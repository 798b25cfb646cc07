"""repeat: a word written twice in a row (理论理论, 工作工作); legitimate reduplication is allowed."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from zhengbing.check.data import load_table
from zhengbing.check.lazyre import lazy
from zhengbing.check.model import HAN, Document, Finding
from zhengbing.check.registry import register
from zhengbing.check.rules._util import Reporter, text_segments

RULE = "repeat"
ABAB_RE = lazy(rf"([{HAN}]{{2,6}})\1")
# AA typo that cannot be a word boundary: 的的 (but 的的确确, 目的的…)
DE_DE_RE = lazy(r"(?<![目有标靶])的的(?!确)", needs=("的的",))
NUMERALS = set("一二三四五六七八九十百千万两〇零几")


@cache
def _allowed() -> frozenset[str]:
    return frozenset(str(w) for w in load_table("repeat").get("allowed_abab", []))


def _legitimate(word: str) -> bool:
    if word in _allowed():
        return True
    if len(word) == 2 and word[0] == word[1]:
        return True  # AAAA (哈哈哈哈) is onomatopoeia
    if all(ch in NUMERALS for ch in word):
        return True
    return len(word) == 2 and word[0] == "一"  # 一步一步, 一个一个


@register(RULE, "词语重复")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    for seg in text_segments(doc):
        t = seg.text
        for m in ABAB_RE.finditer(t):
            word = m.group(1)
            if _legitimate(word):
                continue
            yield report.error(seg, *m.span(), f"词语重复：“{m.group(0)}”。", f"删去一个“{word}”")
        for m in DE_DE_RE.finditer(t):
            yield report.error(seg, *m.span(), "“的”字重复。", "删去一个“的”")
