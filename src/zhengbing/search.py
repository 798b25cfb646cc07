"""Searching the corpus: ``search(query, …) -> list[Hit]`` (the CLI, compose and the TUI use it).

Query syntax (see README.md (资料库与检索)):

* words in the user's own phrasing — the query is split into words of the index vocabulary,
  question words are dropped, each word is widened with the synonym table (当兵 → 服兵役/应征…),
  and passages are ranked by BM25 over all of them (more matched words rank higher);
* ``"兵役登记"`` or “兵役登记” — a quoted phrase that must occur exactly;
* a law name (兵役法, 《征兵工作条例》) restricts the search to that law, and an article number
  (第二十条, 第20条) looks that article up;
* anything else (punctuation only, an unbalanced quote) is taken literally and never fails.

Ranking multiplies the BM25 score by a prior: current law 1.0, superseded or repealed 0.7,
sample paragraphs 0.8, local regulations 0.92.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhengbing.corpus import int_to_cn
from zhengbing.index.engine import EngineHit, Filters, Query, StoredPassage
from zhengbing.workspace import Workspace

if TYPE_CHECKING:
    from zhengbing.index import SearchIndex

LABEL_LAW = "法规条文"
LABEL_SAMPLE = "范文样本"
LABEL_OWN = "本单位资料"
MARK_OPEN = "【"
MARK_CLOSE = "】"
SNIPPET_CHARS = 120

GROUP_ALIASES = {
    "policy": "policy",
    "policies": "policy",
    "law": "policy",
    "法规": "policy",
    "政策": "policy",
    "sample": "sample",
    "samples": "sample",
    "样本": "sample",
    "范文": "sample",
}
ORIGIN_ALIASES = {
    "own": "own",
    "自有": "own",
    "资料": "own",
    "bundled": "bundled",
    "随附": "bundled",
}

_QUOTE_PAIRS = {'"': '"', "“": "”", "「": "」", "『": "』", "＂": "＂"}
# 第二十条 (group 1), with the 款/项 a user may add (第二十条第二款第一项), which belong to it
_ARTICLE_IN_QUERY = re.compile(
    r"(第\s*(?:[0-9]+|[零〇一二三四五六七八九十百千两]+)\s*条(?:之[一二三四五六七八九十]+)?)"
    r"(?:\s*第\s*(?:[0-9]+|[一二三四五六七八九十]+)\s*[款项])*"
)
_PUNCT = re.compile(r"[\s\W_]+")


@dataclass
class Hit:
    id: str
    doc_id: str
    doc_title: str
    article: str | None
    path: str
    status: str
    region: str
    kind: str
    score: float
    text: str
    snippet_text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # highlights in snippet_text
    group: str = "policy"  # policy (an article of law) / sample (a sample or an own document)
    origin: str = "bundled"  # bundled / own

    @property
    def is_law(self) -> bool:
        return self.group == "policy"

    @property
    def label(self) -> str:
        """What the passage is: 法规条文, 范文样本 or 本单位资料."""
        if self.is_law:
            return LABEL_LAW
        return LABEL_OWN if self.origin == "own" else LABEL_SAMPLE

    @property
    def scope(self) -> str:
        """全国 or 地方 (laws); empty for samples and own documents."""
        if not self.is_law:
            return ""
        return "全国" if self.region in ("", "全国") else "地方"

    @property
    def snippet(self) -> str:
        """The snippet with the query words marked 【like this】."""
        return mark(self.snippet_text, self.spans, MARK_OPEN, MARK_CLOSE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "article": self.article,
            "path": self.path,
            "status": self.status,
            "region": self.region,
            "kind": self.kind,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "text": self.text,
            "group": self.group,
            "origin": self.origin,
            "label": self.label,
            "scope": self.scope,
        }


def mark(text: str, spans: list[tuple[int, int]], left: str, right: str) -> str:
    out: list[str] = []
    last = 0
    for s, e in spans:
        out.append(text[last:s])
        out.append(left + text[s:e] + right)
        last = e
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------- query parsing


@dataclass
class ParsedQuery:
    phrases: list[str]  # quoted, must occur literally
    free: str  # the rest, in the user's words
    article: str | None = None
    law_names: list[str] = field(default_factory=list)


def parse_query(query: str) -> ParsedQuery:
    """Split off quoted phrases; an unbalanced quote is just a character."""
    phrases: list[str] = []
    rest: list[str] = []
    i = 0
    n = len(query)
    while i < n:
        ch = query[i]
        close = _QUOTE_PAIRS.get(ch)
        if close is not None:
            j = query.find(close, i + 1)
            if j > i + 1:
                inner = query[i + 1 : j].strip()
                if inner:
                    phrases.append(inner)
                i = j + 1
                continue
        rest.append(ch)
        i += 1
    free = "".join(rest)
    for q in list(_QUOTE_PAIRS) + list(_QUOTE_PAIRS.values()):
        free = free.replace(q, " ")
    return ParsedQuery(phrases, free)


def _normalise_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- search


def _resolve_workspace(workspace: Workspace | str | Path | None) -> Workspace | None:
    if workspace is None or isinstance(workspace, Workspace):
        return workspace
    from zhengbing.workspace import find_workspace

    return find_workspace(workspace)


@dataclass
class Understanding:
    """How a query was read: shown to the user (「按“优待金”“义务兵家庭”检索」)."""

    query: str
    folded: bool = False  # traditional characters or full-width forms were folded
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (typed, read as)
    words: list[str] = field(default_factory=list)  # the query's own words that were searched
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # word → wording of the law
    parts: list[str] = field(default_factory=list)  # the parts of a question of several parts
    home: str = ""  # the province whose regulations come first

    def describe(self) -> str:
        """One line in Chinese; empty when there is nothing worth telling."""
        if not self.words and not self.corrections:
            return ""
        bits: list[str] = []
        if self.words:
            shown = [f"“{w}”" for w in self.words[:8]]
            bits.append("按" + "".join(shown) + "检索")
        said = [f"{w}→{'、'.join(alts[:3])}" for w, alts in self.synonyms.items() if alts and w][:4]
        if said:
            bits.append("同时查法规用语：" + "；".join(said))
        for typed, term in self.corrections:
            bits.append(f"“{typed}”按“{term}”理解")
        if self.folded:
            bits.append("繁体字、全角字符已按简体、半角检索")
        if len(self.parts) > 1:
            bits.append(f"分{len(self.parts)}问分别检索")
        if self.home:
            bits.append(f"{self.home}的法规优先")
        return "，".join(bits) + "。"


@dataclass
class SearchResult:
    """Hits plus how the query was understood; :meth:`groups` keeps laws apart from samples."""

    hits: list[Hit]
    understood: Understanding

    @property
    def laws(self) -> list[Hit]:
        return [h for h in self.hits if h.is_law]

    @property
    def others(self) -> list[Hit]:
        return [h for h in self.hits if not h.is_law]

    def groups(self) -> list[tuple[str, list[Hit]]]:
        """(heading, hits) for law articles, then samples and own documents; empty groups left out."""
        out: list[tuple[str, list[Hit]]] = []
        if self.laws:
            out.append((LABEL_LAW, self.laws))
        if self.others:
            out.append((f"{LABEL_SAMPLE}和{LABEL_OWN}（仅供参考，不是法规）", self.others))
        return out


def search(
    query: str,
    *,
    kind: str | None = None,
    region: str | None = None,
    year: int | None = None,
    current_only: bool = False,
    limit: int = 10,
    workspace: Workspace | str | Path | None = None,
    index: SearchIndex | None = None,
) -> list[Hit]:
    """Ranked passages for *query* (law articles before samples); see :func:`search_results`."""
    return search_results(
        query,
        kind=kind,
        region=region,
        year=year,
        current_only=current_only,
        limit=limit,
        workspace=workspace,
        index=index,
    ).hits


def search_results(
    query: str,
    *,
    kind: str | None = None,
    region: str | None = None,
    year: int | None = None,
    current_only: bool = False,
    limit: int = 10,
    workspace: Workspace | str | Path | None = None,
    index: SearchIndex | None = None,
) -> SearchResult:
    """Ranked passages for *query* and how it was understood; filters combine.

    See the module docstring for the syntax.

    *kind*: ``policy`` / ``sample`` / ``own`` or a 类别 (法律、行政法规、讲话、总结…).
    *region*: a province (浙江 or 浙江省); national texts always match too, and the province's
    own regulations rank first where they answer; ``全国`` keeps to national texts.
    *year*: texts in force in that year (policies) or written for that year (samples).
    *index*: an already open :class:`zhengbing.index.SearchIndex` (the TUI and the benchmark
    keep one open); by default the workspace's index is opened (and updated when needed).
    """
    from zhengbing.index import open_index, rebuild_index

    ws = _resolve_workspace(workspace)
    # the workspace's province ranks its own local texts like national ones and other
    # provinces' local texts lower (without filtering them out)
    home = (ws.profile.province if ws is not None else "") or ""
    own_index = index is None
    idx = index if index is not None else open_index(ws)
    from zhengbing.errors import UserError

    try:
        try:
            return _search(idx, query, kind, region, year, current_only, limit, home)
        except UserError:
            raise
        except Exception:
            if not own_index:
                raise
            # a damaged index shows up here at the latest: rebuild it and try once more
            idx.close()
            idx = rebuild_index(ws)
            return _search(idx, query, kind, region, year, current_only, limit, home)
    finally:
        if own_index:
            idx.close()


def _filters(
    idx: SearchIndex, kind: str | None, region: str | None, year: int | None, current_only: bool
) -> Filters:
    from zhengbing.corpus import POLICY_KINDS, SAMPLE_KINDS
    from zhengbing.errors import InputError

    f = Filters(year=year, current_only=current_only)
    if year is not None:
        f.doc_ids = idx.docs_in_force(int(year))
    if kind:
        k = kind.strip()
        if k.lower() in GROUP_ALIASES:
            f.groups = (GROUP_ALIASES[k.lower()],)
        elif k.lower() in ORIGIN_ALIASES:
            f.origins = (ORIGIN_ALIASES[k.lower()],)
        elif k in POLICY_KINDS + SAMPLE_KINDS + ("其他",):
            f.kinds = (k,)
        elif k in ("心得", "体会"):
            f.kinds = ("心得体会",)
        elif k in ("讲话稿", "动员讲话"):
            f.kinds = ("讲话",)
        else:
            raise InputError(
                f"--kind {kind!r} 无法识别。",
                hint="可用：policy（法规）、sample（样本和自有资料）、own（自有资料）、"
                + "、".join(POLICY_KINDS + SAMPLE_KINDS),
            )
    if current_only and not f.groups and not f.origins and not (set(f.kinds) - set(POLICY_KINDS)):
        # validity belongs to laws: samples and own documents are neither current nor not
        f.groups = ("policy",)
    if region:
        r = region.strip()
        base = re.sub(r"(省|市|自治区|特别行政区)$", "", r)
        matched = [x for x in idx.regions if x != "全国" and base and x.startswith(base)]
        f.regions = tuple(["全国", *matched]) if r != "全国" else ("全国",)
    return f


def _detect_law(idx: SearchIndex, text: str) -> tuple[list[str], str]:
    """Find law names (兵役法, 《征兵工作条例》) in the query; return their index names + rest."""
    names = idx.names
    found: list[str] = []
    rest = text
    for m in re.finditer(r"《([^》]+)》", text):
        key = re.sub(r"\s", "", m.group(1))
        key = key.removeprefix("中华人民共和国")
        if key in names:
            found.append(names[key])
            rest = rest.replace(m.group(0), " ")
    for key in sorted(names, key=len, reverse=True):
        if len(key) >= 3 and key in rest:
            found.append(names[key])
            rest = rest.replace(key, " ")
    rest = rest.replace("中华人民共和国", " ")
    return list(dict.fromkeys(found)), rest


def _terms_for(idx: SearchIndex, text: str) -> list[str]:
    from zhengbing.index.segmenter import query_stopwords, stop_phrases

    stop = query_stopwords()
    for phrase in stop_phrases():
        text = text.replace(phrase, " ")
    words: list[str] = []
    for chunk in _PUNCT.split(text):
        if not chunk:
            continue
        found = idx.backend.segment_query(chunk)
        covered = {i for _w, s, e in found for i in range(s, e)}
        # a chunk in which the index knows only lone characters amid unknown ones (山 in 蓝莓山歌)
        # names something the index does not have: those characters are not words of the query
        only_fragments = all(len(w) == 1 for w, _s, _e in found) and len(covered) < len(chunk)
        for w, _s, _e in found:
            if w in stop or only_fragments:
                continue
            words.append(w)
    return words


def _expand(idx: SearchIndex, text: str, words: list[str]) -> list[list[tuple[str, float]]]:
    """One OR-group per query word: the word plus synonyms, each synonym segmented too.

    Single characters weigh little (they are mostly particles in a question); vocabulary words
    that span two query words (征兵|体检站 → 征兵体检) join as an extra group, because the text
    may have been segmented differently from the query.
    """
    from zhengbing.index.segmenter import synonyms

    table = synonyms()
    groups: list[list[tuple[str, float]]] = []
    seen: set[str] = set()
    compact = _normalise_space(text)
    multi = [w for w in words if len(w) > 1]
    for w in words:
        if w in seen:
            continue
        seen.add(w)
        if len(w) == 1 and len(multi) >= 2:
            groups.append([(w, 0.3)])
        else:
            groups.append([(w, 1.0)])
    # parts of a compound query word (新兵交接 → 新兵, 交接): the text may word it the other way
    for w in multi:
        if len(w) < 3:
            continue
        for part, _s, _e in _parts(idx, w):
            if part not in seen:
                seen.add(part)
                groups.append([(part, 0.5)])
    # numbers: 17岁 → 十七周岁
    for m in re.finditer(r"(\d{1,3})\s*(岁|周岁|年|天|日|个月|月)?", compact):
        cn = int_to_cn(int(m.group(1)))
        alts = [(cn, 0.8)]
        if m.group(2) in ("岁", "周岁"):
            alts.insert(0, (cn + "周岁", 1.0))
        alts = [(a, b) for a, b in alts if idx.backend.has_term(a) and a not in seen]
        if alts:
            seen.update(a for a, _ in alts)
            groups.append(alts)
    for a, b in zip(words, words[1:], strict=False):
        pair = a + b
        if pair not in compact:
            continue
        for cross, _s, _e in _crossing_words(idx, pair, len(a)):
            if cross not in seen:
                seen.add(cross)
                groups.append([(cross, 0.8)])
    # a key counts when it is a query word, or spans several query words (不用当兵), but not
    # when it is only part of a longer query word (优待 inside 优待金)
    used_keys = [
        k
        for k in table
        if k in words
        or (len(k) >= 2 and k in compact and not any(k in w and k != w for w in words))
    ]
    for key in used_keys:
        alts: list[tuple[str, float]] = []
        for alt in table[key]:
            parts = [p for p, _s, _e in idx.backend.segment_query(alt)]
            if len(parts) > 1:
                # a synonym the index splits (女性公民 → 女性/公民): its rarest word stands for it
                parts = [min(parts, key=lambda p: (idx.backend.doc_frequency(p), -len(p)))]
            for part in parts:
                if part not in seen and part not in {a for a, _ in alts}:
                    alts.append((part, 0.8 if len(part) > 1 else 0.2))
        if not alts:
            continue
        # attach to the group of the key word when there is one, else a new group
        target = next((g for g in groups if g[0][0] == key), None)
        if target is not None:
            target.extend(alts)
        else:
            groups.append(alts)
        seen.update(a for a, _ in alts)
    return groups


def _parts(idx: SearchIndex, word: str) -> list[tuple[str, int, int]]:
    """Vocabulary words of two or more characters inside *word* (not *word* itself)."""
    out: list[tuple[str, int, int]] = []
    for start in range(len(word)):
        for end in range(start + 2, len(word) + 1):
            w = word[start:end]
            if w != word and idx.backend.has_term(w):
                out.append((w, start, end))
    # keep only maximal parts (兵役登记信息 → 兵役登记, 信息; not also 兵役, 登记)
    return [
        (w, s, e)
        for w, s, e in out
        if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for _w, s2, e2 in out)
    ]


def _crossing_words(idx: SearchIndex, pair: str, boundary: int) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for start in range(0, boundary):
        for end in range(boundary + 1, len(pair) + 1):
            w = pair[start:end]
            if 2 <= len(w) <= 6 and w != pair[:boundary] and idx.backend.has_term(w):
                out.append((w, start, end))
    return out


def _phrase_words(idx: SearchIndex, phrase: str) -> tuple[list[str], int]:
    from zhengbing.index.segmenter import is_indexable

    words: list[str] = []
    gaps = 0
    for chunk in _PUNCT.split(phrase):
        if not chunk:
            continue
        for w, _s, _e in idx.backend.segment_query(chunk):
            if is_indexable(w):
                words.append(w)
            else:
                gaps += 1
    # slop 1 = adjacent; allow for dropped stop words and skipped characters
    skipped = len(_normalise_space(phrase)) - sum(len(w) for w in words)
    return words, 1 + gaps + max(0, skipped)


def _correct(idx: SearchIndex, text: str) -> tuple[str, list[tuple[str, str]]]:
    """Read mistyped key terms (兵疫 → 兵役) as the terms; returns the text and the corrections."""
    from zhengbing.index.segmenter import query_stopwords
    from zhengbing.index.typos import corrections

    skip = frozenset(w for w in query_stopwords() if len(w) == 1)
    found: list[tuple[str, str]] = []
    out = text
    for chunk in _PUNCT.split(text):
        if len(chunk) < 2:
            continue
        covered = {
            i for w, s, e in idx.backend.segment_query(chunk) if len(w) > 1 for i in range(s, e)
        }
        loose = set(range(len(chunk))) - covered
        if not loose:
            continue
        fixed = chunk
        for c in reversed(corrections(chunk, idx.backend.has_term, loose, skip)):
            fixed = fixed[: c.start] + c.term + fixed[c.start + len(c.typed) :]
            found.append((c.typed, c.term))
        if fixed != chunk:
            out = out.replace(chunk, fixed, 1)
    found.reverse()
    return out, found


# a question of several parts: split at sentence punctuation and explicit connectives
_PART_SPLIT = re.compile(r"[，,；;？?。！!]|还有|另外|以及|并且|同时|此外")


def _split_parts(text: str) -> list[str]:
    parts = [p.strip() for p in _PART_SPLIT.split(text)]
    return [p for p in parts if p]


def _search(
    idx: SearchIndex,
    query: str,
    kind: str | None,
    region: str | None,
    year: int | None,
    current_only: bool,
    limit: int,
    home: str = "",
) -> SearchResult:
    from zhengbing.corpus import normalise_article
    from zhengbing.index.fold import fold

    limit = max(1, int(limit))
    filters = _filters(idx, kind, region, year, current_only)
    folded = fold(query or "")
    understood = Understanding(query or "", folded=folded != (query or ""))
    if region and region.strip():
        # --region names the province that comes first; 全国 switches local-first off
        home = "" if region.strip() == "全国" else region.strip()
    parsed = parse_query(folded)
    law_names, free = _detect_law(idx, parsed.free)
    plan = Query()
    m = _ARTICLE_IN_QUERY.search(free)
    if m:
        plan.article = normalise_article(m.group(1))
        free = free.replace(m.group(0), " ")
    if law_names:
        filters.names = tuple(law_names)
    free, understood.corrections = _correct(idx, free)
    words = _terms_for(idx, free)
    all_groups = _expand(idx, free, words)
    plan.groups = _prune(idx, all_groups)
    understood.words = list(dict.fromkeys(w for w in words if len(w) > 1)) or list(words)
    understood.synonyms = _synonyms_shown(all_groups, understood.words)
    literal: list[str] = []
    for ph in parsed.phrases:
        pw, slop = _phrase_words(idx, ph)
        literal.append(_normalise_space(ph))
        if pw:
            plan.phrases.append((pw, slop))
    if parsed.phrases and not plan.phrases:
        return SearchResult([], understood)  # the phrase has no indexed word, so it cannot occur
    if plan.article and law_names and not plan.groups and not plan.phrases:
        plan.article_required = True
    want = max(limit * 2, 30)
    # each part of a question of several parts is searched on its own as well
    part_plans: list[tuple[Query, list[list[tuple[str, float]]]]] = []
    if not parsed.phrases and not plan.article:
        texts = _split_parts(free)
        for part in texts if len(texts) > 1 else []:
            groups = _expand(idx, part, _terms_for(idx, part))
            pruned = _prune(idx, groups)
            if any(len(w) > 1 for g in pruned for w, _b in g):
                part_plans.append((Query(groups=pruned), groups))
        if len(part_plans) > 1:
            understood.parts = texts
        else:
            part_plans = []
    if plan.is_empty():
        if not law_names:
            return SearchResult([], understood)
        raw = idx.backend.filtered(filters, limit)
    else:
        raw = idx.backend.search(plan, filters, want)
        if literal:
            raw = [h for h in raw if all(p in _normalise_space(h.passage.text) for p in literal)]
            if len(raw) < limit:
                raw = _phrase_fallback(idx, plan, filters, literal, want, raw)
    full_plan = Query(groups=all_groups, phrases=plan.phrases, article=plan.article)
    weights = _group_weights(idx, all_groups)
    home_region = home if filters.regions != ("全国",) else ""
    understood.home = _home_label(idx, home_region)

    def ranked(rows: list[EngineHit], groups: list[list[tuple[str, float]]]) -> dict[int, float]:
        gw = weights if groups is all_groups else _group_weights(idx, groups)
        out: dict[int, float] = {}
        for h in rows:
            f = h.passage
            prior = _regional_prior(f, filters, home_region, groups, gw)
            score = h.score * prior * _rerank(f, groups, gw)
            if plan.article and f.article == plan.article:
                score += 0.01  # keeps an exact article match first among equals
            out[h.docnum] = score
        return out

    scores = ranked(raw, all_groups)
    by_docnum = {h.docnum: h for h in raw}
    if part_plans and scores:
        # the best answers to each part rank near the answers to the whole question
        top = max(scores.values()) or 1.0
        fused = {d: sc / top for d, sc in scores.items()}
        for part_query, groups in part_plans:
            rows = idx.backend.search(part_query, filters, want)
            part_scores = ranked(rows, groups)
            if not part_scores:
                continue
            ptop = max(part_scores.values()) or 1.0
            for h in rows:
                by_docnum.setdefault(h.docnum, h)
                value = PART_WEIGHT * part_scores[h.docnum] / ptop
                fused[h.docnum] = max(fused.get(h.docnum, 0.0), value)
        scores = fused
    highlight = _highlight_words(full_plan, literal)
    hits: list[Hit] = []
    for docnum, score in scores.items():
        f = by_docnum[docnum].passage
        snippet, spans = make_snippet(f.text, highlight)
        is_law = f.group == "policy"
        hits.append(
            Hit(
                id=f.id,
                doc_id=f.doc_id,
                doc_title=f.doc_title,
                article=f.article or None,
                path=f.path,
                status=f.status if is_law else "",  # samples have no validity status
                region=f.region,
                kind=f.kind,
                score=score,
                text=f.text,
                snippet_text=snippet,
                spans=spans,
                group=f.group,
                origin=f.origin,
            )
        )
    hits.sort(key=lambda x: -x.score)
    hits = hits[:limit]
    # law articles first, then samples and own documents (each group by score)
    hits.sort(key=lambda x: not x.is_law)
    return SearchResult(hits, understood)


PART_WEIGHT = 0.9  # a part's best answer, relative to the whole question's best
LEAD_WEIGHT = 0.5  # bonus for query words in an article's first sentence
PATH_WEIGHT = 0.15  # bonus for query words in the chapter/section headings
OLD_VERSION_PRIOR = 0.75  # superseded or repealed versions, on top of the index prior
NO_HOME_LOCAL_PRIOR = 0.85  # a local regulation when no province is known
HOME_FIRST = 0.6  # bonus for the home province's regulation, times how much of the query it answers


def _synonyms_shown(
    groups: list[list[tuple[str, float]]], words: list[str]
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for g in groups:
        head = g[0][0]
        if head in words:
            alts = [w for w, _b in g[1:] if len(w) > 1]
            if alts:
                out[head] = alts
    return out


def _home_label(idx: SearchIndex, home: str) -> str:
    if not home:
        return ""
    for r in idx.regions:
        if r != "全国" and _same_region(r, home):
            return r
    return ""


def _group_weights(idx: SearchIndex, groups: list[list[tuple[str, float]]]) -> list[float]:
    """How much each word group tells (idf of its rarest word, times the word's boost)."""
    from zhengbing.index.engine import bm25_idf

    n = max(1, idx.backend.doc_count())
    out: list[float] = []
    for g in groups:
        best = 0.0
        for w, b in g:
            df = idx.backend.doc_frequency(w.lower())
            if df:
                best = max(best, bm25_idf(n, df) * b)
        out.append(best)
    return out


def _share(groups: list[list[tuple[str, float]]], weights: list[float], text: str) -> float:
    """The weighted share of the word groups that occur in *text* (0 … 1)."""
    total = sum(weights)
    if not total or not text:
        return 0.0
    lower = text.lower()
    got = sum(
        wt for g, wt in zip(groups, weights, strict=False) if any(w.lower() in lower for w, _b in g)
    )
    return got / total


def _lead(text: str) -> str:
    """An article's first sentence, without its number (第五十九条 征集的新兵……。)."""
    body = re.sub(
        r"^第[零〇一二三四五六七八九十百千两0-9]+条(之[一二三四五六七八九十]+)?\s*", "", text
    )
    m = re.search(r"[。；]", body)
    return body[: m.end()] if m else body


def _rerank(f: StoredPassage, groups: list[list[tuple[str, float]]], weights: list[float]) -> float:
    """Structure-aware factor: matched share of the query, in the whole text, the first sentence
    (where an article names its subject) and the headings above it."""
    if not groups:
        return 1.0
    whole = _share(groups, weights, f.text)
    lead = _share(groups, weights, _lead(f.text))
    path = _share(groups, weights, f.path)
    return (0.5 + 0.5 * whole) * (1 + LEAD_WEIGHT * lead) * (1 + PATH_WEIGHT * path)


def _regional_prior(
    f: StoredPassage,
    filters: Filters,
    home: str,
    groups: list[list[tuple[str, float]]],
    weights: list[float],
) -> float:
    prior = f.prior
    if f.group == "policy" and f.status not in ("现行有效", ""):
        prior *= OLD_VERSION_PRIOR  # a question is about the law in force
    doc_region = f.region
    if not doc_region or doc_region == "全国":
        return prior
    if home and _same_region(doc_region, home):
        prior /= LOCAL_PRIOR  # no penalty for being local …
        if f.group == "policy":
            # … and the home province's regulation first, where it answers the question
            prior *= 1 + HOME_FIRST * _share(groups, weights, f.text)
    elif filters.regions and doc_region in filters.regions:
        prior /= LOCAL_PRIOR  # the user asked for this region
    elif not filters.regions:
        # another province's regulation: lower still when the workspace's province is known
        prior *= OTHER_REGION_PRIOR if home else NO_HOME_LOCAL_PRIOR
    return prior


MAX_TERMS = 12
LOCAL_PRIOR = 0.75  # must match zhengbing.index._prior
OTHER_REGION_PRIOR = 0.6  # another province's local text, when the workspace's is known


def _same_region(a: str, b: str) -> bool:
    strip = "省市"
    a, b = a.strip().rstrip(strip), b.strip().rstrip(strip)
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


FREQUENT = 1500  # a term in more passages than this is left to the re-ranking


def _prune(
    idx: SearchIndex, groups: list[list[tuple[str, float]]]
) -> list[list[tuple[str, float]]]:
    """The terms worth giving to the engine.

    Scoring every match of a frequent term is where a search spends its time, while such a
    term hardly changes the order (BM25 gives it a low weight). So single characters and
    terms found in more than FREQUENT passages are left out when the query has rarer words
    (so a small corpus keeps them all); the re-ranking of the top candidates still counts
    every query word.
    """
    df: dict[str, int] = {}
    for g in groups:
        for w, _b in g:
            if w not in df:
                df[w] = idx.backend.doc_frequency(w.lower())
    present = [w for w, n in df.items() if n > 0]
    if not present:
        return []
    selective = [w for w in present if len(w) > 1 and df[w] <= FREQUENT]
    if not selective:
        # only frequent words: keep the rarest of each group
        out = []
        for g in groups:
            alive = [(w, b) for w, b in g if df[w] > 0]
            if alive:
                out.append([min(alive, key=lambda t: df[t[0]])])
        return out
    # at most MAX_TERMS, the rarest first
    keep = set(sorted(selective, key=lambda w: df[w])[:MAX_TERMS])
    pruned = [[(w, b) for w, b in g if w in keep] for g in groups]
    return [g for g in pruned if g]


def _phrase_fallback(
    idx: SearchIndex,
    plan: Query,
    filters: Filters,
    literal: list[str],
    want: int,
    raw: list[EngineHit],
) -> list[EngineHit]:
    """Segmentation in context can differ from the query's: require all words, check literally."""
    loose = Query(groups=plan.groups, article=plan.article)
    for words, _slop in plan.phrases:
        loose.required_terms.extend(words)
    more = idx.backend.search(loose, filters, want * 4)
    have = {h.docnum for h in raw}
    for h in more:
        if h.docnum in have:
            continue
        if all(p in _normalise_space(h.passage.text) for p in literal):
            raw.append(h)
            have.add(h.docnum)
    return raw


def _highlight_words(plan: Query, literal: list[str]) -> list[str]:
    words: set[str] = set(literal)
    for group in plan.groups:
        for w, _b in group:
            words.add(w)
    for ws, _slop in plan.phrases:
        words.update(ws)
    if plan.article:
        words.add(plan.article)
    # single characters only highlight when nothing longer exists
    longer = [w for w in words if len(w) > 1]
    return sorted(longer or words, key=len, reverse=True)


MAX_HIGHLIGHTS = 40  # marks in one snippet (a snippet is short: more would be noise)


def make_snippet(
    text: str, words: list[str], size: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]]]:
    """The window of *text* with the most query words, and the spans to highlight in it."""
    flat = text.replace("\n", " ")
    spans: list[tuple[int, int]] = []
    taken = [False] * len(flat)
    lower = flat.lower()
    for w in words:
        if not w:
            continue
        wl = w.lower()
        start = 0
        while True:
            i = lower.find(wl, start)
            if i < 0:
                break
            if not any(taken[i : i + len(wl)]):
                spans.append((i, i + len(wl)))
                for k in range(i, i + len(wl)):
                    taken[k] = True
            start = i + 1
    spans.sort()
    if len(flat) <= size:
        return flat, spans
    # the window starting a quarter-size before some span that holds the most whole spans,
    # found in one pass: spans do not overlap, so starts and ends are both sorted and the
    # spans inside [lo, lo + size] are spans[first:last] with both indexes only moving on
    best_start = 0
    best = -1
    first = last = 0
    for s, _e in spans:
        lo = max(0, s - size // 4)
        while first < len(spans) and spans[first][0] < lo:
            first += 1
        last = max(last, first)
        while last < len(spans) and spans[last][1] <= lo + size:
            last += 1
        if last - first > best:
            best, best_start = last - first, lo
    lo = best_start
    hi = min(len(flat), lo + size)
    if hi - lo < size:
        lo = max(0, hi - size)
    piece = flat[lo:hi]
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(flat) else ""
    shift = len(prefix) - lo
    inner = [(a + shift, b + shift) for a, b in spans if a >= lo and b <= hi]
    return prefix + piece + suffix, inner[:MAX_HIGHLIGHTS]


# --------------------------------------------------------------------------- hits as dicts (TUI)


def citable(hit: dict[str, Any]) -> bool:
    """Whether a hit (``Hit.to_dict()``) may be inserted as a citation: law articles only."""
    return str(hit.get("group") or "policy") == "policy"


def grouped_hits(hits: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Hit dicts as (heading, hits): law articles, then samples and own documents."""
    laws = [h for h in hits if citable(h)]
    others = [h for h in hits if not citable(h)]
    out: list[tuple[str, list[dict[str, Any]]]] = []
    if laws:
        out.append((LABEL_LAW, laws))
    if others:
        out.append((f"{LABEL_SAMPLE}和{LABEL_OWN}（仅供参考，不能作为引文插入）", others))
    return out
