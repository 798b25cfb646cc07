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
FEW = 5  # up to this many distinct characters in a line are reported one by one


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
        # one finding per line, naming every character of the line that is outside GB 2312 (a
        # text in traditional characters would otherwise get one finding per character)
        start = 0
        for part in seg.text.split("\n"):
            outside = [(i, ch) for i, ch in enumerate(part) if _outside(ch)]
            if 0 < len({ch for _, ch in outside}) <= FEW:
                firsts: dict[str, int] = {}
                for i, ch in outside:
                    firsts.setdefault(ch, i)
                for ch, i in firsts.items():
                    yield doc.finding(
                        seg,
                        start + i,
                        start + i + 1,
                        rule=RULE,
                        severity="warning",
                        message=_message([ch]),
                        suggestion="人名、地名用字请确认打印效果；其他字符请换成规范汉字或常用符号",
                    )
            elif outside:
                chars = list(dict.fromkeys(ch for _, ch in outside))
                first = start + outside[0][0]
                finding = doc.finding(
                    seg,
                    first,
                    first + 1,
                    rule=RULE,
                    severity="warning",
                    message=_message(chars),
                    suggestion="繁体字请转换为规范简化字；人名、地名用字请逐一确认打印效果",
                )
                finding.count = len(chars)
                yield finding
            start += len(part) + 1


def _message(chars: list[str]) -> str:
    if len(chars) == 1:
        ch = chars[0]
        return (
            f"“{ch}”（U+{ord(ch):04X}）不在 GB 2312 字符集中，"
            "用仿宋_GB2312 等字体打印时会显示为其他字体或方框。"
        )
    shown = "".join(chars[:30]) + ("等" if len(chars) > 30 else "")
    return (
        f"本行有 {len(chars)} 个字不在 GB 2312 字符集中（{shown}），"
        "用仿宋_GB2312 等字体打印时会显示为其他字体或方框；多为繁体字或生僻字。"
    )
