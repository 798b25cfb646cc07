"""Per-rule fixture files: a draft in, the expected findings (rule:line[:severity]) out.

Format (as in markdown-it-py): a title line, a line with ``.``, the draft, a line with
``.``, the expected findings one per line (nothing = no findings), a line with ``.``.
A finding is written ``rule:line`` for an error and ``rule:line:warning`` for a warning; lines
are those of the draft. Each case runs only the rule named by the file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from zhengbing.check import check_text
from zhengbing.check.registry import RULE_NAMES

FIXTURES = Path(__file__).parent / "fixtures"
# every rule has a fixture file, except the draft parser's own problems (test_faulty) and the
# statistics rule, which needs a workspace (test_stats)
RULE_FILES = [name for name in RULE_NAMES if name not in ("draft", "stats")]


def read_fixture_file(path: Path) -> list[tuple[int, str, str, list[str]]]:
    """(line number, title, draft, expected lines) for every case in *path*."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title_line = i
        title = lines[i].strip()
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the title"
        j = i + 2
        body: list[str] = []
        while lines[j] != ".":
            body.append(lines[j])
            j += 1
        j += 1
        expected: list[str] = []
        while lines[j] != ".":
            if lines[j].strip():
                expected.append(lines[j].strip())
            j += 1
        cases.append((title_line + 1, title, "\n".join(body) + "\n", expected))
        i = j + 1
    return cases


def _params() -> list[object]:
    params = []
    for rule in RULE_FILES:
        path = FIXTURES / f"{rule}.md"
        for line, title, draft, expected in read_fixture_file(path):
            params.append(pytest.param(rule, draft, expected, id=f"{rule}.md:{line} {title}"))
    return params


def _as_keys(findings: list[object], expected: list[str]) -> tuple[Counter[str], Counter[str]]:
    """rule:line for errors, rule:line:warning / rule:line:info otherwise (rule:line:error = rule:line)."""
    want = Counter(e.removesuffix(":error") for e in expected)
    got = Counter(
        f"{f.rule}:{f.line}" + ("" if f.severity == "error" else f":{f.severity}") for f in findings
    )
    return got, want


@pytest.mark.parametrize(("rule", "draft", "expected"), _params())
def test_rule_fixture(rule: str, draft: str, expected: list[str]) -> None:
    findings = check_text(draft, source="fixture.md", rules=[rule])
    got, want = _as_keys(findings, expected)
    detail = "\n".join(f"  {f.rule}:{f.line}:{f.column} {f.severity} {f.message}" for f in findings)
    assert got == want, f"findings:\n{detail}"
