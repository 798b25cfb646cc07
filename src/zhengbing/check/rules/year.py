"""year: years that do not fit the document's year (profile, front matter, title), allowing past
references (2021年修订的兵役法, 2023年以来, 上年/去年 comparisons) and plans for the next year."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhengbing.check.context import Context, years_in
from zhengbing.check.lazyre import lazy
from zhengbing.check.model import BYLINE, DATE, META, SUBTITLE, TITLE, Document, Finding, Segment
from zhengbing.check.registry import register
from zhengbing.check.rules._util import Reporter, text_segments
from zhengbing.kinds import looks_back

RULE = "year"
YEAR = r"((?:19|20)\d{2})"

SELF_RE = lazy(
    YEAR + r"年(?:度)?[^。！？；\n]{0,24}?(?:总结|汇报|报告|述职|小结)如下", needs=("如下",)
)
THIS_YEAR_RE = lazy(
    r"(今年|本年度|今年度|本年|去年|上年|上一年|明年|下一年)[（(]?(?:是|即)?" + YEAR + r"年",
    needs=("今年", "本年", "去年", "上年", "上一年", "明年", "下一年"),
)
RELATIVE = {"去年": -1, "上年": -1, "上一年": -1, "明年": 1, "下一年": 1}
WORK_RE = lazy(
    YEAR
    + r"年(?:度)?(?:的)?(?:上半年|下半年|冬季|春季|秋季|夏秋季|全年)?(?:的)?"
    + r"(?:征兵|征集|兵役登记|新兵|应征|入伍|定兵|预征)"
)
# a year opening a sentence that looks ahead (2020年，我镇将继续…): only the coming years fit
AHEAD_RE = lazy(
    r"(?:^|(?<=[。！？；\n]))[“\s]*" + YEAR + r"年(?:度)?[，,](?P<rest>[^。！？；\n]{0,60})",
    needs=("年",),
)
AHEAD_WORDS = lazy(
    r"将(?:继续|进一步|全力|坚持|着力|重点|紧紧|围绕|按照|更加|持续|切实|认真|努力|不断|全面|深入|"
    r"以)|力争|争取|计划|拟|预计|目标是|打算|要(?:继续|进一步|全力|坚持|着力|重点|紧紧)"
)
PAST_WORDS = lazy(r"以来|至今|以前|之前|期间|当年|那年|截至|截止|回顾|曾|已经|已")
# words that make a year a reference to the past (or a plan) rather than "this year"
MARKERS = lazy(
    r"以来|至今|以前|之前|曾|自|从|历年|连续|相比|对比|比|较|同比|修订|修正|颁布|施行|印发|出台|发布|制定|"
    r"公布|起|开始|当年|那年|回顾|截至|截止|到|至|前|期间|先后|分别|累计|上年|去年|前年|与|获|评为|表彰|"
    r"先进|荣|被|经验|规划|目标|计划|展望|力争|预计|调整|改革|实施|以后|后|当时|那次"
)


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in "。！？；，") + 1
    rights = [p for p in (text.find(c, end) for c in "。！？；，") if p >= 0]
    return text[left : min(rights) if rights else len(text)]


def _doc_year(doc: Document, ctx: Context) -> tuple[int | None, list[Finding]]:
    """The year the document is about, and findings where its own statements disagree."""
    report = Reporter(doc, RULE)
    findings: list[Finding] = []
    year = ctx.year
    if year is None:
        return None, findings
    own = ctx.years.get("文件头") or ctx.years.get("标题")
    if ctx.year_source == "工作区" and own is not None and own == year - 1 and looks_back(ctx.kind):
        year = own  # last year's summary, written in the new working year
    for seg in doc.segments:
        if seg.role not in (TITLE, SUBTITLE) and seg.meta_key != "year":
            continue
        for m in re.finditer(YEAR + r"(?=\s*年|$)", seg.text):
            y = int(m.group(1))
            if y != year:
                findings.append(
                    report.error(
                        seg,
                        *m.span(1),
                        (
                            f"{'标题' if seg.role in (TITLE, SUBTITLE) else '文件头'}中的年份 {y} "
                            f"与文稿年度 {year}（来自{ctx.year_source}）不一致。"
                        ),
                        f"改为“{year}”，或核对工作区/文件头中的年度",
                    )
                )
            break
    return year, findings


def _body_findings(
    doc: Document, seg: Segment, year: int, looks_back_kind: bool = False
) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    t = seg.text
    reported: set[int] = set()
    for m in SELF_RE.finditer(t):
        y = int(m.group(1))
        if y != year:
            reported.add(m.start(1))
            yield report.error(
                seg,
                *m.span(1),
                f"文稿是 {year} 年的，这里却写“{m.group(0)}”（疑似套用旧稿）。",
                f"改为“{year}年”",
            )
    for m in THIS_YEAR_RE.finditer(t):
        y = int(m.group(2))
        word = m.group(1)
        meant = year + RELATIVE.get(word, 0)
        if y != meant and m.start(2) not in reported:
            reported.add(m.start(2))
            yield report.error(
                seg,
                *m.span(2),
                f"“{word}”写成了“{y}年”，文稿年度是 {year}，{word}应是 {meant} 年。",
                f"改为“{meant}年”",
            )
    for m in AHEAD_RE.finditer(t):
        y = int(m.group(1))
        rest = m.group("rest")
        if y >= year or m.start(1) in reported or not AHEAD_WORDS.search(rest):
            continue
        if PAST_WORDS.search(rest):
            continue
        reported.add(m.start(1))
        yield report.error(
            seg,
            *m.span(1),
            f"展望或部署的句子以过去的年份“{y}年”开头，文稿年度是 {year}（疑似套用旧稿）。",
            f"改为“{year + 1 if looks_back_kind else year}年”，或核对年份",
        )
    for m in WORK_RE.finditer(t):
        y = int(m.group(1))
        if m.start(1) in reported or y in (year, year - 1, year + 1):
            continue
        clause = _clause(t, m.start(), m.end())
        if MARKERS.search(clause.replace(m.group(0), "")):
            continue
        yield report.warning(
            seg,
            *m.span(1),
            f"“{m.group(0)}”与文稿年度 {year} 不一致（疑似套用旧稿）。",
            f"如指本年度，改为“{year}年”；如指往年，请写明（如“{y}年以来”“与{y}年相比”）",
        )


# anniversaries: "今年是建党100周年" is only true in one year, a classic residue of old templates
ANNIVERSARIES: dict[str, int] = {
    "中国共产党成立": 1921,
    "建党": 1921,
    "中华人民共和国成立": 1949,
    "新中国成立": 1949,
    "建国": 1949,
    "中国人民解放军建军": 1927,
    "人民解放军建军": 1927,
    "建军": 1927,
    "改革开放": 1978,
    "抗日战争胜利": 1945,
    "抗战胜利": 1945,
    "世界反法西斯战争胜利": 1945,
    "红军长征胜利": 1936,
    "长征胜利": 1936,
    "抗美援朝出国作战": 1950,
    "抗美援朝战争胜利": 1953,
    "香港回归": 1997,
    "澳门回归": 1999,
    "五四运动": 1919,
}
ANNIVERSARY_RE = lazy(
    "("
    + "|".join(sorted(ANNIVERSARIES, key=len, reverse=True))
    + r")(?:[^，。；！？\d]{0,4}?)([一二三四五六七八九十百零〇两]+|\d{1,3})周年",
    needs=("周年",),
)


def _anniversary_findings(doc: Document, seg: Segment, year: int) -> Iterator[Finding]:
    from zhengbing.dialect import cn_to_int

    report = Reporter(doc, RULE)
    t = seg.text
    for m in ANNIVERSARY_RE.finditer(t):
        stated = cn_to_int(m.group(2))
        if stated is None:
            continue
        expected = year - ANNIVERSARIES[m.group(1)]
        left = max(t.rfind(c, 0, m.start()) for c in "。！？；") + 1
        this_year = "今年" in t[left : m.start()]
        if stated == expected or (abs(stated - expected) <= 1 and not this_year):
            continue  # the anniversary itself, or (without 今年) the one just past or coming
        yield report(
            "error" if this_year else "warning",
            seg,
            m.start(2),
            m.end(),
            (
                f"“{m.group(0)}”与文稿年度 {year} 不符：{year} 年是{m.group(1)}{expected}周年"
                "（疑似套用旧稿）。"
            ),
            f"改为“{expected}周年”，或删去",
        )


@register(RULE, "年份一致")
def check(doc: Document, ctx: Context) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    year, findings = _doc_year(doc, ctx)
    if year is None:
        return
    yield from findings
    for seg in text_segments(doc):
        if seg.role in (TITLE, SUBTITLE) or seg.role == META:
            continue
        if seg.role in (DATE, BYLINE):
            ys = years_in(seg.text)
            # an older date is what a copied template leaves behind; a speech may be drafted late in
            # the year before, and a later date only says when the text was written
            if ys and ys[0] < year - 1 and ctx.year_source != "落款日期":
                yield report.error(
                    seg,
                    0,
                    len(seg.text),
                    f"日期中的年份 {ys[0]} 与文稿年度 {year} 不一致。",
                    "核对落款或讲话日期",
                )
            continue
        yield from _body_findings(doc, seg, year, looks_back(ctx.kind))
        yield from _anniversary_findings(doc, seg, year)
