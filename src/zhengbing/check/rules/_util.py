"""Helpers shared by the rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partialmethod

from zhengbing.check.lazyre import lazy
from zhengbing.check.model import HAN, Document, Finding, Segment

HAN_RE = lazy(f"[{HAN}]")
SENTENCE_END = "。！？；"


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of *text* (split after 。！？； and line breaks)."""
    start = 0
    for i, ch in enumerate(text):
        if ch in SENTENCE_END or ch == "\n":
            yield start, i + 1
            start = i + 1
    if start < len(text):
        yield start, len(text)


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    for s, e in sentences(text):
        if s <= pos < e:
            return s, e
    return 0, len(text)


def text_segments(doc: Document, *, meta: bool = True) -> Iterator[Segment]:
    """Segments whose text is prose a reader sees (front-matter data keys are never segments)."""
    for seg in doc.segments:
        if not meta and seg.meta_key and seg.meta_key not in ("style", "quote"):
            continue
        yield seg


def has_han(text: str) -> bool:
    return HAN_RE.search(text) is not None


@dataclass(frozen=True)
class Reporter:
    """One rule's findings in one document: ``report.error(seg, start, end, message, suggestion)``
    (``*m.span()`` gives the offsets of a regex match)."""

    doc: Document
    rule: str

    def __call__(
        self,
        severity: str,
        seg: Segment,
        start: int,
        end: int,
        message: str,
        suggestion: str = "",
        *,
        code: str = "",
    ) -> Finding:
        return self.doc.finding(
            seg,
            start,
            end,
            rule=self.rule,
            severity=severity,
            message=message,
            suggestion=suggestion,
            code=code,
        )

    error = partialmethod(__call__, "error")
    warning = partialmethod(__call__, "warning")
