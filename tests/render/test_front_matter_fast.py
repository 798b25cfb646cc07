"""The PyYAML-free front-matter path of the draft parser gives what yaml.safe_load gives."""

from __future__ import annotations

import pytest
import yaml

from zhengbing.reader import _simple_front_matter

CASES = [
    "title: 在全镇2024年征兵工作动员会议上的讲话\nkind: 讲话\ndate: 2024-03-01\nyear: 2024\n",
    "标题: 青山镇2024年度征兵工作总结\n文种: 总结\n日期: 2024年12月20日\n",
    "title: '引号里的标题'\nspeaker: \"张明\"\n",
    "office: 镇党委副书记、镇长\nspeaker: 张明\n# 注释行\n\nunit:\n",
    "date: 2024-3-1\nkey: value with spaces\n",
    "year: 2024年\nnote: It's fine\n",
    "flag: yes\n",
    "ratio: 3.5\n",
    "time: 12:30\n",
    "list:\n  - a\n  - b\n",
    "inline: [a, b]\n",
    "salutation: 同志们:\n",
    "title: a: b\n",
    "title: 标题 # 注释\n",
    "date: 2024-02-30\n",
    "quoted: 'it''s'\n",
    "empty: ''\n",
    "dup: 1\ndup: 2\n",
    "key:value\n",
    "anchor: &a 1\n",
    "neg: -5\n",
    "hex: 0x1F\n",
    "tilde: ~\n",
]


@pytest.mark.parametrize("content", CASES)
def test_same_as_yaml(content: str) -> None:
    simple = _simple_front_matter(content)
    if simple is None:
        return  # the parser falls back to PyYAML itself
    assert simple == yaml.safe_load(content)


def test_common_front_matter_needs_no_yaml() -> None:
    assert _simple_front_matter(CASES[0]) is not None
    assert _simple_front_matter(CASES[1]) is not None
