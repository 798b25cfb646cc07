"""The benchmark set of pasted and template-made documents with planted faults (bench/planted.tsv):
recall and precision of the checker per rule, text-only and with the unit's profile and statistics.

Used by test_planted.py (the targets) and bench/bench_check.py --quality (the table).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).parent / "bench"
DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Planted:
    file: str
    line: int
    rule: str
    text: str
    needs: str  # "text" or "stats"


@dataclass
class Score:
    mode: str
    expected: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    reported: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    missed: list[Planted] = field(default_factory=list)
    false: list[str] = field(default_factory=list)  # descriptions of false findings

    def recall(self, rule: str | None = None) -> float:
        exp = self.expected[rule] if rule else sum(self.expected.values())
        got = self.found[rule] if rule else sum(self.found.values())
        return got / exp if exp else 1.0

    def precision(self, rule: str | None = None) -> float:
        rep = self.reported[rule] if rule else sum(self.reported.values())
        ok = self.correct[rule] if rule else sum(self.correct.values())
        return ok / rep if rep else 1.0


def load_manifest() -> list[Planted]:
    items = []
    for raw in (BENCH / "planted.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        file, line, rule, text, needs = raw.split("\t")
        items.append(Planted(file, int(line), rule, text, needs))
    return items


def documents() -> list[Path]:
    return sorted(p for p in BENCH.iterdir() if p.suffix in (".txt", ".md"))


def workspace(root: Path) -> Any:
    """The unit of the benchmark set (青山镇, 安吉县, 2024) with its statistics."""
    from zhengbing.workspace import find_workspace

    shutil.copy(DATA / "zhengbing.toml", root / "zhengbing.toml")
    (root / "统计").mkdir(exist_ok=True)
    shutil.copy(DATA / "统计2024.csv", root / "统计" / "统计2024.csv")
    return find_workspace(root)


def _matches(f: Any, item: Planted) -> bool:
    if f.rule != item.rule or item.line not in f.covered():
        return False
    return not item.text or item.text in f.text or item.text in f.message


def score(mode: str) -> Score:
    """*mode* "text" (no workspace) or "profile" (the unit's profile and statistics)."""
    from zhengbing.check import check_file

    manifest = load_manifest()
    result = Score(mode)
    with tempfile.TemporaryDirectory(prefix="zhengbing-planted-") as tmp:
        ws = workspace(Path(tmp)) if mode == "profile" else None
        for path in documents():
            items = [i for i in manifest if i.file == path.name]
            findings = check_file(path, workspace=ws)
            for item in items:
                result.expected[item.rule] += 1
                if any(_matches(f, item) for f in findings):
                    result.found[item.rule] += 1
                else:
                    result.missed.append(item)
            for f in findings:
                result.reported[f.rule] += 1
                if any(_matches(f, i) for i in items):
                    result.correct[f.rule] += 1
                else:
                    result.false.append(f"{path.name}:{f.line} {f.rule} “{f.text}” {f.message}")
    return result


def table(scores: list[Score]) -> str:
    rules = sorted({r for s in scores for r in (*s.expected, *s.reported)})
    head = "规则".ljust(12) + "".join(
        f"{s.mode + ' 召回':>14}{s.mode + ' 精确':>14}" for s in scores
    )
    rows = [head]
    for rule in [*rules, None]:
        name = rule or "合计"
        cells = "".join(f"{s.recall(rule):>14.2f}{s.precision(rule):>14.2f}" for s in scores)
        rows.append(name.ljust(12) + cells)
    return "\n".join(rows)
