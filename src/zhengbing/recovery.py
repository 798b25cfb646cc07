"""Crash recovery of drafts being edited: unsaved text kept in one JSON file per draft.

A :class:`Recovery` owns a folder (``.zhengbing/recovery`` in a workspace, the user's data
folder otherwise) and knows where the file of a draft is, writes it, reads it back, lists
what a crashed or killed editor left behind, and discards it once the draft is saved.

Writes may run in another thread than the editor. Each write carries the *epoch* it was
scheduled in; saving, switching or discarding a draft starts a new epoch
(:meth:`Recovery.invalidate`), and a write from an older epoch is dropped, so a late write
never brings back text the user has already saved or thrown away.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from zhengbing.errors import UserError
from zhengbing.textio import atomic_write_text, clean_name_text, fit_file_name, read_text

__all__ = [
    "RECOVERY_SUFFIX",
    "UNTITLED",
    "RecoveredText",
    "Recovery",
    "RecoverySnapshot",
    "safe_file_name",
]

RECOVERY_SUFFIX = ".recovery.json"
UNTITLED = "未命名"
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_FORMAT_VERSION = 1


def safe_file_name(name: str, suffix: str = ".md") -> str:
    """A file name made from a title the user typed (no path separators or control chars)."""
    stem = _UNSAFE_NAME.sub("", clean_name_text(name)).strip().strip(".") or UNTITLED
    if suffix and stem.lower().endswith(suffix.lower()):
        stem = stem[: -len(suffix)]
    return fit_file_name(stem[:80], suffix)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return _dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class RecoveredText:
    """Unsaved text found in a recovery file. ``path`` is None for a draft never saved."""

    file: Path
    path: Path | None
    text: str
    saved_at: str
    disk_changed: bool  # the draft on disk changed after the recovery was written

    @property
    def label(self) -> str:
        name = self.path.name if self.path else UNTITLED
        return f"{name}（{self.saved_at} 未保存的修改，{len(self.text)} 字符）"


@dataclass(frozen=True)
class RecoverySnapshot:
    """The buffer as it was when a recovery write was scheduled."""

    text: str
    path: Path | None
    saved_text: str
    epoch: int


class Recovery:
    """The recovery files of one folder: path for a draft, save, load, discard, list.

    *folder* is where the files go; without it, ``.zhengbing/recovery`` of *workspace_root*,
    or the user's data folder when there is no workspace (looked up on first use).
    """

    def __init__(self, folder: Path | None = None, *, workspace_root: Path | None = None) -> None:
        self._folder = folder
        self._workspace_root = workspace_root
        self._lock = threading.Lock()
        self._epoch = 0
        self._written_sha: str | None = None  # text of the last write, to skip repeats

    @property
    def folder(self) -> Path:
        if self._folder is None:
            if self._workspace_root is not None:
                self._folder = self._workspace_root / ".zhengbing" / "recovery"
            else:
                import platformdirs

                data = platformdirs.user_data_dir("zhengbing", appauthor=False)
                self._folder = Path(data) / "recovery"
        return self._folder

    # ---- epochs

    @property
    def epoch(self) -> int:
        return self._epoch

    def invalidate(self) -> None:
        """Start a new epoch: writes scheduled before now are dropped."""
        with self._lock:
            self._epoch += 1
            self._written_sha = None

    def snapshot(self, text: str, path: Path | None, saved_text: str) -> RecoverySnapshot:
        """What a write of *text* (the buffer of draft *path*) needs, taken now."""
        return RecoverySnapshot(text, path, saved_text, self._epoch)

    # ---- files

    def file_for(self, path: Path | None) -> Path:
        """The recovery file of the draft at *path* (None: the untitled draft)."""
        key = str(path.resolve()) if path is not None else UNTITLED
        stem = safe_file_name(path.stem if path is not None else UNTITLED, "")
        return self.folder / f"{stem}-{_sha(key)[:12]}{RECOVERY_SUFFIX}"

    def save(self, snap: RecoverySnapshot) -> Path | None:
        """Keep the unsaved text of *snap*; returns the file, or None when nothing to keep.

        A snapshot from an older epoch is not written; text equal to the saved draft
        removes the file instead.
        """
        target = self.file_for(snap.path)
        with self._lock:
            if snap.epoch != self._epoch:
                return None
            if snap.text == snap.saved_text:
                target.unlink(missing_ok=True)
                self._written_sha = None
                return None
            digest = _sha(snap.text)
            if digest == self._written_sha and target.exists():
                return target
            self.folder.mkdir(parents=True, exist_ok=True)
            record = {
                "version": _FORMAT_VERSION,
                "path": str(snap.path.resolve()) if snap.path else None,
                "saved_at": _now(),
                "base_sha256": _sha(snap.saved_text),
                "text": snap.text,
            }
            atomic_write_text(
                target, json.dumps(record, ensure_ascii=False, indent=1), force=True, backup=False
            )
            self._written_sha = digest
            return target

    def load(self, file: Path) -> RecoveredText | None:
        """The text kept in *file*; None when it cannot be read or is already on disk.

        A recovery whose text the draft on disk already has is removed. An unreadable file
        is left alone: it may still be the user's only copy.
        """
        try:
            record = json.loads(file.read_text(encoding="utf-8"))
            text = str(record["text"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        raw_path = record.get("path")
        path = Path(raw_path) if raw_path else None
        disk_changed = False
        if path is not None and path.is_file():
            try:
                on_disk: str | None = read_text(path).text
            except UserError:
                on_disk = None
            if on_disk == text:
                file.unlink(missing_ok=True)
                return None
            disk_changed = on_disk is not None and _sha(on_disk) != record.get("base_sha256")
        return RecoveredText(file, path, text, str(record.get("saved_at", "")), disk_changed)

    def pending(self) -> list[RecoveredText]:
        """Every recovery in the folder with text that differs from what is on disk."""
        folder = self.folder
        if not folder.is_dir():
            return []
        found = (self.load(file) for file in sorted(folder.glob(f"*{RECOVERY_SUFFIX}")))
        return [rec for rec in found if rec is not None]

    def discard(self, path: Path | None) -> None:
        """Delete the recovery file of the draft at *path*; writes under way are dropped."""
        file = self.file_for(path)
        with self._lock:
            self._epoch += 1
            file.unlink(missing_ok=True)
            self._written_sha = None

    @staticmethod
    def drop(recovered: RecoveredText) -> None:
        """Delete a recovery the user does not want."""
        recovered.file.unlink(missing_ok=True)

    def defer(self, recovered: RecoveredText) -> Path:
        """Keep a recovery for later under its own name, so new edits never overwrite it."""
        name = recovered.file.name
        if not name.endswith(RECOVERY_SUFFIX) or "-later-" in name:
            return recovered.file
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        stem = name[: -len(RECOVERY_SUFFIX)]
        target = recovered.file.with_name(f"{stem}-later-{stamp}{RECOVERY_SUFFIX}")
        with self._lock:
            recovered.file.replace(target)
        return target
