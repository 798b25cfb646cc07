"""``zhengbing corpus add | list | show | rebuild``: the workspace's own archive and the index.

Light at import (argparse only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from zhengbing import kinds

HELP = "管理资料库：导入本单位文稿、列出、查看、重建索引"
DESCRIPTION = """资料库 = 随附的法规和范文样本（只读）+ 工作区“资料/”里导入的本单位文稿。

  zhengbing corpus add 文件或文件夹…   导入 .md .txt .docx .pdf、文件夹或 .zip 到“资料/”
  zhengbing corpus list                 列出全部文档
  zhengbing corpus show ID              查看一个文档（如 兵役法@2021）或一条（如 兵役法@2021#第二十条）
  zhengbing corpus rebuild              重建检索索引

退出码：0 成功；2 输入有误（有文件导入失败时也返回 2，其余文件照常导入）；4 索引正被另一进程更新。"""

ADD_HELP = """导入文件到工作区的“资料/”文件夹。每个文档存为带 YAML 头的 Markdown 文件；
标题、文号、日期从文件中读取，可用选项覆盖。一个文件失败不影响其他文件，已导入的不会丢失。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "corpus",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="corpus_command", metavar="操作", title="操作")

    add = sub.add_parser("add", help="导入文件或文件夹", description=ADD_HELP)
    add.add_argument(
        "paths", nargs="+", metavar="路径", help=".md .txt .docx .pdf .zip 文件或文件夹"
    )
    add.add_argument(
        "--kind",
        metavar="类别",
        help=kinds.described(),
    )
    add.add_argument(
        "--region", metavar="地区", help="省份，如 浙江省（默认：法规为全国，其他为工作区所在省）"
    )
    add.add_argument("--date", metavar="日期", help="公布或成文日期，如 2024-05-20")
    add.add_argument("--title", metavar="标题", help="文档标题（只导入一个文件时使用）")
    add.add_argument("--workspace", metavar="目录", help="工作区目录")
    add.set_defaults(func=run_add)

    ls = sub.add_parser("list", help="列出资料库中的文档")
    ls.add_argument("--kind", metavar="类别", help="只列 policy、sample、own 或某一类别")
    ls.add_argument("--json", action="store_true", help="输出 JSON")
    ls.add_argument("--workspace", metavar="目录", help="工作区目录")
    ls.set_defaults(func=run_list)

    show = sub.add_parser("show", help="查看一个文档或一条")
    show.add_argument(
        "id", metavar="ID", help="文档 id（兵役法@2021）或条文 id（兵役法@2021#第二十条）"
    )
    show.add_argument("--json", action="store_true", help="输出 JSON")
    show.add_argument("--workspace", metavar="目录", help="工作区目录")
    show.set_defaults(func=run_show)

    rebuild = sub.add_parser("rebuild", help="重建检索索引")
    rebuild.add_argument("--workspace", metavar="目录", help="工作区目录")
    rebuild.set_defaults(func=run_rebuild)

    parser.set_defaults(func=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def run_add(args: argparse.Namespace) -> int:
    from zhengbing.errors import BusyError, InputError, UserError
    from zhengbing.importer import Overrides, import_paths
    from zhengbing.workspace import require_workspace

    ws = require_workspace(args.workspace)
    if args.title and len(args.paths) > 1:
        raise InputError("--title 只能在导入一个文件时使用。")
    report = import_paths(
        [Path(p) for p in args.paths],
        ws,
        Overrides(kind=args.kind, region=args.region, date=args.date, title=args.title),
    )
    for item in report.imported:
        rel = (
            item.target.relative_to(ws.root) if item.target.is_relative_to(ws.root) else item.target
        )
        note = f"（{item.note}）" if item.note else ""
        print(f"已导入：{item.source} → {rel}  id={item.doc_id}  类别={item.kind}{note}")
    for source, stored in report.present:
        rel = stored.relative_to(ws.root) if stored.is_relative_to(ws.root) else stored
        print(f"已在资料库中：{source}（与 {rel} 内容相同），未重复导入。")
    for source, reason in report.skipped:
        print(f"跳过：{source}：{reason}", file=sys.stderr)
    for source, message in report.failed:
        text = message if message.startswith(source) else f"{source}：{message}"
        print(f"错误：{text}", file=sys.stderr)
    if report.imported:
        from zhengbing.index import open_index

        try:
            idx = open_index(ws)
            idx.close()
            print(f"检索索引已更新（共 {idx.manifest.get('passages', 0)} 条/段）。")
        except BusyError:
            print(
                "提示：索引正被另一进程使用，文件已导入，下次检索时会自动更新索引。",
                file=sys.stderr,
            )
        except UserError as exc:
            print(f"提示：文件已导入，但检索索引未能更新：{exc}", file=sys.stderr)
    present = f"，已在资料库中 {len(report.present)} 个" if report.present else ""
    print(
        f"导入 {len(report.imported)} 个，失败 {len(report.failed)} 个，"
        f"跳过 {len(report.skipped)} 个{present}。"
    )
    return 2 if report.failed else 0


def _kind_matches(doc: Any, kind: str | None) -> bool:
    if not kind:
        return True
    k = kind.strip().lower()
    if k in ("policy", "法规"):
        return bool(doc.is_policy)
    if k in ("sample", "样本"):
        return not doc.is_policy
    if k in ("own", "自有", "资料"):
        return bool(doc.origin == "own")
    known = kinds.lookup(kind)  # 讲话稿, 通知 … name their kind
    return bool(doc.kind == (known.name if known is not None else kind.strip()))


def run_list(args: argparse.Namespace) -> int:
    from zhengbing.corpus import load_corpus
    from zhengbing.workspace import find_workspace

    ws = find_workspace(args.workspace)
    corpus = load_corpus(ws)
    counts: dict[str, int] = {}
    for p in corpus.passages.values():
        counts[p.doc_id] = counts.get(p.doc_id, 0) + 1
    docs = [d for d in corpus.documents.values() if _kind_matches(d, args.kind)]
    docs.sort(key=lambda d: (d.origin != "own", not d.is_policy, d.kind, d.id))
    for problem in corpus.problems:
        print(f"警告：{problem}", file=sys.stderr)
    if args.json:
        import json

        rows = [{**d.summary(), "passages": counts.get(d.id, 0)} for d in docs]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for d in docs:
        origin = "资料" if d.origin == "own" else "随附"
        year = d.year or ""
        print(
            f"{d.id}\t{d.kind}\t{d.status}\t{d.region}\t{year}\t{counts.get(d.id, 0)} 条/段\t{origin}\t{d.title}"
        )
    print(f"共 {len(docs)} 个文档。", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from zhengbing.corpus import get_passage, load_corpus
    from zhengbing.errors import InputError
    from zhengbing.workspace import find_workspace

    ws = find_workspace(args.workspace)
    corpus = load_corpus(ws)
    ident = args.id.strip()
    if "#" in ident:
        p = get_passage(ident, ws)
        if p is None:
            raise InputError(
                f"找不到条文或段落“{ident}”。",
                hint="用 zhengbing corpus show 文档id 查看该文档有哪些条。",
            )
        doc = corpus.documents[p.doc_id]
        current = corpus.current_version(doc)
        if args.json:
            import json

            data = {**p.to_dict(), "current_doc_id": current.id}
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        print(f"{p.label}  [{p.status}｜{p.region}]")
        if p.path:
            print(" / ".join(p.path))
        print()
        print(p.text)
        if current.id != doc.id:
            print(f"\n注意：此版本{doc.status}，现行版本为 {current.id}（{current.title}）。")
        return 0
    doc = corpus.documents.get(ident)
    if doc is None:
        matches = corpus.find_documents(ident)
        if len(matches) == 1:
            doc = matches[0]
        else:
            hint = "用 zhengbing corpus list 查看全部 id。"
            if matches:
                hint = "有多个版本：" + "、".join(m.id for m in matches)
            raise InputError(f"找不到文档“{ident}”。", hint=hint)
    passages = corpus.passages_of(doc.id)
    if args.json:
        import json

        data = {
            **doc.summary(),
            "meta": {k: str(v) for k, v in doc.meta.items()},
            "passages": [p.to_dict() for p in passages],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{doc.title}（{doc.id}）")
    for key in (
        "类别",
        "发布机关",
        "文号",
        "公布日期",
        "施行日期",
        "时效性",
        "地区",
        "年度",
        "单位",
        "版本日期",
        "替代",
        "被替代",
        "来源",
        "备注",
    ):
        value = doc.meta.get(key)
        if value not in (None, "", []):
            if isinstance(value, list):
                value = "、".join(str(v) for v in value)
            print(f"  {key}：{value}")
    print(f"  共 {len(passages)} 条/段：")
    for p in passages:
        first = p.text.split("\n", 1)[0]
        if len(first) > 60:
            first = first[:60] + "…"
        print(f"  {p.id}  {first}")
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    from zhengbing.index import rebuild_index
    from zhengbing.workspace import find_workspace

    ws = find_workspace(args.workspace)
    idx = rebuild_index(ws)
    idx.close()
    for problem in idx.problems:
        print(f"警告：{problem}", file=sys.stderr)
    print(f"检索索引已重建：{idx.manifest.get('passages', 0)} 条/段，位于 {idx.scope}")
    return 0
