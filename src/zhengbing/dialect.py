"""The conventions of Chinese official documents, decided once for every reader and writer.

- heading markers of the four levels (GB/T 9704 7.3.3): ``一、`` / ``（一）`` / ``1.`` / ``（1）``,
  with the variants people type (``(一)``, ``1、``, ``1．``, ``(1)``) and the canonical form to write;
- whether a line is a heading line, whether the first line of a plain text is its title, and
  whether a line is a salutation (称呼语);
- the characters that end a sentence;
- Chinese numerals both ways (``二十一`` ↔ 21).

The importer, the writer, the checker, the .docx self-check and the outlines all ask this
module, so a line is read the same way everywhere. Only :mod:`re` is imported: the render and
check paths import this module at start-up.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- numerals

CN_DIGITS = "零一二三四五六七八九"
_DIGIT_VALUES: dict[str, int] = {c: i for i, c in enumerate(CN_DIGITS)} | {
    "〇": 0,
    "○": 0,
    "两": 2,
}
_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS: tuple[tuple[str, int], ...] = (("亿", 100_000_000), ("万", 10_000))
# every character a Chinese numeral may contain
NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"


def _section_value(text: str) -> int | None:
    """The value of a numeral below 万 (一千零五, 十二, 三百); None when malformed."""
    if not text:
        return None
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in text:
        value = _DIGIT_VALUES.get(ch)
        if value is not None:
            if digit not in (None, 0):
                return None  # two digits in a row (三四, 二〇二四): not one number
            digit = value
            continue
        unit = _SMALL_UNITS.get(ch)
        if unit is None or unit >= last_unit:
            return None
        if digit == 0 or (digit is None and (unit != 10 or total)):
            return None  # 零十, 百, 一百十: only a leading 十 stands for 一十
        total += (1 if digit is None else digit) * unit
        last_unit = unit
        digit = None
    return total + (digit or 0)


def cn_to_int(text: str) -> int | None:
    """A Chinese numeral (or a string of digits) as an int: 二十三 → 23, 十五 → 15,
    一百零二 → 102, 两百 → 200, 三万零五十 → 30050, "12" → 12; None for anything else
    (including runs of digits without units such as 三四 or 二〇二四)."""
    text = text.strip()
    if not text:
        return None
    if text.isdecimal():
        return int(text)
    rest = text
    total = 0
    for name, value in _BIG_UNITS:
        if name in rest:
            head, _, rest = rest.partition(name)
            if name in rest:
                return None
            high = _section_value(head) if head else None
            if high is None:
                return None
            total += high * value
    if not rest:
        return total
    low = _section_value(rest)
    if low is None:
        return None
    return total + low


def _section_cn(n: int, *, leading: bool) -> str:
    """0 < n < 10000 in Chinese numerals; *leading* when nothing is written before it."""
    out = ""
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            if zero:
                out += "零"
                zero = False
            if not (unit == 10 and digit == 1 and leading and not out):
                out += CN_DIGITS[digit]
            out += name
        elif out:
            zero = True
    return out


def int_to_cn(n: int) -> str:
    """An integer in Chinese numerals: 4 → 四, 10 → 十, 12 → 十二, 105 → 一百零五,
    110 → 一百一十, 10010 → 一万零一十, -3 → 负三."""
    if n < 0:
        return "负" + int_to_cn(-n)
    if n == 0:
        return "零"
    groups: list[int] = []
    while n:
        n, group = divmod(n, 10_000)
        groups.append(group)
    names = ["", "万", "亿", "万亿"]
    out = ""
    pending_zero = False
    for i in range(len(groups) - 1, -1, -1):
        group = groups[i]
        if not group:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or group < 1000):
            out += "零"
        out += _section_cn(group, leading=not out) + names[i]
        pending_zero = False
    return out


# --------------------------------------------------------------------------- heading markers

# level 1 一、  level 2 （一）  level 3 1.  level 4 （1）; ASCII brackets and 1、 1． are variants
MARKER_PATTERN = (
    r"^(?:(?P<l1>[一二三四五六七八九十]+)、|[（(](?P<l2>[一二三四五六七八九十]+)[）)]|"
    r"(?P<l3>\d{1,2})(?:[.．](?!\d)|、)|[（(](?P<l4>\d{1,2})[）)])"
)
# the canonical marker of each level, with {} for the number (Chinese for levels 1 and 2)
CANONICAL_MARKERS: dict[int, str] = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}
# longest standalone heading line; longer lines that start with a marker are paragraphs
HEADING_MAX_CHARS = 50


_compiled: dict[str, re.Pattern[str]] = {}


def _pattern(pattern: str) -> re.Pattern[str]:
    """*pattern* compiled on first use: a class of Chinese characters costs about a
    millisecond to compile, and most runs of a command need only some of these."""
    compiled = _compiled.get(pattern)
    if compiled is None:
        compiled = _compiled[pattern] = re.compile(pattern)
    return compiled


class Marker:
    """The numbering at the start of a line: level 1..4, its number, the marker as typed."""

    __slots__ = ("level", "number", "text")

    def __init__(self, level: int, number: int, text: str) -> None:
        self.level = level
        self.number = number
        self.text = text

    def __repr__(self) -> str:
        return f"Marker(level={self.level}, number={self.number}, text={self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Marker) and (self.level, self.number, self.text) == (
            other.level,
            other.number,
            other.text,
        )

    def __hash__(self) -> int:
        return hash((self.level, self.number, self.text))

    @property
    def canonical(self) -> str:
        number = int_to_cn(self.number) if self.level <= 2 else str(self.number)
        return CANONICAL_MARKERS[self.level].format(number)

    @property
    def markdown_level(self) -> int:
        """The Markdown heading level of a draft: 一、 is ##, （一） ###, 1. and （1） ####."""
        return min(4, self.level + 1)


def marker(text: str) -> Marker | None:
    """The heading marker at the start of *text* (一、, （一）/(一), 1./1、/1．, （1）/(1))."""
    m = _pattern(MARKER_PATTERN).match(text)
    if not m:
        return None
    for level, key in enumerate(("l1", "l2", "l3", "l4"), start=1):
        value = m.group(key)
        if value:
            number = int(value) if value.isdigit() else cn_to_int(value)
            if number is None:
                return None
            return Marker(level, number, m.group(0))
    return None  # pragma: no cover - one group always matches


def canonical_marker(level: int, number: int) -> str:
    """一、 / （一） / 1. / （1） for *level* 1..4 and *number*."""
    return Marker(level, number, "").canonical


def canonicalise_marker(text: str) -> str:
    """*text* with its heading marker written the canonical way: (一)加强领导 → （一）加强领导,
    1、做好宣传 → 1.做好宣传; text without a marker is returned unchanged."""
    found = marker(text)
    if found is None or found.text == found.canonical:
        return text
    return found.canonical + text[len(found.text) :]


def heading_level(line: str) -> int:
    """1..4 when *line* is a standalone heading line (一、总体情况 / （一）… / 1.… / （1）…),
    else 0. A heading line starts with a marker, is at most 50 characters long, has no 。
    before its end and does not end with ；or ，(a run-in heading ends with its first 。)."""
    s = line.strip(WHITESPACE)
    if not s or len(s) > HEADING_MAX_CHARS:
        return 0
    found = marker(s)
    if found is None or "。" in s[:-1] or s.endswith(("；", "，")):
        return 0
    return found.level


# --------------------------------------------------------------------------- sentences, titles

WHITESPACE = " \t\r\n\u3000\u00a0\ufeff"
# characters that end a sentence; a line ending with one of them runs on into the next
SENTENCE_END = "。！？；：”」』）)…"
# a title never ends with these (P11 of the checker): they end a sentence or lead into a list.
# ！ and ？ do not disqualify a title: 心得体会 and articles have exclamatory and questioning
# titles (青春无悔，参军光荣！).
TITLE_FORBIDDEN_END = "。，；：、,;:"
TITLE_MIN_CHARS = 2
TITLE_MAX_CHARS = 60

SALUTATION_PATTERN = (
    r"^(?:尊敬的|各位|全体|亲爱的)?[^，。；！？,.;!?]{0,30}?"
    r"(?:同志们|同事们|朋友们|同志|代表|领导|委员|来宾|青年朋友们|家长们)[：:，,]?$"
)
SALUTATION_MAX_CHARS = 40


def is_salutation(line: str) -> bool:
    """同志们： / 各位领导、同志们 / 尊敬的各位来宾 — but not a heading such as 三、加强组织领导
    nor a title that happens to end in 领导."""
    s = line.strip(WHITESPACE)
    if not s or len(s) > SALUTATION_MAX_CHARS or not _pattern(SALUTATION_PATTERN).match(s):
        return False
    if marker(s) is not None:
        return False
    return (
        s[-1] in "：:，,"
        or s.endswith(("们", "同志"))
        or s.startswith(("尊敬的", "各位", "全体", "亲爱的"))
    )


def is_title_line(line: str) -> bool:
    """Whether the first line of a plain text (a .txt, a PDF, a Word file without styles) is
    the document's title: 2–60 characters, not ending with 。，；：、 (！ and ？ are allowed),
    not starting with a heading marker (一、总体情况 is a heading) and not a salutation."""
    s = line.strip(WHITESPACE)
    if not TITLE_MIN_CHARS <= len(s) <= TITLE_MAX_CHARS:
        return False
    if s[-1] in TITLE_FORBIDDEN_END:
        return False
    return marker(s) is None and not is_salutation(s)
