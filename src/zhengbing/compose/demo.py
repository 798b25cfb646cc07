"""The demo: copy the bundled example workspace, draft a speech and a summary, render both."""

from __future__ import annotations

import datetime as _dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from zhengbing import resources
from zhengbing.errors import OutputError

EXAMPLE = "examples/workspace"


@dataclass
class DemoResult:
    root: Path
    renamed: bool
    documents: list[tuple[str, Path, Path]] = field(default_factory=list)


def free_folder(target: Path) -> tuple[Path, bool]:
    """*target* when it is missing or empty, else the first free ``名称-2``, ``名称-3``…"""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        return target, False
    target = target.resolve()  # “.” has no name to number
    for n in range(2, 1000):
        candidate = target.with_name(f"{target.name}-{n}")
        if not candidate.exists() or (candidate.is_dir() and not any(candidate.iterdir())):
            return candidate, True
    raise OutputError(f"{target} 及其编号副本都已存在。", hint="请指定一个新的文件夹名称。")


def copy_example(target: Path) -> tuple[Path, bool]:
    root, renamed = free_folder(target)
    if not root.parent.is_dir():
        raise OutputError(f"上级文件夹不存在：{root.parent}", hint="请先创建它，或换一个位置。")
    source = resources.templates_dir() / EXAMPLE
    try:
        shutil.copytree(source, root, dirs_exist_ok=root.exists())
    except OSError as exc:
        raise OutputError(
            f"无法创建示例工作区 {root}（{exc.strerror}）。", hint="请检查权限。"
        ) from None
    for sub in ("草稿", "成稿", "资料"):
        (root / sub).mkdir(exist_ok=True)
    for keep in root.rglob(".gitkeep"):
        keep.unlink()
    return root, renamed


def run_demo(target: Path) -> DemoResult:
    from zhengbing.compose import write_draft
    from zhengbing.workspace import find_workspace

    root, renamed = copy_example(target)
    ws = find_workspace(root)
    assert ws is not None
    result = DemoResult(root, renamed)
    year = ws.profile.year or _dt.date.today().year
    for label, kind, outline, month, day in (
        ("动员讲话", "讲话", "四个坚持四个确保", 3, 2),
        ("年度总结", "总结", "年度征兵工作总结", 12, 20),
    ):
        # the example is fictional: outside its year it gets a plausible date of that year
        today = _dt.date.today()
        date: _dt.date | None = today if today.year == year else _dt.date(year, month, day)
        if kind == "讲话":
            date = None  # the meeting day from the example's work record (动员会日期)
        written = write_draft(ws, kind, outline_id=outline, docx="", date=date)
        assert written.docx is not None
        result.documents.append((label, written.draft, written.docx))
    return result
