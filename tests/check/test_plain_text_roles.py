"""Plain-text speeches: headings are recognised as headings, not as salutations."""

from __future__ import annotations

from zhengbing.check import check_text

SPEECH = """在全县2025年征兵工作会议上的讲话

同志们：

今天召开全县征兵工作会议，部署今年征兵工作。下面，我讲三点意见。

一、充分认识征兵工作的重要意义

征兵工作是国防建设的基础工作。

二、突出工作重点

各乡镇要抓好宣传发动。

三、加强组织领导

各乡镇要切实履行主体责任。
"""


def test_heading_ending_in_a_salutation_word_is_a_heading() -> None:
    findings = check_text(SPEECH, source="讲话.txt", fmt="txt")
    assert [f.to_dict() for f in findings] == []


def test_salutation_without_colon_is_still_flagged() -> None:
    text = SPEECH.replace("同志们：", "同志们")
    findings = check_text(text, source="讲话.txt", fmt="txt")
    assert [(f.rule, f.line) for f in findings] == [("punctuation", 3)]
