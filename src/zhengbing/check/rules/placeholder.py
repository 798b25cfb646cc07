"""placeholder: template residue that was never filled in (__, ＿＿, XX, ×××, □, ##镇, 某某, 【…】)."""

from __future__ import annotations

from collections.abc import Iterator

from zhengbing.check.lazyre import LazyPattern, lazy
from zhengbing.check.model import Document, Finding
from zhengbing.check.registry import register
from zhengbing.check.rules._util import text_segments

RULE = "placeholder"

# (pattern, message, suggestion)
PATTERNS: tuple[tuple[LazyPattern, str, str], ...] = (
    (
        lazy(r"_{2,}|＿{2,}", needs=("__", "＿＿")),
        "模板中的空格（下划线）没有填写",
        "填入实际的名称、数字或年份",
    ),
    (
        lazy(
            r"(?<![A-Za-z])(?:[xX]{2,}|×{2,}|[ＸｘX]{2,})(?![A-Za-z])",
            needs=("xx", "xX", "Xx", "XX", "××", "ＸＸ", "ｘｘ"),
        ),
        "模板中的“XX/×××”占位符没有替换",
        "换成实际的单位名称、人名或数字",
    ),
    (
        lazy(r"(?<![A-Za-z\d])[xX×](?=[月日号])|(?<=月)[xX×](?=日)"),
        "日期中的“X”占位符没有替换",
        "写出实际日期，如“3月1日”",
    ),
    (lazy(r"□+", needs=("□",)), "模板中的“□”占位符没有填写", "填入实际内容"),
    (
        lazy(
            r"(?<![〇○零一二三四五六七八九])○{2,}(?![〇○零一二三四五六七八九年])|\*{3,}",
            needs=("○○", "***"),
        ),
        "模板中的“○○”“***”占位符没有替换",
        "换成实际的单位名称、人名或数字",
    ),
    (
        lazy(r"#{2,}|#(?=[市县区镇乡街村社])", needs=("#",)),
        "模板中的“#”占位符没有替换（如“##镇”）",
        "换成实际的地名或单位名称",
    ),
    (lazy(r"某某", needs=("某某",)), "“某某”是模板中的占位写法", "换成实际的人名、地名或单位名称"),
    (
        # 【请填写：…】 and 【待核实】 are the slots of a generated draft (rule ``slot``)
        lazy(r"【(?!请填写[：:]|待核实】)[^】\n]*】", needs=("【",)),
        "“【…】”是模板中的提示语，不应出现在文稿中",
        "按提示填写内容后删去“【】”",
    ),
    (
        lazy(
            r"[（(](?:此处|这里|请)?(?:填写|填入|插入|补充|待定|待补|待填)[^）)\n]{0,20}[）)]"
            r"|[（(](?:单位名称|姓名|人名|镇名|村名|某单位|某人)[）)]"
        ),
        "模板中的填写提示没有处理",
        "按提示填写内容并删去括号",
    ),
)


@register(RULE, "模板残留占位符")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    for seg in text_segments(doc):
        taken: list[tuple[int, int]] = []
        for pattern, message, suggestion in PATTERNS:
            for m in pattern.finditer(seg.text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                yield doc.finding(
                    seg,
                    m.start(),
                    m.end(),
                    rule=RULE,
                    severity="error",
                    message=f"{message}：“{m.group(0)}”。",
                    suggestion=suggestion,
                    code="X01",
                )
