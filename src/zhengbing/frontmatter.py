"""The one front-matter parser of the project: the ``key: value`` block between ``---`` lines
at the top of a draft or a corpus file.

Flat ``key: value`` lines are read without PyYAML (start-up time of ``render``); anything else
is read with PyYAML, so the result is always what ``yaml.safe_load`` gives. Only ``re`` is
imported here: rendering a draft reads its front matter without loading the reader layer
(:mod:`zhengbing.reader` re-exports these names) or the checker's document model.
"""

from __future__ import annotations

import re
from typing import Any


class FrontMatterError(ValueError):
    """Front matter that cannot be read. ``line`` is the 1-based line of the file (the front
    matter starting on line 1); ``problem`` is "end" (no closing ``---``), "syntax" (not YAML)
    or "mapping" (YAML, but not ``key: value`` lines)."""

    def __init__(self, message: str, line: int | None = None, problem: str = "syntax") -> None:
        super().__init__(message)
        self.line = line
        self.problem = problem


_SIMPLE_LINE = re.compile(r"^([^\s:#'\"\-?&*!|>%@`\[\]{},][^:]*?):(?:[ \t]+(.*?))?[ \t]*$")
_YAML_SPECIAL = re.compile(
    r"^(?:[\[\]{}&*!|>%@`#,?-].*|.*(?::\s|\s#).*|(?i:y|n|yes|no|on|off|true|false|null|~)"
    r"|[-+]?(?:\.?\d[\d_]*\.[\d_.]*(?:e[-+]?\d+)?|\.inf|\.nan|0[xob].*)|.*\d:\d.*|.*:)$"
)


def _simple_front_matter(content: str) -> dict[str, Any] | None:
    """Flat ``key: value`` front matter without PyYAML (start-up time of ``render``).

    Returns None whenever a line is anything but a plain one-line scalar, and the caller
    falls back to PyYAML, so the result is always what ``yaml.safe_load`` would give."""
    import datetime as _dt

    data: dict[str, Any] = {}
    for raw in content.split("\n"):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SIMPLE_LINE.match(line)
        if m is None:
            return None
        key, value = m.group(1).strip(), (m.group(2) or "").strip()
        if key in data:
            return None
        if value[:1] in ("'", '"'):
            quote = value[0]
            inner = value[1:-1]
            if len(value) < 2 or value[-1] != quote or quote in inner or "\\" in inner:
                return None
            data[key] = inner
        elif not value:
            data[key] = None
        elif _YAML_SPECIAL.match(value):
            return None
        elif value.isdigit() and value.isascii():
            data[key] = int(value)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                data[key] = _dt.date.fromisoformat(value)
            except ValueError:
                return None
        else:
            data[key] = value
    return data


def load_front_matter(content: str) -> dict[str, Any]:
    """The mapping in a front matter's *content* (the lines between the ``---`` lines).

    Flat ``key: value`` lines are read without PyYAML; anything else with libyaml when it is
    installed (many times faster for long provenance lists), else with PyYAML's own loader —
    the result is what ``yaml.safe_load`` gives. Raises :class:`FrontMatterError`."""
    simple = _simple_front_matter(content)
    if simple is not None:
        return simple
    if not content.strip():
        return {}
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    try:
        data = yaml.load(content, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        # read again with the pure-Python loader: its message names the problem in full
        try:
            data = yaml.safe_load(content)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise FrontMatterError(f"YAML 头格式有误（{problem}）", line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("YAML 头应是“键: 值”的列表", 2, "mapping")
    return data


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, int]:
    """Return (meta or None, body, line number of the body's first line).

    The front matter is the block between a first line ``---`` and the next line ``---``; the
    body starts right after that closing line. Keys are returned as strings."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None, text, 1
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise FrontMatterError("YAML 头没有结束行“---”", 1, "end")
    block = text[4 : end + 1]
    body = text[end + 5 :]
    body_line = block.count("\n") + 3
    meta = load_front_matter(block)
    return {str(k): v for k, v in meta.items()}, body, body_line
