"""The editing session behind ``zhengbing tui``: open, save, recover, export, search, check.

Everything the terminal UI does to files or data goes through this module, so the UI itself
only shows results. Nothing here imports Textual. The heavier parts of the toolkit (search
index, checker, writer, compose) are imported on first use, and a part that is not installed
is reported as a :class:`FeatureMissing` error with a Chinese message instead of a crash.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import importlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from zhengbing.draft import parse_draft
from zhengbing.editing import (  # re-exported: the UI takes them from the session module
    CURRENT_STATUS,
    OutlineItem,
    StatsTable,
    insertion,
    meta_summary,
    outline,
    quotation,
    snippet_runs,
    stats_to_table,
)
from zhengbing.errors import InputError, OutputError, UserError
from zhengbing.fonts import DEFAULT_PROFILE
from zhengbing.textio import atomic_write_text, read_text
from zhengbing.workspace import Workspace

__all__ = [
    "CURRENT_STATUS",
    "EditingSession",
    "FeatureMissing",
    "FindingRow",
    "OutlineChoice",
    "OutlineItem",
    "Recovery",
    "RecoverySnapshot",
    "StatsTable",
    "available",
    "init_workspace",
    "insertion",
    "internal_message",
    "meta_summary",
    "outline",
    "quotation",
    "require",
    "snippet_runs",
    "stats_to_table",
]

RECOVERY_SUFFIX = ".recovery.json"
UNTITLED = "未命名"
_BACKUP_RE = re.compile(r"\.备份-\d{8}-\d{6}(-\d+)?$")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')

FEATURES: dict[str, str] = {
    "zhengbing.search": "法规检索",
    "zhengbing.corpus": "法规检索",
    "zhengbing.check": "文稿体检",
    "zhengbing.writer": "导出 Word",
    "zhengbing.compose": "新建草稿",
    "zhengbing.outlines": "新建草稿",
    "zhengbing.stats": "统计数据",
}


# run by warm_up_search in a child process: bring the index of a workspace up to date
_INDEX_CHILD = """
import sys
from pathlib import Path
from zhengbing.index import open_index
from zhengbing.workspace import find_workspace
open_index(find_workspace(Path(sys.argv[1])) if sys.argv[1] else None).close()
"""


class FeatureMissing(UserError):
    """A part of the toolkit the user asked for is not installed in this copy."""


def require(module: str, *names: str) -> ModuleType:
    """Import a part of the toolkit that must provide *names*, or raise :class:`FeatureMissing`."""
    feature = FEATURES.get(module, module)
    missing = FeatureMissing(
        f"“{feature}”功能暂不可用：本工具箱中缺少模块 {module}。",
        hint="请安装完整版本的征兵文稿工具箱后再试；其他功能不受影响。",
    )
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise missing from None
        raise
    if any(not hasattr(loaded, name) for name in names):
        raise missing
    return loaded


def internal_message(exc: BaseException) -> str:
    """What the UI shows for a bug (not the user's fault) instead of crashing."""
    return (
        f"程序内部错误（不是您的操作问题）：{type(exc).__name__}: {exc}。"
        "正在编辑的草稿没有受影响，请保存后把这条信息发给维护人员。"
    )


def available(module: str, *names: str) -> bool:
    """Whether a part of the toolkit is installed (it is imported to find out)."""
    try:
        require(module, *names)
    except FeatureMissing:
        return False
    return True


# ---------------------------------------------------------------------------- small data


@dataclass(frozen=True)
class Recovery:
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
class OutlineChoice:
    """An outline offered for a new draft; ``kinds`` empty means it suits every kind."""

    id: str
    name: str
    kinds: tuple[str, ...]
    description: str = ""

    def suits(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class ExportResult:
    path: Path
    backup: Path | None
    notes: list[str]


@dataclass(frozen=True)
class RecoverySnapshot:
    """The buffer as it was when a recovery write was scheduled."""

    text: str
    path: Path | None
    saved_text: str
    generation: int


@dataclass(frozen=True)
class SaveResult:
    path: Path
    backup: Path | None


@dataclass(frozen=True)
class FindingRow:
    """A checker finding reduced to what the list shows and what a jump needs."""

    line: int
    column: int
    severity: str
    rule: str
    message: str
    suggestion: str
    text: str

    @property
    def severity_label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}.get(
            self.severity, self.severity
        )


# ---------------------------------------------------------------------------- helpers


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return _dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def is_backup(path: Path) -> bool:
    """Whether *path* is a timestamped backup made by :func:`zhengbing.textio.atomic_write`."""
    return bool(_BACKUP_RE.search(path.stem))


def safe_file_name(name: str, suffix: str = ".md") -> str:
    """A file name made from a title the user typed (no path separators or control chars)."""
    stem = _UNSAFE_NAME.sub("", name).strip().strip(".") or UNTITLED
    if suffix and stem.lower().endswith(suffix.lower()):
        stem = stem[: -len(suffix)]
    return stem[:80] + suffix


# ---------------------------------------------------------------------------- the session


class EditingSession:
    """One draft being edited in a workspace (or, without a workspace, in the user's data dir)."""

    def __init__(self, workspace: Workspace | None, *, recovery_dir: Path | None = None) -> None:
        self.workspace = workspace
        self._recovery_dir = recovery_dir
        self.path: Path | None = None
        self.saved_text = ""
        self.encoding = "UTF-8"
        self._recovered_sha: str | None = None
        self._search_lock = threading.Lock()
        self._recovery_lock = threading.Lock()
        self._generation = 0  # bumped whenever the buffer's relation to the disk changes

    # ---- drafts

    @property
    def drafts_dir(self) -> Path | None:
        return self.workspace.drafts_dir if self.workspace else None

    def drafts(self) -> list[Path]:
        """The workspace's drafts (草稿/*.md, *.txt), newest first, without backups."""
        folder = self.drafts_dir
        if folder is None or not folder.is_dir():
            return []
        found = [
            p
            for p in folder.iterdir()
            if p.is_file()
            and p.suffix.lower() in (".md", ".markdown", ".txt")
            and not p.name.startswith((".", "~$"))
            and not is_backup(p)
        ]
        return sorted(found, key=lambda p: (-p.stat().st_mtime, p.name))

    def display_name(self, path: Path | None = None) -> str:
        p = path if path is not None else self.path
        if p is None:
            return UNTITLED
        if self.workspace is not None:
            try:
                return str(p.resolve().relative_to(self.workspace.root))
            except ValueError:
                pass
        return p.name

    def open(self, path: Path) -> str:
        """Read a draft (UTF-8 or GB18030) and make it the current one; returns its text."""
        decoded = read_text(path)
        self._new_generation()
        self.path = path
        self.saved_text = decoded.text
        self.encoding = decoded.encoding
        return decoded.text

    def new_untitled(self, text: str = "") -> str:
        self._new_generation()
        self.path = None
        self.saved_text = ""
        self.encoding = "UTF-8"
        return text

    def is_dirty(self, text: str) -> bool:
        return text != self.saved_text

    def suggest_path(self, text: str) -> Path:
        """Where a never-saved draft would go: 草稿/<标题>.md (a free name)."""
        folder = self.drafts_dir or Path.cwd()
        title = parse_draft(text).title or UNTITLED
        candidate = folder / safe_file_name(title)
        n = 2
        while candidate.exists():
            candidate = folder / safe_file_name(f"{title}-{n}")
            n += 1
        return candidate

    def resolve_new_path(self, name: str) -> Path:
        """A path for a file name typed by the user (relative names go to 草稿/)."""
        name = name.strip()
        if not name:
            raise InputError("文件名不能为空。", hint="请输入草稿文件名，例如 征兵动员讲话.md。")
        p = Path(name)
        if not p.is_absolute():
            folder = self.drafts_dir or Path.cwd()
            p = folder / safe_file_name(p.name, p.suffix or ".md")
        return p

    def save(self, text: str, path: Path | None = None) -> SaveResult:
        """Write the draft (UTF-8), keeping the previous version as a timestamped backup."""
        target = path or self.path
        if target is None:
            raise InputError("这份草稿还没有文件名。", hint="请先指定保存的文件名。")
        if self._in_workspace(target):
            target.parent.mkdir(parents=True, exist_ok=True)
        if target != self.path and target.exists():
            raise OutputError(
                f"文件已存在：{self.display_name(target)}",
                hint="请换一个文件名，以免覆盖其他草稿。",
            )
        backup = atomic_write_text(target, text, force=True, backup=True)
        self.path = target
        self.saved_text = text
        self.encoding = "UTF-8"
        self.discard_recovery(target, current=False)
        self.discard_recovery(None, current=False)  # the untitled buffer it came from
        return SaveResult(target, backup)

    def _in_workspace(self, path: Path) -> bool:
        if self.workspace is None:
            return False
        try:
            path.resolve().relative_to(self.workspace.root.resolve())
        except ValueError:
            return False
        return True

    # ---- recovery

    @property
    def recovery_dir(self) -> Path:
        if self._recovery_dir is not None:
            return self._recovery_dir
        if self.workspace is not None:
            return self.workspace.root / ".zhengbing" / "recovery"
        import platformdirs

        return Path(platformdirs.user_data_dir("zhengbing", appauthor=False)) / "recovery"

    def recovery_file(self, path: Path | None = None, *, current: bool = True) -> Path:
        p = self.path if current and path is None else path
        key = str(p.resolve()) if p is not None else UNTITLED
        stem = safe_file_name(p.stem if p is not None else UNTITLED, "")
        return self.recovery_dir / f"{stem}-{_sha(key)[:12]}{RECOVERY_SUFFIX}"

    def snapshot(self, text: str) -> RecoverySnapshot:
        """What a recovery write needs, taken now (the write may run in another thread)."""
        return RecoverySnapshot(text, self.path, self.saved_text, self._generation)

    def write_recovery(self, text: str | RecoverySnapshot) -> Path | None:
        """Keep unsaved text in the recovery file; returns it, or None when nothing to keep.

        A snapshot taken before the draft was saved, switched or discarded is not written.
        """
        snap = text if isinstance(text, RecoverySnapshot) else self.snapshot(text)
        target = self.recovery_file(snap.path, current=False)
        with self._recovery_lock:
            if snap.generation != self._generation:
                return None
            if snap.text == snap.saved_text:
                target.unlink(missing_ok=True)
                self._recovered_sha = None
                return None
            digest = _sha(snap.text)
            if digest == self._recovered_sha and target.exists():
                return target
            self.recovery_dir.mkdir(parents=True, exist_ok=True)
            record = {
                "version": 1,
                "path": str(snap.path.resolve()) if snap.path else None,
                "saved_at": _now(),
                "base_sha256": _sha(snap.saved_text),
                "text": snap.text,
            }
            atomic_write_text(
                target, json.dumps(record, ensure_ascii=False, indent=1), force=True, backup=False
            )
            self._recovered_sha = digest
            return target

    def _new_generation(self) -> None:
        with self._recovery_lock:
            self._generation += 1
            self._recovered_sha = None

    def discard_recovery(self, path: Path | None = None, *, current: bool = True) -> None:
        """Delete the recovery file (of the current draft, or of *path*)."""
        if path is None and current:
            file = self.recovery_file()
        else:
            file = self.recovery_file(path, current=False)
        with self._recovery_lock:
            self._generation += 1  # recovery writes already under way are dropped
            file.unlink(missing_ok=True)
            self._recovered_sha = None

    def pending_recoveries(self) -> list[Recovery]:
        """Recovery files with text that differs from what is on disk (stale ones are removed)."""
        folder = self.recovery_dir
        if not folder.is_dir():
            return []
        found: list[Recovery] = []
        for file in sorted(folder.glob(f"*{RECOVERY_SUFFIX}")):
            try:
                record = json.loads(file.read_text(encoding="utf-8"))
                text = str(record["text"])
            except (OSError, ValueError, KeyError, TypeError):
                continue  # unreadable: leave it for the user, never delete their text
            raw_path = record.get("path")
            path = Path(raw_path) if raw_path else None
            disk_changed = False
            if path is not None and path.is_file():
                try:
                    on_disk = read_text(path).text
                except UserError:
                    on_disk = None
                if on_disk == text:
                    file.unlink(missing_ok=True)
                    continue
                disk_changed = on_disk is not None and _sha(on_disk) != record.get("base_sha256")
            found.append(Recovery(file, path, text, str(record.get("saved_at", "")), disk_changed))
        return found

    def restore(self, recovery: Recovery) -> str:
        """Make a recovered text current: the draft it belongs to is opened, the text returned."""
        if recovery.path is not None and recovery.path.is_file():
            self.open(recovery.path)
        elif recovery.path is not None:
            self._new_generation()
            self.path = recovery.path
            self.saved_text = ""
        else:
            self.new_untitled()
        return recovery.text

    @staticmethod
    def drop_recovery(recovery: Recovery) -> None:
        recovery.file.unlink(missing_ok=True)

    def defer_recovery(self, recovery: Recovery) -> Path:
        """Keep a recovery for later under its own name, so new edits never overwrite it."""
        if not recovery.file.name.endswith(RECOVERY_SUFFIX) or "-later-" in recovery.file.name:
            return recovery.file
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        stem = recovery.file.name[: -len(RECOVERY_SUFFIX)]
        target = recovery.file.with_name(f"{stem}-later-{stamp}{RECOVERY_SUFFIX}")
        with self._recovery_lock:
            recovery.file.replace(target)
        return target

    # ---- export

    def export_path(self) -> Path:
        """成稿/<草稿名>.docx (or next to the draft when there is no workspace)."""
        stem = self.path.stem if self.path else UNTITLED
        folder = self.workspace.output_dir if self.workspace else (self.path or Path("x")).parent
        return folder / f"{stem}.docx"

    def export(self, text: str, out: Path | None = None, *, force: bool = False) -> ExportResult:
        """Write the text being edited as a GB/T 9704 .docx (as ``zhengbing render`` does)."""
        writer = require("zhengbing.writer", "render_draft")
        target = out or self.export_path()
        if self.workspace is not None and target.parent == self.workspace.output_dir:
            target.parent.mkdir(parents=True, exist_ok=True)
        if not text.strip():
            raise InputError(
                f"{self.display_name()}：草稿是空的。", hint="请先写入标题和正文，再导出。"
            )
        draft = parse_draft(text, source=self.display_name())
        notes: list[str] = []
        fonts = self.workspace.profile.font_profile if self.workspace else DEFAULT_PROFILE
        backup = writer.render_draft(draft, target, fonts=fonts, force=force, notify=notes.append)
        return ExportResult(target, backup, notes)

    # ---- check

    def check(self, text: str) -> list[FindingRow]:
        """The checker's findings for the text being edited, sorted by line."""
        check = require("zhengbing.check", "check_text")
        findings = check.check_text(
            text, source=self.display_name(), fmt="md", workspace=self.workspace
        )
        rows = [
            FindingRow(
                line=int(getattr(f, "line", 0) or 0),
                column=int(getattr(f, "column", 0) or 0),
                severity=str(getattr(f, "severity", "info")),
                rule=str(getattr(f, "rule", "")),
                message=str(getattr(f, "message", "")),
                suggestion=str(getattr(f, "suggestion", "") or ""),
                text=str(getattr(f, "text", "") or ""),
            )
            for f in findings
        ]
        order = {"error": 0, "warning": 1, "info": 2}
        return sorted(rows, key=lambda r: (r.line, order.get(r.severity, 3)))

    # ---- search

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Passages matching *query* (dicts from ``Hit.to_dict()``); empty query, no hits."""
        if not query.strip():
            return []
        search = require("zhengbing.search", "search")
        with self._search_lock:  # one index build/open at a time (warm-up and typing)
            hits = search.search(query.strip(), limit=limit, workspace=self.workspace)
        return [h.to_dict() for h in hits]

    def warm_up_search(self) -> None:
        """Bring the search index up to date and open it, so the first query is fast.

        Building the index for a large corpus is seconds of pure-Python work; it runs in a
        separate process (another core) so that it does not slow down typing in this one.
        Opening the up-to-date index here afterwards is quick.
        """
        import subprocess
        import sys

        search = require("zhengbing.search", "search")
        root = str(self.workspace.root) if self.workspace is not None else ""
        with self._search_lock:
            try:
                subprocess.run(
                    [sys.executable, "-c", _INDEX_CHILD, root],
                    capture_output=True,
                    timeout=900,
                    check=False,
                )
            except (OSError, subprocess.SubprocessError):
                pass  # opening below builds it here instead
            search.search("征兵", limit=1, workspace=self.workspace)

    # ---- statistics

    def stats_files(self) -> list[Path]:
        if self.workspace is None or not self.workspace.stats_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.workspace.stats_dir.iterdir()
            if p.suffix.lower() in (".xlsx", ".csv") and not p.name.startswith(("~$", "."))
        )

    def default_stats(self) -> Path | None:
        if self.workspace is None:
            return None
        path = self.workspace.default_stats()
        return path if path is not None and path.is_file() else None

    def stats_table(self, path: Path) -> StatsTable:
        """Load and validate a statistics file and lay it out as a table."""
        stats_mod = require("zhengbing.stats", "load_stats")
        root = self.workspace.root if self.workspace else None
        return stats_to_table(stats_mod.load_stats(path, root=root), root)

    # ---- new drafts

    def outlines(self) -> list[OutlineChoice]:
        """The outlines a new draft can follow (the workspace's own first)."""
        outlines_mod = require("zhengbing.outlines", "list_outlines")
        return [
            OutlineChoice(o.id, o.name, tuple(o.kinds), o.description)
            for o in outlines_mod.list_outlines(self.workspace)
        ]

    def compose(self, kind: str, outline_id: str | None, stats_path: Path | None) -> str:
        """Draft text from an outline and statistics (the same call as ``zhengbing draft``)."""
        if self.workspace is None:
            raise InputError(
                "新建草稿需要工作区。", hint="请用 zhengbing init 创建工作区后再打开。"
            )
        compose = require("zhengbing.compose", "compose")
        return str(
            compose.compose(self.workspace, kind, outline_id=outline_id, stats_path=stats_path)
        )

    def create_draft(self, kind: str, outline_id: str | None, stats_path: Path | None) -> Path:
        """Compose a new draft and save it under 草稿/ with a free name; returns its path."""
        text = self.compose(kind, outline_id, stats_path)
        target = self.suggest_path(text)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, text, force=False)
        return target


def init_workspace(folder: Path, values: dict[str, str]) -> Workspace:
    """Make *folder* a workspace with the unit profile *values* (the same as ``zhengbing init``)."""
    from zhengbing.workspace import Profile, find_workspace
    from zhengbing.workspace_init import infer_level
    from zhengbing.workspace_init import init_workspace as create

    fields: dict[str, Any] = {k: v.strip() for k, v in values.items() if v and v.strip()}
    if "year" in fields:
        try:
            fields["year"] = int(str(fields["year"]).rstrip("年"))
        except ValueError:
            raise InputError(
                f"年度“{fields['year']}”不是年份。", hint="请写成 2025 这样的四位数。"
            ) from None
    if "level" not in fields and fields.get("unit"):
        level = infer_level(fields["unit"])
        if level:
            fields["level"] = level
    create(folder, Profile(**fields))
    found = find_workspace(folder)
    if found is None:  # pragma: no cover - init writes the profile last, so this cannot happen
        raise OutputError(f"{folder}：工作区创建后仍找不到 zhengbing.toml。")
    return found
