"""Data model of the checker: findings, checkable text segments and the checked document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

# Han ideographs (the `H` of gongwen-format.md d)
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
CN_DIGITS = "一二三四五六七八九十"


@dataclass
class Finding:
    """One fault found in a draft.

    ``line``/``column`` are 1-based positions in the original file (.md/.txt); for a .docx they
    are None and ``paragraph`` holds the 1-based paragraph number as Word counts it.
    ``code`` is the id of the spec rule (N01, P01, S01, X01…) where one exists, else "".
    """

    rule: str
    severity: str
    line: int | None
    column: int | None
    text: str
    message: str
    suggestion: str = ""
    paragraph: int | None = None
    code: str = ""
    file: str = ""
    quote: str = ""  # .docx: a short quote of the paragraph around the finding
    # a grouped finding stands for ``count`` faults of one kind; ``lines`` are the other lines
    # (paragraphs for a .docx) it covers, besides ``line``/``paragraph``
    count: int = 1
    lines: tuple[int, ...] = ()
    # internal: the segment and offsets the finding belongs to (used by --annotate)
    segment: Segment | None = field(default=None, repr=False, compare=False)
    start: int = field(default=0, repr=False, compare=False)
    end: int = field(default=0, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }
        if self.paragraph is not None:
            data["paragraph"] = self.paragraph
            data["quote"] = self.quote
        if self.count > 1 or self.lines:
            data["count"] = self.count
            data["lines"] = list(self.lines)
        return data

    def covered(self) -> set[int]:
        """Every line (paragraph for a .docx) this finding speaks for."""
        first = self.paragraph if self.paragraph is not None else self.line
        return ({first} if first is not None else set()) | set(self.lines)

    @property
    def location(self) -> str:
        if self.paragraph is not None:
            return f"第{self.paragraph}段"
        if self.line is not None:
            return f"{self.line}:{self.column or 1}"
        return ""

    def sort_key(self) -> tuple[int, int, int, str]:
        return (
            self.paragraph if self.paragraph is not None else (self.line or 0),
            self.column if self.column is not None else self.start,
            SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
            self.rule,
        )


# segment roles
TITLE = "title"
SUBTITLE = "subtitle"
HEADING = "heading"
PARAGRAPH = "paragraph"
SALUTATION = "salutation"
BYLINE = "byline"
DATE = "date"
SIGNATURE = "signature"
CELL = "cell"
META = "meta"  # a front-matter value that is not one of the above


@dataclass
class Segment:
    """A piece of document text that rules read, with the way back to the source.

    ``positions[i]`` is the (line, column) of ``text[i]`` in the source file (1-based);
    it has one extra entry for the end of the text. For .docx ``positions`` is None and
    ``paragraph`` is the Word paragraph number.
    """

    text: str
    role: str
    index: int = 0
    positions: Sequence[tuple[int, int]] | None = None
    paragraph: int | None = None
    # heading level as in Markdown (1 = title, 2 = 一、, 3 = （一）, 4 = 1. and （1）): from the
    # ## of a draft, the style of a .docx heading, or the marker of a plain-text heading line
    level: int = 0
    meta_key: str = ""  # front-matter key for META/TITLE… segments read from the front matter
    breaks: int = 0  # manual line breaks / tabs inside (docx w:br, w:tab; md hard breaks)
    leading_space: str = ""  # indentation typed in the source before the text
    handle: Any = field(default=None, repr=False)  # python-docx paragraph for --annotate

    @property
    def line(self) -> int | None:
        if self.positions:
            return self.positions[0][0]
        return None

    def locate(self, offset: int) -> tuple[int | None, int | None]:
        if not self.positions:
            return None, None
        offset = max(0, min(offset, len(self.positions) - 1))
        return self.positions[offset]

    @property
    def in_body(self) -> bool:
        """True for running text (not title, byline, date, signature, front matter)."""
        return self.role in (PARAGRAPH, HEADING, SALUTATION, CELL)


@dataclass
class Document:
    """A draft prepared for checking: its segments in reading order plus what the file says
    about itself (front matter / title)."""

    source: str
    fmt: str  # md | txt | docx
    segments: list[Segment]
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    problems: list[Any] = field(default_factory=list)  # the draft parser's own (draft.Problem)

    def body(self) -> list[Segment]:
        return [s for s in self.segments if s.in_body]

    def title_text(self) -> str:
        for s in self.segments:
            if s.role == TITLE:
                return s.text
        return str(self.meta.get("title") or "")

    def finding(
        self,
        seg: Segment,
        start: int,
        end: int,
        *,
        rule: str,
        severity: str,
        message: str,
        suggestion: str = "",
        code: str = "",
        text: str | None = None,
    ) -> Finding:
        line, column = seg.locate(start)
        offending = seg.text[start:end] if text is None else text
        context = ""
        if seg.paragraph is not None:
            lo, hi = max(0, start - 8), min(len(seg.text), max(end, start + 1) + 8)
            context = (
                ("…" if lo else "")
                + seg.text[lo:hi].replace("\n", " ")
                + ("…" if hi < len(seg.text) else "")
            )
        return Finding(
            rule=rule,
            severity=severity,
            line=line,
            column=column,
            text=offending,
            message=message,
            suggestion=suggestion,
            paragraph=seg.paragraph,
            code=code,
            file=self.source,
            quote=context,
            segment=seg,
            start=start,
            end=end,
        )
