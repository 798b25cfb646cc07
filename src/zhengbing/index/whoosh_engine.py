"""The whoosh engine (whoosh-reloaded, pinned to 2.7.5): the default search engine.

With :mod:`zhengbing.index.whoosh_schema` this is the only code that imports whoosh, and it does
so when an index is opened or built, not when this module is imported. Word-only queries never
import whoosh's query and searching modules (nor the English stemming tables they load): they
are scored straight from the index reader. That keeps the cold start of ``zhengbing search``
short without touching how whoosh itself is imported.

Speed (see ``bench/bench_search.py``): what costs time in whoosh is walking a tree of
matchers one document at a time for every match of every query word. So

* the search layer leaves words that occur in very many passages to its re-ranking;
* word-only queries are scored block-wise straight from whoosh's posting lists (BM25 with
  the same parameters, a length-normalisation table per segment, deletions honoured) — phrase
  queries, and anything unexpected, go through whoosh's own searcher with quality-ordered
  top-N collection (``optimize=True``, union matchers kept as trees so block-max skipping works);
* filters are turned into document sets once per reader and cached; all filter attributes
  share one keyword field;
* segments are not packed into compound files (whoosh copies a compound segment into memory
  when it opens it) and big builds use ``procs``/``multisegment``;
* snippets are made by the search layer from the stored text, not with whoosh's highlighter.

The block-wise scoring and a faster field-length lookup read private parts of whoosh's reader.
They are used only with the whoosh version they were written for (:data:`PINNED_VERSION`);
with any other version every query goes through whoosh's public searcher.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from zhengbing.index.engine import (
    EngineHit,
    Filters,
    IndexDoc,
    Query,
    StoredPassage,
    bm25_idf,
    segment_with_vocabulary,
)

CONTENT = "content"
BM25_B = 0.6
BM25_K1 = 1.2
PINNED_VERSION = (2, 7, 5)
LENGTHS_COLUMN_NAME = "_content_len"


def private_paths_usable() -> bool:
    """Whether the installed whoosh is the version the private-reader fast paths know."""
    import whoosh

    return tuple(whoosh.__version__[:3]) == PINNED_VERSION


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
    lengths_column = whoosh3.LENGTHS_COLUMN

    def doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        cache = self.__dict__.get("_zb_lengths")
        if cache is None:
            cache = self.__dict__["_zb_lengths"] = {}
        raw = cache.get(fieldname)
        if raw is None:
            col = self._cached_reader(f"_{fieldname}_len", lengths_column)
            if col is None:
                return default
            raw = bytes(col._dbfile.get(col._basepos, col._count)) if col._count else b""
            cache[fieldname] = raw
        return table[raw[docnum]] if docnum < len(raw) else None

    cls.doc_field_length = doc_field_length
    cls._zb_fast_lengths = True


_private: bool | None = None


def _prepare() -> bool:
    """Check the version pin once per process; install the fast lookup when it holds."""
    global _private
    if _private is None:
        _private = private_paths_usable()
        if _private:
            _install_fast_field_lengths()
    return _private


def facet(key: str, value: str) -> str:
    return f"{key}:{value.replace(' ', '_')}"


def _fields(d: IndexDoc) -> dict[str, Any]:
    facets = [
        facet("g", d.group),
        facet("k", d.kind),
        facet("o", d.origin),
        facet("r", d.region),
        facet("c", "1" if d.current else "0"),
    ]
    if d.name:
        facets.append(facet("n", d.name))
    if d.article:
        facets.append(facet("a", d.article))
    return {
        "id": d.id,
        "doc_id": d.doc_id,
        "facets": " ".join(facets),
        "article": d.article or "",
        "status": d.status,
        "kind": d.kind,
        "region": d.region,
        "content": d.content,
        "doc_title": d.doc_title,
        "path": d.path,
        "text": d.text,
        "year": d.year,
        "prior": d.prior,
        "short": d.short,
        "grp": d.group,
        "origin": d.origin,
    }


class WhooshEngine:
    """An open whoosh index folder."""

    name = "whoosh"

    def __init__(self, path: Path) -> None:
        from whoosh import index as windex

        self.private = _prepare()
        self.path = path
        self.ix = windex.open_dir(str(path))
        self._reader: Any = None
        self._searcher: Any = None
        self._filter_cache: dict[tuple[Any, ...], set[int]] = {}
        self._leaves: list[tuple[Any, int, tuple[bytes, list[float]], set[int]]] | None = None

    # ----------------------------------------------------------------- building

    @classmethod
    def create(cls, path: Path, docs: Iterable[IndexDoc], *, count_hint: int = 0) -> WhooshEngine:
        from whoosh import index as windex

        from zhengbing.index.whoosh_schema import make_schema

        _prepare()
        path.mkdir(parents=True, exist_ok=True)
        ix = windex.create_in(str(path), make_schema())
        procs = 1
        if count_hint >= 5000:
            procs = max(1, min(4, os.cpu_count() or 1))
        if procs > 1:
            writer = ix.writer(
                procs=procs, multisegment=True, limitmb=512, batchsize=256, compound=False
            )
        else:
            writer = ix.writer(limitmb=256, compound=False)
        _fill(writer, docs)
        ix.close()
        return cls(path)

    @classmethod
    def open(cls, path: Path) -> WhooshEngine:
        return cls(path)

    def update(self, delete_doc_ids: Sequence[str], docs: Iterable[IndexDoc]) -> None:
        from whoosh import index as windex

        self._close_readers()
        _fill(self.ix.writer(limitmb=128, compound=False), docs, delete_doc_ids)
        self.ix = windex.open_dir(str(self.path))

    # ----------------------------------------------------------------- reading

    @property
    def reader(self) -> Any:
        if self._reader is None:
            self._reader = self.ix.reader()
            self._filter_cache = {}
            self._leaves = None
        return self._reader

    @property
    def searcher(self) -> Any:
        """whoosh's searcher over the same reader (imports whoosh's query modules)."""
        if self._searcher is None:
            from whoosh.scoring import BM25F
            from whoosh.searching import Searcher

            self._searcher = Searcher(self.reader, weighting=BM25F(B=BM25_B, K1=BM25_K1))
        return self._searcher

    def _close_readers(self) -> None:
        if self._searcher is not None:
            self._searcher.close()  # closes the reader too
        elif self._reader is not None:
            self._reader.close()
        self._searcher = None
        self._reader = None
        self._filter_cache = {}
        self._leaves = None

    def close(self) -> None:
        self._close_readers()
        self.ix.close()

    def doc_count(self) -> int:
        return int(self.reader.doc_count())

    def has_term(self, word: str) -> bool:
        return (CONTENT, word) in self.reader

    def doc_frequency(self, word: str) -> int:
        return int(self.reader.doc_frequency(CONTENT, word))

    def segment_query(self, text: str) -> list[tuple[str, int, int]]:
        reader = self.reader
        return segment_with_vocabulary(text, lambda w: (CONTENT, w) in reader)

    def _stored(self, docnum: int) -> StoredPassage:
        return StoredPassage.from_mapping(dict(self.reader.stored_fields(docnum)))

    # ----------------------------------------------------------------- filters

    def _docs_with(self, fieldname: str, text: str) -> set[int]:
        reader = self.reader
        if (fieldname, text) not in reader:
            return set()
        return set(reader.postings(fieldname, text).all_ids())

    def _filter_set(self, filters: Filters) -> set[int] | None:
        """The documents *filters* allow (deletions excluded), or None for no restriction."""
        if filters.empty():
            return None
        key = filters.key()
        cached = self._filter_cache.get(key)
        if cached is not None:
            return cached
        parts: list[set[int]] = []

        def any_of(field_key: str, values: Sequence[str]) -> None:
            if values:
                docs: set[int] = set()
                for v in values:
                    docs |= self._docs_with("facets", facet(field_key, v))
                parts.append(docs)

        any_of("g", filters.groups)
        any_of("k", filters.kinds)
        any_of("o", filters.origins)
        any_of("r", filters.regions)
        any_of("n", filters.names)
        if filters.current_only:
            parts.append(self._docs_with("facets", facet("c", "1")))
        if filters.doc_ids is not None:
            # validity in a year is a property of whole documents: the caller lists them
            docs: set[int] = set()
            for d in filters.doc_ids:
                docs |= self._docs_with("doc_id", d)
            parts.append(docs)
        docset = set.intersection(*parts) if parts else set()
        self._filter_cache[key] = docset
        return docset

    # ----------------------------------------------------------------- searching

    def build_query(self, query: Query) -> Any:
        from whoosh import query as wq

        class UnionOr(wq.Or):  # type: ignore[misc]
            # whoosh otherwise pre-loads and scores *every* match of every clause into arrays
            # on segments under 5,000 documents, which defeats block-max (quality) skipping
            matcher_type = wq.Or.DEFAULT_MATCHER

        optional: list[Any] = []
        for group in query.groups:
            terms = [wq.Term(CONTENT, w.lower(), boost=b) for w, b in group]
            # a word and its synonyms count once (the best of them), not once each
            optional.append(terms[0] if len(terms) == 1 else wq.DisjunctionMax(terms, tiebreak=0.1))
        required: list[Any] = []
        for words, slop in query.phrases:
            words = [w.lower() for w in words]
            if len(words) == 1:
                required.append(wq.Term(CONTENT, words[0]))
            else:
                required.append(wq.Phrase(CONTENT, words, slop=slop))
        for w in query.required_terms:
            required.append(wq.Term(CONTENT, w.lower()))
        if query.article:
            art = wq.Term("facets", facet("a", query.article), boost=3.0)
            if query.article_required:
                required.append(art)
            else:
                optional.append(art)
        opt = None
        if optional:
            opt = optional[0] if len(optional) == 1 else UnionOr(optional)
        if required:
            req = required[0] if len(required) == 1 else wq.And(required)
            return req if opt is None else wq.AndMaybe(req, opt)
        return opt

    def search(self, query: Query, filters: Filters, limit: int) -> list[EngineHit]:
        if query.is_empty():
            return []
        filterset = self._filter_set(filters)
        if filterset is not None and not filterset:
            return []
        if self.private and query.groups and not query.phrases and not query.required_terms:
            try:
                top = self._fast_top(query, filterset, limit)
            except Exception:  # an internal of whoosh changed: use its own search
                top = None
            if top is not None:
                return [EngineHit(d, score, self._stored(d)) for score, d in top]
        q = self.build_query(query)
        if q is None:
            return []
        results = self.searcher.search(q, limit=limit, filter=filterset, optimize=True)
        return [
            EngineHit(hit.docnum, float(hit.score), self._stored(hit.docnum)) for hit in results
        ]

    def filtered(self, filters: Filters, limit: int) -> list[EngineHit]:
        filterset = self._filter_set(filters)
        docs = sorted(filterset)[:5000] if filterset else []
        hits = [EngineHit(d, 0.0, self._stored(d)) for d in docs]
        # current versions first, then in document order (第一条, 第二条, …)
        hits.sort(key=lambda h: (-h.passage.prior, h.docnum))
        return hits[:limit]

    # ----------------------------------------------------------------- fast top-N

    def _leaf_data(self) -> list[tuple[Any, int, tuple[bytes, list[float]], set[int]]]:
        """Per segment: reader, document offset, field lengths, deleted documents (cached)."""
        if self._leaves is not None:
            return self._leaves
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN
        from whoosh.util.numeric import byte_to_length

        reader = self.reader
        table = [byte_to_length(b) for b in range(256)]
        avgfl = (reader.field_length(CONTENT) / (reader.doc_count_all() or 1)) or 1.0
        # BM25 length normalisation by length byte: a 256-entry table, no per-document work
        norm_table = [BM25_K1 * ((1 - BM25_B) + BM25_B * table[b] / avgfl) for b in range(256)]
        leaves = []
        for leaf, offset in reader.leaf_readers():
            count = leaf.doc_count_all()
            perdoc = leaf._perdoc
            col = perdoc._cached_reader(LENGTHS_COLUMN_NAME, LENGTHS_COLUMN)
            raw = b""
            if col is not None and col._count:
                raw = bytes(col._dbfile.get(col._basepos, col._count))
            raw = raw + bytes(count - len(raw))
            deleted: set[int] = set()
            if leaf.has_deletions():
                deleted = set(perdoc.deleted_docs())
            leaves.append((leaf, offset, (raw, norm_table), deleted))
        self._leaves = leaves
        return leaves

    def _fast_top(
        self, query: Query, filterset: set[int] | None, limit: int
    ) -> list[tuple[float, int]]:
        """BM25 top-N computed block by block from whoosh's posting lists.

        Equivalent to the whoosh query that :meth:`build_query` makes (a sum over word groups
        of the best-scoring word of each group), but it adds whole posting blocks into a
        dictionary instead of walking a tree of matchers one document at a time, which is
        where whoosh spends its time on frequent words.
        """
        reader = self.reader
        k1 = BM25_K1
        idfs: dict[int, float] = {}
        totals: dict[int, float] = {}
        n_all = reader.doc_count_all()
        for leaf, offset, (raw, norm_table), deleted in self._leaf_data():
            for gi, group in enumerate(query.groups):
                best: dict[int, float] = {}
                # a word and its synonyms are one term for BM25: they share the idf of their
                # combined document frequency, so a rare colloquial word (政审) does not outweigh
                # the wording of the law (政治考核) just by being rare
                if gi not in idfs:
                    dfs = sum(reader.doc_frequency(CONTENT, w.lower()) for w, _b in group)
                    idfs[gi] = bm25_idf(n_all, dfs)
                for word, boost in group:
                    word = word.lower()
                    if (CONTENT, word) not in leaf:
                        continue
                    idf = idfs[gi] * boost
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
            if query.article:
                art = facet("a", query.article)
                ids = (
                    list(leaf.postings("facets", art).all_ids()) if ("facets", art) in leaf else []
                )
                for d in ids:
                    g = d + offset
                    if g in totals:
                        totals[g] += 5.0
            for d in deleted:
                totals.pop(d + offset, None)
        if filterset is not None:
            items = [(sc, d) for d, sc in totals.items() if d in filterset]
        else:
            items = [(sc, d) for d, sc in totals.items()]
        return heapq.nlargest(limit, items)

    def all_stored(self) -> Iterable[StoredPassage]:
        for _docnum, fields in self.reader.iter_docs():
            yield StoredPassage.from_mapping(dict(fields))


def _fill(writer: Any, docs: Iterable[IndexDoc], delete_doc_ids: Sequence[str] = ()) -> None:
    """Delete *delete_doc_ids*, add *docs* and commit; on any failure the writer is cancelled."""
    try:
        for doc_id in delete_doc_ids:
            writer.delete_by_term("doc_id", doc_id)
        for d in docs:
            writer.add_document(**_fields(d))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
