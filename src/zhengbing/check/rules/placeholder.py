"""placeholder: template residue that was never filled in (__, ＿＿, XX, ×××, □, ##镇, 某某, 【…】,
and the single-character forms X局长, *主任, 开展_工作). A reference book's entry heading
(【征兵工作】2024年，全县……) is not a prompt."""

from __future__ import annotations

from collections.abc import Iterator

from zhengbing.check.lazyre import LazyPattern, lazy
from zhengbing.check.model import HAN, Document, Finding
from zhengbing.check.registry import register
from zhengbing.check.rules._util import text_segments

RULE = "placeholder"
# what a single-letter placeholder stands before: a title, a kind of place or body, a count
TITLES = (
    r"(?:局长|副局长|主任|副主任|书记|副书记|部长|副部长|镇长|副镇长|乡长|县长|区长|市长|主席|"
    r"委员|干事|政委|同志|先生|女士|老师|村(?![民庄落])|镇(?!定|静)|乡(?!村|镇|亲|土)|街道|社区|"
    r"单位|公司|学校)"
)
# a reference book's entry heading: 【征兵工作】 opening a paragraph; a prompt asks for something
ENTRY_RE = lazy(rf"^[ \t\u3000]*【([{HAN}·]{{2,12}})】(?=[^\n]|$)")
PROMPT_WORDS = lazy(
    r"请|填|写|待|此处|某|输入|补充|核实|示例|例如|注|说明|名称|姓名|名字|时间|日期|年份|数字|人数|"
    r"地点|职务|内容|可选|选填|根据|修改|替换|删除|插入|标题|单位|本人|XX|××"
)

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
    (
        lazy(
            r"(?<![A-Za-z0-9ＸｘX×*＊])[XxＸｘ×*＊](?=" + TITLES + ")",
            needs=("X", "x", "Ｘ", "ｘ", "×", "*", "＊"),
        ),
        "模板中的单字占位符（如“X局长”“*主任”）没有替换",
        "换成实际的姓氏、地名或单位名称",
    ),
    (
        lazy(f"(?<=[{HAN}])[_＿](?=[{HAN}])", needs=("_", "＿")),
        "模板中的空格（下划线）没有填写",
        "填入实际内容后删去下划线",
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
        # characters already reported (a bytearray: a long pasted line may hold many matches)
        taken = bytearray(len(seg.text) + 1)
        entry = ENTRY_RE.match(seg.text)
        if entry and not PROMPT_WORDS.search(entry.group(1)):
            taken[entry.start() : entry.end()] = b"\x01" * (entry.end() - entry.start())
        for pattern, message, suggestion in PATTERNS:
            for m in pattern.finditer(seg.text):
                start, end = m.span()
                if any(taken[start : max(end, start + 1)]):
                    continue
                taken[start:end] = b"\x01" * (end - start)
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
