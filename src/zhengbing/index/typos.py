"""Typo tolerance for key terms: one wrong character of the same sound or a similar shape.

People type 兵疫登记 for 兵役登记, 优代金 for 优待金, 休检 for 体检. A stretch of the query that
is not a word of the index but differs from a key term in exactly one character is read as
that term when the two characters share a reading (pypinyin's character table, tones ignored)
or are listed as look-alikes in ``templates/search/typos.txt``. Key terms are the domain
dictionary and both sides of the colloquial ↔ legal table.

The wildcard table of key terms is small and built on first use; the character readings
(pypinyin's table, about 0.1 s to load) are loaded only when a stretch of the query matches a
key term but for one character, so a query without such a slip never loads them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from zhengbing.index.segmenter import _read_lines, domain_words, synonyms

MIN_LEN = 2
MAX_LEN = 6


@dataclass(frozen=True)
class Correction:
    typed: str  # what the query had (兵疫)
    term: str  # the key term it stands for (兵役)
    start: int  # where *typed* starts in the text it was found in
    why: str  # "同音" or "形近"


@cache
def key_terms() -> frozenset[str]:
    terms: set[str] = {w for w, _f in domain_words()}
    for key, values in synonyms().items():
        terms.add(key)
        terms.update(values)
    return frozenset(t for t in terms if MIN_LEN <= len(t) <= MAX_LEN and _is_han(t))


@cache
def _wildcards() -> dict[str, tuple[tuple[str, int], ...]]:
    table: dict[str, list[tuple[str, int]]] = {}
    for term in sorted(key_terms()):
        for i in range(len(term)):
            table.setdefault(term[:i] + "?" + term[i + 1 :], []).append((term, i))
    return {k: tuple(v) for k, v in table.items()}


@cache
def look_alikes() -> frozenset[tuple[str, str]]:
    """Pairs of characters often typed for each other (both orders)."""
    pairs: set[tuple[str, str]] = set()
    for line in _read_lines("typos.txt"):
        for group in line.split():
            for a in group:
                for b in group:
                    if a != b:
                        pairs.add((a, b))
    return frozenset(pairs)


@cache
def _readings_table() -> dict[int, str]:
    """pypinyin's character table, loaded from its one module without importing the package
    (the package loads its phrase tables too: over half a second)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).parent / "pinyin_dict.py"
    module_spec = importlib.util.spec_from_file_location("_zhengbing_pinyin_dict", path)
    if module_spec is None or module_spec.loader is None:
        return {}
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    table: dict[int, str] = getattr(module, "pinyin_dict", {})
    return table


@cache
def readings(char: str) -> frozenset[str]:
    """The toneless readings of *char* (empty when pypinyin does not know it)."""
    raw = _readings_table().get(ord(char), "")
    out: set[str] = set()
    for r in raw.split(","):
        plain = "".join(c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c))
        if plain:
            out.add(plain.replace("v", "u"))
    return frozenset(out)


def _is_han(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def similar(a: str, b: str) -> str:
    """ "形近", "同音" or "" for two characters."""
    if (a, b) in look_alikes():
        return "形近"
    if readings(a) & readings(b):
        return "同音"
    return ""


def corrections(
    text: str,
    is_word: Callable[[str], bool],
    loose: set[int] | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[Correction]:
    """Stretches of *text* (a chunk without punctuation) that look like a mistyped key term.

    *is_word* tells whether a stretch is a word the index knows; known words are never
    corrected. *loose*: the positions of *text* that no word of two or more characters covers;
    only a character there can be the wrong one (a character inside a real word is not a slip).
    Characters in *skip* (question words) are never taken for a wrong character. Longer
    corrections win, and corrections do not overlap.
    """
    found: list[Correction] = []
    taken = [False] * len(text)
    table = _wildcards()
    for length in range(min(MAX_LEN, len(text)), MIN_LEN - 1, -1):
        for start in range(0, len(text) - length + 1):
            piece = text[start : start + length]
            if any(taken[start : start + length]) or not _is_han(piece):
                continue
            if piece in key_terms() or is_word(piece):
                continue
            best: Correction | None = None
            for i in range(length):
                if (loose is not None and start + i not in loose) or piece[i] in skip:
                    continue
                for term, pos in table.get(piece[:i] + "?" + piece[i + 1 :], ()):
                    if pos != i:
                        continue
                    why = similar(piece[i], term[i])
                    if why and (best is None or is_word(term) and not is_word(best.term)):
                        best = Correction(piece, term, start, why)
            if best is not None:
                found.append(best)
                for k in range(start, start + length):
                    taken[k] = True
    found.sort(key=lambda c: c.start)
    return found
