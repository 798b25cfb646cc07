"""--annotate: a copy of a .docx with every finding as a Word comment (the original is untouched)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhengbing.check.model import SEVERITY_ZH, Finding
from zhengbing.textio import atomic_write

AUTHOR = "征兵文稿工具箱·文稿体检"
INITIALS = "体检"


def comment_text(f: Finding) -> str:
    code = f"（{f.code}）" if f.code else ""
    text = f"[{SEVERITY_ZH.get(f.severity, f.severity)}] {f.rule}{code}：{f.message}"
    if f.suggestion:
        text += f" 建议：{f.suggestion}"
    return text


def _split_at(paragraph: Any, offset: int) -> None:
    """Split the run that contains character *offset* of the paragraph, so that a run starts there."""
    from zhengbing import ooxml

    pos = 0
    for run in paragraph.runs:
        text = run.text
        if pos < offset < pos + len(text) and ooxml.is_plain_run(run):
            ooxml.split_run(run, offset - pos)
            return
        pos += len(text)


def _runs_for(paragraph: Any, start: int, end: int, lead: int) -> list[Any]:
    """The runs of *paragraph* covering characters [start, end) of its stripped text; runs are
    split at the edges when they hold plain text, so the comment marks exactly the finding."""
    runs = list(paragraph.runs)
    if not runs:
        return [paragraph.add_run("")]
    end = max(end, start + 1)
    if "".join(r.text for r in runs) == paragraph.text:  # no hyperlinks or fields in between
        _split_at(paragraph, start + lead)
        _split_at(paragraph, end + lead)
        runs = list(paragraph.runs)
    covering = []
    pos = 0
    for run in runs:
        length = len(run.text)
        lo, hi = pos - lead, pos + length - lead
        if hi > start and lo < end:
            covering.append(run)
        pos += length
    with_text = [r for r in runs if r.text]
    return covering or with_text[:1] or runs[:1]


def annotate_docx(
    docx_doc: Any, findings: list[Finding], out: Path, *, force: bool = False
) -> Path | None:
    """Add one comment per finding to *docx_doc* (already loaded) and save it to *out* atomically."""
    body_paragraphs = list(docx_doc.paragraphs)
    for f in findings:
        seg = f.segment
        paragraph = seg.handle if seg is not None and seg.handle is not None else None
        if paragraph is None:
            paragraph = next((p for p in body_paragraphs if p.text.strip()), None)
            if paragraph is None:
                paragraph = docx_doc.add_paragraph()
            runs = _runs_for(paragraph, 0, 1, 0)
        else:
            raw = paragraph.text or ""
            lead = len(raw) - len(raw.lstrip(" \t\n\u00a0\u3000"))
            runs = _runs_for(paragraph, f.start, f.end, lead)
        docx_doc.add_comment(runs, text=comment_text(f), author=AUTHOR, initials=INITIALS)
    return atomic_write(out, lambda tmp: docx_doc.save(str(tmp)), force=force)
