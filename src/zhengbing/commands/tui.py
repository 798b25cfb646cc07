"""``zhengbing tui``: the terminal UI (Textual is imported only when the command runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from zhengbing.errors import InputError

DESCRIPTION = """打开终端界面：左侧为草稿和提纲，中间编辑，右侧检索法规、查看统计数据、体检、预览。
快捷键：Ctrl+S 保存，Ctrl+E 导出 Word，F5 体检，Ctrl+F 检索，Ctrl+N 新建草稿，
F10 专注模式（隐藏两侧面板），Ctrl+P 命令面板，F1 帮助，Ctrl+Q 退出。
未保存的修改随时写入恢复文件，程序意外退出后再次打开时会提示恢复。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tui",
        help="打开终端界面（编辑、检索、体检、导出）",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_target_arguments(parser)
    parser.set_defaults(func=run)


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """The workspace or draft to open: the same for ``tui`` and ``serve``."""
    parser.add_argument(
        "target",
        nargs="?",
        metavar="工作区或草稿",
        help="工作区文件夹，或要打开的草稿文件（默认：从当前文件夹向上查找工作区）",
    )
    parser.add_argument(
        "-w", "--workspace", metavar="工作区", help="工作区文件夹（与位置参数作用相同）"
    )


def resolve_target(
    target: str | None,
) -> tuple[object | None, Path | None, Path | None]:
    """(workspace, folder to offer as a new workspace, draft to open) for the argument."""
    from zhengbing.workspace import PROFILE_NAME, find_workspace

    if target is None:
        ws = find_workspace()
        return ws, (Path.cwd() if ws is None else None), None
    path = Path(target).expanduser()
    if path.is_file():
        return find_workspace(start=path.resolve().parent), None, path.resolve()
    if path.is_dir():
        if (path / PROFILE_NAME).is_file():
            return find_workspace(path), None, None
        return None, path.resolve(), None
    if path.suffix.lower() in (".md", ".txt", ".markdown"):
        raise InputError(f"找不到草稿文件：{path}", hint="请检查路径，或先用 Ctrl+N 新建草稿。")
    raise InputError(f"找不到文件夹：{path}", hint="请先创建该文件夹，或给出已有的工作区路径。")


def run(args: argparse.Namespace) -> int:
    import os
    import sys

    target = args.target or args.workspace
    workspace, offer, open_path = resolve_target(target)
    # started by `zhengbing serve` for a browser session: Textual's web driver talks over pipes
    served = os.environ.get("ZHENGBING_SERVED") == "1"
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            "终端界面需要在终端（命令行窗口）中运行。",
            hint="请直接在终端里运行 zhengbing tui，不要通过管道或重定向。",
        )
    # Textual sizes the screen from COLUMNS/LINES when they are set; a shell that exported
    # them before the window was resized would pin the layout to a stale size forever.
    try:
        os.get_terminal_size(sys.stdout.fileno())
    except OSError:
        pass
    else:
        os.environ.pop("COLUMNS", None)
        os.environ.pop("LINES", None)
    from zhengbing.tui.app import make_app
    from zhengbing.tui.lifeline import Lifeline

    app = make_app(workspace, offer_folder=offer, open_path=open_path)  # type: ignore[arg-type]
    try:
        fd: int | None = sys.stdin.fileno()
    except (OSError, ValueError):
        fd = None
    # the terminal going away (or SIGHUP/SIGTERM) keeps unsaved text and ends the process
    lifeline = Lifeline(keep_unsaved=app.flush_recovery, request_exit=app.exit_soon, fd=fd)
    lifeline.install()
    result = app.run()
    lifeline.close()
    return int(result or 0)
