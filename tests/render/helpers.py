"""Shared helpers of the render tests: fixture-file parsing and docx read-back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Case:
    title: str
    draft: str
    expected: list[tuple[str, str]] = field(default_factory=list)
    line: int = 0


def read_fixtures(path: Path) -> list[Case]:
    """markdown-it-py style fixtures: title line, ``.``, input, ``.``, ``key: value`` lines, ``.``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i].strip(), i + 1
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the title"
        j = i + 2
        body = []
        while lines[j] != ".":
            body.append(lines[j])
            j += 1
        j += 1
        expected = []
        while lines[j] != ".":
            if lines[j].strip():
                key, _, value = lines[j].partition(":")
                expected.append((key.strip(), value.strip()))
            j += 1
        cases.append(Case(title, "\n".join(body) + "\n", expected, start))
        i = j + 1
    return cases


def run_style(run) -> str:
    rpr = run._r.find(f"{W}rPr")
    rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
    return rstyle.get(f"{W}val") if rstyle is not None else "-"


def run_hint(run) -> str:
    rpr = run._r.find(f"{W}rPr")
    rfonts = rpr.find(f"{W}rFonts") if rpr is not None else None
    return rfonts.get(f"{W}hint") if rfonts is not None and rfonts.get(f"{W}hint") else "-"


def para_style(paragraph) -> str:
    if not paragraph.text.strip():
        return "-"
    return paragraph.style.style_id


ROOT = HERE.parent.parent
