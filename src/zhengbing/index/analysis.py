"""How passage text becomes index words, for every engine: ordinal positions, domain dictionary.

jieba's stock search mode reports character offsets, so two adjacent words are never at
positions n and n+1 and phrase queries never match. Here words are numbered 0, 1, 2, …;
dictionary sub-words share the position of the word that contains them. Latin letters are
lowercased; punctuation and function words are not indexed but keep their place. The text is
folded first (traditional → simplified, full-width → ASCII; :mod:`zhengbing.index.fold`), as
every query is, so both meet in one form.
"""

from __future__ import annotations

from zhengbing.index.fold import fold
from zhengbing.index.segmenter import get_segmenter, is_indexable


def index_tokens(text: str, segmenter: str = "rjieba") -> list[tuple[str, int, int, int]]:
    """(word, position, start, end) for every indexed word of *text*."""
    seg = get_segmenter(segmenter)
    return [
        (word.lower(), pos, start, end)
        for word, pos, start, end in seg.tokens(fold(text))
        if is_indexable(word)
    ]


def analyze(text: str) -> list[tuple[str, int]]:
    """(word, position) pairs as indexed — for tests and diagnostics."""
    return [(w, pos) for w, pos, _s, _e in index_tokens(text)]
