"""Compose: outline + statistics (+ policy passages) → a Markdown draft in the draft dialect.

``compose(workspace, kind, ...)`` returns the draft text; ``write_draft(...)`` writes it (and,
when asked, the .docx) crash-safely. The draft's front matter records the outline, the
statistics file with its SHA-256, every figure's provenance (``figures:``) and the citations;
the format is described in README.md (起草文稿).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zhengbing import __version__, kinds, numerals
from zhengbing.compose.citations import ResolvedCite, resolve_cites, suggestions
from zhengbing.compose.environment import make_environment, render_string, template_error
from zhengbing.compose.figures import Recorder, RecordView, build_figures, recording
from zhengbing.compose.policy import policy_for
from zhengbing.draft import format_date, normalise_kind, parse_draft
from zhengbing.errors import InputError
from zhengbing.outlines import Outline, Point, Section, load_outline
from zhengbing.slots import count_slots, fill
from zhengbing.stats import Stats, display_path, load_stats
from zhengbing.stats.record import Record, load_record
from zhengbing.workspace import Workspace

_SCOPE_UNITS = {
    "镇": "村（社区）",
    "乡": "村（社区）",
    "街道": "社区（村）",
    "县": "乡镇（街道）",
    "区": "街道（乡镇）",
    "市": "县（市、区）",
    "社区": "网格（小区）",
    "村": "村民小组",
}


@dataclass
class Composed:
    """The result of composing one document."""

    text: str
    kind: str
    outline: Outline
    stats: Stats
    figures: dict[str, dict[str, Any]]
    citations: list[ResolvedCite]
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return parse_draft(self.text).title


def resolve_kind(kind: str) -> str:
    canonical = normalise_kind(kind)
    if canonical is None:
        known = kinds.lookup(kind)
        raise InputError(
            f"文种“{kind}”无法识别。"
            if known is None
            else f"“{kind}”（{known.full_name}）不是可以起草的文种。",
            hint=f"请写 {kinds.drafted_choices()}（或 {kinds.drafted_english()}）。",
        )
    return canonical


def _level(workspace: Workspace) -> str:
    from zhengbing.workspace_init import infer_level

    profile = workspace.profile
    return profile.level or infer_level(profile.unit) or "镇"


_PARTY_GOVERNMENT = {
    "镇": "镇党委、镇政府",
    "乡": "乡党委、乡政府",
    "街道": "街道党工委、办事处",
    "县": "县委、县政府",
    "区": "区委、区政府",
    "市": "市委、市政府",
    "社区": "社区党组织、居委会",
    "村": "村党组织、村委会",
}
# the level above a 社区 or 村, and who signs for it when the profile names no organ
_GRASSROOTS = {"社区": ("街道", "居民委员会"), "村": ("镇", "村民委员会")}


def _superior(level: str, county: str) -> str:
    """The level above: 县 for a town in a county (区/市 when the county is one), 市 above a county."""
    if level in _GRASSROOTS:
        return _GRASSROOTS[level][0]
    if level in ("县", "区"):
        return "市"
    if level == "市":
        return "省"
    if county and county[-1] in "县区市旗":
        return county[-1]
    return "县"


def base_context(workspace: Workspace, year: int) -> dict[str, Any]:
    profile = workspace.profile
    level = _level(workspace)
    unit = profile.unit or "本单位"
    superior = _superior(level, profile.county)
    if level in _GRASSROOTS:
        armed = f"{superior}人武部"  # a 社区/村 works under the 街道/镇 armed forces department
        organ = profile.organ or armed
        own_armed = armed
    else:
        organ = profile.organ_name or f"{unit}人民武装部"
        own_armed = f"{level}人武部"
    # the county-level 征兵办公室 organises medical checks and approves recruits
    county_level = level if level in ("县", "区", "市") else _superior("镇", profile.county)
    if level in _GRASSROOTS:
        above = _GRASSROOTS[level][0]
        higher = _PARTY_GOVERNMENT.get(above, "党委、政府")
    else:
        higher = _PARTY_GOVERNMENT.get(superior, f"{superior}委、{superior}政府")
    return {
        "上级党政": higher,  # 县委、县政府 (社区: 街道党工委、办事处)
        "征兵办": f"{county_level}征兵办公室",
        "本级武装": own_armed,  # 镇人武部 (as a speaker says it)
        "党政": _PARTY_GOVERNMENT.get(level, "党委、政府"),
        "上级": _superior(level, profile.county),
        "上级武装": "军分区"
        if level in ("县", "区", "市")
        else f"{_superior(level, profile.county)}人武部",
        "单位": unit,
        "unit": unit,
        "层级": level,
        "全": f"全{level}",  # 全镇
        "我": f"我{level}",  # 我镇
        "本级": level,
        "下辖": _SCOPE_UNITS.get(level, "村（社区）"),
        "省": profile.province,
        "市": profile.city,
        "县": profile.county,
        "人武部": organ,
        # the duty of who signs a kinds.REPORTER kind: 云岭镇人民武装部部长 (社区/村: 武装专干)
        "职务": str(profile.extra.get("reporter_office") or "")
        or ("武装专干" if level in _GRASSROOTS else f"{organ}部长"),
        "year": year,
        "年度": year,
        "上年": year - 1,
    }


def signature_of(workspace: Workspace) -> str:
    """Who signs a summary: the profile's organ, else 某镇人民武装部 (社区/村: 某社区居民委员会)."""
    profile = workspace.profile
    if profile.organ:
        return profile.organ
    level = _level(workspace)
    if level in _GRASSROOTS and profile.unit:
        return profile.unit + _GRASSROOTS[level][1]
    return profile.organ_name


def _stats_for(
    workspace: Workspace, stats_path: str | Path | None, previous: str | Path | None
) -> Stats:
    if stats_path is not None:
        path = Path(stats_path)
        if not path.is_absolute() and not path.exists() and (workspace.root / path).exists():
            path = workspace.root / path
    else:
        found = workspace.default_stats()
        if found is None:
            raise InputError(
                f"工作区 {workspace.root} 的“统计”文件夹中没有统计表（.xlsx 或 .csv）。",
                hint="请把统计表放进“统计”文件夹，或用 --stats 指定。",
            )
        path = found
    return load_stats(path, previous=previous, year=workspace.profile.year, root=workspace.root)


# words in an office that make its holder the reporter of a 述职 or 心得体会
_ARMED_WORDS = ("武装", "人武", "专武", "武装专干", "民兵")


def reporter_of(workspace: Workspace) -> tuple[str, str]:
    """(office, name) of who writes a 述职 or 心得体会: ``reporter_office``/``reporter``, else
    the speaker when the speaker's office is an armed-forces one; otherwise the draft is refused
    (a 镇长 does not report on the duties of the 人武部部长)."""
    p = workspace.profile
    office = str(p.extra.get("reporter_office") or "").strip()
    name = str(p.extra.get("reporter") or "").strip()
    if not office and any(w in (p.office or "") for w in _ARMED_WORDS):
        office, name = p.office, name or p.speaker
    if not office:
        raise InputError(
            f"述职报告、心得体会是本人的文稿，但 {workspace.profile_path.name} 中没有填写述职人："
            f"讲话人“{p.speaker or '（未填写）'}”的职务“{p.office or '（未填写）'}”不是人武部的职务。",
            hint='请在 zhengbing.toml 的 [unit] 中填写 reporter = "姓名" 和 '
            'reporter_office = "镇人民武装部部长"（述职人和职务），再重新起草。',
        )
    return office, name


def _people(workspace: Workspace, kind: str) -> tuple[str, str]:
    """(office, name) for the byline: the speaker, or the reporter for a kind the reporter signs."""
    p = workspace.profile
    if kinds.get(kind).signer == kinds.REPORTER:
        office, name = reporter_of(workspace)
        return office, name or fill("署名人姓名")
    return p.office, p.speaker


class _Chooser:
    """Deterministic choice among a passage's phrasings, from the unit and the passage's place.

    ``v(3)`` in outline prose gives 0, 1 or 2: the same unit always gets the same draft, two
    units get different phrasings passage by passage."""

    def __init__(self, seed: str, line: int) -> None:
        self.seed = seed
        self.line = line
        self.calls = 0

    def __call__(self, n: int = 3) -> int:
        self.calls += 1
        key = f"{self.seed}|{self.line}|{self.calls}".encode()
        return int(hashlib.sha256(key).hexdigest()[:8], 16) % max(int(n), 1)


@dataclass
class _Rendered:
    """A section after rendering its prose (what the kind templates iterate over)."""

    heading: str
    lead: str
    points: list[dict[str, Any]]
    items: list[_Rendered]
    extra: bool


def _line(value: str, fallback: int) -> int:
    """The outline line a piece of prose starts on (kept by the outline reader)."""
    return int(getattr(value, "line", 0) or fallback)


class _Composer:
    def __init__(
        self,
        workspace: Workspace,
        outline: Outline,
        stats: Stats,
        year: int,
        suggest: bool,
        record: Record | None = None,
    ) -> None:
        self.workspace = workspace
        self.record = record or Record()
        self.outline = outline
        self.stats = stats
        self.year = year
        self.suggest = suggest
        self.env = make_environment(workspace)
        self.context: dict[str, Any] = base_context(workspace, year) | build_figures(stats)
        self.context["outline"] = {"id": outline.id, "name": outline.name}
        self.context["has"] = stats.has
        self.context["rec"] = RecordView(self.record)
        self.context["policy"] = policy_for(year)
        self.context["town_short"] = _town_short(stats)
        self.context["v"] = _Chooser("", 0)
        p = workspace.profile
        self.seed = "|".join((p.province, p.city, p.county, p.unit, outline.id))
        self.cites = resolve_cites(outline, workspace)

    def text(self, value: str, line: int) -> str:
        self.context["v"] = _Chooser(self.seed, line)
        rendered = render_string(
            self.env, value, self.context, where=self.outline.source, line=line
        )
        return "".join(part.strip() for part in rendered.strip().splitlines() if part.strip())

    def when(self, expr: str | None, line: int) -> bool:
        if not expr:
            return True
        rendered = render_string(
            self.env,
            "{% if " + expr + " %}1{% endif %}",
            self.context,
            where=self.outline.source,
            line=line,
        )
        return rendered.strip() == "1"

    def point(self, point: Point, number: int | None) -> dict[str, Any]:
        lead = self.text(point.lead, _line(point.lead, point.line)) if point.lead else ""
        if lead and number is not None:
            lead = numerals.ordinal_lead(number) + lead
        notes: list[str] = []
        if self.suggest:
            for cite in point.cites:
                resolved = self.cites.get(cite.ref)
                if resolved is not None and resolved.text:
                    notes.append(f"依据：{resolved.label}：{resolved.excerpt}")
        text = self.text(point.text, _line(point.text, point.line))
        return {"lead": lead, "text": text, "notes": notes}

    def section(self, section: Section) -> _Rendered | None:
        if not self.when(section.when, section.line):
            return None
        points = [p for p in section.points if self.when(p.when, p.line)]
        leaded = [p for p in points if p.lead]
        numbered = len(leaded) > 1
        rendered_points: list[dict[str, Any]] = []
        n = 0
        for p in points:
            number = None
            if p.lead and numbered:
                n += 1
                number = n
            rendered_points.append(self.point(p, number))
        items = [r for r in (self.section(i) for i in section.items) if r is not None]
        lead = self.text(section.lead, _line(section.lead, section.line)) if section.lead else ""
        heading = self.text(section.heading, _line(section.heading, section.line))
        note = self.record.note(heading)
        if note:  # the unit's own paragraph for this part (补充：小标题 in 工作情况)
            rendered_points.append({"lead": "", "text": note, "notes": []})
        return _Rendered(heading, lead, rendered_points, items, section.extra)

    def render(
        self, kind: str, date: str, template_name: str
    ) -> tuple[str, Recorder, dict[str, str]]:
        recorder = Recorder()
        with recording(recorder):
            sections = [
                r for r in (self.section(s) for s in self.outline.sections) if r is not None
            ]
            main_count = len([s for s in sections if not s.extra])
            self.context["n_sections"] = main_count
            o = self.outline

            def text(value: str) -> str:
                return self.text(value, getattr(value, "line", 0)) if value else ""

            doc = {
                "kind": kind,
                "title": text(o.title),
                "subtitle": text(o.subtitle),
                "meeting": text(o.meeting),
                "salutation": self.outline.salutation,
                "opening": [text(t) for t in o.opening],
                "announce": text(o.announce),
                "sections": sections,
                "closing": [text(t) for t in o.closing],
                "n_sections": main_count,
                "outline_name": self.outline.name,
                "date": date,
                "suggestions": suggestions(self.outline, sections, self.workspace)
                if self.suggest
                else {},
            }
            try:
                template = self.env.get_template(template_name)
                body = template.render(self.context | {"doc": doc})
            except InputError:
                raise
            except Exception as exc:  # noqa: BLE001 - every template failure is reported
                raise template_error(exc) from None
        extra = {k: doc[k] for k in ("subtitle", "meeting") if doc[k]}
        return body, recorder, extra


def _town_short(stats: Stats) -> bool:
    """True when the unit as a whole missed the task its superior set."""
    ratio = stats.derived.get("完成率")
    return ratio is not None and ratio.value is not None and ratio.value < 1


def _default_date(kind: str, year: int, record: Record | None = None) -> str:
    """The date a draft gets when none is given, always inside the document's time.

    A speech is dated the meeting day of the work record, else today when it is in the
    document's year, else left for the author. A summary or report is written at the end of
    its year or early in the next: today when it falls in that span, otherwise a slot."""
    today = _dt.date.today()
    if kinds.layout_of(kind).dated:
        meeting = record.values.get("动员会日期") if record is not None else None
        if meeting is not None:
            return format_date(meeting.value)
        return format_date(today) if today.year == year else ""
    if today.year in (year, year + 1):
        return format_date(today)
    return fill(f"成文日期（{year}年年底或{year + 1}年年初）")


def _plain(value: Any) -> Any:
    """Plain built-in types (outline strings are a str subclass that YAML cannot dump)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _front_matter(data: dict[str, Any]) -> str:
    data = _plain(data)
    text = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    return f"---\n{text}---\n"


def _tidy(body: str) -> str:
    lines = [line.rstrip() for line in body.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def compose_document(
    workspace: Workspace,
    kind: str,
    *,
    outline_id: str | None = None,
    stats_path: str | Path | None = None,
    previous: str | Path | None = None,
    suggest: bool = False,
    date: str | _dt.date | None = None,
) -> Composed:
    """Compose a draft and return it with its figures, citations and warnings (writes nothing)."""
    kind = resolve_kind(kind)
    spec = kinds.get(kind)
    outline = load_outline(outline_id or spec.outline, workspace)
    if kind not in outline.kinds:
        raise InputError(
            f"提纲“{outline.id}”适用于{'、'.join(outline.kinds)}，不适用于{kind}。",
            hint=f"请换用其他提纲（zhengbing outlines 可查看），或不指定 --outline 使用{kind}的默认提纲。",
        )
    if spec.signer == kinds.REPORTER:
        reporter_of(workspace)  # refused before anything is read when nobody can sign it
    stats = _stats_for(workspace, stats_path, previous)
    record = load_record(stats.source, stats.display, stats.record_sheet)
    year = workspace.profile.year or stats.year or _dt.date.today().year
    composer = _Composer(workspace, outline, stats, int(year), suggest, record)
    if spec.signer == kinds.REPORTER:
        composer.context["职务"] = reporter_of(workspace)[0]
    date_text = format_date(date) if date is not None else _default_date(kind, int(year), record)
    body, recorder, doc_extra = composer.render(kind, date_text, spec.template)
    body = _tidy(body)
    parsed = parse_draft(body, outline.source)
    office, speaker = _people(workspace, kind)
    profile = workspace.profile
    layout = kinds.layout_of(kind)
    meta: dict[str, Any] = {
        "title": parsed.title,
        "kind": kind,
        # a kind whose byline names the unit is signed by its organ (云岭镇人民武装部)
        "unit": signature_of(workspace) if "unit" in layout.byline else profile.unit,
        "office": office,
        "speaker": speaker,
        "date": date_text,
        "year": int(year),
    }
    if not date_text:
        del meta["date"]
    meta.update(doc_extra)  # a theme title's subtitle (——在…会议上的讲话), the meeting
    if layout.closing == kinds.ORGAN:
        meta["signature"] = signature_of(workspace)
    for key, value in (
        ("province", profile.province),
        ("city", profile.city),
        ("county", profile.county),
    ):
        if value:
            meta[key] = value
    meta["outline"] = outline.id
    meta["stats"] = display_path(stats.source, workspace.root)
    meta["stats_sha256"] = stats.sha256
    if record.source:
        meta["record"] = record.source
    meta["generator"] = f"zhengbing {__version__}"
    citations = [c for c in composer.cites.values()]
    if citations:
        meta["citations"] = [c.to_dict() for c in citations]
    figures = recorder.to_dict()
    meta["figures"] = figures
    text = _front_matter(meta) + "\n" + body
    warnings = list(stats.warnings)
    if not speaker:
        warnings.append("zhengbing.toml 中没有填写讲话人（speaker），文稿标题下不署名。")
    if not date_text:
        warnings.append(
            f"没有填写讲话日期（今天不在 {year} 年）。请在草稿文件头的 date 中填写，或用 --date 指定。"
        )
    slots = count_slots(body)
    if slots:
        warnings.append(
            f"草稿中有 {slots} 处【请填写】或【待核实】，是统计表和工作情况中没有的内容；"
            "请逐处填写、核实（zhengbing check 可列出所在行）。"
        )
    check = parse_draft(text, "<生成的草稿>")
    if check.errors:
        details = "\n".join(f"  {p.message}" for p in check.errors)
        raise InputError(
            f"生成的草稿结构有误（提纲 {outline.source}），未写入任何文件：\n{details}",
            hint="请检查提纲或工作区模板。",
        )
    return Composed(text, kind, outline, stats, figures, citations, warnings)


def compose(
    workspace: Workspace,
    kind: str,
    *,
    outline_id: str | None = None,
    stats_path: str | Path | None = None,
    suggest: bool = False,
) -> str:
    """The Markdown draft text for *kind* from the workspace's statistics and an outline."""
    return compose_document(
        workspace, kind, outline_id=outline_id, stats_path=stats_path, suggest=suggest
    ).text


@dataclass
class Written:
    draft: Path
    draft_backup: Path | None
    docx: Path | None
    docx_backup: Path | None
    composed: Composed


def default_draft_path(workspace: Workspace, kind: str, year: int, outline: Outline) -> Path:
    spec = kinds.get(kind)
    name = spec.draft_name.format(year=year)
    if outline.id != spec.outline:
        name += f"（{outline.id}）"
    return workspace.drafts_dir / f"{name}.md"


def write_draft(
    workspace: Workspace,
    kind: str,
    *,
    out: str | Path | None = None,
    docx: str | Path | None = None,
    outline_id: str | None = None,
    stats_path: str | Path | None = None,
    previous: str | Path | None = None,
    force: bool = False,
    suggest: bool = False,
    date: str | _dt.date | None = None,
) -> Written:
    """Compose and write the draft (and the .docx when *docx* is given).

    Nothing is written when composing fails; an existing draft is replaced only with *force*
    and then backed up; when the .docx cannot be written the new draft is rolled back.
    """
    from zhengbing.textio import atomic_write_text, check_output_path

    composed = compose_document(
        workspace,
        kind,
        outline_id=outline_id,
        stats_path=stats_path,
        previous=previous,
        suggest=suggest,
        date=date,
    )
    year = int(workspace.profile.year or composed.stats.year or _dt.date.today().year)
    draft_path = (
        Path(out)
        if out is not None
        else default_draft_path(workspace, composed.kind, year, composed.outline)
    )
    if draft_path.suffix.lower() not in (".md", ".markdown", ".txt"):
        raise InputError(f"草稿应保存为 .md 文件：{draft_path}", hint="例如 -o 草稿/动员讲话.md")
    docx_path: Path | None = None
    if docx is not None:
        docx_path = Path(docx) if str(docx) else workspace.output_dir / f"{draft_path.stem}.docx"
        if docx_path.suffix.lower() != ".docx":
            raise InputError(f"Word 文件应以 .docx 结尾：{docx_path}")
        if not docx_path.parent.exists() and docx_path.parent == workspace.output_dir:
            docx_path.parent.mkdir(parents=True)  # the workspace's own 成稿/ may be recreated
        check_output_path(docx_path, force=force)
        try:
            import zhengbing.writer  # noqa: F401
        except ModuleNotFoundError:
            raise InputError("本安装缺少 Word 输出模块，无法生成 .docx。") from None
    if not draft_path.parent.exists() and draft_path.parent == workspace.drafts_dir:
        draft_path.parent.mkdir(parents=True)
    check_output_path(draft_path, force=force)
    existed = draft_path.exists()
    backup = atomic_write_text(draft_path, composed.text, force=force)
    docx_backup: Path | None = None
    if docx_path is not None:
        from zhengbing.writer import render_draft

        try:
            draft = parse_draft(composed.text, str(draft_path))
            fonts = workspace.profile.font_profile
            docx_backup = render_draft(draft, docx_path, fonts=fonts, force=force)
        except BaseException:
            _rollback(draft_path, existed, backup)
            raise
    return Written(draft_path, backup, docx_path, docx_backup, composed)


def _rollback(path: Path, existed: bool, backup: Path | None) -> None:
    """Undo a draft write after a failed .docx: restore the backup or remove the new file."""
    import os

    if existed and backup is not None and backup.exists():
        os.replace(backup, path)
    elif not existed:
        path.unlink(missing_ok=True)


__all__ = [
    "Composed",
    "Written",
    "compose",
    "compose_document",
    "resolve_kind",
    "write_draft",
]
