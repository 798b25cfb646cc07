"""Golden test: the example speech's .docx, part by part, against tests/render/golden/.

Timestamps (docProps/core.xml) and rsid attributes are ignored. After an intended change of
the output, regenerate the golden files with:

    ZHENGBING_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_render_golden.py
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from zhengbing.reference import build_bytes
from zhengbing.resources import templates_dir
from zhengbing.writer import render_file

GOLDEN = Path(__file__).resolve().parent / "golden" / "speech"
UPDATE = os.environ.get("ZHENGBING_UPDATE_GOLDEN") == "1"


def normalise(name: str, data: bytes) -> str:
    """Pretty-printed XML without timestamps and rsids, for stable line-by-line diffs."""
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in list(el.attrib):
            if re.search(r"\}rsid", attr):
                del el.attrib[attr]
        if name == "docProps/core.xml" and etree.QName(el).localname in ("created", "modified"):
            el.text = "TIMESTAMP"
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: normalise(n, zf.read(n)) for n in zf.namelist() if not n.endswith("/")}


@pytest.fixture(scope="module")
def speech_parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    work = tmp_path_factory.mktemp("golden")
    src = work / "speech.md"
    shutil.copy(templates_dir() / "examples" / "征兵工作动员讲话示例.md", src)
    return parts(render_file(src, work / "speech.docx"))


def test_golden_parts(speech_parts: dict[str, str]) -> None:
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in speech_parts.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file()
    }
    assert sorted(speech_parts) == sorted(expected), "the set of parts changed"
    for name in sorted(expected):
        assert speech_parts[name] == expected[name], f"part {name} differs from the golden file"


def test_shipped_reference_matches_builder(tmp_path: Path) -> None:
    built = tmp_path / "built.docx"
    built.write_bytes(build_bytes())
    shipped = parts(templates_dir() / "reference.docx")
    assert parts(built) == shipped, (
        "templates/reference.docx is stale: run python -m zhengbing.reference templates/reference.docx"
    )
