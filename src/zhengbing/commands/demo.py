"""``zhengbing demo``: copy the example workspace, draft a speech and a summary, render both."""

from __future__ import annotations

import argparse

DEFAULT_NAME = "示例工作区"
DESCRIPTION = """演示：复制内置的示例工作区（虚构的云岭镇，12个村、社区的征兵统计表，含上年数据），
按“四个坚持、四个确保”提纲起草征兵工作动员讲话，起草年度征兵工作总结，生成两份 Word 文件并打印路径。
目标文件夹已存在且不为空时，自动改用新的名称，不会覆盖任何文件。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="演示：用示例数据起草动员讲话和年度总结并生成 Word 文件",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "dir",
        nargs="?",
        default=DEFAULT_NAME,
        metavar="目录",
        help=f"示例工作区位置（默认：{DEFAULT_NAME}）",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from zhengbing.compose.demo import run_demo
    from zhengbing.console import info

    result = run_demo(Path(args.dir))
    if result.renamed:
        info(f"{args.dir} 已存在且不为空，示例工作区改建在：{result.root}")
    print(f"示例工作区：{result.root}")
    for label, draft, docx in result.documents:
        print(f"{label}草稿：{draft}")
        print(f"{label}Word：{docx}")
    info(
        "可以用 Word 或 WPS 打开上面的 .docx 文件；草稿是 Markdown 文本，可修改后用 zhengbing render 重新生成。"
    )
    return 0
