"""``zhengbing init``: create a workspace (unit profile, folders, statistics workbook)."""

from __future__ import annotations

import argparse

DESCRIPTION = """新建工作区：写入单位信息 zhengbing.toml，建立 统计/（含待填写的统计表）、草稿/、成稿/、资料/。
在终端中运行时，会逐项询问没有在命令行给出的信息（直接回车跳过）；在脚本中运行时至少要给出 --unit。
已有的工作区不会被覆盖。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="新建工作区（单位信息、统计表、草稿和成稿文件夹）",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dir", metavar="目录", help="工作区文件夹（不存在时自动创建）")
    parser.add_argument("--unit", metavar="单位", help="单位名称，如 青山镇")
    parser.add_argument(
        "--level",
        metavar="层级",
        choices=("镇", "乡", "街道", "县", "区", "市", "社区", "村"),
        help="层级：镇、乡、街道、县、区，也可为社区、村（默认按单位名称末字推断）",
    )
    parser.add_argument("--province", metavar="省", help="所在省，如 浙江省")
    parser.add_argument("--city", metavar="市", help="所在市，如 湖州市")
    parser.add_argument("--county", metavar="县", help="所在县（市、区），如 安吉县")
    parser.add_argument("--year", metavar="年度", type=int, help="年度（默认今年）")
    parser.add_argument("--speaker", metavar="讲话人", help="讲话人姓名")
    parser.add_argument("--office", metavar="职务", help="讲话人职务，如 镇党委副书记、镇长")
    parser.add_argument("--organ", metavar="落款单位", help="落款单位（默认：单位名称+人民武装部）")
    parser.add_argument("--reporter", metavar="述职人", help="述职报告、心得体会的署名人姓名")
    parser.add_argument(
        "--reporter-office",
        metavar="职务",
        help="述职人的职务（默认：镇人民武装部部长，社区、村为武装专干）",
    )
    parser.set_defaults(func=run)


def _ask(label: str, default: str = "") -> str:
    suffix = f"［{default}］" if default else "（回车跳过）"
    try:
        answer = input(f"{label}{suffix}：").strip()
    except EOFError:
        return default
    return answer or default


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from zhengbing.console import info
    from zhengbing.errors import InputError
    from zhengbing.workspace import Profile
    from zhengbing.workspace_init import infer_level, init_workspace

    values = {
        name: getattr(args, name)
        for name in ("unit", "level", "province", "city", "county", "speaker", "office", "organ")
    }
    year = args.year
    interactive = sys.stdin.isatty()
    if interactive:
        prompts = (
            ("unit", "单位名称（如 青山镇）"),
            ("province", "所在省"),
            ("city", "所在市"),
            ("county", "所在县（市、区）"),
            ("speaker", "讲话人姓名"),
            ("office", "讲话人职务"),
        )
        for name, label in prompts:
            if not values[name]:
                values[name] = _ask(label)
        if not values["level"] and values["unit"]:
            guess = infer_level(values["unit"]) or ""
            values["level"] = _ask("层级（镇、乡、街道、县、区）", guess)
        if year is None:
            import datetime as dt

            text = _ask("年度", str(dt.date.today().year))
            try:
                year = int(text)
            except ValueError:
                raise InputError(
                    f"年度“{text}”不是年份。", hint="请写四位数字，如 2025。"
                ) from None
    if not values["unit"]:
        raise InputError(
            "缺少单位名称。", hint="请加上 --unit，例如：zhengbing init 青山镇工作区 --unit 青山镇"
        )
    if not values["level"]:
        values["level"] = infer_level(values["unit"]) or ""
        if not values["level"]:
            raise InputError(
                f"无法从单位名称“{values['unit']}”判断层级。",
                hint="请加上 --level 镇、乡、街道、县 或 区。",
            )
    profile = Profile(
        unit=values["unit"] or "",
        level=values["level"] or "",
        province=values["province"] or "",
        city=values["city"] or "",
        county=values["county"] or "",
        year=year,
        speaker=values["speaker"] or "",
        office=values["office"] or "",
        organ=values["organ"] or "",
    )
    if args.reporter:
        profile.extra["reporter"] = args.reporter
    if args.reporter_office:
        profile.extra["reporter_office"] = args.reporter_office
    result = init_workspace(Path(args.dir), profile)
    print(f"已新建工作区：{result.root}")
    for path in result.created:
        print(f"  {path}")
    if not args.reporter:
        result.blank.append("述职人姓名（reporter，述职报告、心得体会署名用）")
    if result.blank:
        info("以下信息没有填写，可稍后在 zhengbing.toml 中补充：" + "；".join(result.blank))
    info(
        f"下一步：在 {result.root}/{profile.stats} 的“汇总”工作表中填写各村（社区）数据，"
        "然后在工作区中运行 zhengbing stats show 检查，再运行 zhengbing draft 讲话。"
    )
    return 0
