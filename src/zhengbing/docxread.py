"""Reading Word .docx files with python-docx, shared by the checker and the importer.

:func:`open_docx_bytes` tells an old binary .doc and a file that is no zip at all from a .docx,
refuses zip bombs (:mod:`zhengbing.safezip`) and opens the rest, turning every failure into
an :class:`InputError` with the caller's own Chinese wording (:class:`DocxMessages`).
:func:`body_items` walks the body's paragraphs and tables in document order.

This module reads; it never reaches into python-docx's objects for their XML itself. The
elements come from the accessors of :mod:`zhengbing.ooxml`, the one module that does.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zhengbing.errors import InputError
from zhengbing.safezip import OLE_MAGIC

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class DocxMessages:
    """The caller's messages; ``{name}`` is the file's display name, ``{error}`` (in
    ``damaged`` only) the name of the exception python-docx raised."""

    old_word: str
    old_word_hint: str
    not_zip: str
    not_zip_hint: str
    damaged: str
    damaged_hint: str
    archive_hint: str


def open_docx_bytes(data: bytes, name: str, messages: DocxMessages) -> Any:
    """Open the .docx held in *data* with python-docx; *name* names it in messages."""
    if data.startswith(OLE_MAGIC):
        raise InputError(messages.old_word.format(name=name), hint=messages.old_word_hint)
    if not data.startswith(b"PK"):
        raise InputError(messages.not_zip.format(name=name), hint=messages.not_zip_hint)
    from zhengbing.safezip import check_archive

    check_archive(data, name, hint=messages.archive_hint)
    try:
        import docx

        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise InputError(
            messages.damaged.format(name=name, error=type(exc).__name__),
            hint=messages.damaged_hint,
        ) from None


def body_items(document: Any) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables in document order (other elements are skipped)."""
    from zhengbing.ooxml import body_blocks

    return body_blocks(document)


def style_names(document: Any) -> Callable[[Paragraph], str]:
    """A per-document style-name look-up (built once; linear in styles + paragraphs)."""
    from zhengbing.ooxml import ParagraphStyleNames

    try:
        return ParagraphStyleNames(document).name
    except Exception:  # a styles part python-docx cannot read: fall back to one at a time
        return style_name


def style_name(paragraph: Paragraph) -> str:
    """The paragraph style's name, "" when it has none or names a style the file lacks."""
    try:
        return (paragraph.style.name if paragraph.style is not None else "") or ""
    except Exception:  # a style id that the styles part does not define
        return ""
