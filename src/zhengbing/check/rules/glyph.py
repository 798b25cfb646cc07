"""glyph: characters outside GB 2312, which print in a fallback face under 仿宋_GB2312."""

from __future__ import annotations

from collections.abc import Iterator

from zhengbing.check.model import Document, Finding
from zhengbing.check.registry import register
from zhengbing.check.rules._util import text_segments

RULE = "glyph"
# in the GB 2312 fonts under another code point (— ·) or required by GB/T 15835 (〇)
ACCEPTED = set("—·〇・\u3000\n\t")
_DROP_ACCEPTED = {ord(ch): None for ch in ACCEPTED}


def _outside(ch: str) -> bool:
    if ch.isascii() or ch in ACCEPTED:
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


@register(RULE, "字库外字符")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    for seg in text_segments(doc):
        try:  # the common case: the whole paragraph is in GB 2312
            seg.text.translate(_DROP_ACCEPTED).encode("gb2312")
            continue
        except UnicodeEncodeError:
            pass
        seen: set[str] = set()
        for i, ch in enumerate(seg.text):
            if ch in seen or not _outside(ch):
                continue
            seen.add(ch)
            name = f"U+{ord(ch):04X}"
            yield doc.finding(
                seg,
                i,
                i + 1,
                rule=RULE,
                severity="warning",
                message=(
                    f"“{ch}”（{name}）不在 GB 2312 字符集中，用仿宋_GB2312 等字体打印时会显示为其他字体或方框。"
                ),
                suggestion="人名、地名用字请确认打印效果；其他字符请换成规范汉字或常用符号",
            )
