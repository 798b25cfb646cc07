"""The draft dialect: Markdown with YAML front matter, parsed into a small block model.

Front matter keys (English or Chinese): title/标题, kind/文种, office/职务, speaker/讲话人,
unit/单位, date/日期, year/年度 and the optional keys in :data:`OPTIONAL_KEYS`.

Body: ``#`` title, ``##`` level 一、, ``###`` level （一）, ``####`` level 1.; heading text keeps
the number the author typed. A paragraph that starts with bold text has a lead-in
(``**一是……。**``). Tables are kept as tables. ``<!-- ... -->`` comments are notes for the
author and never reach the .docx. Every block keeps its 1-based source line.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from zhengbing import kinds
from zhengbing.mdparse import make_parser
from zhengbing.records import Record

# canonical key -> accepted spellings
CORE_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "标题"),
    "kind": ("kind", "文种"),
    "office": ("office", "职务"),
    "speaker": ("speaker", "讲话人", "报告人", "作者"),
    "unit": ("unit", "单位"),
    "date": ("date", "日期"),
    "year": ("year", "年度"),
}
OPTIONAL_KEYS: dict[str, tuple[str, ...]] = {
    "subtitle": ("subtitle", "副标题"),
    "salutation": ("salutation", "称谓"),
    "signature": ("signature", "落款"),
    "meeting": ("meeting", "会议"),
    "province": ("province", "省"),
    "city": ("city", "市"),
    "county": ("county", "县"),
    "region": ("region", "地区"),
    "outline": ("outline", "提纲"),
    "stats": ("stats", "统计"),
    "stats_sha256": ("stats_sha256", "统计哈希"),
    "record": ("record", "工作记录"),
    "figures": ("figures", "数据来源"),
    "citations": ("citations", "引用"),
    "generator": ("generator", "生成"),
    # corpus metadata (samples and imported documents are drafts too)
    "id": ("id", "编号"),
    "category": ("category", "类别"),
    "status": ("status", "时效性"),
    "source_note": ("source_note", "来源"),
    "license": ("license", "版权说明"),
    "issuer": ("issuer", "发布机关"),
    "doc_number": ("doc_number", "文号"),
    "published": ("published", "公布日期"),
    "effective": ("effective", "施行日期"),
    "version_date": ("version_date", "版本日期"),
    "short_title": ("short_title", "简称"),
    "replaces": ("replaces", "替代"),
    "replaced_by": ("replaced_by", "被替代"),
}
_ALIASES: dict[str, str] = {
    alias: key
    for table in (CORE_KEYS, OPTIONAL_KEYS)
    for key, names in table.items()
    for alias in names
}


def normalise_kind(value: str) -> str | None:
    """Map a drafted kind or its alias (讲话, speech, 讲话稿, …) to its name in :mod:`zhengbing.kinds`."""
    return kinds.drafted_kind(value)


class Problem(Record):
    __slots__ = ("line", "severity", "message")

    def __init__(self, line: int, severity: str, message: str) -> None:
        self.line = line
        self.severity = severity  # "error" | "warning"
        self.message = message


class Run(Record):
    __slots__ = ("text", "bold", "italic")

    def __init__(self, text: str, bold: bool = False, italic: bool = False) -> None:
        self.text = text
        self.bold = bold
        self.italic = italic


class Heading(Record):
    __slots__ = ("level", "text", "line")

    def __init__(self, level: int, text: str, line: int) -> None:
        self.level = level  # 1 = title (#), 2 = 一、 (##), 3 = （一） (###), 4 = 1. (####)
        self.text = text
        self.line = line


class Paragraph(Record):
    __slots__ = ("runs", "line", "quote")

    def __init__(self, runs: list[Run], line: int, quote: bool = False) -> None:
        self.runs = runs
        self.line = line
        self.quote = quote  # inside a > block quotation

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def has_lead(self) -> bool:
        return bool(self.runs) and self.runs[0].bold and bool(self.runs[0].text.strip())


class Table(Record):
    __slots__ = ("header", "rows", "line")

    def __init__(self, header: list[str], rows: list[list[str]], line: int) -> None:
        self.header = header
        self.rows = rows
        self.line = line


class Comment(Record):
    __slots__ = ("text", "line")

    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line


Block = Heading | Paragraph | Table | Comment


class Meta(Record):
    __slots__ = ("title", "kind", "office", "speaker", "unit", "date", "year", "extra")

    def __init__(
        self,
        title: str = "",
        kind: str = "",
        office: str = "",
        speaker: str = "",
        unit: str = "",
        date: str = "",
        year: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.title = title
        self.kind = kind
        self.office = office
        self.speaker = speaker
        self.unit = unit
        self.date = date
        self.year = year
        self.extra: dict[str, Any] = {} if extra is None else extra

    def get(self, key: str, default: Any = None) -> Any:
        if key in CORE_KEYS:
            return getattr(self, key) or default
        return self.extra.get(key, default)


class Draft(Record):
    __slots__ = ("meta", "blocks", "problems", "source", "body_start_line")

    def __init__(
        self,
        meta: Meta,
        blocks: list[Block],
        problems: list[Problem],
        source: str = "<草稿>",
        body_start_line: int = 1,
    ) -> None:
        self.meta = meta
        self.blocks = blocks
        self.problems = problems
        self.source = source
        self.body_start_line = body_start_line  # first line after the front matter

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def title(self) -> str:
        for b in self.blocks:
            if isinstance(b, Heading) and b.level == 1:
                return b.text
        return self.meta.title

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")


def format_date(value: Any) -> str:
    """Dates as 9704 wants them: 2024年3月1日 (no leading zeros); other text is returned as is."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value).strip()
    m = _DATE_RE.match(text)
    if m:
        return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
    return text


def _parse_front_matter(
    content: str, source: str, first_line: int, problems: list[Problem]
) -> Meta:
    from zhengbing.frontmatter import FrontMatterError, load_front_matter

    meta = Meta()
    try:
        data = load_front_matter(content)
    except FrontMatterError as exc:
        if exc.problem == "mapping":
            problems.append(
                Problem(
                    first_line, "error", f"{source} 第 {first_line} 行：文件头应是“键: 值”的形式。"
                )
            )
            return meta
        line = first_line - 1 + (exc.line or 2)
        problems.append(
            Problem(
                line,
                "error",
                f"{source} 第 {line} 行：文件头（YAML）格式有误，请检查冒号和缩进。",
            )
        )
        return meta
    for raw_key, value in data.items():
        key = _ALIASES.get(str(raw_key).strip())
        if key is None:
            known = "、".join(names[-1] for names in CORE_KEYS.values())
            problems.append(
                Problem(
                    first_line,
                    "warning",
                    f"{source}：文件头中的“{raw_key}”不是已知的键，已忽略（可用的键：{known} 等）。",
                )
            )
            continue
        if key == "year":
            try:
                meta.year = int(str(value).strip().rstrip("年"))
            except ValueError:
                problems.append(
                    Problem(
                        first_line,
                        "error",
                        f"{source}：年度“{value}”不是年份，请写成 2024 这样的四位数。",
                    )
                )
        elif key == "date":
            meta.date = format_date(value) if value is not None else ""
        elif key == "kind":
            kind = normalise_kind(str(value))
            if kind is None:
                problems.append(
                    Problem(
                        first_line,
                        "error",
                        f"{source}：文种“{value}”无法识别，请写 {kinds.drafted_choices(' 或 ')}。",
                    )
                )
            else:
                meta.kind = kind
        elif key in CORE_KEYS:
            setattr(meta, key, "" if value is None else str(value).strip())
        else:
            meta.extra[key] = value
    if meta.year is None and meta.date:
        m = re.match(r"(\d{4})年", meta.date)
        if m:
            meta.year = int(m.group(1))
    return meta


def _inline_runs(token: Any) -> list[Run]:
    runs: list[Run] = []
    bold = 0
    italic = 0
    for child in token.children or []:
        t = child.type
        if t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t in ("text", "code_inline"):
            if child.content:
                runs.append(Run(child.content, bold > 0, italic > 0))
        elif t == "softbreak":
            runs.append(Run(" ", bold > 0, italic > 0))
        elif t == "hardbreak":
            runs.append(Run("\n", bold > 0, italic > 0))
        elif t == "html_inline":
            continue  # inline HTML/comments are author notes
        elif t == "image":
            runs.append(Run(child.content, bold > 0, italic > 0))
    # merge neighbours with the same formatting
    merged: list[Run] = []
    for r in runs:
        if merged and merged[-1].bold == r.bold and merged[-1].italic == r.italic:
            merged[-1] = Run(merged[-1].text + r.text, r.bold, r.italic)
        else:
            merged.append(r)
    return merged


_COMMENT_RE = re.compile(r"^\s*<!--(.*?)-->\s*$", re.S)


def parse_draft(text: str, source: str = "<草稿>") -> Draft:
    """Parse a draft. Never raises for content problems: they are listed in ``Draft.problems``."""
    problems: list[Problem] = []
    meta = Meta()
    if text.startswith("\ufeff"):
        text = text[1:]
    tokens = make_parser().parse(text)
    blocks: list[Block] = []
    body_start = 1
    quote_depth = 0
    list_stack: list[list[int]] = []  # [next number] for ordered lists, [-1] for bullets
    pending_prefix = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] + 1) if tok.map else 0
        if tok.type == "front_matter":
            meta = _parse_front_matter(tok.content, source, line, problems)
            body_start = (tok.map[1] + 1) if tok.map else 1
        elif tok.type == "heading_open":
            level = int(tok.tag[1])
            inline = tokens[i + 1]
            text_ = "".join(r.text for r in _inline_runs(inline)).strip()
            if level > 4:
                problems.append(
                    Problem(
                        line,
                        "error",
                        f"{source} 第 {line} 行：标题层级过深（{'#' * level}）。公文只用到 #### "
                        "（即“1.”一级），更细的层次请写成“（1）”开头的段落。",
                    )
                )
                level = 4
            blocks.append(Heading(level, text_, line))
            i += 3
            continue
        elif tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "ordered_list_open":
            list_stack.append([int(tok.attrGet("start") or 1)])
        elif tok.type == "bullet_list_open":
            list_stack.append([-1])
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            list_stack.pop()
        elif tok.type == "list_item_open":
            if list_stack and list_stack[-1][0] >= 0:
                pending_prefix = f"{list_stack[-1][0]}."
                list_stack[-1][0] += 1
            else:
                pending_prefix = ""
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            runs = _inline_runs(inline)
            if pending_prefix:
                runs.insert(0, Run(pending_prefix))
                pending_prefix = ""
            if runs and "".join(r.text for r in runs).strip():
                blocks.append(Paragraph(runs, line, quote=quote_depth > 0))
            i += 3
            continue
        elif tok.type == "table_open":
            header: list[str] = []
            rows: list[list[str]] = []
            current: list[str] = []
            in_head = False
            j = i + 1
            while j < len(tokens) and tokens[j].type != "table_close":
                t = tokens[j]
                if t.type == "thead_open":
                    in_head = True
                elif t.type == "thead_close":
                    in_head = False
                elif t.type == "tr_open":
                    current = []
                elif t.type == "tr_close":
                    (header.extend(current) if in_head else rows.append(current))
                elif t.type == "inline":
                    current.append("".join(r.text for r in _inline_runs(t)).strip())
                j += 1
            blocks.append(Table(header, rows, line))
            i = j + 1
            continue
        elif tok.type == "html_block":
            m = _COMMENT_RE.match(tok.content)
            blocks.append(Comment(m.group(1).strip() if m else tok.content.strip(), line))
        elif tok.type in ("fence", "code_block"):
            for k, code_line in enumerate(tok.content.rstrip("\n").split("\n")):
                if code_line.strip():
                    blocks.append(Paragraph([Run(code_line.strip())], line + k + 1))
        i += 1

    check_structure(blocks, meta, source, problems, body_start)
    return Draft(meta, blocks, problems, source, body_start)


def check_structure(
    blocks: list[Block], meta: Meta, source: str, problems: list[Problem], body_start: int
) -> None:
    headings = [b for b in blocks if isinstance(b, Heading)]
    content = [b for b in blocks if not isinstance(b, Comment)]
    if not content and not meta.title:
        problems.append(Problem(body_start, "error", f"{source}：草稿是空的，没有标题也没有正文。"))
        return
    titles = [h for h in headings if h.level == 1]
    if not titles and not meta.title:
        problems.append(
            Problem(
                body_start,
                "error",
                f"{source}：缺少标题。请在第一行写“# 标题”，或在文件头写 title。",
            )
        )
    for extra in titles[1:]:
        problems.append(
            Problem(
                extra.line,
                "error",
                f"{source} 第 {extra.line} 行：只能有一个 # 标题；正文的一级标题请用 ##。",
            )
        )
    previous = 1
    for h in headings:
        if h.level == 1:
            continue
        if h.level > previous + 1:
            problems.append(
                Problem(
                    h.line,
                    "error",
                    f"{source} 第 {h.line} 行：标题层级跳级（上一级是 {'#' * previous}，这里是 "
                    f"{'#' * h.level}）。请补上中间一级，或改用 {'#' * (previous + 1)}。",
                )
            )
        previous = h.level
        if not h.text:
            problems.append(Problem(h.line, "error", f"{source} 第 {h.line} 行：标题是空的。"))


def load_draft(path: str | Path) -> tuple[Draft, str]:
    """Read and parse a draft file; returns the draft and the encoding label used."""
    from zhengbing.textio import read_text

    decoded = read_text(path)
    return parse_draft(decoded.text, str(path)), decoded.encoding
