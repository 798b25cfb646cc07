"""draft: what the Markdown draft parser itself finds wrong in the front matter (YAML that does
not parse, a kind or year it cannot read) — the draft cannot be rendered until it is fixed."""

from __future__ import annotations

from collections.abc import Iterator

from zhengbing.check.model import Document, Finding
from zhengbing.check.registry import register

RULE = "draft"


@register(RULE, "文件头格式")
def check(doc: Document, ctx: object) -> Iterator[Finding]:
    for problem in doc.problems:
        about_front_matter = any(w in problem.message for w in ("文件头", "文种", "年度"))
        if problem.severity != "error" or not about_front_matter:
            continue
        message = problem.message
        prefix = f"{doc.source} "
        if message.startswith(prefix):
            message = message[len(prefix) :]  # the file is named by the output already
        elif message.startswith(f"{doc.source}："):
            message = message[len(doc.source) + 1 :]
        yield Finding(
            rule=RULE,
            severity="error",
            line=problem.line or None,
            column=1 if problem.line else None,
            text="",
            message=message,
            suggestion="按“键: 值”的格式改正文件头（注意冒号后的空格和缩进）",
            file=doc.source,
        )
