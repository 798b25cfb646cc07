"""Our whoosh tokenizer: ordinal word positions (so phrase queries match), domain dictionary.

jieba's stock ``ChineseAnalyzer`` stores character offsets as positions, so two adjacent words
are never at positions n and n+1 and quoted phrase queries never match. This tokenizer numbers
words 0, 1, 2, …; dictionary sub-words share the position of the word that contains them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from zhengbing.index.segmenter import get_segmenter, is_indexable


class ChineseTokenizer(Tokenizer):
    """Segments with rjieba (or jieba) plus the domain dictionary; lowercases Latin letters."""

    def __init__(self, segmenter: str = "rjieba") -> None:
        self.segmenter = segmenter

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        seg = get_segmenter(self.segmenter)
        for word, pos, start, end in seg.tokens(value):
            if not is_indexable(word):
                continue
            token.text = word.lower()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def analyze(text: str) -> list[tuple[str, int]]:
    """(word, position) pairs as indexed — for tests and diagnostics."""
    return [(t.text, t.pos) for t in ChineseTokenizer()(text, positions=True)]
