"""Reading drafts into checkable segments: Markdown (with positions mapped back to the source
text), plain text in any supported encoding, and Word .docx (paragraph numbers as Word counts)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from zhengbing.check.lazyre import lazy
from zhengbing.check.model import (
    BYLINE,
    CELL,
    DATE,
    HEADING,
    META,
    PARAGRAPH,
    SALUTATION,
    SIGNATURE,
    SUBTITLE,
    TITLE,
    Document,
    Segment,
)

SALUTATION_RE = lazy(
    r"^(?:尊敬的|各位|全体|亲爱的)?[^，。；！？,.;!?]{0,30}?"
    r"(?:同志们|同事们|朋友们|同志|代表|领导|委员|来宾|青年朋友们|家长们)[：:，,]?$"
)
DATE_LINE_RE = lazy(
    r"^[（(]?\s*[\d０-９〇○零一二三四五六七八九]{2,4}\s*[年\-./／]\s*"
    r"[\d０-９一二三四五六七八九十]{1,2}\s*[月\-./／]\s*[\d０-９一二三四五六七八九十]{1,3}\s*日?\s*[）)]?$"
)
SIGNATURE_END_RE = lazy(
    r"(?:人民武装部|人武部|武装部|委员会|人民政府|政府|办公室|办事处|征兵办|党委|党支部|支部|街道|"
    r"居委会|村委会|局|所)$"
)
# a line that starts the next article of a web collection (“……心得体会篇一”, “范文二：……”,
# “第三篇”, “【篇四】”): each article has its own title and its own numbering
ARTICLE_BREAK_RE = lazy(
    r"^【?(?:篇|范文|例文)[一二三四五六七八九十\d]{1,3}】?(?:[:：\s].{0,50})?$|"
    r"^.{0,40}?(?:篇|范文|例文)[一二三四五六七八九十\d]{1,3}】?$|"
    r"^【?第[一二三四五六七八九十\d]{1,3}篇】?(?:[:：\s].{0,50})?$"
)
MARKER_RE = lazy(
    r"^(?:(?P<l1>[一二三四五六七八九十]+)、|[（(](?P<l2>[一二三四五六七八九十]+)[）)]|"
    r"(?P<l3>\d{1,2})(?:[.．](?!\d)|、)|[（(](?P<l4>\d{1,2})[）)])"
)

# front-matter keys whose values become document text (others are data: figures, stats, …)
TEXT_KEYS: dict[str, str] = {
    "title": TITLE,
    "subtitle": SUBTITLE,
    "salutation": SALUTATION,
    "date": DATE,
    "signature": SIGNATURE,
    "unit": META,
    "speaker": META,
    "office": META,
    "meeting": META,
    "year": META,
}


def marker_level(text: str) -> tuple[int, int, str] | None:
    """The heading marker at the start of *text*: (level 1..4, number, marker text)."""
    from zhengbing.check.numerals import cn_to_int

    m = MARKER_RE.match(text)
    if not m:
        return None
    for level, key in enumerate(("l1", "l2", "l3", "l4"), start=1):
        value = m.group(key)
        if value:
            number = int(value) if value.isdigit() else cn_to_int(value)
            if number is None:
                return None
            return level, number, m.group(0)
    return None


class _LineMap:
    """Offsets in a text ↔ 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def pos(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        return self.starts[line - 1]


def _align(parsed: str, src: str, start: int, end: int) -> list[int]:
    """Source offset of every character of *parsed* (plus its end), found as a subsequence of
    ``src[start:end]``: Markdown only removes markup, so the text reappears in order."""
    offsets: list[int] = []
    p = start
    i = 0
    n = len(parsed)
    while i < n:
        ch = parsed[i]
        if ch.isspace():
            q = p
            while q < end and q < p + 4 and not src[q].isspace():
                q += 1
            if q < end and src[q].isspace():
                offsets.append(q)
                p = q + 1
            else:
                offsets.append(min(p, max(end - 1, start)))
            i += 1
            continue
        q = src.find(ch, p, end)
        if q < 0:
            offsets.append(min(p, max(end - 1, start)))
            i += 1
            continue
        # take the longest run of text that continues verbatim in the source (most of it)
        lo, hi = 1, min(n - i, end - q)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if src.startswith(parsed[i : i + mid], q):
                lo = mid
            else:
                hi = mid - 1
        offsets.extend(range(q, q + lo))
        p = q + lo
        i += lo
    offsets.append(min(p, len(src)))
    return offsets


class _Mapped(Sequence[tuple[int, int]]):
    """(line, column) of each character, computed on demand from source offsets."""

    def __init__(self, lm: _LineMap, offsets: list[int]) -> None:
        self.lm = lm
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self.lm.pos(o) for o in self.offsets[i]]
        return self.lm.pos(self.offsets[i])


class _OnLine(Sequence[tuple[int, int]]):
    """(line, column) of each character of a text that sits on one source line."""

    def __init__(self, line: int, first_column: int, length: int) -> None:
        self.line = line
        self.first_column = first_column
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.length))]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(i)
        return (self.line, self.first_column + i)


def _positions(lm: _LineMap, offsets: list[int]) -> _Mapped:
    return _Mapped(lm, offsets)


def _strip_quotes(value: str) -> tuple[str, int]:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1], 1
    return value, 0


def _front_matter_segments(src: str, lm: _LineMap) -> list[Segment]:
    from zhengbing.draft import CORE_KEYS, OPTIONAL_KEYS

    aliases = {
        a: k for table in (CORE_KEYS, OPTIONAL_KEYS) for k, names in table.items() for a in names
    }
    lines = src.split("\n")
    if not lines or lines[0].strip() != "---":
        return []
    segments: list[Segment] = []
    for idx in range(1, len(lines)):
        raw = lines[idx]
        if raw.strip() in ("---", "..."):
            break
        m = re.match(r"^([^\s:#][^:]*?)\s*:\s*(\S.*?)\s*$", raw)
        if not m:
            continue
        key = aliases.get(m.group(1).strip())
        if key not in TEXT_KEYS:
            continue
        value, skip = _strip_quotes(m.group(2))
        if value.startswith(("[", "{", "|", ">")):
            continue
        col0 = m.start(2) + skip
        line_no = idx + 1
        positions = _OnLine(line_no, col0 + 1, len(value) + 1)
        segments.append(Segment(value, TEXT_KEYS[key], positions=positions, meta_key=key))
    return segments


def document_from_markdown(text: str, source: str = "<草稿>") -> Document:
    from zhengbing.draft import Comment, Heading, Paragraph, Table, parse_draft

    if text.startswith("\ufeff"):
        text = text[1:]
    fast = _fast_front_matter(text)
    if fast is not None:
        # the body is parsed with the front matter blanked out (same line numbers); the front
        # matter itself is read with libyaml, which is many times faster for long provenance
        blanked, meta = fast
        draft = parse_draft(blanked, source)
    else:
        draft = parse_draft(text, source)
        meta = {
            "title": draft.meta.title,
            "kind": draft.meta.kind,
            "unit": draft.meta.unit,
            "year": draft.meta.year,
            "date": draft.meta.date,
            "speaker": draft.meta.speaker,
            "office": draft.meta.office,
            **dict(draft.meta.extra.items()),
        }
    lm = _LineMap(text)
    segments = _front_matter_segments(text, lm)
    blocks = [b for b in draft.blocks if not isinstance(b, Comment)]
    body: list[Segment] = []
    for k, block in enumerate(blocks):
        start = lm.line_start(block.line)
        nxt = blocks[k + 1].line if k + 1 < len(blocks) else len(lm.starts) + 1
        end = lm.line_start(nxt) if nxt > block.line else len(text)
        if isinstance(block, Heading):
            offsets = _align(block.text, text, start, end)
            role = TITLE if block.level == 1 else HEADING
            body.append(
                Segment(block.text, role, positions=_positions(lm, offsets), level=block.level)
            )
        elif isinstance(block, Paragraph):
            raw = block.text
            offsets = _align(raw, text, start, end)
            lead = len(raw) - len(raw.lstrip(" \t\u3000\u00a0"))
            ptext = raw[lead:].rstrip(" \t\u3000\u00a0\n")
            offsets = offsets[lead : lead + len(ptext)] + [offsets[lead + len(ptext)]]
            line_end = text.find("\n", start)
            line_text = text[start : line_end if line_end >= 0 else len(text)]
            src_indent = re.match(r"^[ \t\u3000]*", line_text).group(0)  # type: ignore[union-attr]
            seg = Segment(ptext, PARAGRAPH, positions=_positions(lm, offsets))
            seg.breaks = ptext.count("\n")
            if re.match(r"^(?:[-*+]\s|\d+[.)]\s|>)", line_text.lstrip(" \t")):
                src_indent = ""
            seg.leading_space = raw[:lead] or src_indent
            if block.quote:
                seg.meta_key = "quote"
            body.append(seg)
        elif isinstance(block, Table):
            rows = [block.header, *block.rows]
            for r, row in enumerate(rows):
                line_no = block.line + (0 if r == 0 else r + 1)
                rs, re_ = lm.line_start(line_no), lm.line_start(line_no + 1)
                p = rs
                for cell in row:
                    if not cell:
                        continue
                    offsets = _align(cell, text, p, re_)
                    p = offsets[-1]
                    body.append(Segment(cell, CELL, positions=_positions(lm, offsets)))
    assign_roles(body, markdown=True)
    segments.extend(body)
    for i, seg in enumerate(segments):
        seg.index = i
    return Document(source, "md", segments, meta, problems=list(draft.problems))


_FM_END = lazy(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def _fast_front_matter(text: str) -> tuple[str, dict[str, Any]] | None:
    """(text with the front matter's lines emptied, meta) — None when libyaml is missing or the
    front matter is not a plain mapping (then parse_draft reads it, with its own messages)."""
    if not text.startswith("---\n"):
        return None
    end = _FM_END.search(text, 4)
    if end is None:
        return None
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    content = text[4 : end.start()]
    try:
        data = yaml.load(content, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    from zhengbing.draft import CORE_KEYS, OPTIONAL_KEYS, format_date, normalise_kind

    aliases = {
        a: k for table in (CORE_KEYS, OPTIONAL_KEYS) for k, names in table.items() for a in names
    }
    meta: dict[str, Any] = {k: "" for k in CORE_KEYS}
    meta["year"] = None
    for raw_key, value in data.items():
        key = aliases.get(str(raw_key).strip())
        if key is None:
            continue
        if key == "year":
            try:
                meta["year"] = int(str(value).strip().rstrip("年"))
            except ValueError:
                meta["year"] = None
        elif key == "date":
            meta["date"] = format_date(value) if value is not None else ""
        elif key == "kind":
            meta["kind"] = normalise_kind(str(value)) or ""
        elif key in CORE_KEYS:
            meta[key] = "" if value is None else str(value).strip()
        else:
            meta[key] = value
    if meta["year"] is None and meta["date"]:
        m = re.match(r"(\d{4})年", meta["date"])
        if m:
            meta["year"] = int(m.group(1))
    blanked = "---\n" + "\n" * content.count("\n") + text[end.start() :]
    return blanked, meta


def document_from_plain(text: str, source: str = "<草稿>") -> Document:
    if text.startswith("\ufeff"):
        text = text[1:]
    segments: list[Segment] = []
    for idx, raw in enumerate(text.split("\n")):
        stripped = raw.strip(" \t\u3000\u00a0\r")
        if not stripped:
            continue
        col0 = len(raw) - len(raw.lstrip(" \t\u3000\u00a0"))
        positions = _OnLine(idx + 1, col0 + 1, len(stripped) + 1)
        seg = Segment(stripped, PARAGRAPH, positions=positions)
        segments.append(seg)
    assign_roles(segments, markdown=False)
    for i, seg in enumerate(segments):
        seg.index = i
    return Document(source, "txt", segments, {})


def _looks_like_salutation(text: str) -> bool:
    """同志们： / 各位领导、同志们 — but not a heading such as 三、加强组织领导."""
    if not SALUTATION_RE.match(text) or marker_level(text) is not None:
        return False
    return (
        text[-1] in "：:，,"
        or text.endswith(("们", "同志"))
        or text.startswith(("尊敬的", "各位", "全体", "亲爱的"))
    )


def assign_roles(segs: list[Segment], *, markdown: bool, docx: bool = False) -> None:
    """Infer title, byline, salutation, headings and signature for segments without a role hint."""
    paragraphs = [s for s in segs if s.role in (PARAGRAPH, TITLE)]
    if not paragraphs:
        return
    have_title = any(s.role == TITLE for s in segs)
    i = 0
    if not markdown and not have_title:
        first = paragraphs[0]
        if (
            len(first.text) <= 60
            and not first.text.endswith(("。", "；", "：", ":"))
            and not SALUTATION_RE.match(first.text)
        ):
            first.role = TITLE
            i = 1
    if paragraphs:
        # subtitle, byline and date lines between the title and the body
        while i < len(paragraphs):
            s = paragraphs[i]
            t = s.text
            if s.role == TITLE:
                i += 1
                continue
            if t.startswith("——") and len(t) <= 60:
                s.role = SUBTITLE
            elif DATE_LINE_RE.match(t):
                s.role = DATE
            elif (
                len(t) <= 40
                and not t.endswith(("。", "！", "？", "；", "：", ":"))
                and ("\u3000" in t or i <= 2)
                and not SALUTATION_RE.match(t)
                and marker_level(t) is None
                and any(x.role == TITLE for x in paragraphs[:i])
            ):
                s.role = BYLINE
            else:
                break
            i += 1
    for s in paragraphs:
        if s.role != PARAGRAPH:
            continue
        t = s.text
        if len(t) <= 60 and ARTICLE_BREAK_RE.match(t) and not t.endswith(("。", "；", "，")):
            s.role = TITLE
            continue
        if len(t) <= 40 and _looks_like_salutation(t):
            s.role = SALUTATION
            continue
        if not markdown:
            level = marker_level(t)
            if level and len(t) <= 50 and "。" not in t[:-1] and not t.endswith(("；", "，")):
                s.role = HEADING
    # closing signature and date: the last short lines
    tail = [s for s in segs if s.role in (PARAGRAPH, DATE)][-3:]
    for s in reversed(tail):
        t = s.text
        if DATE_LINE_RE.match(t):
            s.role = DATE
        elif len(t) <= 30 and SIGNATURE_END_RE.search(t) and not t.endswith(("。", "！")):
            s.role = SIGNATURE
        else:
            break
