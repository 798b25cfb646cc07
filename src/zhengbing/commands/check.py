"""`zhengbing check`: 文稿体检 — find template residue, numbering, number, punctuation, year,
region, renamed-body, citation and statistics faults in drafts (.md, .txt, .docx)."""

from __future__ import annotations

import argparse
from typing import Any

HELP = (
    "体检文稿：查找套用模板留下的错漏（占位符、序号、数字、标点、年份、地名、法规引用、统计数字等）"
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help=HELP,
        description=HELP + "。可检查 .md 草稿、.txt 文本（任意常见编码）和 .docx Word 文件。",
        epilog=(
            "规则：draft 文件头格式、debris 网页残留、placeholder 模板残留、numbering 序号与层次、count 数目与条目、punctuation 标点、\n"
            "      numbers 数字用法、latin 外文字母、repeat 词语重复、year 年份、region 地名与地方法规、\n"
            "      renamed 机构更名与法规废止、citation 法规引用、stats 与统计表核对、glyph 字库外字符\n"
            "退出码：0 = 没有错误（可能有警告），1 = 发现错误，2 = 输入有误，3 = 输出文件已存在或不可写。\n"
            "示例：zhengbing check 草稿/动员讲话.md\n"
            "      zhengbing check 讲话.docx --annotate 讲话-体检.docx\n"
            "      zhengbing check 草稿/*.md --format json --rules placeholder,year"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="文件",
        help="要检查的文稿（.md / .txt / .docx），或包含文稿的文件夹",
    )
    parser.add_argument("--workspace", metavar="目录", help="工作区（默认从当前目录向上查找）")
    parser.add_argument("--stats", metavar="统计表", help="核对用的统计表（默认用工作区的统计表）")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json"
    )
    parser.add_argument(
        "--annotate",
        metavar="输出.docx",
        help="把检查结果作为批注写入 .docx 的副本（原文件不变；只适用于一个 .docx 文件）",
    )
    parser.add_argument(
        "--force", action="store_true", help="--annotate 的输出文件已存在时覆盖（先备份）"
    )
    parser.add_argument(
        "--rules", metavar="规则", help="只运行这些规则，逗号分隔，如 placeholder,year"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import gc
    import json
    import sys

    # a short-lived process that allocates many small objects (imports, compiled patterns) and
    # frees them at exit: the cyclic collector only costs time here
    gc.disable()
    from pathlib import Path

    from zhengbing.check.engine import check_path, resolve_rules
    from zhengbing.check.model import SEVERITY_ZH
    from zhengbing.errors import InputError, UserError
    from zhengbing.workspace import find_workspace

    rules = resolve_rules(args.rules.replace("，", ",").split(",")) if args.rules else None
    files: list[Path] = []
    for name in args.files:
        given = Path(name)
        if given.is_dir():  # a folder: every draft in it (not backups, not Word's lock files)
            found = sorted(
                p
                for p in given.iterdir()
                if p.suffix.lower() in (".md", ".txt", ".docx")
                and p.is_file()
                and ".备份-" not in p.name
                and not p.name.startswith(("~$", "."))
            )
            if not found:
                raise InputError(f"文件夹 {given} 中没有 .md、.txt 或 .docx 文稿。")
            files.extend(found)
        else:
            files.append(given)
    if args.annotate:
        if len(files) != 1 or files[0].suffix.lower() != ".docx":
            raise InputError(
                "--annotate 只能用于一个 .docx 文件。",
                hint="例如：zhengbing check 讲话.docx --annotate 讲话-体检.docx",
            )
        out = Path(args.annotate)
        if out.suffix.lower() != ".docx":
            raise InputError(f"--annotate 的输出文件应以 .docx 结尾：{out}")
        if out.resolve() == files[0].resolve():
            raise InputError("--annotate 的输出文件不能是被检查的原文件。", hint="请换一个文件名。")
    for f in files:
        if not f.exists():
            raise InputError(f"找不到文件：{f}", hint="请检查路径是否正确。")
    workspace = find_workspace(args.workspace) if args.workspace else _quiet_workspace(files[0])
    stats: Any = None
    if args.stats:
        from zhengbing.stats import load_stats

        try:
            stats = load_stats(Path(args.stats), root=getattr(workspace, "root", None))
            if any("不是统计表的标准列" in w for w in stats.warnings):
                # the stats rule reads the sheet itself and notes the columns it skipped
                stats = Path(args.stats)
        except InputError as exc:
            if "无法识别的列名" not in str(exc):
                raise
            # a column the checker does not know: the stats rule reads the sheet without it
            # and says so; the check goes on
            stats = Path(args.stats)

    results: list[tuple[Path, list[Any]]] = []
    annotated = None
    failed: list[UserError] = []
    for f in files:
        try:
            findings, docx_obj = check_path(f, workspace=workspace, stats=stats, rules=rules)
        except UserError as exc:
            if len(files) == 1:
                raise
            # one unreadable file does not stop the others; it is named and the exit code is 2
            print(f"错误：{exc}", file=sys.stderr)
            failed.append(exc)
            continue
        results.append((f, findings))
        if args.annotate and docx_obj is not None:
            from zhengbing.check.annotate import annotate_docx

            annotate_docx(docx_obj, findings, Path(args.annotate), force=args.force)
            annotated = Path(args.annotate)

    errors = sum(1 for _, fs in results for x in fs if x.severity == "error")
    warnings = sum(1 for _, fs in results for x in fs if x.severity == "warning")
    if args.format == "json":
        data = [x.to_dict() for _, fs in results for x in fs]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for f, findings in results:
            if not findings:
                print(f"{f}：未发现问题。")
                continue
            for x in findings:
                where = f"{f}:{x.location}" if x.location else str(f)
                quote = f"（“{x.quote}”）" if x.quote else ""
                line = f"{where} [{SEVERITY_ZH.get(x.severity, x.severity)}] {x.rule} {x.message}{quote}"
                if x.suggestion:
                    line += f" → {x.suggestion}"
                print(line)
        sys.stdout.flush()
        unread = f"，{len(failed)} 个文件无法读取" if failed else ""
        print(
            f"共 {len(files)} 个文件{unread}：错误 {errors} 处，警告 {warnings} 处。",
            file=sys.stderr,
        )
    if annotated is not None:
        print(f"已写出带批注的副本：{annotated}", file=sys.stderr)
    if failed:
        return max(exc.exit_code for exc in failed)
    return 1 if errors else 0


def _quiet_workspace(start: Any) -> Any:
    """The workspace around the first file or the current folder, if any."""
    from zhengbing.workspace import find_workspace

    for base in (start.resolve().parent, None):
        ws = find_workspace(None, start=base) if base is not None else find_workspace(None)
        if ws is not None:
            return ws
    return None
