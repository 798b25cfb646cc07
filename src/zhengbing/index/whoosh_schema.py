"""The whoosh schema and tokenizer of the whoosh engine (imported only when it opens an index).

The tokenizer is a class at module level because whoosh pickles the schema, analyzer included,
into the index's table of contents.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from zhengbing.index.analysis import index_tokens


class ChineseTokenizer(Tokenizer):
    """The words of :func:`zhengbing.index.analysis.index_tokens` as whoosh tokens."""

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
        for word, pos, start, end in index_tokens(value, self.segmenter):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def make_schema(segmenter: str = "rjieba") -> Schema:
    # the filter attributes share one keyword field ("g:policy k:法律 r:全国 …"): one field
    # instead of seven makes indexing markedly faster and filters are sets of documents anyway
    return Schema(
        id=STORED(),
        doc_id=ID(stored=True),
        facets=KEYWORD(),  # also "a:第二十条" for the article number
        article=STORED(),
        status=STORED(),
        kind=STORED(),
        region=STORED(),
        content=TEXT(analyzer=ChineseTokenizer(segmenter), phrase=True),
        doc_title=STORED(),
        path=STORED(),
        text=STORED(),
        year=STORED(),
        prior=STORED(),
        short=STORED(),
        grp=STORED(),
        origin=STORED(),
    )
