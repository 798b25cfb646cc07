"""``zhengbing stats show``: read, validate and print a statistics workbook."""

from __future__ import annotations

import argparse

DESCRIPTION = """读取并检查统计表（.xlsx 或 .csv），打印原始数据和计算结果（合计、完成率、合格率、
大学生占比、同比增减、排名、未定兵单位）。表中有问题时指出文件、工作表和单元格。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="检查并显示统计表",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="stats_command", metavar="操作", title="操作")
    show = sub.add_parser("show", help="检查统计表并显示数据和计算结果", description=DESCRIPTION)
    show.add_argument(
        "file",
        nargs="?",
        metavar="统计表",
        help="统计表文件（默认：工作区 zhengbing.toml 中的 stats）",
    )
    show.add_argument("--prev", metavar="上年统计表", help="上年数据所在的文件（可选）")
    show.add_argument("-w", "--workspace", metavar="工作区", help="工作区文件夹（默认自动查找）")
    show.set_defaults(func=run)
    parser.set_defaults(func=_help(parser))


def _help(parser: argparse.ArgumentParser):  # noqa: ANN202 - a small closure
    def show_help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    return show_help


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from zhengbing.console import info, warn
    from zhengbing.errors import InputError
    from zhengbing.stats import is_note, load_stats
    from zhengbing.stats.show import format_stats
    from zhengbing.workspace import find_workspace

    ws = find_workspace(args.workspace)
    if args.file:
        path = Path(args.file)
    elif ws is not None:
        found = ws.default_stats()
        if found is None:
            raise InputError(
                f"工作区 {ws.root} 的“统计”文件夹中没有统计表。",
                hint="请放入 .xlsx 或 .csv 统计表，或在命令后写出文件名。",
            )
        path = found
    else:
        raise InputError(
            "没有指定统计表，当前文件夹也不在工作区内。",
            hint="用法：zhengbing stats show 统计表.xlsx",
        )
    year = ws.profile.year if ws is not None else None
    stats = load_stats(path, previous=args.prev, year=year, root=ws.root if ws else None)
    for message in stats.warnings:
        (info if is_note(message) else warn)(message)
    print(format_stats(stats), end="")
    return 0
