"""The question benchmark: questions in people's own words, each with the articles that answer it.

Shared by ``test_questions.py`` (which asserts the targets) and ``bench/bench_search.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")
TOP = 5


def load_questions() -> list[dict[str, Any]]:
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def answer_sets(item: dict[str, Any]) -> list[set[str]]:
    """One set of answering article ids per part of the question (one part usually)."""
    if item.get("parts"):
        return [set(p) for p in item["parts"]]
    return [set(item["expect"])]


@dataclass
class Outcome:
    recall: float  # share of questions whose every part has an answer in the top five
    mrr: float  # mean reciprocal rank of the first answering article (0 when none in the top ten)
    first: float  # share of questions answered by the first hit
    misses: list[str] = field(default_factory=list)
    by_style: dict[str, tuple[float, float]] = field(default_factory=dict)


def evaluate(index: Any, questions: list[dict[str, Any]] | None = None) -> Outcome:
    from zhengbing.search import search
    from zhengbing.workspace import Profile, Workspace

    questions = questions if questions is not None else load_questions()
    found = 0
    rr_sum = 0.0
    firsts = 0
    misses: list[str] = []
    styles: dict[str, list[tuple[bool, float]]] = {}
    for item in questions:
        ws = None
        if item.get("province"):
            ws = Workspace(Path("."), Profile(unit="某镇", province=item["province"]))
        ids = [h.id for h in search(item["q"], limit=10, index=index, workspace=ws)]
        parts = answer_sets(item)
        every = set().union(*parts)
        ok = all(any(i in p for i in ids[:TOP]) for p in parts)
        rank = next((n for n, i in enumerate(ids, 1) if i in every), 0)
        rr = 1.0 / rank if rank else 0.0
        found += ok
        rr_sum += rr
        firsts += rank == 1
        styles.setdefault(str(item.get("style", "")), []).append((ok, rr))
        if not ok or rank != 1:
            misses.append(f"{'MISS' if not ok else 'rank ' + str(rank)}: {item['q']} → {ids[:5]}")
    n = len(questions)
    by_style = {
        s: (sum(o for o, _ in v) / len(v), sum(r for _, r in v) / len(v)) for s, v in styles.items()
    }
    return Outcome(found / n, rr_sum / n, firsts / n, misses, by_style)
