"""Chinese word segmentation for the index: rjieba (jieba as fallback) plus our domain dictionary.

Nothing is loaded at import time: the segmenter's dictionary (about 0.1 s) is loaded on the first
call of :func:`get_segmenter`, which only indexing needs. Queries are segmented against the
index's own vocabulary instead (see ``backend.segment_query``), so a search never loads it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from zhengbing import resources

# Bumped whenever tokenisation changes in a way that needs a rebuild of existing indexes.
TOKENIZER_VERSION = "5"

_PUNCT_RE = re.compile(r"^[\W_]+$")
_ARTICLE_NO = re.compile(r"^第[零〇一二三四五六七八九十百千两0-9]+[条章节编款项]?$")
# function words and punctuation not worth a posting (positions still count them)
INDEX_STOPWORDS = frozenset(
    "的 了 和 与 及 或 或者 以及 在 是 对 等 并 其 之 于 为 由 将 把 被 这 那 也 而 且 但".split()
)


def data_dir() -> Path:
    return resources.templates_dir() / "search"


def _read_lines(name: str) -> list[str]:
    path = data_dir() / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def domain_words() -> tuple[tuple[str, int | None], ...]:
    """The domain dictionary: (word, frequency or None)."""
    out: list[tuple[str, int | None]] = []
    for line in _read_lines("dictionary.txt"):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        out.append((parts[0], freq))
    return tuple(out)


@cache
def synonyms() -> dict[str, tuple[str, ...]]:
    """User wording → wording of the law (from ``synonyms.txt``)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _read_lines("synonyms.txt"):
        if "=" not in line:
            continue
        key, _, values = line.partition("=")
        words = tuple(v for v in values.split() if v)
        if key.strip() and words:
            table[key.strip()] = words
    return table


@cache
def query_stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in _read_lines("stopwords.txt"):
        words.update(line.split())
    return frozenset(words)


@cache
def stop_phrases() -> tuple[str, ...]:
    """Question phrases (three characters or more) removed from a query before segmenting."""
    return tuple(sorted((w for w in query_stopwords() if len(w) >= 3), key=len, reverse=True))


@cache
def long_words() -> tuple[str, ...]:
    return tuple(w for w, _f in domain_words() if len(w) >= 4)


def dictionary_hash() -> str:
    """Hash of everything that changes how text is tokenised (part of the index key)."""
    h = hashlib.sha256(TOKENIZER_VERSION.encode())
    for word, freq in domain_words():
        h.update(f"{word}\0{freq}\n".encode())
    h.update(" ".join(sorted(INDEX_STOPWORDS)).encode())
    return h.hexdigest()[:16]


Tokenize = Callable[[str], list[tuple[str, int, int]]]


class Segmenter:
    """Search-mode segmentation: main words plus their dictionary sub-words, with offsets."""

    def __init__(self, name: str, tokenize_search: Tokenize, tokenize_plain: Tokenize) -> None:
        self.name = name
        self._search = tokenize_search
        self._plain = tokenize_plain

    def cut(self, text: str) -> list[str]:
        """Precise mode: the main words only."""
        return [w for w, _, _ in self._plain(text)]

    def tokens(self, text: str) -> list[tuple[str, int, int, int]]:
        """(word, position, start, end) with ordinal positions.

        Every main word gets the next position; a sub-word (兵役 and 登记 inside 兵役登记) gets
        the position of the word that contains it, so phrase queries over main words work and
        a search for a part of a compound still finds it.
        """
        raw = self._search(text)
        raw.sort(key=lambda t: (t[1], -t[2]))
        out: list[tuple[str, int, int, int]] = []
        pos = -1
        max_end = -1
        keep_parts = True
        main_start = 0
        for word, start, end in raw:
            if end <= max_end:
                # only parts at either edge of the word: 兵役登记 → 兵役, 登记; 人民政府 →
                # 人民, 政府 but not 民政
                if pos >= 0 and keep_parts and (start == main_start or end == max_end):
                    out.append((word, pos, start, end))
                continue
            main_start = start
            pos += 1
            max_end = end
            # parts of an article number (第二十三条 → 二十, 十三条 …) are noise
            keep_parts = not _ARTICLE_NO.match(word)
            out.append((word, pos, start, end))
            if keep_parts and len(word) >= 5:
                # search mode only yields 2- and 3-character parts; add longer dictionary words
                # (国防教育 inside 全民国防教育日)
                for part in long_words():
                    if len(part) < len(word) and part in word:
                        i = word.index(part)
                        out.append((part, pos, start + i, start + i + len(part)))
        return out


def _make_rjieba() -> Segmenter:
    import rjieba  # loads its dictionary (~0.1 s)

    for word, freq in domain_words():
        rjieba.add_word(word, freq, None)

    def search(text: str) -> list[tuple[str, int, int]]:
        return list(rjieba.tokenize(text, mode="search"))

    def plain(text: str) -> list[tuple[str, int, int]]:
        return list(rjieba.tokenize(text))

    return Segmenter("rjieba", search, plain)


def _make_jieba() -> Segmenter:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for word, freq in domain_words():
        tk.add_word(word, freq)

    def search(text: str) -> list[tuple[str, int, int]]:
        return list(tk.tokenize(text, mode="search"))

    def plain(text: str) -> list[tuple[str, int, int]]:
        return list(tk.tokenize(text))

    return Segmenter("jieba", search, plain)


@cache
def get_segmenter(prefer: str = "rjieba") -> Segmenter:
    """The segmenter with the domain dictionary loaded (rjieba; jieba where rjieba is missing)."""
    if prefer == "rjieba":
        try:
            return _make_rjieba()
        except ImportError:
            pass
    return _make_jieba()


def raw_segmenter(name: str) -> Segmenter:
    """A segmenter *without* the domain dictionary (for comparisons and tests)."""
    if name == "rjieba":
        import rjieba

        jb = rjieba.Jieba()
        return Segmenter(
            "rjieba-raw",
            lambda t: list(jb.tokenize(t, mode="search")),
            lambda t: list(jb.tokenize(t)),
        )
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    return Segmenter(
        "jieba-raw",
        lambda t: list(tk.tokenize(t, mode="search")),
        lambda t: list(tk.tokenize(t)),
    )


def is_indexable(word: str) -> bool:
    return bool(word.strip()) and not _PUNCT_RE.match(word) and word not in INDEX_STOPWORDS
