"""``zhengbing outlines``: list the outlines (bundled and the workspace's own) with their kinds."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "outlines",
        help="列出可用的提纲及其适用文种",
        description="列出内置提纲和工作区 templates/outlines/ 中的提纲；给出编号时显示该提纲的结构。",
    )
    parser.add_argument("id", nargs="?", metavar="提纲编号", help="显示这个提纲的各部分标题")
    parser.add_argument("-w", "--workspace", metavar="工作区", help="工作区文件夹（默认自动查找）")
    parser.set_defaults(func=run)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def run(args: argparse.Namespace) -> int:
    from zhengbing import kinds
    from zhengbing.outlines import list_outlines, load_outline
    from zhengbing.workspace import find_workspace

    ws = find_workspace(args.workspace)
    if args.id:
        outline = load_outline(args.id, ws)
        print(f"{outline.name}（编号 {outline.id}；适用：{'、'.join(outline.kinds)}）")
        print(f"文件：{outline.source}")
        if outline.description:
            print(outline.description)
        for n, section in enumerate(outline.sections, start=1):
            from zhengbing.numerals import chinese

            print(f"  {chinese(n)}、{section.heading}（{len(section.points)} 个要点）")
            for m, item in enumerate(section.items, start=1):
                print(f"    （{chinese(m)}）{item.heading}")
        return 0
    outlines = list_outlines(ws)
    defaults = {k.outline: k.name for k in kinds.DRAFTED}
    width = max(_width(o.id) for o in outlines) + 2
    print(f"{'编号'}{' ' * (width - 4)}适用文种    名称")
    for o in outlines:
        kinds = "、".join(o.kinds)
        mark = f"（{defaults[o.id]}默认）" if o.id in defaults else ""
        origin = "" if o.bundled else "［工作区］"
        pad = " " * (width - _width(o.id))
        kpad = " " * max(12 - _width(kinds), 1)
        print(f"{o.id}{pad}{kinds}{kpad}{o.name}{mark}{origin}")
    print("\n用法：zhengbing draft 文种 --outline 编号；查看结构：zhengbing outlines 编号")
    return 0
