"""``zhengbing search``: find articles of the law and paragraphs of samples and the own archive.

Light at import (argparse only); the index, its engine and the corpus load inside :func:`run`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from zhengbing import kinds

if TYPE_CHECKING:
    from zhengbing.search import SearchResult

HELP = "检索法规条文、范文样本和本单位资料"
DESCRIPTION = f"""检索随附的法律法规（按条）、范文样本和本工作区“资料/”中导入的文稿（按段），
按相关程度排序，显示文件名、条号、时效性和高亮的片段。

查询写法：
  直接用自己的话提问           zhengbing search 大学生当兵学费能退吗
  用引号要求原文连续出现       zhengbing search '"兵役登记"'   （中文引号“”也可以）
  写出法规名和条号直接查条文   zhengbing search 兵役法第二十条
  只有标点或引号不配对时按字面处理，不会出错。

过滤（可以组合）：
  --kind policy|sample|own|{"|".join(kinds.names(kinds.POLICY) + kinds.names(kinds.SAMPLE))}
  --region 浙江省      该省的地方性法规和样本，以及全国性的法规；该省法规优先
                       （在工作区里默认按工作区所在省优先；--region 全国 只看全国性法规）
  --year 2019          当年有效的法规版本、当年的样本
  --current-only       只看现行有效的版本

--json 输出 JSON 列表（字段见 README），片段中的命中词用【】标出。
退出码：0 成功（没有结果也是 0）；2 参数或工作区有误；4 索引正被另一进程更新。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", nargs="+", metavar="查询", help="要找的内容（可以是一句话）")
    parser.add_argument("--kind", metavar="类别", help="policy、sample、own 或具体类别")
    parser.add_argument("--region", metavar="地区", help="省份，如 浙江省")
    parser.add_argument("--year", type=int, metavar="年份", help="当年有效的法规、当年的样本")
    parser.add_argument("--current-only", action="store_true", help="只看现行有效的版本")
    parser.add_argument(
        "--limit", type=int, default=10, metavar="N", help="最多显示几条（默认 10）"
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--workspace", metavar="目录", help="工作区目录（默认从当前目录向上查找）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zhengbing.errors import InputError, UserError
    from zhengbing.index import open_index, rebuild_index
    from zhengbing.search import mark, search_results
    from zhengbing.workspace import find_workspace

    if args.limit < 1:
        raise InputError(f"--limit {args.limit} 无效。", hint="请给出大于 0 的数字。")
    ws = find_workspace(args.workspace)
    idx = open_index(ws)

    def query() -> SearchResult:
        return search_results(
            " ".join(args.query),
            kind=args.kind,
            region=args.region,
            year=args.year,
            current_only=args.current_only,
            limit=args.limit,
            workspace=ws,
            index=idx,
        )

    try:
        for problem in idx.problems:
            print(f"警告：{problem}", file=sys.stderr)
        if idx.rebuilt == "full":
            print("（已根据资料库重建检索索引）", file=sys.stderr)
        try:
            result = query()
        except UserError:
            raise
        except Exception:
            # the index is damaged in a way opening did not notice: rebuild it, once
            idx.close()
            idx = rebuild_index(ws)
            print("（检索索引已损坏，已重建）", file=sys.stderr)
            result = query()
    finally:
        idx.close()
    hits = result.hits
    if args.json:
        import json

        print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("没有找到相关内容。可以换个说法，或去掉过滤条件再试。")
        return 0
    tty = sys.stdout.isatty()
    bold, hl, dim, reset = (
        ("\033[1m", "\033[1;31m", "\033[2m", "\033[0m") if tty else ("", "", "", "")
    )
    out: list[str] = []
    said = result.understood.describe()
    if said:
        out.append(f"{dim}{said}{reset}")
    n = 0
    for heading, group in result.groups():
        out.append(f"{bold}【{heading}】{reset}")
        for h in group:
            n += 1
            head = f"{n}. {bold}{h.doc_title}{reset}"
            if h.article:
                head += f" {bold}{h.article}{reset}"
            if h.is_law:
                status = h.status if h.status == "现行有效" else f"{h.status}！"
                where = "全国性" if h.scope == "全国" else f"地方性·{h.region}"
                head += f"  [{status}｜{where}｜{h.kind}]"
            else:
                head += f"  [{h.label}｜{h.region}｜{h.kind}]"
            out.append(head)
            snippet = mark(h.snippet_text, h.spans, hl, reset) if tty else h.snippet
            out.append(f"   {snippet}")
            out.append(f"   {dim}{h.id}{'  ' + h.path if h.path else ''}{reset}")
    print("\n".join(out))
    return 0
