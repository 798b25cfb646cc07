"""numbers: GB/T 15835 number usage as in gongwen-format.md d.1 (N01–N11), mixed numeral forms,
and percentages that do not recompute from the counts in the same sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhengbing.check.lazyre import LazyPattern, lazy
from zhengbing.check.model import BYLINE, DATE, HAN, PARAGRAPH, Document, Finding, Segment
from zhengbing.check.registry import register
from zhengbing.check.rules._util import Reporter, text_segments
from zhengbing.dialect import cn_to_int

RULE = "numbers"
H = HAN

SIMPLE: tuple[tuple[str, str, LazyPattern, str, str], ...] = (
    (
        "N01",
        "error",
        lazy(r"(?<![\d０-９.])[’']?\d{2}年(?=\d{1,2}月)|[’']\d{2}年"),
        "年份不能简写",
        "写出完整的四位年份，如“2023年”",
    ),
    (
        "N02",
        "error",
        lazy(r"\d{4}年0\d月|(?<=月)0\d日", needs=("年0", "月0")),
        "月、日前面不加“0”",
        "如“2024年3月5日”",
    ),
    (
        "N03",
        "error",
        lazy(
            r"(?<![\d.%])\d+(?:\.\d+)?[~～\-—–](?=\d+(?:\.\d+)?(?:%|万|亿))",
            needs=("~", "～", "-", "—", "–"),
        ),
        "数值范围的前一个数省略了“%”“万”“亿”，容易误解",
        "两个数都带上单位，如“15%～30%”",
    ),
    (
        "N04",
        "error",
        lazy(r"\d[十百千](?![米克瓦帕焦赫])"),
        "阿拉伯数字不能与“十、百、千”连用",
        "写成“3000人”或“三千人”",
    ),
    (
        "N05",
        "warning",
        lazy(r"(?<![、])[一二三四五六七八九]、[一二三四五六七八九十][个名人次天年岁万千百十余多]"),
        "相邻两数表示概数时中间不用顿号",
        "写成“三四个”这样的形式",
    ),
    (
        "N06",
        "error",
        lazy(r"[一二]零[零〇一二三四五六七八九]{2}年", needs=("零",)),
        "汉字年份中的“0”应写作“〇”",
        "写成“2024年”或“二〇二四年”",
    ),
    (
        "N07",
        "warning",
        lazy(r"(?<=\d)[~\-](?=\d)(?!\d{7})", needs=("~", "-")),
        "数值范围应使用“～”或“—”，不用“~”“-”",
        "改为“～”",
    ),
    (
        "N08",
        "warning",
        lazy(r"百分之[零一二三四五六七八九十百点]+", needs=("百分之",)),
        "统计数字应使用阿拉伯数字",
        "写成“50%”这样的形式",
    ),
    (
        "N09",
        "error",
        lazy(r"(?:^|(?<=[。；：！？]))\d+是"),
        "表示次序的“一是、二是”应使用汉字",
        "写成“一是”“二是”",
    ),
)

DATE_OK = lazy(r"^（?\d{4}年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日）?$")
SLOGAN_RE = lazy(r"“([^”]{1,8})”")
SLOGAN_DIGIT = lazy(rf"\d[{H}]")
DAY_NAME = lazy(r"\d+·\d+")

COUNT_RE = lazy(r"(\d+(?:\.\d+)?)\s*(万)?(名|人|个|户|所|次|家|元)")
PCT_RE = lazy(
    r"占(?:比|到|了)?(?P<base>[^\d，。；%]{0,10}的)?(?P<pct>\d+(?:\.\d+)?)%", needs=("%",)
)
# a named base must be the whole the count belongs to, not a larger area (占全县新兵的15%)
BASE_OK = lazy(
    r"(?:本镇|本乡|全镇|全乡|本街道|全街道)?(?:定兵|入伍|批准入伍|报名|应征|新兵|征集)?(?:总数|总人数|人数|数)的"
)
CN_COUNT_RE = lazy(
    r"(?<![第几数一二三四五六七八九十百千万两])([一二三四五六七八九十百千]{2,})(名|人|户|所)"
)
APPROX = lazy(r"[一二三四五六七八九]{2}")


def _date_findings(doc: Document, seg: Segment) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    t = seg.text.strip()
    if seg.meta_key == "date":
        from zhengbing.draft import format_date

        t = format_date(t)
    if DATE_OK.match(t):
        return
    yield report.error(
        seg,
        0,
        len(seg.text),
        f"日期格式不规范：“{seg.text}”。",
        "写成“2024年3月1日”（阿拉伯数字，月、日不加“0”）",
        code="N10",
    )


def _percent_findings(doc: Document, seg: Segment) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    t = seg.text
    counts = [
        (
            m.start(),
            m.end(),
            float(m.group(1)) * (10000 if m.group(2) else 1),
            "人" if m.group(3) == "名" else m.group(3),
        )
        for m in COUNT_RE.finditer(t)
    ]
    for pm in PCT_RE.finditer(t):
        base = pm.group("base")
        if base and not BASE_OK.fullmatch(base):
            continue
        before = [c for c in counts if c[1] <= pm.start()]
        if not before:
            continue
        part = before[-1]
        # the part must be in the same clause run as the percentage (…87名，占67.97%)
        if "。" in t[part[1] : pm.start()] or "；" in t[part[1] : pm.start()]:
            continue
        total = None
        k = t.rfind("其中", 0, part[0])
        if k >= 0 and "。" not in t[k : part[0]]:
            candidates = [c for c in counts if c[1] <= k and c[3] == part[3]]
            if candidates and "。" not in t[candidates[-1][1] : k]:
                total = candidates[-1]
        if total is None:
            sent_start = max(t.rfind("。", 0, part[0]), t.rfind("；", 0, part[0])) + 1
            candidates = [
                c for c in counts if sent_start <= c[0] and c[1] <= part[0] and c[3] == part[3]
            ]
            if candidates:
                total = candidates[0]
        if total is None or total[2] <= 0 or total[2] <= part[2]:
            continue
        stated_text = pm.group("pct")
        stated = float(stated_text)
        decimals = len(stated_text.split(".")[1]) if "." in stated_text else 0
        computed = part[2] / total[2] * 100
        if abs(computed - stated) <= 10 ** (-decimals) + 1e-9:
            continue
        shown = f"{computed:.2f}"
        yield report.error(
            seg,
            pm.start("pct"),
            pm.end(),
            (
                f"百分比与同句中的数字对不上：{t[part[0] : part[1]]}÷{t[total[0] : total[1]]}"
                f"＝{shown}%，文中写的是{stated_text}%。"
            ),
            f"改为“{computed:.{decimals}f}%”，或核对两个数字",
        )


@register(RULE, "数字用法")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    arabic_units: set[str] = set()
    cn_counts: list[tuple[Segment, re.Match[str]]] = []
    for seg in text_segments(doc):
        t = seg.text
        if seg.role == DATE or (seg.role == BYLINE and re.match(r"^[（(]?[\d〇一二零]{4}", t)):
            yield from _date_findings(doc, seg)
            continue
        for code, severity, pattern, message, suggestion in SIMPLE:
            for m in pattern.finditer(t):
                if code == "N05" and m.start() == 0:
                    continue  # 三、四个…: a heading number, not an approximation
                yield report(
                    severity, seg, *m.span(), f"{message}：“{m.group(0)}”。", suggestion, code=code
                )
        for m in SLOGAN_RE.finditer(t):
            inner = m.group(1)
            if SLOGAN_DIGIT.search(inner) and not DAY_NAME.search(inner):
                yield report.warning(
                    seg,
                    *m.span(),
                    f"固定提法中的数字应使用汉字：“{inner}”。",
                    "如“四个坚持”",
                    code="N11",
                )
        if seg.role == PARAGRAPH:
            yield from _percent_findings(doc, seg)
        for m in COUNT_RE.finditer(t):
            arabic_units.add(m.group(3))
        for m in CN_COUNT_RE.finditer(t):
            cn_counts.append((seg, m))
    for seg, m in cn_counts:
        value = cn_to_int(m.group(1))
        if (
            value is None
            or value < 10
            or APPROX.search(m.group(1))
            or m.group(2) not in arabic_units
        ):
            continue
        yield report.warning(
            seg,
            *m.span(),
            f"同类数字写法不一致：这里写“{m.group(0)}”，文中其他地方用阿拉伯数字。",
            f"统一写成“{value}{m.group(2)}”",
        )
