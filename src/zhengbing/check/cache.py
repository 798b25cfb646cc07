"""A small on-disk cache for the checker (user cache folder).

Parsing a workbook with openpyxl or the gazetteer's YAML costs more than checking a whole
draft; their results are kept as JSON next to the search index, under ``check/``. Every entry
carries the key it was made for (a content hash, or path + size + modification time of its
source file) and is only used when that key still matches; a missing, unreadable or damaged
entry is simply rebuilt.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

VERSION = 1


def cache_dir() -> Path:
    try:
        if sys.platform.startswith("linux"):
            # what platformdirs answers on Linux, without importing it (it costs a check ~7 ms)
            base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
            return Path(base) / "zhengbing" / "check"
        import platformdirs

        return Path(platformdirs.user_cache_dir("zhengbing", appauthor=False)) / "check"
    except (RuntimeError, KeyError, OSError):  # no home folder (a service account)
        import tempfile

        return Path(tempfile.gettempdir()) / "zhengbing-cache" / "check"


def file_key(path: Path) -> str:
    """SHA-256 of the file's content."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(name: str, key: str) -> Any:
    try:
        data = json.loads((cache_dir() / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or data.get("version") != VERSION:
        return None
    return data.get("value")


def store(name: str, key: str, value: Any) -> None:
    from zhengbing.textio import atomic_write_text

    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": VERSION, "key": key, "value": value}, ensure_ascii=False)
        atomic_write_text(folder / f"{name}.json", text, force=True, backup=False)
    except Exception:  # a read-only cache folder only costs speed  # noqa: BLE001
        return
