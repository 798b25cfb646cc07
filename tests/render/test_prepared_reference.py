"""The bundled reference, prepared once per font profile and shipped in templates/prepared/.

Rendering with the bundled reference opens the shipped preparation instead of preparing the
reference at every start; these tests keep it identical to what preparing gives.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from zhengbing import writer
from zhengbing.fonts import FONT_PROFILES
from zhengbing.resources import templates_dir

from .test_render_golden import parts

STALE = "templates/prepared/ is stale: run python -m zhengbing.writer"


def _zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    writer._REFERENCE_CACHE.clear()
    yield
    writer._REFERENCE_CACHE.clear()


@pytest.mark.parametrize("fonts", sorted(FONT_PROFILES))
def test_shipped_preparation_is_what_preparing_gives(fonts: str) -> None:
    data = writer.bundled_reference().read_bytes()
    source = writer.prepared_reference_dir() / writer.PREPARED_SOURCE
    assert source.read_text(encoding="ascii").strip() == writer._reference_digest(data), STALE
    buf = io.BytesIO()
    writer._prepare_bundled(data, fonts).save(buf)
    shipped = writer.prepared_reference_path(fonts).read_bytes()
    assert _zip_parts(shipped) == _zip_parts(buf.getvalue()), STALE


@pytest.mark.parametrize("fonts", sorted(FONT_PROFILES))
def test_the_bundled_reference_is_read_from_its_shipped_preparation(fonts: str) -> None:
    reference = writer.load_reference(None, fonts=fonts)
    assert reference.prepared == writer.prepared_reference_path(fonts).read_bytes()
    assert reference.added_styles == []


def _render_example(out: Path) -> dict[str, str]:
    src = out.with_suffix(".md")
    src.write_bytes((templates_dir() / "examples" / "征兵工作动员讲话示例.md").read_bytes())
    writer.render_file(src, out)
    return parts(out)


def test_a_preparation_made_from_another_reference_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = _render_example(tmp_path / "shipped.docx")
    stale = tmp_path / "prepared"
    stale.mkdir()
    (stale / writer.PREPARED_SOURCE).write_text("0" * 64 + "\n", encoding="ascii")
    for fonts in FONT_PROFILES:
        # a preparation that does not belong to this reference: an empty package
        target = stale / writer.prepared_reference_path(fonts).name
        with zipfile.ZipFile(target, "w") as zf:
            zf.writestr("[Content_Types].xml", "")
    monkeypatch.setattr(writer, "prepared_reference_dir", lambda: stale)
    writer._REFERENCE_CACHE.clear()
    reference = writer.load_reference(None)
    assert reference.prepared != (stale / "reference-gb2312.docx").read_bytes()
    assert _render_example(tmp_path / "prepared-here.docx") == shipped
    # further drafts start from the reference prepared here, saved once
    second = writer.load_reference(None).new_document()
    assert writer.ooxml.body(second) is not None


def test_a_missing_preparation_is_prepared_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = _render_example(tmp_path / "shipped.docx")
    monkeypatch.setattr(writer, "prepared_reference_dir", lambda: tmp_path / "nowhere")
    writer._REFERENCE_CACHE.clear()
    assert _render_example(tmp_path / "prepared-here.docx") == shipped
