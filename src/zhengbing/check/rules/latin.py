"""latin: Latin-script words inside Chinese sentences, except acronyms and units in the allow-list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from zhengbing.check.data import load_table
from zhengbing.check.lazyre import lazy
from zhengbing.check.model import Document, Finding
from zhengbing.check.registry import register
from zhengbing.check.rules._util import has_han, text_segments

RULE = "latin"
TOKEN_RE = lazy(
    r"(?<![A-Za-z0-9])(?:\d+(?:\.\d+)?[A-Za-z][A-Za-z0-9²³]*|[A-Za-z][A-Za-z0-9\-/.&²³]*)"
)
MASK_RE = lazy(
    r"https?://\S+|www\.[A-Za-z0-9.\-/]+|[\w.\-]+@[\w.\-]+\.[A-Za-z]+", needs=("http", "www", "@")
)
PLACEHOLDER_RE = lazy(r"^[xX×]{2,}$")


@cache
def _allowed() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    table = load_table("latin")
    acronyms = frozenset(str(a) for a in table.get("acronyms", []))
    lower = frozenset(a.lower() for a in acronyms)
    units = frozenset(str(u) for u in table.get("units", []))
    return acronyms, lower, units


def _accepted(token: str) -> bool:
    acronyms, lower, units = _allowed()
    token = token.rstrip(".-/&")
    if not token or token in acronyms or token.lower() in lower:
        return True
    if len(token) == 1 and token.isupper():
        return True  # A级, B超, X光, U盘: single letters used as labels
    m = re.match(r"^(\d+(?:\.\d+)?)([A-Za-z].*)$", token)
    if m:
        return m.group(2) in units or m.group(2) in acronyms or token in acronyms
    if re.fullmatch(r"[IVXLCM]+", token) and len(token) <= 4:
        return True  # Roman numerals
    return False


@register(RULE, "外文字母")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    for seg in text_segments(doc):
        t = seg.text
        if not has_han(t):
            continue
        masked = MASK_RE.sub(lambda m: " " * len(m.group(0)), t)
        masked = re.sub(r"(?<![A-Za-z])(?:[xX]{2,}|×{2,})", lambda m: " " * len(m.group(0)), masked)
        for m in TOKEN_RE.finditer(masked):
            token = m.group(0).rstrip(".-/&")
            if not re.search(r"[A-Za-z]", token) or PLACEHOLDER_RE.match(token) or _accepted(token):
                continue
            acronym = token.isupper() and len(token) <= 8
            yield doc.finding(
                seg,
                m.start(),
                m.start() + len(token),
                rule=RULE,
                severity="warning" if acronym else "error",
                message=(
                    f"中文文稿中出现外文缩写“{token}”，听众未必理解。"
                    if acronym
                    else f"中文句子中夹杂外文“{token}”。"
                ),
                suggestion="改写为中文，或首次出现时注明中文全称" if acronym else "改为中文表述",
            )
