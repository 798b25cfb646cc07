"""Line and column point into the original file, whatever Markdown markup surrounds the text."""

from __future__ import annotations

from zhengbing.check import check_text

DRAFT = """---
title: "在XX镇2024年征兵工作动员会议上的讲话"
year: 2024
unit: '__镇'
---

# 在**××**镇2024年征兵工作的讲话

## 一、提高__认识

**一是要统一**思想，做到*□*。

> 引用某某的话。

- 列表中的【请填写】
1. 编号中的xxx

| 单位 | 负责人 |
|---|---|
| 青山村 | 某某 |

第一行写到
这里接着写__。
"""


def test_every_placeholder_is_located_in_the_source() -> None:
    findings = check_text(DRAFT, rules=["placeholder"])
    lines = DRAFT.split("\n")
    for f in findings:
        assert lines[f.line - 1][f.column - 1 :].startswith(f.text), (f.line, f.column, f.text)
    assert [(f.line, f.column, f.text) for f in findings] == [
        (2, 10, "XX"),  # quoted front-matter value
        (4, 8, "__"),  # single-quoted value
        (7, 6, "××"),  # inside bold in the # title
        (9, 8, "__"),  # after the ## prefix
        (11, 16, "□"),  # after a bold lead-in, inside italics
        (13, 5, "某某"),  # block quotation
        (15, 7, "【请填写】"),  # bullet list item
        (16, 8, "xxx"),  # ordered list item
        (20, 9, "某某"),  # table cell
        (23, 6, "__"),  # second source line of a paragraph joined by a soft break
    ]
