"""numbering: 一是/二是 sequences, 第一/第二, 首先/其次, heading numbers 一、（一）1.（1） and their form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zhengbing.check.lazyre import LazyPattern, lazy
from zhengbing.check.model import HEADING, PARAGRAPH, TITLE, Document, Finding, Segment
from zhengbing.check.registry import register
from zhengbing.check.rules._util import Reporter
from zhengbing.dialect import cn_to_int, int_to_cn, marker

RULE = "numbering"
CN = "一二三四五六七八九十"

# marker forms (gongwen-format.md d.3)
FORM_RULES: tuple[tuple[str, LazyPattern, str, str], ...] = (
    (
        "S01",
        lazy(rf"^[{CN}]+(?:[，,.．:：]|\s+(?=\S))"),
        "一级标题序号后应使用顿号“、”",
        "写成“一、”",
    ),
    (
        "S02",
        lazy(rf"^[（(][{CN}]+[）)][、，,.．:：]"),
        "“（一）”后面不加标点",
        "删去括号后的标点",
    ),
    (
        "S03",
        lazy(r"^\d{1,2}[、，,．:：](?!\d)"),
        "三级标题序号应写成“1.”（半角句点）",
        "写成“1.”",
    ),
    (
        "S04",
        lazy(rf"^\((?:[{CN}]+|\d{{1,2}})\)|^（\d{{1,2}}）[、，,.．]"),
        "“（一）”“（1）”应使用全角括号，括号后不加标点",
        "写成“（一）”或“（1）”",
    ),
)

SEQ_RE = lazy(rf"(?:^|(?<=[。；：！？]))[“‘\s]*([{CN}]{{1,3}})是(?!\1)")
# “一是……，二是……” in one sentence: a comma before n是 only ever continues an open list
SEQ_AFTER_COMMA_RE = lazy(rf"(?<=[，,])([{CN}]{{1,3}})是(?!\1)", needs=("是",))
ORDINAL_RE = lazy(rf"(?:^|(?<=[。；：！？]))[“‘\s]*第([{CN}]{{1,3}})(?=[，,、：:])")
ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 9}
ORDER_RE = lazy(r"(?:^|(?<=[。；：！？]))[“‘\s]*(首先|其次|再次|最后)(?=[，,])")


@dataclass
class _Seq:
    last: int = 0
    only_one: tuple[Segment, int, int] | None = None  # the 一是 of a list that has nothing else
    seg: Segment | None = None  # where the last item of the open list is


def _is_scope_start(seg: Segment) -> bool:
    return seg.role in (HEADING, TITLE) or marker(seg.text) is not None


def _sequence_findings(doc: Document, regex: LazyPattern, fmt: str) -> Iterator[Finding]:
    """一是/二是 (fmt "{}是") and 第一/第二 (fmt "第{}") within each heading scope."""
    report = Reporter(doc, RULE)
    state = _Seq()

    def close() -> Iterator[Finding]:
        if state.only_one is not None:
            seg, s, e = state.only_one
            yield report.warning(
                seg,
                s,
                e,
                f"这一组只有“{fmt.format('一')}”，没有“{fmt.format('二')}”。",
                f"补上“{fmt.format('二')}……”，或删去“{fmt.format('一')}”改为连贯表述",
            )

    for seg in doc.segments:
        if seg.role not in (PARAGRAPH, HEADING, TITLE):
            continue
        if _is_scope_start(seg):
            yield from close()
            state = _Seq()
        matches = [(m, False) for m in regex.finditer(seg.text)]
        if regex is SEQ_RE:
            matches += [(m, True) for m in SEQ_AFTER_COMMA_RE.finditer(seg.text)]
            matches.sort(key=lambda x: x[0].start())
        for m, after_comma in matches:
            n = cn_to_int(m.group(1))
            if n is None:
                continue
            if after_comma:
                if n == 1 and (state.last == 0 or state.seg is not seg or state.last >= 2):
                    # “……三个方面，一是……。二是……”: a list opened after a comma, anywhere in
                    # the paragraph (not only at its start); an unfinished one is not reported
                    state.last = 1
                    state.only_one = None
                    state.seg = seg
                elif state.last >= 1 and n == state.last + 1:
                    state.last = n
                    state.only_one = None
                    state.seg = seg
                continue
            s, e = m.start(1), m.end(0)
            if regex is SEQ_RE:
                e = m.end(1) + 1
            word = fmt.format(m.group(1))
            if n == 1:
                if state.only_one is not None:
                    prev_seg = state.only_one[0]
                    where = "本段" if prev_seg is seg else "前文"
                    yield report.error(
                        seg,
                        s,
                        e,
                        f"重复的“{word}”：{where}的“{word}”之后还没有“{fmt.format('二')}”。",
                        f"改为“{fmt.format('二')}”，或合并两处内容",
                    )
                elif (
                    state.last >= 2 and state.seg is seg and seg.text[:s].rstrip("“‘ ")[-1:] != "："
                ):
                    # a list restarting inside one paragraph (not after a colon that opens a new one)
                    prev = fmt.format(int_to_cn(state.last))
                    yield report.warning(
                        seg,
                        s,
                        e,
                        f"同一段中序号在“{prev}”之后又从“{word}”开始。",
                        f"如是同一组，改为“{fmt.format(int_to_cn(state.last + 1))}”；如是新的一组，另起一段",
                    )
                state.last = 1
                state.only_one = (seg, s, e)
                state.seg = seg
                continue
            expected = state.last + 1
            if state.last == 0:
                yield report.error(
                    seg,
                    s,
                    e,
                    f"“{word}”前面没有“{fmt.format('一')}”。",
                    f"检查序号，从“{fmt.format('一')}”开始",
                )
            elif n == state.last:
                yield report.error(
                    seg,
                    s,
                    e,
                    f"重复的“{word}”。",
                    f"改为“{fmt.format(int_to_cn(expected))}”，后面的序号依次顺延",
                )
            elif n > expected:
                missing = "、".join(fmt.format(int_to_cn(k)) for k in range(expected, n))
                yield report.error(
                    seg,
                    s,
                    e,
                    f"序号跳过了“{missing}”。",
                    f"改为“{fmt.format(int_to_cn(expected))}”",
                )
            elif n < state.last:
                yield report.error(
                    seg,
                    s,
                    e,
                    f"序号倒退：前面已经到了“{fmt.format(int_to_cn(state.last))}”，这里又是“{word}”。",
                    f"改为“{fmt.format(int_to_cn(expected))}”",
                )
            state.last = n
            state.only_one = None
            state.seg = seg
    yield from close()


def _order_findings(doc: Document) -> Iterator[Finding]:
    """首先 → 其次 → 再次 → 最后 within each heading scope (warnings)."""
    report = Reporter(doc, RULE)
    last = 0
    for seg in doc.segments:
        if seg.role not in (PARAGRAPH, HEADING, TITLE):
            continue
        if _is_scope_start(seg):
            last = 0
        for m in ORDER_RE.finditer(seg.text):
            word = m.group(1)
            n = ORDER_WORDS[word]
            if n == 9:
                last = 0
                continue
            if n == 1 and last == 1:
                yield report.warning(
                    seg,
                    *m.span(1),
                    "又出现“首先”：前一个“首先”之后没有“其次”。",
                    "改为“其次”或“再次”",
                )
            elif n >= 2 and last == 0:
                yield report.warning(
                    seg, *m.span(1), f"“{word}”前面没有“首先”。", "检查层次，前文用“首先”开头"
                )
            elif n >= 2 and n != last + 1:
                prev = {1: "首先", 2: "其次", 3: "再次"}.get(last, "")
                yield report.warning(
                    seg,
                    *m.span(1),
                    f"“{prev}”之后接“{word}”，顺序不对。",
                    "按“首先、其次、再次、最后”的顺序",
                )
            last = n


_LEVEL_FMT = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}


def _marker(level: int, n: int) -> str:
    return _LEVEL_FMT[level].format(int_to_cn(n) if level <= 2 else n)


def _inline_list(text: str, level: int, number: int, after: int) -> bool:
    """The paragraph goes on to the next item of the same level (（1）……（2）……)."""
    nxt = number + 1
    forms = {
        1: (f"{int_to_cn(nxt)}、",),
        2: (f"（{int_to_cn(nxt)}）", f"({int_to_cn(nxt)})"),
        3: (f"{nxt}.", f"{nxt}．", f"{nxt}、"),
        4: (f"（{nxt}）", f"({nxt})"),
    }[level]
    for form in forms:
        k = text.find(form, after)
        while k > 0:
            # 2.5万元 is a number, not the item “2.”; 12. is not “2.” either
            digit_around = (
                text[k - 1 : k].isdigit() or text[k + len(form) : k + len(form) + 1].isdigit()
            )
            if not (level == 3 and digit_around):
                return True
            k = text.find(form, k + 1)
    return False


def _heading_findings(doc: Document) -> Iterator[Finding]:
    """Heading numbers per article: a second title (a web collection's 篇二) starts afresh."""
    articles: list[list[tuple[Segment, int, int, str]]] = [[]]
    for seg in doc.segments:
        if seg.role == TITLE and articles[-1]:
            articles.append([])
        if seg.role not in (HEADING, PARAGRAPH):
            continue
        found = marker(seg.text)
        if found:
            level, number, text = found.level, found.number, found.text
            if seg.role == PARAGRAPH and _inline_list(seg.text, level, number, len(text)):
                continue  # “（1）……；（2）……” is an enumeration inside a paragraph, not a heading
            articles[-1].append((seg, level, number, text))
    for items in articles:
        yield from _article_heading_findings(doc, items)


def _article_heading_findings(
    doc: Document, items: list[tuple[Segment, int, int, str]]
) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    used = {level for _, level, _, _ in items}
    last = {1: 0, 2: 0, 3: 0, 4: 0}
    for seg, level, number, text in items:
        if level >= 2 and last[level - 1] == 0:
            parent = _marker(level - 1, 1)
            if level == 3 and 2 not in used and last[1] > 0:
                yield report.warning(
                    seg,
                    0,
                    len(text),
                    f"“{text}”直接跟在“一、”级标题下，缺少“（一）”一级（短文稿中常见）。",
                    "如层次较多，请补上“（一）”一级",
                )
            elif level == 4 and last[3] == 0 and last[2] > 0 and 3 not in used:
                yield report.warning(
                    seg,
                    0,
                    len(text),
                    f"“{text}”直接跟在“（一）”级标题下，缺少“1.”一级。",
                    "补上“1.”一级，或把“（1）”改为“1.”",
                )
            elif number == 1 or last[level] == 0:
                yield report.error(
                    seg,
                    0,
                    len(text),
                    f"“{text}”上面没有上一级标题“{parent}”，标题层级跳级。",
                    f"补上“{parent}”一级，或把本级改为“{_marker(level - 1, number)}”",
                )
        expected = last[level] + 1
        if number != expected:
            if number == last[level]:
                what = f"与上一个标题序号重复（“{text}”）"
            elif number < expected:
                what = f"序号重新开始或倒退（前面已到“{_marker(level, last[level])}”）"
            elif last[level] == 0:
                what = f"这一级应从“{_marker(level, 1)}”开始"
            else:
                what = f"序号不连续（上一个是“{_marker(level, last[level])}”）"
            yield report.error(
                seg, 0, len(text), f"标题序号“{text}”{what}。", f"改为“{_marker(level, expected)}”"
            )
        last[level] = number
        for deeper in range(level + 1, 5):
            last[deeper] = 0


def _form_findings(doc: Document) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    for seg in doc.segments:
        if seg.role not in (HEADING, PARAGRAPH):
            continue
        for code, pattern, message, suggestion in FORM_RULES:
            m = pattern.match(seg.text)
            if m:
                yield report.error(
                    seg, 0, m.end(), f"{message}：“{m.group(0).strip()}”。", suggestion, code=code
                )
                break


@register(RULE, "序号与层次")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    yield from _form_findings(doc)
    yield from _heading_findings(doc)
    yield from _sequence_findings(doc, SEQ_RE, "{}是")
    yield from _sequence_findings(doc, ORDINAL_RE, "第{}")
    yield from _order_findings(doc)
