"""The ``zhengbing`` command: argument parsing, error reporting and exit codes.

Sub-commands live in :mod:`zhengbing.commands`, one module each, with a ``register``
function that adds its parser. :func:`command_module` imports the module of the command
being run (and only that one), and command modules import their heavy dependencies inside
their ``run`` functions, so ``zhengbing render`` never loads the segmenter, the index
or Textual.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from zhengbing import __version__, kinds
from zhengbing.errors import EXIT_INTERNAL, UserError

# (command, module) in the order shown by --help; command_module imports each of them
COMMANDS: tuple[tuple[str, str], ...] = (
    ("demo", "zhengbing.commands.demo"),
    ("init", "zhengbing.commands.init"),
    ("stats", "zhengbing.commands.stats"),
    ("outlines", "zhengbing.commands.outlines"),
    ("draft", "zhengbing.commands.draft"),
    ("render", "zhengbing.commands.render"),
    ("check", "zhengbing.commands.check"),
    ("search", "zhengbing.commands.search"),
    ("corpus", "zhengbing.commands.corpus"),
    ("tui", "zhengbing.commands.tui"),
    ("serve", "zhengbing.commands.serve"),
)

# One-shot commands whose process ends right after main() returns, without the interpreter's
# teardown (see :func:`entry`). Their output files are written, flushed, synced and renamed
# before main() returns; tui and serve keep the normal shutdown of their threads and terminal.
QUICK_EXIT_COMMANDS = frozenset({"render", "check"})

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "expected one argument": "需要一个参数值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "show program's version number and exit": "显示版本号并退出",
}


def _translate(message: str) -> str:
    return _ZH.get(message, message)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def command_module(name: str) -> ModuleType:
    """The module of sub-command *name* (one of :data:`COMMANDS`), imported on first use."""
    match name:
        case "demo":
            from zhengbing.commands import demo as module
        case "init":
            from zhengbing.commands import init as module
        case "stats":
            from zhengbing.commands import stats as module
        case "outlines":
            from zhengbing.commands import outlines as module
        case "draft":
            from zhengbing.commands import draft as module
        case "render":
            from zhengbing.commands import render as module
        case "check":
            from zhengbing.commands import check as module
        case "search":
            from zhengbing.commands import search as module
        case "corpus":
            from zhengbing.commands import corpus as module
        case "tui":
            from zhengbing.commands import tui as module
        case "serve":
            from zhengbing.commands import serve as module
        case _:
            raise KeyError(name)
    return module


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with *only* just that sub-command (start-up time of e.g. render)."""
    argparse._ = _translate  # type: ignore[attr-defined]  # argparse's own strings in Chinese
    parser = argparse.ArgumentParser(
        prog="zhengbing",
        description=f"征兵文稿工具箱：起草征兵工作{kinds.drafted_choices('和')}，"
        "检索法规，体检文稿，输出公文格式 Word 文件。",
        epilog="每个子命令的用法：zhengbing 子命令 --help",
        formatter_class=_Formatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"zhengbing {__version__}", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(dest="command", metavar="子命令", title="子命令")
    for name, _module_name in COMMANDS:
        if only is None or name == only:
            command_module(name).register(sub)
    return parser


def _tolerant_streams() -> None:
    """Printing never fails on a console or pipe whose encoding lacks a character.

    (A draft title with an emoji piped to a file on a GBK Windows machine, or a C locale:
    such characters print as “?” instead of ending the command with a traceback.)
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError, AttributeError):
                pass


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    first = arguments[0] if arguments else None
    parser = build_parser(only=first if first in dict(COMMANDS) else None)
    args = parser.parse_args(arguments)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 0
    try:
        return int(func(args) or 0)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断，未写入任何不完整的文件。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        import traceback

        traceback.print_exc()
        print(
            "程序内部错误（不是您的操作问题）。您的文件没有被修改。请把上面的信息发给维护人员。",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def entry() -> NoReturn:
    """The console script and ``python -m zhengbing``: :func:`main`, then end the process.

    A one-shot command (:data:`QUICK_EXIT_COMMANDS`) has written and closed all its files when
    main() returns; what is left is the interpreter freeing every module and object one by one,
    which costs a render about a tenth of its whole time. Such a command flushes its console
    streams and leaves with ``os._exit``; the operating system frees the memory. Calling
    :func:`main` from Python (the tests, a script) never ends the caller's process.
    """
    code = main()
    if sys.argv[1:2] and sys.argv[1] in QUICK_EXIT_COMMANDS:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise SystemExit(code) from None  # a closed or broken console: the normal way out
        if "logging" in sys.modules:
            sys.modules["logging"].shutdown()
        os._exit(code)
    raise SystemExit(code)


if __name__ == "__main__":
    entry()
