"""Policy citations in outlines, resolved against the corpus, and ``--suggest`` passages."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from typing import Any

from zhengbing.errors import InputError
from zhengbing.outlines import Cite, Outline
from zhengbing.workspace import Workspace

_EXCERPT = 120


@dataclass
class ResolvedCite:
    ref: str  # as written in the outline
    passage_id: str | None
    label: str  # 《兵役法》第二十条
    doc_title: str
    article: str
    text: str
    status: str

    @property
    def excerpt(self) -> str:
        return excerpt(self.text, self.article)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ref": self.ref, "id": self.passage_id, "label": self.label}
        if self.doc_title:
            data["title"] = self.doc_title
        if self.status:
            data["status"] = self.status
        return data


def excerpt(text: str, article: str | None = None) -> str:
    """One line of at most about 120 characters, without the leading 第X条."""
    body = re.sub(r"\s+", "", text.replace("-->", "——>"))
    if article and body.startswith(article):
        body = body[len(article) :]
    return body if len(body) <= _EXCERPT else body[:_EXCERPT] + "……"


def _corpus_available() -> bool:
    return importlib.util.find_spec("zhengbing.corpus") is not None


def _resolve_one(cite: Cite, outline: Outline, workspace: Workspace | None) -> ResolvedCite:
    from zhengbing import corpus

    passage = None
    if cite.passage_id:
        passage = corpus.get_passage(cite.passage_id, workspace)
    if passage is None:
        citation = corpus.resolve_citation(cite.law, cite.article, workspace=workspace)
        if citation is not None:
            passage = citation.current_passage or citation.passage
    if passage is None:
        raise InputError(
            f"提纲 {outline.source} 第 {cite.line} 行：引用“{cite.ref}”在法规库中找不到。",
            hint="请核对法规简称和条号（可用 zhengbing search 查找），"
            "写法如 兵役法@2021#第二十条 或 《征兵工作条例》第二十三条。",
        )
    return ResolvedCite(
        cite.ref,
        passage.id,
        passage.label,
        passage.doc_title,
        passage.article or cite.article,
        passage.text,
        passage.status,
    )


def resolve_cites(outline: Outline, workspace: Workspace | None) -> dict[str, ResolvedCite]:
    """Every citation of *outline*, resolved through the corpus (a miss is an error)."""
    resolved: dict[str, ResolvedCite] = {}
    cites = outline.all_cites()
    if not cites:
        return resolved
    if not _corpus_available():
        for cite in cites:
            resolved[cite.ref] = ResolvedCite(
                cite.ref, cite.passage_id, f"《{cite.law}》{cite.article}", "", cite.article, "", ""
            )
        return resolved
    for cite in cites:
        if cite.ref not in resolved:
            resolved[cite.ref] = _resolve_one(cite, outline, workspace)
    return resolved


def suggestions(
    outline: Outline, sections: list[Any], workspace: Workspace | None, limit: int = 2
) -> dict[str, list[str]]:
    """For each section heading, a few policy passages worth quoting (``--suggest``)."""
    if importlib.util.find_spec("zhengbing.search") is None:
        return {}
    from zhengbing import search as search_mod

    cited = {c.passage_id for c in outline.all_cites() if c.passage_id}
    # national texts always match; a local one only for the workspace's own province
    region = (workspace.profile.province or "全国") if workspace is not None else "全国"
    out: dict[str, list[str]] = {}
    for section in sections:
        query = f"{section.heading} {section.lead[:40]}"
        try:
            hits = search_mod.search(
                query, region=region, current_only=True, limit=limit + 3, workspace=workspace
            )
        except InputError:
            return out
        lines: list[str] = []
        for hit in hits:
            data = hit.to_dict()
            if data.get("id") in cited or not data.get("article"):
                continue
            text = excerpt(str(data.get("text") or data.get("snippet") or ""), data.get("article"))
            lines.append(f"可参考：《{data.get('doc_title')}》{data.get('article')}：{text}")
            if len(lines) >= limit:
                break
        if lines:
            out[section.heading] = lines
    return out
