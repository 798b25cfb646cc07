"""``zhengbing draft``: compose a draft (Markdown) from the statistics and an outline."""

from __future__ import annotations

import argparse

from zhengbing import kinds

KIND_CHOICES = f"{kinds.drafted_choices()}（或 {kinds.drafted_english()}）"
DESCRIPTION = f"""根据统计表和提纲起草文稿，写入 草稿/ 中的 Markdown 文件（可再用 --docx 直接生成 Word）。
文种：{kinds.drafted_choices()}（也可写 {kinds.drafted_english()}）。
每个文种有默认提纲；zhengbing outlines 列出全部提纲。草稿文件头记录所用提纲、统计表及其校验值，
以及每个数字取自统计表的哪一项、哪个单元格。已有同名草稿时不覆盖，加 --force 则先备份再覆盖。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "draft",
        help=f"根据统计表和提纲起草{kinds.drafted_choices()}",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "kind",
        metavar="文种",
        help=KIND_CHOICES,
    )
    parser.add_argument("--outline", metavar="提纲", help="提纲编号（默认：该文种的默认提纲）")
    parser.add_argument(
        "--stats", metavar="统计表", help="统计表文件（默认：zhengbing.toml 中的 stats）"
    )
    parser.add_argument("--prev", metavar="上年统计表", help="上年数据所在的文件（可选）")
    parser.add_argument(
        "-o", "--output", metavar="草稿.md", help="草稿文件（默认：草稿/年度+文种.md）"
    )
    parser.add_argument(
        "--docx",
        nargs="?",
        const="",
        metavar="成稿.docx",
        help="同时生成 Word 文件（不写文件名时为 成稿/与草稿同名.docx）",
    )
    parser.add_argument("--date", metavar="日期", help="成文或讲话日期，如 2024-03-01（默认今天）")
    parser.add_argument("--force", action="store_true", help="覆盖已有文件（原文件先备份）")
    parser.add_argument(
        "--suggest", action="store_true", help="在草稿中以注释列出所引条文原文和可参考的条文"
    )
    parser.add_argument("-w", "--workspace", metavar="工作区", help="工作区文件夹（默认自动查找）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import re

    from zhengbing.compose import write_draft
    from zhengbing.console import info, warn
    from zhengbing.stats import is_note
    from zhengbing.workspace import require_workspace

    ws = require_workspace(args.workspace)
    result = write_draft(
        ws,
        args.kind,
        out=args.output,
        docx=args.docx,
        outline_id=args.outline,
        stats_path=args.stats,
        previous=args.prev,
        force=args.force,
        suggest=args.suggest,
        date=args.date,
    )
    composed = result.composed
    for message in composed.warnings:
        (info if is_note(message) else warn)(message)
    body = composed.text.split("\n---\n", 1)[-1]
    chars = len(re.sub(r"\s|[#*]", "", re.sub(r"<!--.*?-->", "", body, flags=re.S)))
    info(
        f"提纲：{composed.outline.name}；统计表：{composed.stats.display}；"
        f"正文约 {chars} 字，引用统计数字 {len(composed.figures)} 项。"
    )
    if result.draft_backup is not None:
        info(f"原草稿已备份为：{result.draft_backup}")
    print(f"草稿：{result.draft}")
    if result.docx is not None:
        if result.docx_backup is not None:
            info(f"原 Word 文件已备份为：{result.docx_backup}")
        print(f"Word：{result.docx}")
    return 0
