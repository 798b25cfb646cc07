"""Precision: a checker that cries wolf is switched off. Zero findings on every bundled sample,
on the documents `zhengbing demo` produces and on every bundled outline rendered for each kind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zhengbing.check import check_file, check_text
from zhengbing.cli import main
from zhengbing.resources import corpus_dir, templates_dir
from zhengbing.workspace import find_workspace

SAMPLES = sorted((corpus_dir() / "samples").glob("样本-*.md"))
EXAMPLES = sorted((templates_dir() / "examples").glob("*.md"))


def _describe(findings: list[object]) -> str:
    return "\n".join(
        f"  {f.rule}:{f.line}:{f.column} {f.severity} “{f.text}” {f.message}" for f in findings
    )


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 12


@pytest.mark.parametrize("path", SAMPLES + EXAMPLES, ids=lambda p: p.name)
def test_bundled_documents_are_clean(path: Path) -> None:
    findings = check_file(path)
    assert findings == [], _describe(findings)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo") / "示例工作区"
    assert main(["demo", str(target)]) == 0
    return target


def test_demo_documents_are_clean(demo_dir: Path) -> None:
    workspace = find_workspace(demo_dir)
    files = sorted((demo_dir / "草稿").glob("*.md")) + sorted((demo_dir / "成稿").glob("*.docx"))
    assert len(files) >= 4
    for path in files:
        findings = check_file(path, workspace=workspace)
        assert findings == [], f"{path.name}\n{_describe(findings)}"


def _outline_cases() -> list[tuple[str, str]]:
    from zhengbing.outlines import list_outlines

    return [(o.id, kind) for o in list_outlines() for kind in o.kinds]


@pytest.fixture(scope="module")
def example_workspace(tmp_path_factory: pytest.TempPathFactory) -> object:
    root = tmp_path_factory.mktemp("outlines") / "ws"
    shutil.copytree(templates_dir() / "examples" / "workspace", root)
    return find_workspace(root)


@pytest.mark.parametrize(("outline_id", "kind"), _outline_cases())
def test_each_outline_for_each_kind_is_clean(
    example_workspace: object, outline_id: str, kind: str
) -> None:
    from zhengbing.compose import compose

    text = compose(example_workspace, kind, outline_id=outline_id)
    findings = check_text(text, source=f"{outline_id}-{kind}.md", workspace=example_workspace)
    assert findings == [], _describe(findings)


@pytest.fixture(scope="module")
def rendered_samples(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from zhengbing.writer import render_file

    out = tmp_path_factory.mktemp("samples-docx")
    return [render_file(p, out / f"{p.stem}.docx") for p in SAMPLES]


def test_samples_rendered_to_word_are_clean(rendered_samples: list[Path]) -> None:
    for path in rendered_samples:
        findings = check_file(path)
        assert findings == [], f"{path.name}\n{_describe(findings)}"


def test_samples_as_gb18030_text_are_clean(rendered_samples: list[Path], tmp_path: Path) -> None:
    import docx

    for path in rendered_samples:
        lines = [p.text.replace("\n", "") for p in docx.Document(str(path)).paragraphs]
        txt = tmp_path / f"{path.stem}.txt"
        txt.write_bytes("\n".join(lines).encode("gb18030"))
        findings = check_file(txt)
        assert findings == [], f"{txt.name}\n{_describe(findings)}"
