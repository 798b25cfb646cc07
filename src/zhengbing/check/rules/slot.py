"""slot: the 【请填写：…】 slots and 【待核实】 markers a generated draft still carries."""

from __future__ import annotations

from collections.abc import Iterator

from zhengbing.check.lazyre import lazy
from zhengbing.check.model import Document, Finding
from zhengbing.check.registry import register
from zhengbing.check.rules._util import text_segments

RULE = "slot"

SLOT = lazy(r"【请填写[：:][^】\n]*】|【待核实】", needs=("【",))


@register(RULE, "待填写、待核实的内容")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    for seg in text_segments(doc):
        for m in SLOT.finditer(seg.text):
            if m.group(0) == "【待核实】":
                message = "这句话的内容没有统计表或工作情况作依据，须核实：“【待核实】”。"
                suggestion = "核实无误后删去“【待核实】”，不属实的删改整句"
            else:
                what = m.group(0)[5:-1]
                message = f"这里要填写：{what}（“{m.group(0)}”）。"
                suggestion = "填入实际内容，并删去“【请填写：】”"
            yield doc.finding(
                seg,
                m.start(),
                m.end(),
                rule=RULE,
                severity="error",
                message=message,
                suggestion=suggestion,
                code="X02",
            )
