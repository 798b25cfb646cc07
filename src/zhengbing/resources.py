"""Where the bundled data lives: ``corpus/`` and ``templates/``.

In an installed wheel they are package data (``zhengbing/corpus``, ``zhengbing/templates``);
in a source checkout (editable install) they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_PKG / name, _PKG.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data folder {name!r} not found next to {_PKG}")


def corpus_dir() -> Path:
    """The bundled, read-only corpus (policies and samples)."""
    return _data_dir("corpus")


def templates_dir() -> Path:
    """The bundled templates, outlines, reference .docx and data tables."""
    return _data_dir("templates")
