"""The editing session behind ``zhengbing tui``: open, save, recover, export, search, check.

Everything the terminal UI does to files or data goes through this module, so the UI itself
only shows results. Nothing here imports Textual. The heavier parts of the toolkit (search
index, checker, writer, compose, statistics) are imported inside the methods that use them,
so opening the editor does not wait for them. Unsaved text is kept by a
:class:`zhengbing.recovery.Recovery` beside the session.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
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
from zhengbing.errors import InputError, OutputError
from zhengbing.fonts import DEFAULT_PROFILE
from zhengbing.recovery import UNTITLED, RecoveredText, Recovery, RecoverySnapshot, safe_file_name
from zhengbing.textio import atomic_write_text, read_text
from zhengbing.workspace import Workspace

__all__ = [
    "CURRENT_STATUS",
    "EditingSession",
    "DraftLock",
    "ExportConcerns",
    "FigureSource",
    "FindingRow",
    "Header",
    "body_start",
    "figure_at",
    "header_of",
    "LockHolder",
    "OutlineChoice",
    "OutlineItem",
    "RecoveredText",
    "Recovery",
    "RecoverySnapshot",
    "StatsTable",
    "init_workspace",
    "insertion",
    "internal_message",
    "meta_summary",
    "outline",
    "quotation",
    "safe_file_name",
    "snippet_runs",
    "stats_to_table",
]

_BACKUP_RE = re.compile(r"\.备份-\d{8}-\d{6}(-\d+)?$")


# run by warm_up_search in a child process: bring the index of a workspace up to date
_INDEX_CHILD = """
import sys
from pathlib import Path
from zhengbing.index import open_index
from zhengbing.workspace import find_workspace
open_index(find_workspace(Path(sys.argv[1])) if sys.argv[1] else None).close()
"""


def internal_message(exc: BaseException) -> str:
    """What the UI shows for a bug (not the user's fault) instead of crashing."""
    return (
        f"程序内部错误（不是您的操作问题）：{type(exc).__name__}: {exc}。"
        "正在编辑的草稿没有受影响，请保存后把这条信息发给维护人员。"
    )


# ---------------------------------------------------------------------------- small data


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
class ExportConcerns:
    """What the writer should know before a draft becomes a .docx."""

    unsaved: bool
    errors: int
    slots: int

    def lines(self) -> list[str]:
        found = []
        if self.unsaved:
            found.append("编辑区有未保存的修改：导出的内容与磁盘上的草稿不同")
        if self.errors:
            found.append(f"体检发现 {self.errors} 处错误")
        if self.slots:
            found.append(f"还有 {self.slots} 处【请填写】或【待核实】没有处理")
        return found


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
    count: int = 1  # a grouped finding (web debris, a flood in one line) stands for this many

    @property
    def severity_label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}.get(
            self.severity, self.severity
        )


@dataclass(frozen=True)
class FigureSource:
    """Where a figure in the text came from (the draft's ``figures:`` provenance)."""

    key: str
    stat: str
    value: str
    source: str
    formula: str
    text: str

    def describe(self) -> str:
        how = f"，{self.formula}" if self.formula else ""
        return f"{self.text}：{self.stat} = {self.value}（{self.source}{how}）"


@dataclass(frozen=True)
class Header:
    """The front matter of the text being edited, as the editor folds it away."""

    lines: int  # how many lines, ``---`` lines included (0: no front matter)
    figures: dict[str, Any]


FOLD_HEADER_LINES = 12  # longer front matter (provenance of a composed draft) is skipped


def header_of(text: str) -> Header:
    """The front matter's length in lines and its ``figures:`` mapping (empty if unreadable)."""
    from zhengbing.reader import split_front_matter

    try:
        meta, _body, first = split_front_matter(text)
    except Exception:  # a broken header is the checker's to report, not the editor's
        return Header(0, {})
    if meta is None:
        return Header(0, {})
    figures = meta.get("figures")
    return Header(first - 1, figures if isinstance(figures, dict) else {})


def body_start(text: str) -> int:
    """0-based line where the editor puts the cursor: after a long front matter, else 0."""
    lines = header_of(text).lines
    return lines if lines > FOLD_HEADER_LINES else 0


def figure_at(line: str, column: int, figures: dict[str, Any]) -> FigureSource | None:
    """The figure whose rendered text (“28名”, “53.94%”) covers *column* of *line*."""
    best: FigureSource | None = None
    for key, info in figures.items():
        if not isinstance(info, dict):
            continue
        shown = info.get("text") or []
        for text in shown if isinstance(shown, list) else [shown]:
            text = str(text)
            if not text:
                continue
            start = line.find(text)
            while start >= 0:
                if start <= column <= start + len(text) and (
                    best is None or len(text) > len(best.text)
                ):
                    best = FigureSource(
                        key=str(key),
                        stat=str(info.get("stat") or key),
                        value=str(info.get("value", "")),
                        source=str(info.get("source") or ""),
                        formula=str(info.get("formula") or ""),
                        text=text,
                    )
                start = line.find(text, start + 1)
    return best


# ---------------------------------------------------------------------------- helpers


def is_backup(path: Path) -> bool:
    """Whether *path* is a timestamped backup made by :func:`zhengbing.textio.atomic_write`."""
    return bool(_BACKUP_RE.search(path.stem))


# ---------------------------------------------------------------------------- draft locks


@dataclass(frozen=True)
class LockHolder:
    """Who edits a draft elsewhere (another terminal or browser session)."""

    pid: int
    host: str
    since: str

    def describe(self) -> str:
        return f"{self.host} 上的进程 {self.pid}，自 {self.since} 起"


def _alive(pid: int) -> bool:
    import os

    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class DraftLock:
    """One lock file per draft, so that two sessions never overwrite each other silently.

    The file names the process and host holding it; a lock of a process that is gone is
    taken over. A draft locked by a live process elsewhere is opened read-only.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held: Path | None = None

    def _file(self, draft: Path) -> Path:
        import hashlib

        digest = hashlib.sha256(str(draft.resolve()).encode("utf-8")).hexdigest()[:24]
        return self.folder / f"{digest}.lock"

    def acquire(self, draft: Path) -> LockHolder | None:
        """Hold the lock of *draft*; returns the other holder instead when it is taken."""
        import os
        import socket
        import time

        self.release()
        lock = self._file(draft)
        host = socket.gethostname()
        try:
            fields = lock.read_text(encoding="utf-8").split("\t")
            holder = LockHolder(int(fields[0]), fields[1], fields[2])
        except (OSError, ValueError, IndexError):
            holder = None
        if holder is not None and holder.pid != os.getpid():
            if holder.host != host or _alive(holder.pid):
                return holder
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y-%m-%d %H:%M")
            atomic_write_text(lock, f"{os.getpid()}\t{host}\t{stamp}\n", force=True, backup=False)
        except OSError:
            return None  # a read-only workspace: nothing to share it with
        self.held = lock
        return None

    def release(self) -> None:
        lock, self.held = self.held, None
        if lock is not None:
            try:
                lock.unlink()
            except OSError:
                pass


# ---------------------------------------------------------------------------- the session


class EditingSession:
    """One draft being edited in a workspace (or, without a workspace, in the user's data dir)."""

    def __init__(self, workspace: Workspace | None, *, recovery_dir: Path | None = None) -> None:
        self.workspace = workspace
        self.recovery = Recovery(
            recovery_dir, workspace_root=workspace.root if workspace is not None else None
        )
        self.path: Path | None = None
        self.saved_text = ""
        self.encoding = "UTF-8"
        self._search_lock = threading.Lock()
        self.locks = DraftLock(self.recovery.folder.parent / "locks")
        self.locked_by: LockHolder | None = None  # set: the draft is edited elsewhere

    @property
    def read_only(self) -> bool:
        return self.locked_by is not None

    def close(self) -> None:
        """Leave the draft (the app is closing): others may edit it now."""
        self.locks.release()

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
        self.recovery.invalidate()
        self.locked_by = self.locks.acquire(path)
        self.path = path
        self.saved_text = decoded.text
        self.encoding = decoded.encoding
        return decoded.text

    def new_untitled(self, text: str = "") -> str:
        self.recovery.invalidate()
        self.locks.release()
        self.locked_by = None
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
        if self.locked_by is not None and target == self.path:
            raise OutputError(
                f"{self.display_name()} 正在另一处编辑（{self.locked_by.describe()}），"
                "本处为只读，不能保存。",
                hint="请在另一处保存并关闭这份草稿后重新打开；或先复制需要的内容。",
            )
        if self._in_workspace(target):
            target.parent.mkdir(parents=True, exist_ok=True)
        if target != self.path and target.exists():
            raise OutputError(
                f"文件已存在：{self.display_name(target)}",
                hint="请换一个文件名，以免覆盖其他草稿。",
            )
        backup = atomic_write_text(target, text, force=True, backup=True)
        if target != self.path or self.locks.held is None:
            self.locked_by = self.locks.acquire(target)
        self.path = target
        self.saved_text = text
        self.encoding = "UTF-8"
        self.recovery.discard(target)
        self.recovery.discard(None)  # the untitled buffer it came from
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

    def snapshot(self, text: str) -> RecoverySnapshot:
        """What a recovery write needs, taken now (the write may run in another thread)."""
        return self.recovery.snapshot(text, self.path, self.saved_text)

    def write_recovery(self, text: str | RecoverySnapshot) -> Path | None:
        """Keep unsaved text in the recovery file; returns it, or None when nothing to keep.

        A snapshot taken before the draft was saved, switched or discarded is not written.
        """
        snap = text if isinstance(text, RecoverySnapshot) else self.snapshot(text)
        return self.recovery.save(snap)

    def discard_recovery(self) -> None:
        """Delete the recovery file of the current draft (the user chose not to keep it)."""
        self.recovery.discard(self.path)

    def pending_recoveries(self) -> list[RecoveredText]:
        """Recovery files with text that differs from what is on disk (stale ones are removed)."""
        return self.recovery.pending()

    def restore(self, recovered: RecoveredText) -> str:
        """Make a recovered text current: the draft it belongs to is opened, the text returned."""
        if recovered.path is not None and recovered.path.is_file():
            self.open(recovered.path)
        elif recovered.path is not None:
            self.recovery.invalidate()
            self.path = recovered.path
            self.saved_text = ""
        else:
            self.new_untitled()
        return recovered.text

    def defer_recovery(self, recovered: RecoveredText) -> Path:
        """Keep a recovery for later under its own name, so new edits never overwrite it."""
        return self.recovery.defer(recovered)

    # ---- export

    def export_path(self) -> Path:
        """成稿/<草稿名>.docx (or next to the draft when there is no workspace)."""
        stem = self.path.stem if self.path else UNTITLED
        folder = self.workspace.output_dir if self.workspace else (self.path or Path("x")).parent
        return folder / f"{stem}.docx"

    def export_concerns(self, text: str) -> ExportConcerns:
        """Unsaved changes, checker errors and open slots of the text about to be exported."""
        from zhengbing.slots import count_slots

        try:
            errors = sum(1 for row in self.check(text) if row.severity == "error")
        except InputError:
            errors = 0  # the export itself reports what is wrong with the text
        return ExportConcerns(
            unsaved=self.path is None or self.is_dirty(text),
            errors=errors,
            slots=count_slots(text),
        )

    def export(self, text: str, out: Path | None = None, *, force: bool = False) -> ExportResult:
        """Write the text being edited as a GB/T 9704 .docx (as ``zhengbing render`` does)."""
        from zhengbing.writer import render_draft

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
        backup = render_draft(draft, target, fonts=fonts, force=force, notify=notes.append)
        return ExportResult(target, backup, notes)

    # ---- check

    def check(self, text: str) -> list[FindingRow]:
        """The checker's findings for the text being edited, sorted by line."""
        from zhengbing.check import check_text

        findings = check_text(text, source=self.display_name(), fmt="md", workspace=self.workspace)
        rows = [
            FindingRow(
                line=int(getattr(f, "line", 0) or 0),
                column=int(getattr(f, "column", 0) or 0),
                severity=str(getattr(f, "severity", "info")),
                rule=str(getattr(f, "rule", "")),
                message=str(getattr(f, "message", "")),
                suggestion=str(getattr(f, "suggestion", "") or ""),
                text=str(getattr(f, "text", "") or ""),
                count=int(getattr(f, "count", 1) or 1),
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
        from zhengbing.search import search

        with self._search_lock:  # one index build/open at a time (warm-up and typing)
            hits = search(query.strip(), limit=limit, workspace=self.workspace)
        return [h.to_dict() for h in hits]

    def warm_up_search(self) -> None:
        """Bring the search index up to date and open it, so the first query is fast.

        Building the index for a large corpus is seconds of pure-Python work; it runs in a
        separate process (another core) so that it does not slow down typing in this one.
        Opening the up-to-date index here afterwards is quick.
        """
        import subprocess
        import sys

        from zhengbing.search import search

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
            search("征兵", limit=1, workspace=self.workspace)

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
        from zhengbing.stats import load_stats

        root = self.workspace.root if self.workspace else None
        return stats_to_table(load_stats(path, root=root), root)

    # ---- new drafts

    def _outline_signature(self) -> tuple[tuple[str, int], ...]:
        """Changes whenever a workspace outline is added, removed or edited."""
        if self.workspace is None or not self.workspace.templates_dir.is_dir():
            return ()
        found = []
        for path in sorted(self.workspace.templates_dir.rglob("*")):
            try:
                found.append((str(path), path.stat().st_mtime_ns))
            except OSError:
                continue
        return tuple(found)

    def outlines(self) -> list[OutlineChoice]:
        """The outlines a new draft can follow (the workspace's own first).

        Kept between calls while the workspace's templates are unchanged, so that the
        new-draft dialog opens at once (reading the outlines takes a tenth of a second)."""
        from zhengbing.outlines import list_outlines

        signature = self._outline_signature()
        cached = getattr(self, "_outlines", None)
        if cached is not None and cached[0] == signature:
            return list(cached[1])
        choices = [
            OutlineChoice(o.id, o.name, tuple(o.kinds), o.description)
            for o in list_outlines(self.workspace)
        ]
        self._outlines = (signature, choices)
        return list(choices)

    def compose(self, kind: str, outline_id: str | None, stats_path: Path | None) -> str:
        """Draft text from an outline and statistics (the same call as ``zhengbing draft``)."""
        if self.workspace is None:
            raise InputError(
                "新建草稿需要工作区。", hint="请用 zhengbing init 创建工作区后再打开。"
            )
        from zhengbing.compose import compose

        return str(compose(self.workspace, kind, outline_id=outline_id, stats_path=stats_path))

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
