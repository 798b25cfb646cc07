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


COLLECTION = """2025年征兵工作总结（范文3篇）

征兵工作总结篇一

一、主要做法

二、存在问题

征兵工作总结篇二

一、主要做法

一是加强宣传。二是严格体检。

二、存在问题

二、下步打算

【第三篇】

一、主要做法
"""


def test_each_article_of_a_web_collection_is_numbered_on_its_own() -> None:
    """A pasted “范文3篇” page: 篇二 starts again at 一、; a real repeat inside 篇二 is still found."""
    findings = [
        f for f in check_text(COLLECTION, source="总结.txt", fmt="txt") if f.rule == "numbering"
    ]
    assert [(f.line, f.text) for f in findings] == [(17, "二、")]
