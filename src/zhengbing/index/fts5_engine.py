"""A second, small search engine on SQLite FTS5 (standard library only).

Chosen with ``ZHENGBING_SEARCH_ENGINE=fts5`` or ``open_index(engine="fts5")``. One SQLite file
per index folder holds

* ``passages``: the stored fields and filter attributes of every passage, and its length in
  index words (the document number is the row id);
* ``words``: an FTS5 table over the passage's index words (the project's segmentation,
  :func:`zhengbing.index.analysis.index_tokens`, joined by spaces), used for phrase matching;
* ``vocab`` / ``occurrences``: ``fts5vocab`` views of it, for the vocabulary, document
  frequencies and per-passage term frequencies.

Ranking is the same BM25 as the whoosh engine's (k1 1.2, b 0.6; a word and its synonyms share
the idf of their combined document frequency and count once per passage), computed here from
the term frequencies, so both engines order results alike. Phrases are matched with FTS5
``NEAR`` over the index words; the search layer then checks them literally in the text.
Sub-words (兵役, 登记 inside 兵役登记) follow their word in the token stream, which is why
phrases use ``NEAR`` with room for them rather than FTS5's exact phrase syntax.
"""

from __future__ import annotations

import heapq
import sqlite3
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

DB_NAME = "fts5_index.sqlite"
BM25_B = 0.6
BM25_K1 = 1.2
ARTICLE_BONUS = 5.0  # as the whoosh engine's word-only scoring
NEAR_PER_WORD = 4  # room in a NEAR group for the sub-words that follow each word

_SCHEMA = """
CREATE TABLE passages (
    docnum INTEGER PRIMARY KEY,
    id TEXT NOT NULL, doc_id TEXT NOT NULL, name TEXT NOT NULL, article TEXT NOT NULL,
    status TEXT NOT NULL, current INTEGER NOT NULL, grp TEXT NOT NULL, kind TEXT NOT NULL,
    origin TEXT NOT NULL, region TEXT NOT NULL, doc_title TEXT NOT NULL, path TEXT NOT NULL,
    text TEXT NOT NULL, year INTEGER, prior REAL NOT NULL, short TEXT NOT NULL,
    length INTEGER NOT NULL
);
CREATE INDEX passages_doc_id ON passages (doc_id);
CREATE VIRTUAL TABLE words USING fts5 (body, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE vocab USING fts5vocab (words, 'row');
CREATE VIRTUAL TABLE occurrences USING fts5vocab (words, 'instance');
"""

_STORED = "id, doc_id, doc_title, article, path, status, region, kind, text, year, prior, short, grp, origin"


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _row(d: IndexDoc, words: list[str]) -> tuple[Any, ...]:
    return (
        d.id,
        d.doc_id,
        d.name,
        d.article or "",
        d.status,
        1 if d.current else 0,
        d.group,
        d.kind,
        d.origin,
        d.region,
        d.doc_title,
        d.path,
        d.text,
        d.year,
        d.prior,
        d.short,
        len(words),
    )


def _insert(db: sqlite3.Connection, docs: Iterable[IndexDoc]) -> None:
    from zhengbing.index.analysis import index_tokens

    for d in docs:
        words = [w for w, _pos, _s, _e in index_tokens(d.content)]
        cur = db.execute(
            "INSERT INTO passages (id, doc_id, name, article, status, current, grp, kind, origin,"
            " region, doc_title, path, text, year, prior, short, length)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _row(d, words),
        )
        db.execute(
            "INSERT INTO words (rowid, body) VALUES (?, ?)", (cur.lastrowid, " ".join(words))
        )


class Fts5Engine:
    """An open FTS5 index folder."""

    name = "fts5"

    def __init__(self, path: Path) -> None:
        db_path = path / DB_NAME
        if not db_path.is_file():
            raise FileNotFoundError(db_path)
        self.path = path
        self.db = sqlite3.connect(db_path)
        self._reset_caches()
        self.db.execute("SELECT count(*) FROM passages").fetchone()  # fails when damaged

    def _reset_caches(self) -> None:
        self._df: dict[str, int] = {}
        self._filter_cache: dict[tuple[Any, ...], set[int]] = {}
        self._lengths: dict[int, int] | None = None
        self._avg_length = 1.0
        self._count: int | None = None

    # ----------------------------------------------------------------- building

    @classmethod
    def create(cls, path: Path, docs: Iterable[IndexDoc], *, count_hint: int = 0) -> Fts5Engine:
        path.mkdir(parents=True, exist_ok=True)
        db_path = path / DB_NAME
        db_path.unlink(missing_ok=True)
        db = sqlite3.connect(db_path)
        try:
            with db:
                db.executescript(_SCHEMA)
                _insert(db, docs)
        except BaseException:
            db.close()
            db_path.unlink(missing_ok=True)
            raise
        db.close()
        return cls(path)

    @classmethod
    def open(cls, path: Path) -> Fts5Engine:
        return cls(path)

    def update(self, delete_doc_ids: Sequence[str], docs: Iterable[IndexDoc]) -> None:
        with self.db:  # one transaction: all or nothing
            for doc_id in delete_doc_ids:
                self.db.execute(
                    "DELETE FROM words WHERE rowid IN (SELECT docnum FROM passages WHERE doc_id = ?)",
                    (doc_id,),
                )
                self.db.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
            _insert(self.db, docs)
        self._reset_caches()

    def close(self) -> None:
        self.db.close()

    # ----------------------------------------------------------------- vocabulary

    def doc_count(self) -> int:
        if self._count is None:
            self._count = int(self.db.execute("SELECT count(*) FROM passages").fetchone()[0])
        return self._count

    def doc_frequency(self, word: str) -> int:
        df = self._df.get(word)
        if df is None:
            row = self.db.execute("SELECT doc FROM vocab WHERE term = ?", (word,)).fetchone()
            df = self._df[word] = int(row[0]) if row else 0
        return df

    def has_term(self, word: str) -> bool:
        return self.doc_frequency(word) > 0

    def segment_query(self, text: str) -> list[tuple[str, int, int]]:
        return segment_with_vocabulary(text, self.has_term)

    # ----------------------------------------------------------------- filters

    def _filter_set(self, filters: Filters) -> set[int] | None:
        if filters.empty():
            return None
        key = filters.key()
        cached = self._filter_cache.get(key)
        if cached is not None:
            return cached
        where: list[str] = []
        args: list[Any] = []

        def any_of(column: str, values: Sequence[str]) -> None:
            if values:
                where.append(f"{column} IN ({', '.join('?' * len(values))})")
                args.extend(values)

        any_of("grp", filters.groups)
        any_of("kind", filters.kinds)
        any_of("origin", filters.origins)
        any_of("region", filters.regions)
        any_of("name", filters.names)
        if filters.current_only:
            where.append("current = 1")
        docset: set[int]
        if filters.doc_ids is not None and not filters.doc_ids:
            docset = set()
        else:
            if filters.doc_ids is not None:
                any_of("doc_id", filters.doc_ids)
            sql = "SELECT docnum FROM passages"
            if where:
                sql += " WHERE " + " AND ".join(where)
            docset = {r[0] for r in self.db.execute(sql, args)}
        self._filter_cache[key] = docset
        return docset

    # ----------------------------------------------------------------- searching

    def _term_frequencies(self, word: str) -> list[tuple[int, int]]:
        return self.db.execute(
            "SELECT doc, count(*) FROM occurrences WHERE term = ? GROUP BY doc", (word,)
        ).fetchall()

    def _length_norms(self) -> dict[int, int]:
        if self._lengths is None:
            self._lengths = dict(self.db.execute("SELECT docnum, length FROM passages"))
            total = sum(self._lengths.values())
            self._avg_length = (total / len(self._lengths)) if self._lengths else 1.0
        return self._lengths

    def _matching(self, match: str) -> set[int]:
        return {
            r[0] for r in self.db.execute("SELECT rowid FROM words WHERE words MATCH ?", (match,))
        }

    def _required(self, query: Query) -> set[int] | None:
        """Passages that have every phrase, required word and (when required) the article."""
        sets: list[set[int]] = []
        for words, slop in query.phrases:
            words = [w.lower() for w in words]
            if len(words) == 1:
                sets.append(self._matching(_quote(words[0])))
            else:
                distance = NEAR_PER_WORD * len(words) + max(0, slop - 1)
                sets.append(
                    self._matching(f"NEAR({' '.join(_quote(w) for w in words)}, {distance})")
                )
        for w in query.required_terms:
            sets.append({d for d, _tf in self._term_frequencies(w.lower())})
        if query.article and query.article_required:
            rows = self.db.execute(
                "SELECT docnum FROM passages WHERE article = ?", (query.article,)
            )
            sets.append({r[0] for r in rows})
        if not sets:
            return None
        return set.intersection(*sets)

    def search(self, query: Query, filters: Filters, limit: int) -> list[EngineHit]:
        if query.is_empty():
            return []
        allowed = self._filter_set(filters)
        if allowed is not None and not allowed:
            return []
        required = self._required(query)
        if required is not None:
            allowed = required if allowed is None else (allowed & required)
            if not allowed:
                return []
        groups = list(query.groups)
        for words, _slop in query.phrases:
            groups.extend([(w, 1.0)] for w in words)
        groups.extend([(w, 1.0)] for w in query.required_terms)
        totals = self._bm25(groups)
        if query.article:
            rows = self.db.execute(
                "SELECT docnum FROM passages WHERE article = ?", (query.article,)
            )
            for (d,) in rows:
                if d in totals:
                    totals[d] += ARTICLE_BONUS
                elif query.article_required:
                    totals[d] = 1.0  # the article itself is what was asked for
        if allowed is not None:
            items = [(sc, d) for d, sc in totals.items() if d in allowed]
        else:
            items = [(sc, d) for d, sc in totals.items()]
        top = heapq.nlargest(limit, items)
        return self._hits([(d, sc) for sc, d in top])

    def _bm25(self, groups: list[list[tuple[str, float]]]) -> dict[int, float]:
        lengths = self._length_norms()
        avg = self._avg_length or 1.0
        n_all = self.doc_count()
        k1 = BM25_K1
        totals: dict[int, float] = {}
        for group in groups:
            dfs = sum(self.doc_frequency(w.lower()) for w, _b in group)
            idf = bm25_idf(n_all, dfs)
            best: dict[int, float] = {}
            for word, boost in group:
                for d, tf in self._term_frequencies(word.lower()):
                    norm = k1 * ((1 - BM25_B) + BM25_B * lengths.get(d, 0) / avg)
                    sc = idf * boost * tf * (k1 + 1) / (tf + norm)
                    if sc > best.get(d, 0.0):
                        best[d] = sc
            for d, sc in best.items():
                totals[d] = totals.get(d, 0.0) + sc
        return totals

    def _hits(self, scored: list[tuple[int, float]]) -> list[EngineHit]:
        if not scored:
            return []
        docnums = [d for d, _sc in scored]
        rows = self.db.execute(
            f"SELECT docnum, {_STORED} FROM passages WHERE docnum IN ({', '.join('?' * len(docnums))})",
            docnums,
        ).fetchall()
        names = ["docnum", *(c.strip() for c in _STORED.split(","))]
        by_docnum = {r[0]: dict(zip(names, r, strict=True)) for r in rows}
        return [
            EngineHit(d, sc, StoredPassage.from_mapping(by_docnum[d]))
            for d, sc in scored
            if d in by_docnum
        ]

    def filtered(self, filters: Filters, limit: int) -> list[EngineHit]:
        allowed = self._filter_set(filters)
        if not allowed:
            return []
        docs = sorted(allowed)[:5000]
        priors: dict[int, float] = {}
        for start in range(0, len(docs), 500):
            chunk = docs[start : start + 500]
            rows = self.db.execute(
                f"SELECT docnum, prior FROM passages WHERE docnum IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            priors.update(rows)
        # current versions first, then in document order (第一条, 第二条, …)
        order = sorted(docs, key=lambda d: (-priors.get(d, 0.0), d))[:limit]
        return self._hits([(d, 0.0) for d in order])
