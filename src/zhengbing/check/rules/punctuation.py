"""punctuation: GB/T 15834 as in gongwen-format.md d.2 (P01–P11), unpaired marks, doubled marks,
typed indentation (S05) and manual line breaks in body paragraphs (S06)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from zhengbing.check.lazyre import LazyPattern, lazy
from zhengbing.check.model import (
    BYLINE,
    DATE,
    HEADING,
    PARAGRAPH,
    SALUTATION,
    SIGNATURE,
    SUBTITLE,
    TITLE,
    Document,
    Finding,
    Segment,
)
from zhengbing.check.registry import register
from zhengbing.check.rules._util import Reporter, text_segments

RULE = "punctuation"
FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _has_han(text: str) -> bool:
    return any(_han(ch) for ch in text)


def _at(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


# (code, severity, pattern, condition on (text, match), message, suggestion). Conditions about
# Han characters are checked in Python: a Han character class costs milliseconds to compile.
Cond = Callable[[str, "re.Match[str]"], bool]
SIMPLE: tuple[tuple[str, str, LazyPattern, Cond | None, str, str], ...] = (
    (
        "P01",
        "error",
        lazy(r"[,;:?!]", needs=(",", ";", ":", "?", "!")),
        lambda t, m: _han(_at(t, m.start() - 1)) or _han(_at(t, m.end())),
        "中文中使用了半角标点",
        "",
    ),
    (
        "P02",
        "error",
        lazy(r"\([^()\n]*\)", needs=("(",)),
        lambda t, m: _has_han(m.group(0)),
        "中文内容使用了半角括号",
        "改为全角括号“（）”",
    ),
    (
        "P03",
        "error",
        lazy(r"\.(?![\d.A-Za-z])", needs=(".",)),
        lambda t, m: _han(_at(t, m.start() - 1)),
        "中文句末使用了半角句点“.”",
        "改为“。”",
    ),
    (
        "P04",
        "error",
        lazy(r'"[^"\n]*"', needs=('"',)),
        lambda t, m: _has_han(m.group(0)),
        "中文内容使用了半角引号",
        "改为“”",
    ),
    (
        "P05",
        "error",
        lazy(r"\.{3,}|。{2,}|(?<!…)…(?!…)|…{3,}", needs=(".", "。。", "…")),
        None,
        "省略号写法不对",
        "写成两个“…”：“……”",
    ),
    (
        "P06",
        "error",
        lazy(r"[ \t\u00a0]+", needs=(" ", "\t", "\u00a0")),
        lambda t, m: (
            (_han(_at(t, m.start() - 1)) or _at(t, m.start() - 1) in "，。、；：？！")
            and m.start() > 0
            and _han(_at(t, m.end()))
        ),
        "汉字之间有多余的空格（多为网上复制留下）",
        "删去空格",
    ),
    (
        "P07",
        "error",
        lazy(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05]+"),
        None,
        "使用了全角数字、字母或“％”",
        "改为半角",
    ),
    (
        "P08",
        "warning",
        lazy(r"[》”]、(?=[《“])", needs=("》、", "”、")),
        None,
        "并列的书名号或引号之间不用顿号",
        "删去顿号",
    ),
    (
        "P09",
        "warning",
        lazy(r"[-－]{1,2}|(?<!—)—(?!—)", needs=("-", "－", "—")),
        lambda t, m: _han(_at(t, m.start() - 1)) and _han(_at(t, m.end())),
        "破折号应为两个“—”，不能用连字符或单个“—”",
        "写成“——”",
    ),
    (
        "",
        "error",
        lazy(r"([，、；：？！])\1+|[，、；：][，。、；：？！]|[。？！][，、；：]"),
        None,
        "标点重复或连用",
        "保留一个合适的标点",
    ),
    ("", "error", lazy(r"《\s*》", needs=("《",)), None, "空的书名号", "填入书名或删去"),
    (
        "",
        "error",
        lazy(r"<<?[^<>\n]*>>?", needs=("<",)),
        lambda t, m: _has_han(m.group(0)),
        "书名号用了“<>”",
        "改为“《》”",
    ),
)

PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "〈": "〉", "【": "】", "(": ")"}
CLOSERS = {v: k for k, v in PAIRS.items()}
HALF_NUMBER_MARK = lazy(r"^\s*\(?(?:[一二三四五六七八九十]+|\d{1,2})$")


def _unpaired(text: str) -> list[tuple[int, str]]:
    stack: list[tuple[int, str]] = []
    bad: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            if ch == "《" and stack and stack[-1][1] == "《":
                bad.append((i, "nested"))
            stack.append((i, ch))
        elif ch in CLOSERS:
            opener = CLOSERS[ch]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][1] == opener:
                    del stack[k:]
                    break
            else:
                if ch in ")）" and HALF_NUMBER_MARK.match(text[:i]):
                    continue  # list marker 1）/一）
                bad.append((i, "closer"))
    bad.extend((i, "opener") for i, _ in stack)
    return sorted(bad)


@register(RULE, "标点符号")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    indented: list[Segment] = []
    for seg in text_segments(doc):
        t = seg.text
        skip_p01_at = len(t) - 1 if seg.role == SALUTATION else -1
        for code, severity, pattern, cond, message, suggestion in SIMPLE:
            for m in pattern.finditer(t):
                if cond is not None and not cond(t, m):
                    continue
                if code == "P06" and seg.role in (BYLINE, SIGNATURE, DATE):
                    if doc.fmt == "txt":
                        continue  # plain text has no other way to set the office apart from the name
                    yield report.warning(
                        seg,
                        *m.span(),
                        "署名中职务与姓名之间应使用一个全角空格。",
                        "改用全角空格“　”",
                        code=code,
                    )
                    continue
                if code == "P01" and m.start() == skip_p01_at:
                    continue
                if (
                    code == "P02"
                    and m.start() == 0
                    and re.match(r"^\((?:[一二三四五六七八九十]+|\d+)\)", t)
                ):
                    continue  # reported by numbering (S04)
                sugg = suggestion or f"改为“{FULL.get(m.group(0), m.group(0))}”"
                yield report(
                    severity, seg, *m.span(), f"{message}：“{m.group(0)}”。", sugg, code=code
                )
        for pos, what in _unpaired(t):
            ch = t[pos]
            if what == "nested":
                message, sugg = "书名号内又用了书名号", "书名号内的书名改用“〈〉”"
            elif what == "opener":
                message, sugg = f"“{ch}”没有配对的“{PAIRS[ch]}”", f"补上“{PAIRS[ch]}”或删去“{ch}”"
            else:
                message, sugg = (
                    f"“{ch}”前面没有配对的“{CLOSERS[ch]}”",
                    f"补上“{CLOSERS[ch]}”或删去“{ch}”",
                )
            yield report.error(seg, pos, pos + 1, message + "。", sugg)
        # P10 salutation
        if seg.role == SALUTATION and not t.endswith("："):
            yield report.error(
                seg,
                len(t) - 1,
                len(t),
                f"称呼语应以全角冒号“：”结尾：“{t}”。",
                f"改为“{t.rstrip(':：，,')}：”",
                code="P10",
            )
        # P11 titles and standalone headings
        if seg.role in (TITLE, SUBTITLE, HEADING) and t and t[-1] in "。，；：,;:":
            yield report.error(
                seg,
                len(t) - 1,
                len(t),
                f"标题末尾不加标点：“{t[-1]}”。",
                "删去标题末尾的标点",
                code="P11",
            )
        # S05 typed indentation (a .txt has no styles, so indentation by spaces is normal there);
        # reported once, at the first such paragraph: a whole file indented by hand is one fault
        if doc.fmt != "txt" and seg.leading_space and seg.role in (PARAGRAPH, HEADING):
            indented.append(seg)
        # S06 manual line breaks / tabs in body paragraphs
        if seg.breaks and seg.role in (PARAGRAPH, HEADING):
            where = min((i for i in (t.find("\n"), t.find("\t")) if i >= 0), default=0)
            yield doc.finding(
                seg,
                where,
                where + 1,
                rule=RULE,
                severity="error",
                message=f"正文段落中有 {seg.breaks} 处手动换行或制表符。",
                suggestion="删去手动换行（Shift+Enter）和制表符，让段落自然换行",
                code="S06",
                text=t[max(0, where - 8) : where].strip() + "↵",
            )
    if indented:
        first = indented[0]
        more = f"（全文共 {len(indented)} 段）" if len(indented) > 1 else ""
        f = doc.finding(
            first,
            0,
            1,
            rule=RULE,
            severity="error",
            message=f"段首用空格缩进{more}；缩进由样式负责，不要手工输入空格。",
            suggestion="删去段首的空格（Word 中可用“查找和替换”一次删去）",
            code="S05",
            text=first.leading_space,
        )
        if f.column is not None:
            f.column = max(1, f.column - len(first.leading_space))
        yield f
