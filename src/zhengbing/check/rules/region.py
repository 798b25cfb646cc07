"""region: place names of another province, city or county than the unit's (驻黔官兵 in a
Chongqing speech, 《江西省征兵工作条例》 cited by a Zhejiang township, 湖州市委 in a Jiaxing draft)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from zhengbing.check.context import Context
from zhengbing.check.lazyre import lazy
from zhengbing.check.model import (
    BYLINE,
    CELL,
    HEADING,
    META,
    PARAGRAPH,
    SIGNATURE,
    SUBTITLE,
    TITLE,
    Document,
    Finding,
)
from zhengbing.check.registry import DependencyMissing, register
from zhengbing.check.rules._util import Reporter, text_segments

RULE = "region"
BOOK_RE = lazy(r"《([^《》\n]{2,60})》", needs=("《",))
OWNER_AFTER = lazy(
    r"^(?:省委|市委|县委|区委|旗委|州委|省政府|市政府|县政府|区政府|人民政府|党委|政府|人武部|人民武装部|"
    r"武装部|征兵办公室|征兵办|征兵工作领导小组|军分区|警备区|双拥模范城|双拥模范县|兵役机关)"
)
OWNER_AT = lazy(OWNER_AFTER.pattern.removeprefix("^"))
OWNER_BEFORE = ("我", "全", "本")
GARRISON_AFTER = lazy(r"^(?:官兵|部队|驻军|武警|军队|将士)")
SERVE_BEFORE = lazy(r"(?:在|到|赴|往|去|进|入|于|分到|分配到|服役于)$")


@dataclass
class Home:
    province: str
    city: str | None
    county: str | None
    source: str


@cache
def _gazetteer() -> Any:
    """The project's gazetteer; its parsed YAML is cached as JSON (parsing costs more than a check)."""
    try:
        from zhengbing.gazetteer import Gazetteer, gazetteer_path, load_gazetteer
    except ImportError:
        raise DependencyMissing("缺少地名表模块") from None
    try:
        from zhengbing.check import cache as disk

        path = gazetteer_path()
        key = disk.file_key(path)
        data = disk.load("gazetteer", key)
        if isinstance(data, dict):
            return Gazetteer(data, source=path.name)
        gazetteer = load_gazetteer()
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with path.open(encoding="utf-8") as fh:
            disk.store("gazetteer", key, yaml.load(fh, Loader=loader))  # noqa: S506
        return gazetteer
    except DependencyMissing:
        raise
    except Exception as exc:  # an unreadable gazetteer must not stop the other rules
        raise DependencyMissing(f"地名表无法读取（{getattr(exc, 'message', exc)}）") from None


@dataclass(frozen=True)
class _Names:
    """Every name the gazetteer can recognise (full, short, former), for a quick pre-scan."""

    names: frozenset[str]
    abbreviations: str
    direction_abbreviations: str
    longest: int


@cache
def _names() -> _Names:
    from zhengbing.check import cache as disk
    from zhengbing.resources import templates_dir

    try:  # the file's identity is enough for this pre-scan (no need to import the gazetteer)
        path = templates_dir() / "data" / "gazetteer.yaml"
        stat = path.stat()
        key = f"names|{path}|{stat.st_size}|{stat.st_mtime_ns}"
    except OSError:  # the full rule will report what is missing
        key = ""
    data = disk.load("gazetteer-names", key) if key else None
    if not isinstance(data, dict):
        gaz = _gazetteer()
        names: set[str] = set()
        abbreviations = ""
        for division in gaz.divisions():
            for name in (division.name, *division.short, *division.former):
                if len(name) >= 2:
                    names.add(name)
            abbreviations += "".join(division.abbreviations)
        config = getattr(gaz, "_direction_abbrs", None) or abbreviations
        data = {
            "names": sorted(names),
            "abbreviations": abbreviations,
            "direction_abbreviations": "".join(sorted(config)),
        }
        if key:
            disk.store("gazetteer-names", key, data)
    names_set = frozenset(data["names"])
    return _Names(
        names_set,
        data["abbreviations"],
        data["direction_abbreviations"],
        max((len(n) for n in names_set), default=2),
    )


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _name_at(text: str, start: int, names: _Names) -> str | None:
    for k in range(min(names.longest, len(text) - start), 1, -1):
        if text[start : start + k] in names.names:
            return text[start : start + k]
    return None


def _name_before(text: str, end: int, names: _Names) -> str | None:
    for k in range(2, min(names.longest, end) + 1):
        if text[end - k : end] in names.names:
            return text[end - k : end]
    return None


def _may_flag(doc: Document, names: _Names) -> bool:
    """False only when no context the rule reports (a regulation title starting with a place,
    驻X官兵 / X东南, a place followed by 委/政府/人武部…, 我/全/本 + place, a place in the title
    or unit) occurs: then the gazetteer need not be loaded at all."""
    abbr = re.escape(names.abbreviations)
    dir_abbr = re.escape(names.direction_abbreviations)
    abbr_re = lazy(f"驻[{abbr}]|[{dir_abbr}][东西南北中]") if abbr else None
    for seg in doc.segments:
        t = seg.text
        if seg.role in (TITLE, SUBTITLE) or seg.meta_key in ("unit", "meeting"):
            if any(_name_at(t, i, names) for i in range(len(t))):
                return True
            continue
        if abbr_re is not None and abbr_re.search(t):
            return True
        for m in BOOK_RE.finditer(t):
            if _name_at(m.group(1), 0, names):
                return True
        for i, ch in enumerate(t):
            if ch in "我全本" and _name_at(t, i + 1, names):
                return True
        for m in OWNER_AT.finditer(t):
            p = m.start()
            for end in (p, p + 1):
                name = _name_before(t, end, names)
                if name is None:
                    continue
                start = end - len(name)
                prev = t[start - 1] if start > 0 else ""
                if len(name) > 2 or not _han(prev) or prev in "在到于与和及同从自是的为由至对向":
                    return True
                if _name_before(t, start, names):
                    return True
    return False


def _home(doc: Document, ctx: Context, gaz: Any) -> Home | None:
    if ctx.region_source:
        division = gaz.locate(f"{ctx.province}{ctx.city}{ctx.county}{ctx.unit}")
        prov = gaz.province(ctx.province) if ctx.province else None
        if division is None and prov is None:
            return None
        province = prov.name if prov is not None else division.province
        if division is not None and division.province != province:
            division = None
        city = county = None
        if division is not None:
            city = division.city
            county = division.name if division.level == "county" else None
        return Home(province, city, county, ctx.region_source)
    title = ctx.title
    if title:
        division = gaz.locate(title)
        if division is not None:
            county = division.name if division.level == "county" else None
            return Home(division.province, division.city, county, "标题")
    # the 落款 (a unit's name) and the opening paragraph (按照安吉县征兵工作会议部署……)
    for division in _home_candidates(doc, gaz):
        county = division.name if division.level == "county" else None
        return Home(division.province, division.city, county, "落款或首段")
    # the text itself: the province its place names point to, when one clearly dominates
    votes: Counter[str] = Counter()
    for seg in text_segments(doc):
        masked = BOOK_RE.sub(lambda m: " " * len(m.group(0)), seg.text)
        for mention in gaz.find_places(masked):
            if mention.province:
                votes[mention.province] += 1
    if not votes:
        return None
    ranked = votes.most_common(2)
    if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return Home(ranked[0][0], None, None, "正文地名")
    return None


def _home_candidates(doc: Document, gaz: Any) -> Iterator[Any]:
    """Divisions named by the signature lines, then by the first paragraph of the body."""
    tail = [s for s in doc.segments if s.role in (BYLINE, SIGNATURE)]
    first = next((s for s in doc.segments if s.role == PARAGRAPH), None)
    for seg in [*tail, *([first] if first is not None else [])]:
        masked = BOOK_RE.sub(lambda m: " " * len(m.group(0)), seg.text)
        division = gaz.locate(masked)
        if division is not None:
            yield division


def _where(home: Home) -> str:
    return home.county or home.city or home.province


@register(RULE, "地名与地方法规")
def check(doc: Document, ctx: Context) -> Iterator[Finding]:
    report = Reporter(doc, RULE)
    if not _may_flag(doc, _names()):
        return
    gaz = _gazetteer()
    home = _home(doc, ctx, gaz)
    if home is None:
        return
    where = _where(home)
    source = {
        "工作区": "工作区设置",
        "文件头": "文件头",
        "标题": "标题",
        "正文地名": "正文中的地名",
        "落款或首段": "落款或首段",
    }[home.source]
    for seg in text_segments(doc):
        if seg.role not in (PARAGRAPH, HEADING, TITLE, SUBTITLE, CELL, META):
            continue
        t = seg.text
        if seg.role == META and seg.meta_key not in ("unit", "meeting"):
            continue
        # another region's regulation cited as the unit's own
        books: list[tuple[int, int]] = []
        for m in BOOK_RE.finditer(t):
            books.append((m.start(), m.end()))
            places = gaz.find_places(m.group(1))
            if not places or places[0].start != 0 or not places[0].province:
                continue
            place = places[0]
            other_province = place.province != home.province
            other_city = (
                not other_province
                and home.city is not None
                and place.kind in ("city", "county")
                and place.city is not None
                and place.city != home.city
            )
            if other_province or other_city:
                yield report.error(
                    seg,
                    *m.span(),
                    (
                        f"引用了{place.name or place.text}的地方性法规或文件“{m.group(0)}”，"
                        f"而本单位在{where}（据{source}）。"
                    ),
                    f"改为本地（{home.province}）的相应法规，或改引全国性的法律法规",
                )
        for mention in gaz.find_places(t):
            if any(s <= mention.start < e for s, e in books):
                continue
            if not mention.province:
                continue
            before = t[max(0, mention.start - 6) : mention.start]
            after = t[mention.end : mention.end + 12]
            after_name = (
                t[mention.end - 1 : mention.end + 12]
                if mention.text[-1] in "省市县区州旗盟"
                else ""
            )
            other_province = mention.province != home.province
            other_local = (
                not other_province
                and mention.kind in ("city", "county")
                and (
                    (
                        home.county is not None
                        and mention.kind == "county"
                        and mention.name != home.county
                    )
                    or (
                        home.city is not None
                        and mention.city is not None
                        and mention.city != home.city
                    )
                )
            )
            if not (other_province or other_local):
                continue
            reason = ""
            if mention.kind == "abbr":
                if (
                    GARRISON_AFTER.match(after)
                    and before.endswith("驻")
                    and not SERVE_BEFORE.search(before[:-1])
                ):
                    reason = "把驻地写成了外地"
                elif len(mention.text) >= 2 and mention.text[1] in "东西南北中":
                    reason = "用外地的区域称谓描述本地"
            elif other_province and (OWNER_AFTER.match(after) or OWNER_AFTER.match(after_name)):
                reason = "把外地的机关当作本地机关"
            elif before.endswith(OWNER_BEFORE):
                reason = "把外地当作本地"
            elif seg.role in (TITLE, SUBTITLE) or (seg.role == META and seg.meta_key == "unit"):
                reason = "标题或单位名称写的是外地"
            if not reason:
                continue
            label = mention.name or mention.text
            yield report.error(
                seg,
                mention.start,
                mention.end,
                (
                    f"“{mention.text}”指{label}，而本单位在{where}（据{source}）：{reason}，"
                    "疑似套用外地模板。"
                ),
                f"改为本地名称（{where}）或删去",
            )
