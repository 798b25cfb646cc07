"""`zhengbing render` loads only what rendering needs (start-up time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhengbing.resources import templates_dir

FORBIDDEN = (
    "jieba",
    "rjieba",
    "whoosh",
    "textual",
    "openpyxl",
    "jinja2",
    "pypdf",
    "cn2an",
    "platformdirs",
    "yaml",  # flat front matter is read without PyYAML
)
# a draft outside any workspace: no zhengbing.toml to read; temporary files are made
# without tempfile (and its random); the reader of other people's .docx is not needed
# (nor the workspace module: no zhengbing.toml above the draft)
NOT_NEEDED = ("tomllib", "tempfile", "random", "zhengbing.docxread", "zhengbing.workspace")
# python-docx writes the package, on lxml
NEEDED = ("docx", "lxml", "markdown_it")
# every module of zhengbing the render path may load (dialect and kinds: the shared
# conventions the writer uses for headings, titles and kinds of documents; frontmatter: the one
# front-matter parser, without the reader layer and the checker's document model; records: the
# block model's classes, defined without generating code)
ZHENGBING_RENDER = {
    "zhengbing",
    "zhengbing.cli",
    "zhengbing.commands",
    "zhengbing.commands.render",
    "zhengbing.dialect",
    "zhengbing.draft",
    "zhengbing.errors",
    "zhengbing.fonts",
    "zhengbing.frontmatter",
    "zhengbing.kinds",
    "zhengbing.mdparse",
    "zhengbing.ooxml",
    "zhengbing.records",
    "zhengbing.resources",
    "zhengbing.safezip",
    "zhengbing.textio",
    "zhengbing.writer",
}


def _render_modules(src: Path, out: Path) -> list[str]:
    code = (
        "import json, sys\n"
        "from zhengbing.cli import main\n"
        f"rc = main(['render', {str(src)!r}, '-o', {str(out)!r}])\n"
        "print(json.dumps([rc, sorted(sys.modules)]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    rc, modules = json.loads(proc.stdout.decode("utf-8").strip().splitlines()[-1])
    assert rc == 0 and out.is_file()
    return modules


@pytest.fixture(scope="module")
def render_modules(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("render")
    src = folder / "讲话.md"
    src.write_bytes((templates_dir() / "examples" / "征兵工作动员讲话示例.md").read_bytes())
    return _render_modules(src, folder / "out.docx")


def test_render_imports_stay_light(render_modules: list[str]) -> None:
    loaded = {m.split(".")[0] for m in render_modules}
    assert not loaded & set(FORBIDDEN), sorted(loaded & set(FORBIDDEN))
    assert set(NEEDED) <= loaded, sorted(set(NEEDED) - loaded)


def test_render_imports_nothing_it_does_not_use(render_modules: list[str]) -> None:
    modules = set(render_modules)
    assert not modules & set(NOT_NEEDED), sorted(modules & set(NOT_NEEDED))
    ours = {m for m in modules if m == "zhengbing" or m.startswith("zhengbing.")}
    assert ours <= ZHENGBING_RENDER, sorted(ours - ZHENGBING_RENDER)


def test_render_in_a_workspace_reads_its_profile(tmp_path: Path) -> None:
    """Inside a workspace the profile is read (its fonts), and still nothing heavy loads."""
    ws = tmp_path / "工作区"
    (ws / "草稿").mkdir(parents=True)
    (ws / "zhengbing.toml").write_text('[unit]\nunit = "青山镇"\n', encoding="utf-8")
    src = ws / "草稿" / "讲话.md"
    src.write_bytes((templates_dir() / "examples" / "征兵工作动员讲话示例.md").read_bytes())
    modules = set(_render_modules(src, tmp_path / "out.docx"))
    assert "tomllib" in modules and "zhengbing.workspace" in modules
    loaded = {m.split(".")[0] for m in modules}
    assert not loaded & set(FORBIDDEN), sorted(loaded & set(FORBIDDEN))


def test_the_cheap_workspace_probe_looks_for_the_profile_file(tmp_path: Path) -> None:
    from zhengbing.commands import render
    from zhengbing.workspace import PROFILE_NAME

    assert render._PROFILE_NAME == PROFILE_NAME
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert not render._may_be_in_workspace(tmp_path / "a" / "b")
    (tmp_path / "a" / PROFILE_NAME).write_text("", encoding="utf-8")
    assert render._may_be_in_workspace(tmp_path / "a" / "b")
