"""``zhengbing render``: Markdown drafts → GB/T 9704 Word files.

Kept light at import (argparse only): the writer, python-docx (with lxml) and the Markdown
parser load inside :func:`run`, and nothing else (no segmenter, index, TUI or spreadsheet
library) is imported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zhengbing.fonts import DEFAULT_PROFILE, FONT_PROFILES

HELP = "把 Markdown 草稿排成公文格式的 Word 文件（.docx）"
DESCRIPTION = """把 Markdown 草稿排成符合 GB/T 9704 的 Word 文件：A4，上37/下35/左28/右26毫米，
每页22行、每行28字，仿宋_GB2312三号正文，方正小标宋简体二号标题，“— 1 —”式页码单右双左。

默认输出与草稿同名的 .docx，放在草稿旁边；草稿在工作区的“草稿/”里时，输出到“成稿/”。
已有同名文件时不覆盖，加 --force 才覆盖，并先把原文件备份为“名称.备份-时间.docx”。

示例：
  zhengbing render 草稿/征兵工作动员讲话.md
  zhengbing render 讲话.md -o 成稿/讲话.docx --reference 本单位模板.docx
  zhengbing render 草稿/*.md --outdir 成稿

退出码：0 成功；2 草稿或参考文件有错误；3 输出被拒绝（文件已存在、文件夹不存在或不可写）。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "render",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("drafts", nargs="+", metavar="草稿.md", help="一个或多个 Markdown 草稿")
    parser.add_argument(
        "-o", "--output", metavar="输出.docx", help="输出文件（只给一个草稿时可用）"
    )
    parser.add_argument(
        "--outdir", metavar="文件夹", help="输出文件夹（多个草稿时用；文件名与草稿同名）"
    )
    parser.add_argument(
        "--reference",
        metavar="参考.docx",
        help="用本单位的 .docx 作格式参考：保留其页面设置和样式，缺少的公文样式自动补上",
    )
    parser.add_argument(
        "--fonts",
        choices=tuple(FONT_PROFILES),
        default=None,
        help="字体方案：gb2312（仿宋_GB2312、楷体_GB2312、方正小标宋简体、黑体）；"
        "windows（Windows 自带的仿宋、楷体、宋体、黑体，用于没有安装 GB2312 字体的电脑）。"
        "默认取草稿所在工作区 zhengbing.toml 中的 fonts，没有时为 gb2312",
    )
    parser.add_argument("--force", action="store_true", help="覆盖已有的输出文件（原文件先备份）")
    parser.set_defaults(func=run)


def _notice(message: str) -> None:
    print(message, file=sys.stderr)


# the file that makes a folder a workspace (zhengbing.workspace.PROFILE_NAME)
_PROFILE_NAME = "zhengbing.toml"


def _may_be_in_workspace(folder: Path) -> bool:
    """Is there a zhengbing.toml in *folder* or a folder above it? (Outside a workspace the
    workspace module, its profile classes and the TOML reader are not loaded at all.)"""
    here = folder.resolve()
    return any((parent / _PROFILE_NAME).is_file() for parent in (here, *here.parents))


def _workspace_fonts(drafts: list[Path]) -> list[str]:
    """The font profile of the workspace each draft lies in (``fonts`` in zhengbing.toml),
    looked up once per folder."""
    from zhengbing.errors import UserError

    by_folder: dict[Path, str] = {}
    for src in drafts:
        folder = src.parent
        if folder in by_folder:
            continue
        if not _may_be_in_workspace(folder):
            by_folder[folder] = DEFAULT_PROFILE
            continue
        from zhengbing.workspace import find_workspace

        try:
            workspace = find_workspace(start=folder)
        except UserError as exc:
            _notice(f"提示：{exc}（排版不受影响，按默认字体 {DEFAULT_PROFILE}）")
            workspace = None
        by_folder[folder] = workspace.profile.font_profile if workspace else DEFAULT_PROFILE
    return [by_folder[src.parent] for src in drafts]


def _remaining_slots(src: Path) -> int:
    """How many 【请填写：…】 slots and 【待核实】 markers the draft still carries."""
    from zhengbing.textio import read_text

    try:
        text = read_text(src).text
        if "【请填写" not in text and "【待核实】" not in text:
            return 0  # the common case, without loading the slot module
        from zhengbing.slots import count_slots

        return count_slots(text)
    except Exception:  # noqa: BLE001 - the count is a notice; the .docx is already written
        return 0


def run(args: argparse.Namespace) -> int:
    from zhengbing.errors import InputError, UserError
    from zhengbing.writer import default_output, load_reference, render_file

    drafts = [Path(d) for d in args.drafts]
    if args.output and len(drafts) > 1:
        raise InputError(
            "给了多个草稿时不能用 -o 指定单个输出文件。", hint="请改用 --outdir 文件夹。"
        )
    if args.output and args.outdir:
        raise InputError("-o 和 --outdir 只能用一个。")
    reference = Path(args.reference) if args.reference else None
    fonts = [args.fonts] * len(drafts) if args.fonts else _workspace_fonts(drafts)
    from zhengbing.fonts import installed_families, missing_fonts_notice

    installed = installed_families()
    for profile in dict.fromkeys(fonts):
        load_reference(reference, fonts=profile)  # fail early (and once) on a bad reference
        notice = missing_fonts_notice(profile, installed)
        if notice:
            _notice(notice)
    outdir = Path(args.outdir) if args.outdir else None
    if outdir is not None and not outdir.is_dir():
        from zhengbing.errors import OutputError

        raise OutputError(
            f"输出文件夹不存在：{outdir}", hint="请先创建该文件夹，或换一个 --outdir。"
        )
    targets: list[Path] = []
    for src in drafts:
        if args.output:
            target = Path(args.output)
        elif outdir is not None:
            target = outdir / (src.stem + ".docx")
        else:
            target = default_output(src)
        if target in targets:
            raise InputError(
                f"两个草稿会输出到同一个文件：{target}", hint="请把草稿改成不同的文件名。"
            )
        targets.append(target)

    failures: list[UserError] = []
    written = 0
    for src, target, profile in zip(drafts, targets, fonts, strict=True):
        try:
            explicit = args.output or outdir is not None
            out = render_file(
                src,
                target if explicit else None,
                reference=reference,
                fonts=profile,
                force=args.force,
                notify=_notice,
            )
        except UserError as exc:
            if len(drafts) == 1:
                raise
            print(f"错误：{exc}", file=sys.stderr)
            failures.append(exc)
            continue
        written += 1
        print(f"已生成：{out}")
        remaining = _remaining_slots(src)
        if remaining:
            from zhengbing.slots import remaining_message

            _notice(f"{src}：{remaining_message(remaining)}")
    if failures:
        print(
            f"共 {len(drafts)} 个草稿：{written} 个已生成，{len(failures)} 个失败（见上面的错误）。",
            file=sys.stderr,
        )
        return max(exc.exit_code for exc in failures)
    return 0
