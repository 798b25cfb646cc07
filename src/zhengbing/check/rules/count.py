"""count: a stated count (讲三点意见, “四个坚持”, 把好五关) against the items that follow it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zhengbing.check.lazyre import LazyPattern, lazy
from zhengbing.check.model import HEADING, PARAGRAPH, TITLE, Document, Finding, Segment
from zhengbing.check.registry import register
from zhengbing.check.rules.numbering import ORDINAL_RE, SEQ_RE
from zhengbing.dialect import cn_to_int, int_to_cn, marker

RULE = "count"
NUM = "两二三四五六七八九十"

POINTS_RE = lazy(
    rf"(?:讲|谈|提|说|强调|汇报|提出)(?:以下|如下|这么|这样)?([{NUM}]{{1,2}})点(?:意见|看法|要求|想法|体会|认识|建议)"
)
NOUN_RE = lazy(
    rf"(?P<q>[“\"])?(?P<n>[{NUM}]{{1,2}})(?:个|项|大|条)[”\"]?"
    r"(?P<noun>坚持|确保|到位|关口|制度|问责|原则|结合|不)"
)
GATES_RE = lazy(
    rf"(?:把好|严把|把住|过好|守好|把牢)([{NUM}]{{1,2}})(?:道)?关(?![系键心注联])", needs=("关",)
)
INLINE_RE = lazy(r"^[^，。；：:、“\n]{0,8}?(?:[：:]|，?即)")
WEAK_NOUNS = {"不"}


@dataclass
class _Claim:
    seg: int
    start: int
    end: int
    n: int
    text: str
    quoted: bool
    kind: str  # points | noun


def _claims(doc: Document) -> Iterator[_Claim]:
    for i, seg in enumerate(doc.segments):
        if seg.role not in (PARAGRAPH, HEADING):
            continue
        t = seg.text
        for m in POINTS_RE.finditer(t):
            n = cn_to_int(m.group(1))
            if n:
                yield _Claim(i, m.start(), m.end(), n, m.group(0), False, "points")
        for m in NOUN_RE.finditer(t):
            n = cn_to_int(m.group("n"))
            before = t[: m.start()]
            quoted = bool(m.group("q")) or before.count("“") > before.count("”")
            if not n:
                continue
            if m.group("noun") in WEAK_NOUNS and not quoted and not INLINE_RE.match(t[m.end() :]):
                continue
            s = m.start("n")
            yield _Claim(i, s, m.end(), n, t[s : m.end()].replace("”", ""), quoted, "noun")
        for m in GATES_RE.finditer(t):
            n = cn_to_int(m.group(1))
            if n:
                yield _Claim(i, m.start(1), m.end(), n, m.group(0), False, "noun")


def _inline_items(text: str) -> int | None:
    """Items enumerated right after the claim: “……”：甲、乙、丙。"""
    m = INLINE_RE.match(text)
    if not m:
        return None
    rest = text[m.end() :]
    stop = rest.find("。")
    rest = rest[: stop if stop >= 0 else len(rest)]
    if SEQ_RE.match(rest.lstrip("即")) or not rest:
        return None
    first_clause = rest.split("，")[0]
    if "；" in rest:
        parts = rest.split("；")
    elif "、" in first_clause:
        parts = first_clause.split("、")
    else:
        parts = rest.split("，")  # 思想到位，措施到位，责任到位
    parts = [p for p in parts if p.strip()]
    return len(parts) if len(parts) >= 2 else None


def _scopes(doc: Document) -> list[int]:
    ids: list[int] = []
    current = 0
    for seg in doc.segments:
        if seg.role in (HEADING, TITLE) or (seg.role == PARAGRAPH and marker(seg.text) is not None):
            current += 1
        ids.append(current)
    return ids


def _sequence_after(
    doc: Document,
    scopes: list[int],
    seg_i: int,
    pos: int,
    window: int,
    regex: LazyPattern = SEQ_RE,
) -> tuple[int, int, int] | None:
    """(length, segment, offset) of the 一是/二是 (or 第一/第二) list that starts after
    (seg_i, pos) within *window* paragraphs, in the same heading scope."""
    scope = scopes[seg_i]
    count = 0
    first: tuple[int, int] | None = None
    for j in range(seg_i, len(doc.segments)):
        if scopes[j] != scope:
            break
        seg = doc.segments[j]
        if seg.role not in (PARAGRAPH, HEADING):
            continue
        for m in regex.finditer(seg.text):
            if j == seg_i and m.start() < pos:
                continue
            n = cn_to_int(m.group(1)) or 0
            if first is None:
                if n != 1 or j > seg_i + window:
                    return None
                first = (j, m.start())
                count = 1
                continue
            if n == 1 and count >= 2:
                return count, *first
            count = max(count, n)
    return (count, *first) if first is not None else None


def _children(doc: Document, seg_i: int) -> int | None:
    found = marker(doc.segments[seg_i].text)
    if found is None:
        return None
    level = found.level
    count = 0
    for seg in doc.segments[seg_i + 1 :]:
        if seg.role not in (PARAGRAPH, HEADING):
            continue
        child = marker(seg.text)
        if child is None:
            continue
        if child.level <= level:
            break
        if child.level == level + 1:
            count += 1
    return count or None


def _level1_after(doc: Document, seg_i: int) -> int | None:
    count = 0
    for seg in doc.segments[seg_i + 1 :]:
        if seg.role in (PARAGRAPH, HEADING):
            found = marker(seg.text)
            if found and found.level == 1:
                count += 1
    return count or None


def _cn(n: int) -> str:
    return "两" if n == 2 else int_to_cn(n)


@register(RULE, "数目与条目")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    scopes = _scopes(doc)
    first_l1 = next(
        (
            i
            for i, s in enumerate(doc.segments)
            if s.role in (PARAGRAPH, HEADING) and getattr(marker(s.text), "level", 0) == 1
        ),
        None,
    )
    for claim in _claims(doc):
        seg: Segment = doc.segments[claim.seg]
        found: int | None = _inline_items(seg.text[claim.end :])
        what = "列举的条目"
        window = 3 if claim.quoted or claim.kind == "points" else 1
        lists: list[tuple[int, int, int, str]] = []
        for regex, label in ((SEQ_RE, "“一是、二是……”"), (ORDINAL_RE, "“第一、第二……”")):
            found_list = _sequence_after(doc, scopes, claim.seg, claim.end, window, regex)
            if found_list is not None:
                lists.append((*found_list, label))
        seq = min(lists, key=lambda x: (x[1], x[2])) if lists else None
        if (
            found is None
            and claim.kind == "points"
            and first_l1 is not None
            and claim.seg < first_l1
        ):
            if seq is None or seq[1] > first_l1:
                found, what = _level1_after(doc, claim.seg), "一级标题"
        if found is None and marker(seg.text) is not None:
            found, what = _children(doc, claim.seg), "下一级标题"
        if found is None and seq is not None:
            found, what = seq[0], seq[3]
        if found is None or found == claim.n:
            continue
        yield doc.finding(
            seg,
            claim.start,
            claim.end,
            rule=RULE,
            severity="error",
            message=f"文中说“{claim.text}”，但后面的{what}共有{_cn(found)}项。",
            suggestion=f"把数目改为“{_cn(found)}”，或补齐、删减条目",
        )
