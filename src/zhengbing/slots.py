"""Slots and markers a draft carries where the unit's records do not support a sentence.

A slot 【请填写：…】 says exactly what the writer has to put there; a marker 【待核实】 follows a
claim the draft keeps but the tool cannot verify. ``zhengbing check`` lists every one of them,
``zhengbing render`` and the terminal interface say how many remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FILL_PREFIX = "【请填写："
VERIFY = "【待核实】"

SLOT_RE = re.compile(r"【请填写[：:][^】\n]*】|【待核实】")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def fill(what: str) -> str:
    """A visible slot: 【请填写：会议召开的日期】."""
    return f"{FILL_PREFIX}{what}】"


def verify() -> str:
    """The marker after a claim that has to be checked by the signer."""
    return VERIFY


@dataclass(frozen=True)
class Slot:
    line: int  # 1-based, in the whole file
    column: int  # 1-based
    text: str

    @property
    def is_fill(self) -> bool:
        return self.text.startswith(FILL_PREFIX)


def find_slots(text: str) -> list[Slot]:
    """Every slot and marker of a draft (front matter values and the body; not comments)."""
    found: list[Slot] = []
    blanked = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for number, line in enumerate(blanked.split("\n"), start=1):
        for m in SLOT_RE.finditer(line):
            found.append(Slot(number, m.start() + 1, m.group(0)))
    return found


def count_slots(text: str) -> int:
    return len(find_slots(text))


def remaining_message(count: int) -> str:
    """The notice shown after rendering a draft that still has slots."""
    return (
        f"草稿中还有 {count} 处【请填写】或【待核实】没有处理；"
        "Word 文件已生成，但在签发前请逐处填写、核实（zhengbing check 可列出所在行）。"
    )
