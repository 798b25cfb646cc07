"""The README and the manual in docs/: size, links that resolve, and a module map that is complete."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
ARCHITECTURE = DOCS / "architecture.md"
README_LIMIT = 25_000


def _pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def _tokens(path: Path) -> list:
    md = MarkdownIt("commonmark").enable("table")
    return md.parse(path.read_text(encoding="utf-8"))


def _slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    tokens = _tokens(path)
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        text = "".join(
            child.content
            for child in inline.children or []
            if child.type in ("text", "code_inline")
        )
        slug = _slug(text.strip())
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links(path: Path) -> list[str]:
    hrefs: list[str] = []
    for token in _tokens(path):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                attr = "href" if child.type == "link_open" else "src"
                hrefs.append(str(child.attrs[attr]))
    return hrefs


def test_readme_is_small() -> None:
    size = README.stat().st_size
    assert size < README_LIMIT, f"README.md is {size} bytes; move long sections to docs/"


def test_docs_exist() -> None:
    names = {p.name for p in DOCS.glob("*.md")}
    assert "architecture.md" in names
    assert len(names) >= 5
    readme_links = {unquote(urlsplit(h).path) for h in _links(README)}
    for name in names:
        assert f"docs/{name}" in readme_links, f"README.md does not link docs/{name}"


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    broken: list[str] = []
    for href in _links(page):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if not target.exists():
            broken.append(f"{unquote(href)}: no such file")
            continue
        if parts.fragment:
            if target.suffix != ".md":
                broken.append(f"{unquote(href)}: anchor into a file that is not Markdown")
            elif unquote(parts.fragment) not in _anchors(target):
                broken.append(f"{unquote(href)}: no heading with this anchor in {target.name}")
    assert broken == [], f"{page.name}:\n" + "\n".join(broken)


def _named(text: str, module: Path) -> bool:
    """Whether the page names the module by path (check/engine.py) or dotted name."""
    if module.parts[0] == "tui":
        rel = module.as_posix()
        dotted = "zhengbing." + ".".join(module.with_suffix("").parts)
    else:
        inner = module.relative_to("src/zhengbing")
        rel = inner.as_posix()
        dotted = "zhengbing." + ".".join(inner.with_suffix("").parts)
    by_path = re.search(r"(?<![\w/.])" + re.escape(rel) + r"(?!\w)", text)
    by_name = re.search(r"(?<![\w.])" + re.escape(dotted) + r"(?!\w)", text)
    return bool(by_path or by_name)


def test_architecture_names_every_module() -> None:
    """Read at test time: a module added to src/zhengbing or tui must be added to the map."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    modules = [
        path.relative_to(ROOT)
        for base in (ROOT / "src" / "zhengbing", ROOT / "tui")
        for path in sorted(base.rglob("*.py"))
        if not path.name.startswith("_")
    ]
    assert modules
    missing = [m.as_posix() for m in modules if not _named(text, m)]
    assert missing == [], "docs/architecture.md does not name: " + ", ".join(missing)


def test_slug_matches_github() -> None:
    assert _slug("新建工作区：zhengbing init") == "新建工作区zhengbing-init"
    assert _slug("单位信息 zhengbing.toml") == "单位信息-zhengbingtoml"
    assert _slug("草稿写法（Markdown 方言）") == "草稿写法markdown-方言"
