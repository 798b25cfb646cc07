"""citation: 《…》第X条 resolved in the corpus — the article exists, quoted words match it, and the
cited version is the one in force for the document's year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from zhengbing.check.context import Context
from zhengbing.check.lazyre import lazy
from zhengbing.check.model import Document, Finding
from zhengbing.check.registry import DependencyMissing, register
from zhengbing.check.rules._util import Reporter, text_segments

RULE = "citation"
NUM = "零〇一二三四五六七八九十百千两\\d"
CITE_RE = lazy(
    rf"(?:(?P<y1>(?:19|20)\d{{2}})年(?:修订|修正|颁布|施行|公布|版)?的?)?"
    rf"《(?P<title>[^《》\n]{{2,40}})》"
    rf"(?:[（(](?P<y2>(?:19|20)\d{{2}})年?(?:修订|修正|版)?[）)])?"
    rf"(?P<article>第[{NUM}]+条)"
)
QUOTE_RE = lazy(
    r"^(?:[^。“”]{0,24}?(?:规定|明确|指出|要求)[:：，,]?|中?关于|的)“(?P<quote>[^”]{6,})”"
)
PUNCT_RE = lazy(r"[\s，。；：、（）《》“”‘’！？,.;:!?()]")


def _norm(text: str) -> str:
    text = re.sub(rf"^第[{NUM}]+条", "", text)
    return PUNCT_RE.sub("", text)


def _corpus_api(ctx: Context) -> tuple[Any, Any]:
    cached = ctx.cache.get("corpus_api")
    if cached is not None:
        return cached
    try:
        from zhengbing.corpus import load_corpus, resolve_citation
    except ImportError:
        raise DependencyMissing("缺少法规库模块") from None
    ctx.cache["corpus_api"] = (load_corpus, resolve_citation)
    return load_corpus, resolve_citation


def _index(ctx: Context) -> dict[str, Any]:
    """Citations resolved in earlier runs, for this exact corpus (keyed by its fingerprint)."""
    if "citations" in ctx.cache:
        return ctx.cache["citations"]
    from zhengbing.check import cache as disk

    try:
        from zhengbing.corpus import corpus_files, fingerprint_of

        fingerprint = fingerprint_of(corpus_files(ctx.workspace))
    except ImportError:
        raise DependencyMissing("缺少法规库模块") from None
    except Exception as exc:  # an unreadable corpus folder must not stop the other rules
        raise DependencyMissing(f"法规库无法读取（{getattr(exc, 'message', exc)}）") from None
    entries = disk.load("citations", fingerprint)
    index = {"key": fingerprint, "entries": entries if isinstance(entries, dict) else {}, "new": 0}
    ctx.cache["citations"] = index
    return index


def _as_dict(c: Any) -> dict[str, Any] | None:
    if c is None:
        return None
    doc, now = c.document, c.current_document
    return {
        "document": {
            "id": doc.id,
            "title": doc.title,
            "short_name": doc.short_name,
            "status": doc.status,
            "valid_from": doc.valid_from,
            "valid_to": doc.valid_to,
        },
        "passage": {"text": c.passage.text, "article": c.passage.article} if c.passage else None,
        "is_current": c.is_current,
        "current_document": {
            "id": now.id,
            "title": now.title,
            "short_name": now.short_name,
            "status": now.status,
            "valid_from": now.valid_from,
            "valid_to": now.valid_to,
        },
        "current_passage": (
            {"text": c.current_passage.text, "article": c.current_passage.article}
            if c.current_passage
            else None
        ),
    }


def _as_object(d: dict[str, Any] | None) -> Any:
    if d is None:
        return None
    return SimpleNamespace(
        document=SimpleNamespace(**d["document"]),
        passage=SimpleNamespace(**d["passage"]) if d["passage"] else None,
        is_current=d["is_current"],
        current_document=SimpleNamespace(**d["current_document"]),
        current_passage=SimpleNamespace(**d["current_passage"]) if d["current_passage"] else None,
    )


def _resolve(ctx: Context, title: str, article: str, year: int | None) -> Any:
    """resolve_citation(), remembered across runs (the corpus is only loaded for new citations)."""
    index = _index(ctx)
    key = f"{title}|{article}|{year}"
    if key not in index["entries"]:
        _, resolve_citation = _corpus_api(ctx)
        try:
            resolved = resolve_citation(title, article, year, workspace=ctx.workspace)
        except Exception as exc:  # a broken corpus must not stop the other rules
            raise DependencyMissing(f"法规库无法读取（{getattr(exc, 'message', exc)}）") from None
        index["entries"][key] = _as_dict(resolved)
        index["new"] += 1
    return _as_object(index["entries"][key])


def _save(ctx: Context) -> None:
    index = ctx.cache.get("citations")
    if index and index["new"]:
        from zhengbing.check import cache as disk

        disk.store("citations", index["key"], index["entries"])
        index["new"] = 0


def _find_quote(ctx: Context, doc_id: str, quote: str) -> Any:
    """The article of *doc_id* that contains *quote* (remembered across runs like citations)."""
    index = _index(ctx)
    key = f"quote|{doc_id}|{quote}"
    if key not in index["entries"]:
        load_corpus, _ = _corpus_api(ctx)
        corpus = load_corpus(ctx.workspace)
        found = next(
            (p for p in corpus.passages_of(doc_id) if p.article and quote in _norm(p.text)), None
        )
        index["entries"][key] = found.article if found is not None else None
        index["new"] += 1
    article = index["entries"][key]
    return SimpleNamespace(article=article) if article else None


def _find_old_quote(ctx: Context, title: str, quote: str) -> tuple[int, str, str] | None:
    """(year, article, current article) of a superseded version of *title* whose text holds
    *quote* (remembered across runs like citations)."""
    index = _index(ctx)
    key = f"old|{title}|{quote}"
    if key not in index["entries"]:
        load_corpus, resolve_citation = _corpus_api(ctx)
        corpus = load_corpus(ctx.workspace)
        found: list[Any] = []
        for old in corpus.find_documents(title):
            if old.is_current:
                continue
            passage = next(
                (p for p in corpus.passages_of(old.id) if p.article and quote in _norm(p.text)),
                None,
            )
            if passage is None:
                continue
            now = resolve_citation(old.id, passage.article, old.valid_from, workspace=ctx.workspace)
            current = now.current_passage.article if now and now.current_passage else ""
            found = [old.valid_from, passage.article, current or ""]
            break
        index["entries"][key] = found or None
        index["new"] += 1
    entry = index["entries"][key]
    return (int(entry[0]), str(entry[1]), str(entry[2])) if entry else None


def _old_numbering(ctx: Context, title: str, article: str) -> tuple[int, str] | None:
    """(year, current article) when *article* exists only in a superseded version of *title*."""
    index = _index(ctx)
    key = f"oldnum|{title}|{article}"
    if key not in index["entries"]:
        load_corpus, resolve_citation = _corpus_api(ctx)
        corpus = load_corpus(ctx.workspace)
        found: list[Any] = []
        for old in sorted(corpus.find_documents(title), key=lambda d: -int(d.valid_from or 0)):
            if old.is_current:
                continue
            now = resolve_citation(old.id, article, old.valid_from, workspace=ctx.workspace)
            if now is None or now.passage is None:
                continue
            current = now.current_passage.article if now.current_passage else ""
            found = [old.valid_from, current or ""]
            break
        index["entries"][key] = found or None
        index["new"] += 1
    entry = index["entries"][key]
    return (int(entry[0]), str(entry[1])) if entry else None


VERSION_RE = lazy(
    r"(?P<y1>(?:19|20)\d{2})年(?:修订|修正)(?:后)?的?《(?P<t1>[^《》\n]{2,40})》(?!第)"
    r"|《(?P<t2>[^《》\n]{2,40})》[（(](?P<y2>(?:19|20)\d{2})年(?:修订|修正)?[）)](?!第)",
    needs=("修订", "修正", "年）", "年)"),
)


def _version_findings(doc: Document, ctx: Context, seg: Any) -> Iterator[Finding]:
    """An explicitly dated version of a law (2001年修订的《征兵工作条例》) that has been replaced."""
    report = Reporter(doc, RULE)
    t = seg.text
    for m in VERSION_RE.finditer(t):
        title = m.group("t1") or m.group("t2")
        cited = int(m.group("y1") or m.group("y2"))
        citation = _resolve(ctx, title, "第一条", cited)
        if citation is None or citation.is_current:
            continue
        old = citation.document
        if old.valid_from != cited:
            continue  # the corpus does not hold that version: nothing to compare with
        now = citation.current_document
        if ctx.year is not None and now.valid_from > ctx.year:
            continue  # the newer version came after the document was written
        yield report.error(
            seg,
            *m.span(),
            (
                f"引用的是{cited}年的版本，该版本{old.status}；现行的是{now.valid_from}年"
                f"修订的《{now.short_name or now.title}》。"
            ),
            f"改为现行的《{now.short_name or now.title}》（{now.valid_from}年修订）",
        )


@register(RULE, "法规引用")
def check(doc: Document, ctx: Context) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    for seg in text_segments(doc):
        yield from _version_findings(doc, ctx, seg)
        t = seg.text
        for m in CITE_RE.finditer(t):
            title, article = m.group("title"), m.group("article")
            cited_year = m.group("y1") or m.group("y2")
            year = int(cited_year) if cited_year else ctx.year
            citation = _resolve(ctx, title, article, year)
            if citation is None:
                continue  # not a text the corpus holds: nothing to compare with
            name = f"《{title}》"
            if citation.passage is None:
                older = _old_numbering(ctx, title, article)
                yield report.error(
                    seg,
                    m.start("title") - 1,
                    m.end(),
                    f"{name}（{citation.document.title}）没有{article}"
                    + (
                        f"；这是{older[0]}年版本的条文序号，现行版本对应{older[1]}。"
                        if older and older[1]
                        else (f"；这是{older[0]}年版本的条文序号。" if older else "。")
                    ),
                    f"改为{older[1]}" if older and older[1] else "核对条文序号",
                )
                continue
            outdated = (
                cited_year is not None or ctx.year is None or citation.document.valid_to <= ctx.year
            )
            if not citation.is_current and outdated:
                # an explicitly dated old version (2011年修正的《兵役法》第X条), or one no longer in
                # force in the document's year; an old draft citing the text of its time is fine
                current = citation.current_passage
                now = citation.current_document
                now_name = now.short_name or now.title
                if current is not None and current.article:
                    where = f"现行版本对应{current.article}"
                    suggestion = f"改引现行的《{now_name}》{current.article}"
                else:
                    where = "现行版本中已无对应条文"
                    suggestion = f"改引现行的《{now_name}》"
                yield report.error(
                    seg,
                    *m.span(),
                    (
                        f"引用的是已被修订或废止的版本（{citation.document.title}，"
                        f"{citation.document.status}）；{where}。"
                    ),
                    suggestion,
                )
                continue
            q = QUOTE_RE.match(t[m.end() :])
            if not q:
                continue
            quote = _norm(q.group("quote").rstrip("…"))
            if not quote or quote in _norm(citation.passage.text):
                continue
            other = _find_quote(ctx, citation.document.id, quote)
            qs = m.end() + q.start("quote")
            earlier = None if other is not None else _find_old_quote(ctx, title, quote)
            if earlier is not None:
                old_year, old_article, now_article = earlier
                short = f"《{citation.document.short_name or title}》"
                now = f"现行{short}为{now_article}" if now_article else f"现行{short}已无此表述"
                yield report.error(
                    seg,
                    qs,
                    m.end() + q.end("quote"),
                    f"引用的是{old_year}年{short}{old_article}的表述，{now}。",
                    (
                        f"按现行{short}{now_article}的原文引用"
                        if now_article
                        else f"删去这段引文，或改引现行{short}的相应规定"
                    ),
                )
                continue
            yield report.error(
                seg,
                qs,
                m.end() + q.end("quote"),
                (
                    f"引号内的文字与{name}{article}的原文不符"
                    + (f"，这段话出自{other.article}。" if other is not None else "。")
                ),
                (
                    f"把条文序号改为{other.article}"
                    if other is not None
                    else f"按{article}原文引用：“{citation.passage.text[len(article) :].strip()[:60]}……”"
                ),
            )
    _save(ctx)
