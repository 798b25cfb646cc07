"""Our tokenizer: ordinal positions and the domain dictionary."""

from __future__ import annotations

import pytest

from zhengbing.index.analysis import analyze
from zhengbing.index.segmenter import get_segmenter, raw_segmenter

# words both stock segmenters cut into pieces (checked below) and ours keeps whole
DOMAIN = [
    "兵役登记",
    "预征对象",
    "政治考核",
    "役前教育",
    "双合格",
    "学费补偿",
    "国家助学贷款代偿",
    "退出现役",
]


@pytest.mark.parametrize("name", ["rjieba", "jieba"])
def test_stock_segmenters_split_domain_words_and_ours_does_not(name):
    raw = raw_segmenter(name)
    ours = get_segmenter(name)
    for word in DOMAIN:
        text = f"做好{word}工作"
        assert word not in raw.cut(text), (name, word, raw.cut(text))
        assert word in ours.cut(text), (name, word, ours.cut(text))


def test_positions_are_ordinal_not_character_offsets():
    tokens = analyze("组织适龄男性公民进行兵役登记")
    main = {}
    for word, pos in tokens:
        main.setdefault(pos, word)
    positions = sorted(main)
    assert positions == list(range(len(positions)))
    by_word = dict(tokens)
    assert by_word["兵役登记"] == by_word["进行"] + 1


def test_sub_words_share_the_position_of_their_word():
    tokens = analyze("办理兵役登记")
    pos = {w: p for w, p in tokens}
    assert pos["兵役"] == pos["登记"] == pos["兵役登记"] == pos["办理"] + 1


def test_punctuation_and_function_words_are_not_indexed_but_keep_their_place():
    tokens = analyze("兵役登记、体格检查和政治考核")
    words = [w for w, _ in tokens]
    assert "、" not in words and "和" not in words
    pos = dict(tokens)
    assert pos["政治考核"] - pos["体格检查"] == 2  # 和 still takes a position
