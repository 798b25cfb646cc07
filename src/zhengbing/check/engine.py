"""Running the rules over a document: ``check_text`` and ``check_file``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from zhengbing.check.context import Context, build_context
from zhengbing.check.model import Document, Finding
from zhengbing.check.registry import RULE_NAMES, DependencyMissing, get_rule
from zhengbing.errors import InputError

TEXT_SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt"}


def resolve_rules(names: Iterable[str] | None) -> list[str]:
    if names is None:
        return list(RULE_NAMES)
    chosen: list[str] = []
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name not in RULE_NAMES:
            raise InputError(
                f"没有名为“{name}”的检查规则。",
                hint="可用的规则：" + "、".join(RULE_NAMES),
            )
        if name not in chosen:
            chosen.append(name)
    return chosen


def _rule_note(doc: Document, rule: str, message: str, *, code: str = "") -> Finding:
    """An info finding about a whole rule (it could not run, or it failed)."""
    return Finding(
        rule=rule,
        severity="info",
        line=None,
        column=None,
        text="",
        message=message,
        code=code,
        file=doc.source,
    )


# findings one rule may report for one document: past this the rule stops (the file is
# something else than a draft, e.g. one 49 MB line) and one note says so
MAX_FINDINGS_PER_RULE = 1000


def run_rules(doc: Document, ctx: Context, rules: Sequence[str] | None = None) -> list[Finding]:
    from itertools import islice

    findings: list[Finding] = []
    for name in resolve_rules(rules):
        rule = get_rule(name)
        try:
            produced = list(islice(rule.func(doc, ctx), MAX_FINDINGS_PER_RULE + 1))
            if len(produced) > MAX_FINDINGS_PER_RULE:
                del produced[MAX_FINDINGS_PER_RULE:]
                note = (
                    f"“{rule.title}”发现的问题超过 {MAX_FINDINGS_PER_RULE} 处，"
                    f"只列出前 {MAX_FINDINGS_PER_RULE} 处，其余未再检查；请先改正这些后再检查。"
                )
                produced.append(_rule_note(doc, name, note, code="limit"))
        except DependencyMissing as exc:
            produced = [_rule_note(doc, name, f"未执行“{rule.title}”检查：{exc}")]
        except Exception as exc:  # a bug in one rule must not cost the user the other rules
            message = (
                f"“{rule.title}”检查内部出错，已跳过（{type(exc).__name__}）。"
                "其他规则的结果不受影响；请把这份文稿发给维护人员。"
            )
            produced = [_rule_note(doc, name, message, code="internal")]
        findings.extend(produced)
    return group_findings(_without_debris(doc, ctx, _dedupe(findings)))


# When two rules report overlapping text, the more specific one stands (earlier in this list);
# rules not listed (added later) count as specific.
GENERIC_LAST: tuple[str, ...] = (
    "debris",
    "draft",
    "citation",
    "stats",
    "renamed",
    "region",
    "year",
    "count",
    "numbering",
    "placeholder",
    "repeat",
    "numbers",
    "latin",
    "punctuation",
    "glyph",
)
FLOOD = 5  # more findings than this of one rule in one line are shown as one group


def _rank(rule: str) -> int:
    return GENERIC_LAST.index(rule) if rule in GENERIC_LAST else -1


def _without_debris(doc: Document, ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Drop what other rules report inside web-page furniture (the debris rule reports it)."""
    from zhengbing.check.rules.debris import debris_of

    found = debris_of(doc, ctx.cache)
    if not found.spans:
        return findings
    masks: dict[int, bytearray] = {}
    out = []
    for f in findings:
        spans = found.spans.get(id(f.segment)) if f.segment is not None else None
        if f.rule != "debris" and spans and f.segment is not None:
            mask = masks.get(id(f.segment))
            if mask is None:  # one pass over the spans per segment, then a slice per finding
                mask = bytearray(len(f.segment.text) + 1)
                for s, e in spans:
                    mask[s:e] = b"\x01" * (e - s)
                masks[id(f.segment)] = mask
            if any(mask[f.start : max(f.end, f.start + 1)]):
                continue
        out.append(f)
    return out


def group_findings(findings: list[Finding]) -> list[Finding]:
    """One span under one rule only (the most specific), and floods grouped per line."""
    by_segment: dict[int, list[Finding]] = {}
    for f in findings:
        if f.segment is not None:
            by_segment.setdefault(id(f.segment), []).append(f)
    dropped: set[int] = set()
    for group in by_segment.values():
        if len(group) < 2 or len({f.rule for f in group}) < 2:
            continue
        # in order of specificity, each finding marks its characters; a finding of another rule
        # on characters already marked is dropped (linear in the marked length, not quadratic)
        owner: dict[int, str] = {}
        for f in sorted(group, key=lambda f: (_rank(f.rule), f.start)):
            span = range(f.start, max(f.end, f.start + 1))
            if any(owner.get(i, f.rule) != f.rule for i in span):
                dropped.add(id(f))
                continue
            for i in span:
                owner[i] = f.rule
    kept = [f for f in findings if id(f) not in dropped]
    floods: dict[tuple[int, str, int | None], list[Finding]] = {}
    for f in kept:
        if f.segment is not None:
            floods.setdefault((id(f.segment), f.rule, f.line or f.paragraph), []).append(f)
    out: list[Finding] = []
    seen: set[int] = set()
    for f in kept:
        key = (id(f.segment), f.rule, f.line or f.paragraph)
        members = floods.get(key, []) if f.segment is not None else []
        if len(members) <= FLOOD:
            out.append(f)
            continue
        if id(members[0]) in seen:
            continue
        seen.add(id(members[0]))
        out.append(_grouped(members))
    return out


def _grouped(members: list[Finding]) -> Finding:
    first = members[0]
    texts = list(dict.fromkeys(m.text for m in members if m.text))
    shown = "、".join(f"“{t}”" for t in texts[:12]) + ("等" if len(texts) > 12 else "")
    return Finding(
        rule=first.rule,
        severity=min((m.severity for m in members), key=_severity_rank),
        line=first.line,
        column=first.column,
        text=first.text,
        message=f"本行有 {len(members)} 处同类问题：{shown}。第一处：{first.message}",
        suggestion=first.suggestion,
        paragraph=first.paragraph,
        code=first.code,
        file=first.file,
        quote=first.quote,
        segment=first.segment,
        start=first.start,
        end=max(m.end for m in members),
        count=len(members),
    )


def _severity_rank(severity: str) -> int:
    order = ("error", "warning", "info")
    return order.index(severity) if severity in order else 9


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    out: list[Finding] = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.rule, f.code, f.line, f.column, f.paragraph, f.text, f.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def document_from_text(text: str, *, source: str = "<草稿>", fmt: str = "md") -> Document:
    from zhengbing.reader import document_from_markdown, document_from_plain

    if fmt == "md":
        return document_from_markdown(text, source)
    if fmt == "txt":
        return document_from_plain(text, source)
    raise InputError(f"不支持的文稿格式：{fmt}（可用 md 或 txt）。")


def check_text(
    text: str,
    *,
    source: str = "<草稿>",
    fmt: str = "md",
    workspace: Any = None,
    stats: Any = None,
    rules: Sequence[str] | None = None,
) -> list[Finding]:
    """Check a draft given as text (``fmt`` "md" or "txt"); returns the findings in order."""
    doc = document_from_text(text, source=source, fmt=fmt)
    ctx = build_context(doc, workspace=workspace, stats=stats)
    return run_rules(doc, ctx, rules)


def load_document(path: Path, source: str | None = None) -> tuple[Document, Any]:
    """Read a draft file into a Document; the second value is the python-docx document (.docx)."""
    from zhengbing.reader import document_from_docx

    suffix = path.suffix.lower()
    name = source or str(path)
    if suffix == ".docx":
        doc, loaded = document_from_docx(path, name)
        if not doc.segments:
            raise InputError(
                f"{path}：Word 文件是空的，没有可检查的文字。", hint="请确认选对了文件。"
            )
        return doc, loaded
    if suffix == ".doc":
        raise InputError(
            f"{path}：这是旧版 Word（.doc）格式的文件，无法直接检查。",
            hint="请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再检查。",
        )
    fmt = TEXT_SUFFIXES.get(suffix)
    if fmt is None:
        raise InputError(
            f"{path}：不支持的文件类型“{suffix or '（无扩展名）'}”。",
            hint="可以检查 .md 草稿、.txt 文本和 .docx Word 文件。",
        )
    from zhengbing.textio import read_text

    decoded = read_text(path)
    if not decoded.text.strip(" \t\n\ufeff\u3000"):
        raise InputError(f"{path}：文件是空的，没有可检查的内容。", hint="请确认选对了文件。")
    return document_from_text(decoded.text, source=name, fmt=fmt), None


def check_path(
    path: str | Path,
    *,
    workspace: Any = None,
    stats: Any = None,
    rules: Sequence[str] | None = None,
) -> tuple[list[Finding], Any]:
    p = Path(path)
    doc, docx_obj = load_document(p)
    ctx = build_context(doc, workspace=workspace, stats=stats, draft_path=p)
    return run_rules(doc, ctx, rules), docx_obj


def check_file(
    path: str | Path,
    *,
    workspace: Any = None,
    stats: Any = None,
    rules: Sequence[str] | None = None,
) -> list[Finding]:
    """Check a .md, .txt (any supported encoding) or .docx file."""
    return check_path(path, workspace=workspace, stats=stats, rules=rules)[0]
