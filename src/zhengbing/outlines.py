"""Structured outlines (提纲): YAML files under ``templates/outlines/``.

An outline names a document's structure (四个坚持、四个确保), the kinds it suits and its
sections. A section has a heading, an optional lead paragraph, points (each a paragraph that
opens with a bold 一是/二是 lead-in) and optional sub-sections (rendered as （一）（二）). Prose
may contain jinja2 expressions over the statistics (see README.md (起草文稿)) and may cite
policy passages (``cite: 兵役法@2021#第二十条``).

A count in the outline's name (四个坚持, 三个关口, 五项制度) must match the structure: the
section whose heading contains the counted phrase must have that many sub-sections; a count
no heading contains must equal the number of sections. This is checked when the outline loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zhengbing import kinds as _kinds
from zhengbing import numerals, resources
from zhengbing.dialect import TITLE_FORBIDDEN_END, marker
from zhengbing.errors import InputError
from zhengbing.workspace import Workspace

OUTLINES_DIR = "outlines"

_TOP_KEYS = {
    "id",
    "name",
    "kinds",
    "description",
    "aliases",
    "title",
    "subtitle",
    "meeting",
    "salutation",
    "opening",
    "announce",
    "sections",
    "closing",
}
_SECTION_KEYS = {"heading", "lead", "points", "items", "when", "extra"}
_POINT_KEYS = {"lead", "text", "cite", "when"}


class LineStr(str):
    """A string from YAML that remembers its 1-based source line."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    pass


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> Any:
    value = loader.construct_scalar(node)
    s = LineStr(value)
    # a block scalar (| or >) starts on the line after its indicator
    s.line = node.start_mark.line + 1 + (1 if node.style in ("|", ">") else 0)
    return s


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    data = loader.construct_mapping(node, deep=True)
    data["__line__"] = node.start_mark.line + 1
    return data


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


@dataclass
class Cite:
    """A reference to a policy passage, as written in the outline."""

    ref: str  # as written: 兵役法@2021#第二十条 or 《兵役法》第二十条
    law: str
    article: str
    passage_id: str | None  # when written as an id
    line: int


@dataclass
class Point:
    text: str
    lead: str = ""
    cites: list[Cite] = field(default_factory=list)
    when: str | None = None
    line: int = 0


@dataclass
class Section:
    heading: str
    lead: str = ""
    points: list[Point] = field(default_factory=list)
    items: list[Section] = field(default_factory=list)
    when: str | None = None
    extra: bool = False
    line: int = 0


@dataclass
class Outline:
    id: str
    name: str
    kinds: list[str]
    sections: list[Section]
    path: Path
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    title: str = ""
    subtitle: str = ""
    meeting: str = ""
    salutation: str = ""
    opening: list[str] = field(default_factory=list)
    announce: str = ""
    closing: list[str] = field(default_factory=list)
    bundled: bool = True

    @property
    def source(self) -> str:
        return _display(self.path)

    def all_cites(self) -> list[Cite]:
        found: list[Cite] = []

        def walk(sections: list[Section]) -> None:
            for s in sections:
                for p in s.points:
                    found.extend(p.cites)
                walk(s.items)

        walk(self.sections)
        return found


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(resources.templates_dir().parent.resolve()).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = _display(path)

    def fail(self, line: int | None, message: str, hint: str | None = None) -> InputError:
        where = f"{self.source} 第 {line} 行" if line else self.source
        return InputError(f"提纲 {where}：{message}", hint=hint)

    def text(self, value: Any, what: str, line: int, *, required: bool = True) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(line, f"缺少{what}。")
            return ""
        if isinstance(value, bool | dict | list):
            raise self.fail(getattr(value, "line", line), f"{what}应是一段文字。")
        text = str(value)
        stripped = LineStr(text.strip())
        # keep the source line of the first non-blank line
        leading = text[: len(text) - len(text.lstrip())].count("\n")
        stripped.line = getattr(value, "line", line) + leading
        return stripped

    def texts(self, value: Any, what: str, line: int) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [self.text(value, what, line)] if value.strip() else []
        if isinstance(value, list):
            return [self.text(v, what, line) for v in value]
        raise self.fail(line, f"{what}应是一段文字或文字列表。")

    def keys(self, data: dict[str, Any], allowed: set[str], what: str) -> None:
        for key in data:
            if key != "__line__" and key not in allowed:
                raise self.fail(
                    getattr(key, "line", data.get("__line__")),
                    f"{what}中有未知的键“{key}”。",
                    hint=f"可用的键：{'、'.join(sorted(allowed))}。",
                )

    def cite(self, value: Any, line: int) -> Cite:
        if isinstance(value, dict):
            self.keys(value, {"law", "article", "year", "法规", "条"}, "引用")
            law = self.text(value.get("law", value.get("法规")), "引用的法规名称（law）", line)
            article = self.text(value.get("article", value.get("条")), "引用的条（article）", line)
            year = value.get("year")
            ref = f"《{law}》{article}" + (f"（{year}）" if year else "")
            return Cite(ref, law, article, f"{law}@{year}#{article}" if year else None, line)
        ref = self.text(value, "引用", line)
        m = re.fullmatch(r"\s*([^@#\s]+@\d{4})\s*#\s*(\S+)\s*", ref)
        if m:
            return Cite(
                ref, m.group(1).split("@")[0], m.group(2), f"{m.group(1)}#{m.group(2)}", line
            )
        m = re.fullmatch(r"\s*《?([^》#\s]+?)》?\s*#?\s*(第[^条]+条)\s*", ref)
        if m:
            return Cite(ref, m.group(1), m.group(2), None, line)
        raise self.fail(
            getattr(value, "line", line),
            f"引用“{ref}”的写法无法识别。",
            hint="请写成 兵役法@2021#第二十条、《兵役法》第二十条，或 {law: 兵役法, article: 第二十条}。",
        )

    def point(self, value: Any, line: int) -> Point:
        if isinstance(value, str):
            text = self.text(value, "要点", line)
            return Point(text=text, line=getattr(text, "line", line))
        if not isinstance(value, dict):
            raise self.fail(line, "要点应是一段文字，或含 lead/text 的条目。")
        self.keys(value, _POINT_KEYS, "要点")
        pline = value["__line__"]
        cites_raw = value.get("cite")
        cites_list = cites_raw if isinstance(cites_raw, list) else [cites_raw] if cites_raw else []
        return Point(
            text=self.text(value.get("text"), "要点正文（text）", pline, required=False),
            lead=self.text(value.get("lead"), "要点开头的加粗句（lead）", pline, required=False),
            cites=[self.cite(c, pline) for c in cites_list],
            when=self.text(value.get("when"), "条件（when）", pline, required=False) or None,
            line=pline,
        )

    def section(self, value: Any, line: int, depth: int = 0) -> Section:
        if not isinstance(value, dict):
            raise self.fail(line, "每个部分应含 heading（标题）和 points（要点）。")
        self.keys(value, _SECTION_KEYS, "部分")
        sline = value["__line__"]
        heading = self.text(value.get("heading"), "部分标题（heading）", sline)
        if marker(heading) is not None:
            raise self.fail(sline, f"标题“{heading}”不要自带序号，序号由模板生成。")
        if heading[-1] in TITLE_FORBIDDEN_END:
            raise self.fail(sline, f"标题“{heading}”末尾不应有标点。")
        points_raw = value.get("points") or []
        items_raw = value.get("items") or []
        if not isinstance(points_raw, list) or not isinstance(items_raw, list):
            raise self.fail(sline, "points 和 items 应是列表（每项以“- ”开头）。")
        if depth >= 1 and items_raw:
            raise self.fail(sline, "提纲最多两级（部分 → 分项）。")
        section = Section(
            heading=heading,
            lead=self.text(value.get("lead"), "引导语（lead）", sline, required=False),
            points=[self.point(p, sline) for p in points_raw],
            items=[self.section(i, sline, depth + 1) for i in items_raw],
            when=self.text(value.get("when"), "条件（when）", sline, required=False) or None,
            extra=bool(value.get("extra", False)),
            line=sline,
        )
        if not section.points and not section.items and not section.lead:
            raise self.fail(sline, f"部分“{heading}”没有任何内容（lead、points 或 items）。")
        return section


def _check_counts(outline: Outline, reader: _Reader) -> None:
    counted = [s for s in outline.sections if not s.extra]
    for number, numeral, phrase in numerals.counts_in_name(outline.name):
        owner = next(
            (s for s in outline.sections if phrase in re.sub(r"[“”\"‘’]", "", s.heading)),
            None,
        )
        if owner is not None:
            if len(owner.items) != number:
                raise reader.fail(
                    owner.line,
                    f"名称“{outline.name}”中的“{phrase}”说有{numeral}，但部分“{owner.heading}”"
                    f"有 {len(owner.items)} 个分项（items）。",
                    hint=f"请把分项改为 {number} 个，或修改名称。",
                )
        elif len(counted) != number:
            raise reader.fail(
                None,
                f"名称“{outline.name}”说有{numeral}（“{phrase}”），但提纲有 {len(counted)} 个部分。",
                hint=f"请把 sections 改为 {number} 个部分，或修改名称中的数字。",
            )


def read_outline(path: Path, *, bundled: bool = True) -> Outline:
    """Read and validate one outline file; every problem names the file (and line)."""
    from zhengbing.textio import read_text

    reader = _Reader(path)
    text = read_text(path).text
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise reader.fail(line, "YAML 格式有误，请检查冒号、缩进和引号。") from None
    if not isinstance(data, dict):
        raise reader.fail(None, "内容应是“键: 值”的形式（id、name、kinds、sections…）。")
    reader.keys(data, _TOP_KEYS, "提纲")
    line = data["__line__"]
    oid = reader.text(data.get("id"), "编号（id）", line)
    name = reader.text(data.get("name"), "名称（name）", line)
    kinds_raw = data.get("kinds")
    kinds_list = kinds_raw if isinstance(kinds_raw, list) else [kinds_raw] if kinds_raw else []
    if not kinds_list:
        raise reader.fail(line, "缺少适用文种（kinds），如 [讲话]。")
    kinds: list[str] = []
    for k in kinds_list:
        kind = _kinds.drafted_kind(k)
        if kind is None:
            raise reader.fail(
                getattr(k, "line", line),
                f"文种“{k}”无法识别。",
                hint=f"请写 {_kinds.drafted_choices(' 或 ')}。",
            )
        kinds.append(kind)
    sections_raw = data.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        raise reader.fail(line, "缺少 sections（至少一个部分）。")
    outline = Outline(
        id=str(oid),
        name=str(name),
        kinds=kinds,
        sections=[reader.section(s, line) for s in sections_raw],
        path=path,
        description=str(reader.text(data.get("description"), "说明", line, required=False)),
        aliases=[str(a) for a in (data.get("aliases") or [])],
        title=reader.text(data.get("title"), "标题", line, required=False),
        subtitle=reader.text(data.get("subtitle"), "副标题", line, required=False),
        meeting=reader.text(data.get("meeting"), "会议名称", line, required=False),
        salutation=reader.text(data.get("salutation"), "称谓", line, required=False),
        opening=reader.texts(data.get("opening"), "开头", line),
        announce=reader.text(data.get("announce"), "引出要点的句子", line, required=False),
        closing=reader.texts(data.get("closing"), "结尾", line),
        bundled=bundled,
    )
    _check_counts(outline, reader)
    return outline


def outline_dirs(workspace: Workspace | None = None) -> list[tuple[Path, bool]]:
    """Folders searched for outlines: the workspace's own first, then the bundled ones."""
    dirs: list[tuple[Path, bool]] = []
    if workspace is not None:
        own = workspace.templates_dir / OUTLINES_DIR
        if own.is_dir():
            dirs.append((own, False))
    dirs.append((resources.templates_dir() / OUTLINES_DIR, True))
    return dirs


def _outline_files(workspace: Workspace | None) -> list[tuple[Path, bool]]:
    files: list[tuple[Path, bool]] = []
    for folder, bundled in outline_dirs(workspace):
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            if not path.name.startswith((".", "~")):
                files.append((path, bundled))
    return files


def list_outlines(workspace: Workspace | None = None) -> list[Outline]:
    """All outlines (a workspace outline replaces a bundled one with the same id)."""
    seen: dict[str, Outline] = {}
    for path, bundled in _outline_files(workspace):
        outline = read_outline(path, bundled=bundled)
        if outline.id in seen:
            if seen[outline.id].bundled == bundled:
                raise InputError(
                    f"提纲编号“{outline.id}”重复：{seen[outline.id].source} 和 {outline.source}。",
                    hint="请给其中一个改一个 id。",
                )
            continue
        seen[outline.id] = outline
    return list(seen.values())


def _key(text: str) -> str:
    return re.sub(r"[\s·、，,“”\"'‘’—\-_.]", "", text).lower()


def load_outline(outline_id: str, workspace: Workspace | None = None) -> Outline:
    """The outline with this id (or name or alias, ignoring punctuation); error lists known ids."""
    outlines = list_outlines(workspace)
    wanted = _key(outline_id)
    for outline in outlines:
        if wanted in {_key(outline.id), _key(outline.name), *(_key(a) for a in outline.aliases)}:
            return outline
    known = "\n".join(f"  {o.id}（{'、'.join(o.kinds)}）" for o in outlines)
    raise InputError(
        f"没有编号为“{outline_id}”的提纲。现有提纲：\n{known}",
        hint="用 zhengbing outlines 查看全部提纲；也可以把自己的提纲放在工作区 templates/outlines/ 中。",
    )
