"""The whoosh implementation of our search index (whoosh-reloaded 2.7.5, pinned).

Only this module imports whoosh (plus ``analysis``); callers use :class:`WhooshIndex` through
the small interface in :mod:`zhengbing.index`, so the engine can be replaced.

Speed (see ``bench/bench_search.py``): what costs time in whoosh is walking a tree of
matchers one document at a time for every match of every query word. So

* the search layer leaves words that occur in very many passages to its re-ranking;
* word-only queries are scored block-wise straight from whoosh's posting lists (BM25 with
  the same parameters, a length-normalisation table per segment, deletions honoured) — phrase
  queries, and anything unexpected, go through whoosh's own searcher with quality-ordered
  top-N collection (``optimize=True``, union matchers kept as trees so block-max skipping works);
* filters are turned into document sets once per searcher and cached; all filter attributes
  share one keyword field;
* segments are not packed into compound files (whoosh copies a compound segment into memory
  when it opens it) and big builds use ``procs``/``multisegment``;
* snippets are made from the stored text, not with whoosh's highlighter.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.scoring import BM25F

from zhengbing.index.analysis import ChineseTokenizer

CONTENT = "content"
BM25_B = 0.6
BM25_K1 = 1.2
MAX_WORD = 10  # longest word tried when segmenting a query against the vocabulary


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
    )


def _install_fast_field_lengths() -> None:
    """Make whoosh's per-document field-length lookup read each length column once.

    whoosh 2.7.5 decodes one byte from the column file on every call, and it calls this once
    per posting while writing a segment (for the block-max data) and once per scored match
    while searching — about a fifth of the time of a build. The patched method reads the
    column's bytes once per reader and field; results are identical.
    """
    from whoosh.codec import whoosh3
    from whoosh.util.numeric import byte_to_length

    cls = whoosh3.W3PerDocReader
    if getattr(cls, "_zb_fast_lengths", False):
        return
    table = [None] + [byte_to_length(b) for b in range(1, 256)]

    def doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        cache = self.__dict__.get("_zb_lengths")
        if cache is None:
            cache = self.__dict__["_zb_lengths"] = {}
        raw = cache.get(fieldname)
        if raw is None:
            col = self._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            if col is None:
                return default
            raw = bytes(col._dbfile.get(col._basepos, col._count)) if col._count else b""
            cache[fieldname] = raw
        return table[raw[docnum]] if docnum < len(raw) else None

    cls.doc_field_length = doc_field_length
    cls._zb_fast_lengths = True


_install_fast_field_lengths()


class UnionOr(wq.Or):
    """Or as a tree of union matchers, always.

    whoosh otherwise pre-loads and scores *every* match of every clause into arrays on
    segments under 5,000 documents, which defeats the block-max (quality) skipping that makes
    top-N retrieval fast.
    """

    matcher_type = wq.Or.DEFAULT_MATCHER


def facet(key: str, value: str) -> str:
    return f"{key}:{value.replace(' ', '_')}"


@dataclass
class IndexDoc:
    """One passage as the index sees it."""

    id: str
    doc_id: str
    name: str
    article: str | None
    status: str
    current: bool
    group: str
    kind: str
    origin: str
    region: str
    valid_from: int
    valid_to: int
    content: str
    doc_title: str
    path: str
    text: str
    year: int | None
    prior: float
    short: str

    def fields(self) -> dict[str, Any]:
        facets = [
            facet("g", self.group),
            facet("k", self.kind),
            facet("o", self.origin),
            facet("r", self.region),
            facet("c", "1" if self.current else "0"),
        ]
        if self.name:
            facets.append(facet("n", self.name))
        if self.article:
            facets.append(facet("a", self.article))
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "facets": " ".join(facets),
            "article": self.article or "",
            "status": self.status,
            "kind": self.kind,
            "region": self.region,
            "content": self.content,
            "doc_title": self.doc_title,
            "path": self.path,
            "text": self.text,
            "year": self.year,
            "prior": self.prior,
            "short": self.short,
        }


@dataclass
class Filters:
    groups: tuple[str, ...] = ()  # policy / sample
    kinds: tuple[str, ...] = ()  # 法律 / 讲话 / …
    origins: tuple[str, ...] = ()  # bundled / own
    regions: tuple[str, ...] = ()
    year: int | None = None
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
class QueryPlan:
    """What to look for, engine-independent."""

    groups: list[list[tuple[str, float]]] = field(default_factory=list)  # OR of OR-groups
    phrases: list[tuple[list[str], int]] = field(default_factory=list)  # required (words, slop)
    required_terms: list[str] = field(default_factory=list)  # single-word quoted terms
    article: str | None = None
    article_required: bool = False

    def is_empty(self) -> bool:
        return not (self.groups or self.phrases or self.required_terms or self.article)


@dataclass
class RawHit:
    docnum: int
    score: float
    fields: dict[str, Any]


class WhooshIndex:
    """An open whoosh index directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ix = windex.open_dir(str(path))
        self._searcher: Any = None
        self._filter_cache: dict[tuple[Any, ...], Any] = {}

    # ----------------------------------------------------------------- building

    @staticmethod
    def create(path: Path, docs: Iterable[IndexDoc], *, count_hint: int = 0) -> WhooshIndex:
        path.mkdir(parents=True, exist_ok=True)
        ix = windex.create_in(str(path), make_schema())
        procs = 1
        if count_hint >= 5000:
            procs = max(1, min(4, os.cpu_count() or 1))
        _write(ix, docs, procs=procs)
        ix.close()
        return WhooshIndex(path)

    def update(self, delete_doc_ids: Sequence[str], docs: Iterable[IndexDoc]) -> None:
        self.close_searcher()
        _fill(self.ix.writer(limitmb=128, compound=False), docs, delete_doc_ids)
        self.ix = windex.open_dir(str(self.path))

    def doc_count(self) -> int:
        return int(self.searcher.doc_count())

    # ----------------------------------------------------------------- searching

    @property
    def searcher(self) -> Any:
        if self._searcher is None:
            self._searcher = self.ix.searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1))
            self._filter_cache = {}
        return self._searcher

    def close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._filter_cache = {}

    def close(self) -> None:
        self.close_searcher()
        self.ix.close()

    def has_term(self, word: str) -> bool:
        return (CONTENT, word) in self.searcher.reader()

    def doc_frequency(self, word: str) -> int:
        return int(self.searcher.reader().doc_frequency(CONTENT, word))

    def segment_query(self, text: str) -> list[tuple[str, int, int]]:
        """Split *text* into words of the index vocabulary: fewest words, unknown chars skipped.

        Returns (word, start, end). Segmenting against the vocabulary needs no dictionary load,
        and every word it returns is one the index can match.
        """
        reader = self.searcher.reader()
        n = len(text)
        known: dict[str, bool] = {}

        def exists(w: str) -> bool:
            hit = known.get(w)
            if hit is None:
                hit = known[w] = (CONTENT, w.lower()) in reader
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
                if exists(w) and best[i] + 1.0 < best[i + length]:
                    best[i + length] = best[i] + 1.0
                    back[i + length] = (i, True)
            if exists(text[i]) and best[i] + 1.0 < best[i + 1]:
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

    def _filter_set(self, filters: Filters) -> Any:
        if filters.empty():
            return None
        key = filters.key()
        cached = self._filter_cache.get(key)
        if cached is not None:
            return cached
        parts: list[Any] = []

        def any_of(key: str, values: Sequence[str]) -> None:
            if values:
                terms = [wq.Term("facets", facet(key, v)) for v in values]
                parts.append(terms[0] if len(terms) == 1 else wq.Or(terms))

        any_of("g", filters.groups)
        any_of("k", filters.kinds)
        any_of("o", filters.origins)
        any_of("r", filters.regions)
        any_of("n", filters.names)
        if filters.current_only:
            parts.append(wq.Term("facets", facet("c", "1")))
        if filters.doc_ids is not None:
            # validity in a year is a property of whole documents: the caller lists them
            terms = [wq.Term("doc_id", d) for d in filters.doc_ids]
            parts.append(wq.Or(terms) if terms else wq.NullQuery)
        fq = parts[0] if len(parts) == 1 else wq.And(parts)
        docset = set(self.searcher.docs_for_query(fq))
        self._filter_cache[key] = docset
        return docset

    def build_query(self, plan: QueryPlan) -> Any:
        optional: list[Any] = []
        for group in plan.groups:
            terms = [wq.Term(CONTENT, w.lower(), boost=b) for w, b in group]
            # a word and its synonyms count once (the best of them), not once each
            optional.append(terms[0] if len(terms) == 1 else wq.DisjunctionMax(terms, tiebreak=0.1))
        required: list[Any] = []
        for words, slop in plan.phrases:
            words = [w.lower() for w in words]
            if len(words) == 1:
                required.append(wq.Term(CONTENT, words[0]))
            else:
                required.append(wq.Phrase(CONTENT, words, slop=slop))
        for w in plan.required_terms:
            required.append(wq.Term(CONTENT, w.lower()))
        if plan.article:
            art = wq.Term("facets", facet("a", plan.article), boost=3.0)
            if plan.article_required:
                required.append(art)
            else:
                optional.append(art)
        opt = None
        if optional:
            opt = optional[0] if len(optional) == 1 else UnionOr(optional)
        if required:
            req = required[0] if len(required) == 1 else wq.And(required)
            return req if opt is None else wq.AndMaybe(req, opt)
        return opt if opt is not None else wq.NullQuery

    def run(self, plan: QueryPlan, filters: Filters, limit: int) -> list[RawHit]:
        q = self.build_query(plan)
        if q is wq.NullQuery:
            return []
        searcher = self.searcher
        filterset = self._filter_set(filters)
        if filterset is not None and not filterset:
            return []
        if plan.groups and not plan.phrases and not plan.required_terms:
            try:
                top = self._fast_top(plan, filterset, limit)
            except Exception:  # an internal of whoosh changed: use its own search
                top = None
            if top is not None:
                return [RawHit(d, score, dict(searcher.stored_fields(d))) for score, d in top]
        results = searcher.search(q, limit=limit, filter=filterset, optimize=True)
        out: list[RawHit] = []
        for hit in results:
            out.append(
                RawHit(hit.docnum, float(hit.score), dict(searcher.stored_fields(hit.docnum)))
            )
        return out

    # ----------------------------------------------------------------- fast top-N

    def _leaf_data(self) -> list[tuple[Any, int, Any, set[int]]]:
        """Per segment: reader, document offset, field lengths, deleted documents (cached)."""
        cached = getattr(self, "_leaves", None)
        if cached is not None and cached[0] is self._searcher:
            return cached[1]
        from whoosh.util.numeric import byte_to_length

        table = [byte_to_length(b) for b in range(256)]
        leaves = []
        for leaf, offset in self.searcher.reader().leaf_readers():
            count = leaf.doc_count_all()
            perdoc = leaf._perdoc
            col = perdoc._cached_reader(f"_{CONTENT}_len", LENGTHS_COLUMN)
            raw = b""
            if col is not None and col._count:
                raw = bytes(col._dbfile.get(col._basepos, col._count))
            raw = raw + bytes(count - len(raw))
            # BM25 length normalisation by length byte: a 256-entry table, no per-document work
            avgfl = self.searcher.avg_field_length(CONTENT) or 1.0
            norm_table = [BM25_K1 * ((1 - BM25_B) + BM25_B * table[b] / avgfl) for b in range(256)]
            lengths = (raw, norm_table)
            deleted: set[int] = set()
            if leaf.has_deletions():
                deleted = set(perdoc.deleted_docs())
            leaves.append((leaf, offset, lengths, deleted))
        self._leaves = (self._searcher, leaves)
        return leaves

    def _fast_top(
        self, plan: QueryPlan, filterset: set[int] | None, limit: int
    ) -> list[tuple[float, int]] | None:
        """BM25 top-N computed block by block from whoosh's posting lists.

        Equivalent to the whoosh query that :meth:`build_query` makes (a sum over word groups
        of the best-scoring word of each group), but it adds whole posting blocks into a
        dictionary instead of walking a tree of matchers one document at a time, which is
        where whoosh spends its time on frequent words.
        """
        import heapq

        searcher = self.searcher
        k1 = BM25_K1
        idfs: dict[str, float] = {}
        totals: dict[int, float] = {}
        for leaf, offset, (raw, norm_table), deleted in self._leaf_data():
            for gi, group in enumerate(plan.groups):
                best: dict[int, float] = {}
                # a word and its synonyms are one term for BM25: they share the idf of their
                # combined document frequency, so a rare colloquial word (政审) does not outweigh
                # the wording of the law (政治考核) just by being rare
                key = f"#{gi}"
                if key not in idfs:
                    dfs = sum(searcher.doc_frequency(CONTENT, w.lower()) for w, _b in group)
                    idfs[key] = math.log(searcher.doc_count_all() / (dfs + 1)) + 1
                for word, boost in group:
                    word = word.lower()
                    if (CONTENT, word) not in leaf:
                        continue
                    idf = idfs[key] * boost
                    m = leaf.postings(CONTENT, word)
                    # a segment with deletions wraps its postings; deletions are removed below
                    m = getattr(m, "child", m)
                    while m.is_active():
                        m._read_ids()
                        m._read_weights()
                        for d, tf in zip(m._ids, m._weights, strict=False):
                            sc = idf * tf * (k1 + 1) / (tf + norm_table[raw[d]])
                            if sc > best.get(d, 0.0):
                                best[d] = sc
                        if m._lastblock:
                            break
                        m._next_block()
                for d, sc in best.items():
                    g = d + offset
                    totals[g] = totals.get(g, 0.0) + sc
            if plan.article:
                try:
                    ids = list(leaf.postings("facets", facet("a", plan.article)).all_ids())
                except Exception:
                    ids = []
                for d in ids:
                    g = d + offset
                    if g in totals:
                        totals[g] += 5.0
            if deleted:
                for d in deleted:
                    totals.pop(d + offset, None)
        if filterset is not None:
            items = [(sc, d) for d, sc in totals.items() if d in filterset]
        else:
            items = [(sc, d) for d, sc in totals.items()]
        return heapq.nlargest(limit, items)

    def run_filtered_all(self, filters: Filters, limit: int) -> list[RawHit]:
        """Documents matching only the filters (for article-only lookups)."""
        filterset = self._filter_set(filters)
        docs = sorted(filterset)[:5000] if filterset else []
        hits = [RawHit(d, 0.0, dict(self.searcher.stored_fields(d))) for d in docs]
        # current versions first, then in document order (第一条, 第二条, …)
        hits.sort(key=lambda h: (-float(h.fields.get("prior") or 0.0), h.docnum))
        return hits[:limit]

    def all_stored(self) -> Iterable[dict[str, Any]]:
        reader = self.searcher.reader()
        for _docnum, fields in reader.iter_docs():
            yield fields


def _write(ix: Any, docs: Iterable[IndexDoc], *, procs: int) -> None:
    if procs > 1:
        writer = ix.writer(
            procs=procs, multisegment=True, limitmb=512, batchsize=256, compound=False
        )
    else:
        writer = ix.writer(limitmb=256, compound=False)
    _fill(writer, docs)


def _fill(writer: Any, docs: Iterable[IndexDoc], delete_doc_ids: Sequence[str] = ()) -> None:
    """Delete *delete_doc_ids*, add *docs* and commit; on any failure the writer is cancelled."""
    try:
        for doc_id in delete_doc_ids:
            writer.delete_by_term("doc_id", doc_id)
        for d in docs:
            writer.add_document(**d.fields())
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
