"""debris: what a web page leaves in pasted text — source URLs, upload and view-count lines,
page numbers, newspaper page ids, "download the document" tails and collection banners.

Reported once per document (网页残留) with every line to delete. The engine also asks
:func:`debris_spans` for these lines and for inline furniture (URLs, timestamps, page ids), so
that no other rule reports them as number, Latin or placeholder faults.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zhengbing.check.lazyre import lazy
from zhengbing.check.model import Document, Finding, Segment
from zhengbing.check.registry import register

RULE = "debris"
MAX_LINE = 80  # page furniture is short; a long line is prose even when it names a source

# a whole line that is furniture by its shape
LINE_SHAPES = lazy(
    r"^(?:"
    r"(?:https?://|www\.)\S+"  # a bare address
    # a bare timestamp (a date alone may be a signature date written loosely: numbers N10)
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"|[-－—–]\s*\d{1,4}\s*[-－—–]"  # - 2 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"  # 第 3 页 共 12 页
    r"|共\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*第\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"  # 3/12
    r"|(?:第\s*)?[A-Z]?\d{1,3}\s*版(?:\s*[:：].{0,30})?"  # A03版, 第3版：要闻
    r")$"
)
# words that only page furniture uses (upload lines, view counts, share bars, paywalls, banners)
FURNITURE = lazy(
    r"发布时间|发布日期|发稿时间|上传时间|更新时间|浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|"
    r"访问量|责任编辑|(?:^|(?<=[\s（(【]))(?:编辑|来源|作者|供稿|通讯员)[:：]|信息来源|字号[:：]|【字体|【打印|【关闭|打印本页|关闭窗口|"
    r"分享到|扫一扫|手机打开|还剩\s*\d+\s*页|继续阅读|展开全文|阅读全文|下载文档|立即下载|"
    r"免费下载|查找使用更方便|文档贡献者|本文档由|用户上传|下载积分|会员免费|VIP|文档精选|"
    r"精选\s*[\d一二三四五六七八九十]+\s*篇|仅供参考|word版|Word版|可编辑|版权所有|侵权必究|"
    r"如有侵权|联系删除|返回顶部|上一篇|下一篇|相关阅读|推荐阅读|首页\s*[>＞»›]|当前位置|您的位置|"
    r"现在的位置|上传者|上传人"
)
# furniture inside a line of prose: masked for the other rules, never reported by this one
INLINE = lazy(
    r"https?://[^\s，。；、）)】]+|www\.[A-Za-z0-9.\-/_%?=&]+|[\w.\-]+@[\w.\-]+\.[A-Za-z]{2,}"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"|(?<![\d:])\d{1,2}:\d{2}:\d{2}(?![\d:])"
    r"|(?<![A-Za-z0-9])[A-Z]\d{1,3}版"
)


@dataclass(frozen=True)
class Debris:
    """Where a document's page furniture is: whole lines and spans inside lines."""

    lines: tuple[tuple[Segment, int, int], ...]  # (segment, start, end) of each whole line
    spans: dict[int, tuple[tuple[int, int], ...]]  # id(segment) -> spans to ignore


def line_is_debris(line: str) -> bool:
    """Whether one line of text is page furniture as a whole."""
    text = line.strip(" \t\u3000\u00a0（）()【】[]")
    if not text or len(text) > MAX_LINE:
        return False
    if LINE_SHAPES.match(text):
        return True
    hits = FURNITURE.findall(text)
    if not hits:
        return False
    # a sentence that happens to name a source ends like prose and has more words than labels
    return not (text.endswith("。") and len(text) > 30 and len(hits) < 2)


def find_debris(doc: Document) -> Debris:
    lines: list[tuple[Segment, int, int]] = []
    spans: dict[int, tuple[tuple[int, int], ...]] = {}
    for seg in doc.segments:
        if seg.meta_key:
            continue
        found: list[tuple[int, int]] = []
        start = 0
        for part in seg.text.split("\n"):
            end = start + len(part)
            if line_is_debris(part):
                lines.append((seg, start, end))
                found.append((start, end))
            start = end + 1
        found.extend(m.span() for m in INLINE.finditer(seg.text))
        if found:
            spans[id(seg)] = tuple(found)
    return Debris(tuple(lines), spans)


def debris_of(doc: Document, cache: dict[str, object]) -> Debris:
    hit = cache.get("debris")
    if isinstance(hit, Debris):
        return hit
    found = find_debris(doc)
    cache["debris"] = found
    return found


def _where(doc: Document, seg: Segment, start: int) -> int | None:
    if seg.paragraph is not None:
        return seg.paragraph
    return seg.locate(start)[0]


@register(RULE, "网页残留")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    cache = getattr(ctx, "cache", None)
    found = debris_of(doc, cache) if isinstance(cache, dict) else find_debris(doc)
    if not found.lines:
        return
    seg, start, end = found.lines[0]
    numbers = [n for n in (_where(doc, s, b) for s, b, _ in found.lines) if n is not None]
    unit = "段" if seg.paragraph is not None else "行"
    listed = "、".join(str(n) for n in dict.fromkeys(numbers))
    finding = doc.finding(
        seg,
        start,
        end,
        rule=RULE,
        severity="error",
        message=(
            f"网页残留：第 {listed} {unit}是从网页复制时带来的来源、时间、页码或下载提示，"
            "不属于正文。"
        ),
        suggestion=f"删去这 {len(found.lines)} {unit}",
    )
    finding.count = len(found.lines)
    finding.lines = tuple(n for n in dict.fromkeys(numbers) if n != numbers[0])
    yield finding
