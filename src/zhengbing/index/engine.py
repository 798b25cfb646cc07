"""The engine-neutral search interface: what the search layer asks of an index engine.

An engine stores one :class:`IndexDoc` per passage and answers a :class:`Query` under
:class:`Filters` with :class:`EngineHit` rows. Everything above ``zhengbing.index`` (the
search layer, the CLI, compose, the TUI) uses only these types; which engine sits behind them
is chosen by name (:func:`engine_name`): ``whoosh`` (the default) or ``fts5`` (SQLite FTS5 from
the standard library). Engines are imported only when an index is opened, so importing this
module is cheap.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ENGINE_ENV = "ZHENGBING_SEARCH_ENGINE"
DEFAULT_ENGINE = "whoosh"
ENGINES: dict[str, tuple[str, str]] = {
    "whoosh": ("zhengbing.index.whoosh_engine", "WhooshEngine"),
    "fts5": ("zhengbing.index.fts5_engine", "Fts5Engine"),
}
MAX_WORD = 10  # longest word tried when segmenting a query against the vocabulary


@dataclass
class IndexDoc:
    """One passage as an engine stores it."""

    id: str
    doc_id: str
    name: str  # normalised law name ("" for samples)
    article: str | None
    status: str
    current: bool
    group: str  # policy / sample
    kind: str
    origin: str  # bundled / own
    region: str
    valid_from: int
    valid_to: int
    content: str  # the searchable text: heading path + passage text
    doc_title: str
    path: str
    text: str
    year: int | None
    prior: float
    short: str

    def stored(self) -> StoredPassage:
        return StoredPassage(
            id=self.id,
            doc_id=self.doc_id,
            doc_title=self.doc_title,
            article=self.article or "",
            path=self.path,
            status=self.status,
            region=self.region,
            kind=self.kind,
            text=self.text,
            year=self.year,
            prior=self.prior,
            short=self.short,
            group=self.group,
            origin=self.origin,
        )


@dataclass
class StoredPassage:
    """What a hit brings back from the index."""

    id: str
    doc_id: str
    doc_title: str
    article: str  # "" when the passage is not an article
    path: str
    status: str
    region: str
    kind: str
    text: str
    year: int | None
    prior: float
    short: str
    group: str = "policy"  # policy / sample: only policy passages have a validity status
    origin: str = "bundled"  # bundled / own

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> StoredPassage:
        year = data.get("year")
        return cls(
            id=str(data.get("id") or ""),
            doc_id=str(data.get("doc_id") or ""),
            doc_title=str(data.get("doc_title") or ""),
            article=str(data.get("article") or ""),
            path=str(data.get("path") or ""),
            status=str(data.get("status") or ""),
            region=str(data.get("region") or ""),
            kind=str(data.get("kind") or ""),
            text=str(data.get("text") or ""),
            year=int(year) if year not in (None, "") else None,
            prior=float(data.get("prior") or 1.0),
            short=str(data.get("short") or ""),
            group=str(data.get("grp") or data.get("group") or "policy"),
            origin=str(data.get("origin") or "bundled"),
        )


@dataclass
class Filters:
    """Restrictions on which passages may match; all given restrictions combine (AND)."""

    groups: tuple[str, ...] = ()  # policy / sample
    kinds: tuple[str, ...] = ()  # 法律 / 讲话 / …
    origins: tuple[str, ...] = ()  # bundled / own
    regions: tuple[str, ...] = ()
    year: int | None = None  # informational: validity is expressed by doc_ids
    current_only: bool = False
    names: tuple[str, ...] = ()  # restrict to these law names
    doc_ids: tuple[str, ...] | None = None  # restrict to these documents (e.g. in force in year)

    def key(self) -> tuple[Any, ...]:
        return (
            self.doc_ids,
            self.groups,
            self.kinds,
            self.origins,
            self.regions,
            self.year,
            self.current_only,
            self.names,
        )

    def empty(self) -> bool:
        return self.key() == (None, (), (), (), (), None, False, ())


@dataclass
class Query:
    """What to look for, in index words.

    * ``groups``: optional OR-groups of weighted words; a passage scores BM25 for the best word
      of each group (a word and its synonyms count once), summed over the groups;
    * ``phrases``: required word sequences (words, slop; slop 1 = adjacent);
    * ``required_terms``: single words that must occur;
    * ``article``: an article number (第二十条) that ranks its passages first, or restricts to
      them when ``article_required``.
    """

    groups: list[list[tuple[str, float]]] = field(default_factory=list)
    phrases: list[tuple[list[str], int]] = field(default_factory=list)
    required_terms: list[str] = field(default_factory=list)
    article: str | None = None
    article_required: bool = False

    def is_empty(self) -> bool:
        return not (self.groups or self.phrases or self.required_terms or self.article)


@dataclass
class EngineHit:
    """One matching passage: the engine's document number (stable while the index is open),
    its score and its stored fields."""

    docnum: int
    score: float
    passage: StoredPassage


class SearchEngine(Protocol):
    """An open index of one engine. Build with :meth:`EngineType.create`, open with
    :meth:`EngineType.open`."""

    name: str

    def update(self, delete_doc_ids: Sequence[str], docs: Iterable[IndexDoc]) -> None:
        """Remove the passages of *delete_doc_ids*, add *docs*; all or nothing."""
        ...

    def doc_count(self) -> int: ...

    def has_term(self, word: str) -> bool: ...

    def doc_frequency(self, word: str) -> int: ...

    def segment_query(self, text: str) -> list[tuple[str, int, int]]:
        """Split *text* into words of the index vocabulary: (word, start, end)."""
        ...

    def search(self, query: Query, filters: Filters, limit: int) -> list[EngineHit]:
        """The best *limit* passages for *query* under *filters*, best first."""
        ...

    def filtered(self, filters: Filters, limit: int) -> list[EngineHit]:
        """Passages matching only *filters* (current versions first, then in index order)."""
        ...

    def close(self) -> None: ...


class EngineType(Protocol):
    """The class of an engine: builds and opens index folders."""

    name: str

    def create(self, path: Path, docs: Iterable[IndexDoc], *, count_hint: int = 0) -> SearchEngine:
        """Build a new index in the folder *path* from *docs*."""
        ...

    def open(self, path: Path) -> SearchEngine:
        """Open the index in *path*; raises when it is missing or damaged."""
        ...


def engine_name(explicit: str | None = None) -> str:
    """The engine to use: *explicit*, else ``ZHENGBING_SEARCH_ENGINE``, else whoosh."""
    from zhengbing.errors import InputError

    name = (explicit or os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE).strip().lower()
    if name not in ENGINES:
        raise InputError(
            f"检索引擎 {name!r} 无法识别（环境变量 {ENGINE_ENV} 或参数）。",
            hint="可用：" + "、".join(ENGINES) + f"；不设置时使用 {DEFAULT_ENGINE}。",
        )
    return name


def engine_type(name: str) -> EngineType:
    """The engine class called *name* (imported now)."""
    module, attr = ENGINES[engine_name(name)]
    engine: EngineType = getattr(importlib.import_module(module), attr)
    return engine


def segment_with_vocabulary(text: str, exists: Callable[[str], bool]) -> list[tuple[str, int, int]]:
    """Split *text* into words for which *exists* is true: fewest words, unknown chars skipped.

    Returns (word, start, end). Segmenting against the index vocabulary needs no dictionary
    load, and every word it returns is one the index can match.
    """
    n = len(text)
    known: dict[str, bool] = {}

    def known_word(w: str) -> bool:
        hit = known.get(w)
        if hit is None:
            hit = known[w] = exists(w.lower())
        return hit

    inf = float("inf")
    best: list[float] = [inf] * (n + 1)
    back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] == inf:
            continue
        # skipping a character costs more than using a word
        if best[i] + 1.6 < best[i + 1]:
            best[i + 1] = best[i] + 1.6
            back[i + 1] = (i, False)
        for length in range(2, min(MAX_WORD, n - i) + 1):
            w = text[i : i + length]
            if known_word(w) and best[i] + 1.0 < best[i + length]:
                best[i + length] = best[i] + 1.0
                back[i + length] = (i, True)
        if known_word(text[i]) and best[i] + 1.0 < best[i + 1]:
            best[i + 1] = best[i] + 1.0
            back[i + 1] = (i, True)
    out: list[tuple[str, int, int]] = []
    j = n
    while j > 0:
        i, is_word = back[j]
        if is_word:
            out.append((text[i:j], i, j))
        j = i
    out.reverse()
    return out


def bm25_idf(doc_count: int, doc_frequency: int) -> float:
    """The idf both engines use for a word group (its words' document frequencies summed)."""
    import math

    return math.log(doc_count / (doc_frequency + 1)) + 1
