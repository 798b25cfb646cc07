"""Whole documents from the example workspace, compared with reviewed copies (body only).

Regenerate after an intended change with ``ZHENGBING_REGEN=1 pytest tests/compose/test_golden.py``
and review the diff before committing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from zhengbing.compose import compose_document
from zhengbing.workspace import Workspace

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    ("讲话", "四个坚持四个确保", "2026-03-02"),
    ("总结", "年度征兵工作总结", "2026-12-20"),
    ("述职", "严把三个关口健全五项制度", "2026-12-25"),
]


@pytest.mark.parametrize(("kind", "outline", "date"), CASES)
def test_example_documents_match_golden(example_ws: Workspace, kind, outline, date) -> None:
    body = compose_document(example_ws, kind, outline_id=outline, date=date).text
    body = body.split("\n---\n", 1)[1]
    path = GOLDEN / f"{outline}.md"
    if os.environ.get("ZHENGBING_REGEN") == "1":
        path.write_text(body, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if body != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(), body.splitlines(), "golden", "now", lineterm=""
            )
        )
        pytest.fail(f"{path.name} differs:\n{diff}")
