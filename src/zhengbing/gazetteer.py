"""Chinese administrative divisions (行政区划) and place-name spotting in running text.

The data lives in ``templates/data/gazetteer.yaml``: every provincial-level division with its
short name, one-character abbreviations and capital; every prefecture-level division; the
county-level divisions grouped by type; former names (曾用名) of recently renamed divisions.

:func:`load_gazetteer` returns a cached :class:`Gazetteer`. Its :meth:`Gazetteer.find_places`
scans a text once and reports the place names in it, preferring full names over short ones and
recognising a one-character abbreviation (黔, 渝, 赣…) only in the contexts where it is used as
one (驻黔官兵, 援藏, 入川, 黔籍, 苏北), so that 青年, 新时代, 宁可, 吉祥 and 川流不息 are not
place names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from . import resources
from .errors import InputError

__all__ = [
    "Division",
    "Gazetteer",
    "NameMatch",
    "PlaceMention",
    "RELATIONS",
    "Resolution",
    "load_gazetteer",
    "short_forms",
]

PROVINCE = "province"
CITY = "city"
COUNTY = "county"
ABBR = "abbr"

COUNTY_TYPES = ("市辖区", "县级市", "县", "自治县", "旗", "自治旗", "林区", "特区")
_MUNICIPALITY = "直辖市"

# Ethnic group names that make up the middle of 自治州/自治县 names (longest first when stripping).
_ETHNIC = sorted(
    """
    蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族
    黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族
    撒拉族 毛南族 仡佬族 锡伯族 普米族 塔吉克族 怒族 鄂温克族 保安族 裕固族 独龙族 各族
    """.split(),
    key=len,
    reverse=True,
)
_SPECIAL_SHORT = {
    "浦东新区": ("浦东",),
    "滨海新区": ("滨海",),
    "神农架林区": ("神农架",),
    "六枝特区": ("六枝",),
}
# Characters that may stand right before a place name without gluing to it.
_BOUNDARY_BEFORE = set(
    "在到赴驻于与和及同从自来去往向对是的为由至省市县区州盟旗镇乡街村原全经将把被让给跟离回返进入出援抵留"
    "住居处们了也都就即我你他她其该本各每、，。；：！？“”‘’（）()《》〈〉【】[]「」 \t\r\n-—·…,.;:!?"
)
# Two-character province short names that also occur inside other phrases (长江西岸, 黄河南岸,
# 太湖南岸, 太行山东麓, 幸福建设, 登上海拔, 隆重庆祝): these need a clean left boundary.
_GUARDED_FIRST = set("江河湖山海福上重")
_GEO_AFTER = set("岸麓侧坡段拔畔滨")
_AREA_AFTER = set("域间分别块位")  # 区域, 区间, 区分 … after a name ending in 区
_COUNTY_SHORT_AFTER = ("人武部", "武装部", "籍")
# Two-character county names that a following character turns into an ordinary phrase:
# 新县城 / 新县委书记 / 新县长 (a new county seat, secretary, head), 古县城.
_TWO_CHAR_BAD_AFTER = {"新县": set("城域区级委长政"), "古县": set("城域")}
RELATIONS = ("own", "other-county", "other-city", "other-province")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division."""

    name: str  # current official full name (湖州市, 安吉县, 浙江省)
    level: str  # province | city | county
    type: str  # 省/自治区/直辖市/特别行政区 | 地级市/地区/自治州/盟 | 市辖区/县级市/县/自治县/旗…
    province: str  # full name of the provincial-level division
    city: str | None = None  # full name of the prefecture (a city's own name; None when none)
    code: str | None = None
    short: tuple[str, ...] = ()  # short forms (浙江; 湖州; 黔东南, 黔东南州; 安吉)
    abbreviations: tuple[str, ...] = ()  # one-character abbreviations (provinces only)
    capital: str | None = None  # provinces only
    former: tuple[str, ...] = ()  # 曾用名

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A division a name can refer to, and in which form (full, short, former or abbr)."""

    division: Division
    form: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name refers to: all candidate divisions, and whether the reference is certain."""

    name: str
    matches: tuple[NameMatch, ...]
    common_word: bool = False  # the form is also an everyday word (江山, 公安, 大庆)

    @property
    def candidates(self) -> tuple[Division, ...]:
        return tuple(m.division for m in self.matches)

    @property
    def provinces(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.division.province for m in self.matches))

    @property
    def province(self) -> str | None:
        """The province when every candidate lies in the same one."""
        provs = self.provinces
        return provs[0] if len(provs) == 1 else None

    @property
    def unambiguous(self) -> bool:
        """Exactly one division carries this name."""
        return len(self.matches) == 1

    @property
    def division(self) -> Division | None:
        return self.matches[0].division if len(self.matches) == 1 else None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name found in a text (``text[start:end] == mention.text``)."""

    start: int
    end: int
    text: str
    kind: str  # province | abbr | city | county
    province: str | None  # full province name; None when the name is ambiguous across provinces
    city: str | None  # full prefecture name when known
    name: str | None = None  # official full name of the division, when exactly one
    form: str = "full"  # full | short | former | abbr
    candidates: tuple[Division, ...] = field(default=(), repr=False)

    @property
    def unambiguous(self) -> bool:
        return self.name is not None


def _strip_ethnic(stem: str) -> str:
    changed = True
    while changed:
        changed = False
        for eth in _ETHNIC:
            if stem.endswith(eth) and len(stem) > len(eth):
                stem = stem[: -len(eth)]
                changed = True
                break
    return stem


def short_forms(name: str, level: str) -> tuple[str, ...]:
    """The customary short forms of a city or county name (湖州市 → 湖州; 景宁畲族自治县 → 景宁)."""
    if name in _SPECIAL_SHORT:
        return _SPECIAL_SHORT[name]
    stem = ""
    if level == CITY:
        if name.endswith("市"):
            stem = name[:-1]
    else:
        if name.endswith("自治旗") or name.endswith("旗"):
            return ()
        if name.endswith("自治县"):
            stem = _strip_ethnic(name[:-3])
            if stem == name[:-3]:
                return ()
        elif name.endswith("回族区"):
            stem = name[:-3]
        elif name.endswith(("区", "县", "市")):
            stem = name[:-1]
    if len(stem) >= 2:
        return (stem,)
    return ()


class Gazetteer:
    """The loaded gazetteer with name lookups and a fast text scanner."""

    def __init__(self, data: dict[str, Any], source: str = "gazetteer.yaml") -> None:
        self.source = source
        self.version = str(data.get("版本", ""))
        self._provinces: list[Division] = []
        self._cities: dict[str, list[Division]] = {}
        self._counties: dict[str, list[Division]] = {}
        self._by_name: dict[str, list[NameMatch]] = {}
        self._abbr: dict[str, Division] = {}
        self.common_words: frozenset[str] = frozenset(str(w) for w in data.get("常用词") or ())
        self.generic_phrases: tuple[str, ...] = tuple(str(p) for p in data.get("通用语") or ())
        self._load_abbr_config(data.get("简称识别") or {})
        for entry in _require_list(data, "省级", source):
            self._load_province(entry)
        self._build_index()

    # ------------------------------------------------------------------ loading
    def _load_abbr_config(self, cfg: dict[str, Any]) -> None:
        self._prefixes = frozenset(cfg.get("前缀") or ())
        self._suffixes = frozenset(cfg.get("后缀") or ())
        self._directions = frozenset(cfg.get("方位") or ())
        self._direction_abbrs = frozenset(cfg.get("方位简称") or ())
        self._limits: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        for ch, lim in (cfg.get("限定") or {}).items():
            lim = lim or {}
            self._limits[str(ch)] = (
                frozenset(lim.get("前缀") or ()),
                frozenset(lim.get("后缀") or ()),
            )
        self._abbr_exclude: dict[str, tuple[str, ...]] = {
            str(ch): tuple(words or ()) for ch, words in (cfg.get("排除词") or {}).items()
        }
        self._abbr_exclude_before: dict[str, frozenset[str]] = {
            str(ch): frozenset(chars or ()) for ch, chars in (cfg.get("排除前字") or {}).items()
        }

    def _load_province(self, entry: dict[str, Any]) -> None:
        name = str(entry["名称"])
        ptype = str(entry.get("类型", "省"))
        prov = Division(
            name=name,
            level=PROVINCE,
            type=ptype,
            province=name,
            code=_opt_str(entry.get("代码")),
            short=tuple(str(s) for s in _as_list(entry.get("简称"))),
            abbreviations=tuple(str(s) for s in _as_list(entry.get("单字简称"))),
            capital=_opt_str(entry.get("省会")),
        )
        self._provinces.append(prov)
        self._cities[name] = []
        self._counties[name] = []
        self._counties.setdefault(name, [])
        # municipalities list their districts and counties directly
        self._load_counties(entry, name, None)
        for centry in entry.get("地级") or ():
            cname = str(centry["名称"])
            shorts = centry.get("简称")
            city = Division(
                name=cname,
                level=CITY,
                type=str(centry.get("类型") or "地级市"),
                province=name,
                city=cname,
                code=_opt_str(centry.get("代码")),
                short=tuple(str(s) for s in shorts)
                if shorts is not None
                else short_forms(cname, CITY),
                former=tuple(str(s) for s in _as_list(centry.get("曾用名"))),
            )
            self._cities[name].append(city)
            self._load_counties(centry, name, cname)
        direct = entry.get("省直辖县级")
        if direct:
            self._load_counties(direct, name, None)

    def _load_counties(self, entry: dict[str, Any], province: str, city: str | None) -> None:
        for ctype in COUNTY_TYPES:
            for item in entry.get(ctype) or ():
                if isinstance(item, dict):
                    cname = str(item["名称"])
                    former = tuple(str(s) for s in _as_list(item.get("曾用名")))
                    shorts = item.get("简称")
                else:
                    cname, former, shorts = str(item), (), None
                self._counties[province].append(
                    Division(
                        name=cname,
                        level=COUNTY,
                        type=ctype,
                        province=province,
                        city=city,
                        short=tuple(str(s) for s in shorts)
                        if shorts is not None
                        else short_forms(cname, COUNTY),
                        former=former,
                    )
                )

    def _add(self, name: str, division: Division, form: str) -> None:
        matches = self._by_name.setdefault(name, [])
        if not any(m.division is division for m in matches):
            matches.append(NameMatch(division, form))

    def _build_index(self) -> None:
        for prov in self._provinces:
            self._add(prov.name, prov, "full")
            for s in prov.short:
                self._add(s, prov, "short")
            for ch in prov.abbreviations:
                self._abbr[ch] = prov
        for divs in (*self._cities.values(), *self._counties.values()):
            for div in divs:
                self._add(div.name, div, "full")
                for old in div.former:
                    self._add(old, div, "former")
        for divs in (*self._cities.values(), *self._counties.values()):
            for div in divs:
                for s in div.short:
                    self._add(s, div, "short")
        # A name that is a province's own name wins over the same string used as a short form.
        # Scanner table: name -> (kind, form, division or None, province or None, city or None)
        self._scan: dict[str, tuple[str, str, tuple[NameMatch, ...]]] = {}
        for name, matches in self._by_name.items():
            if len(name) < 2:
                continue
            best = _best_forms(matches)
            self._scan[name] = (best[0].division.level, best[0].form, best)
        self._first: dict[str, tuple[int, ...]] = {}
        lengths: dict[str, set[int]] = {}
        for name in self._scan:
            lengths.setdefault(name[0], set()).add(len(name))
        for ch, ls in lengths.items():
            self._first[ch] = tuple(sorted(ls, reverse=True))
        self._generic_re = (
            re.compile("|".join(re.escape(p) for p in sorted(self.generic_phrases, key=len)[::-1]))
            if self.generic_phrases
            else None
        )
        self._parent_names: dict[str, tuple[str, ...]] = {}
        for prov in self._provinces:
            self._parent_names[prov.name] = (prov.name, *prov.short)
        for cities in self._cities.values():
            for city in cities:
                self._parent_names[city.name] = (city.name, *city.short)

    # ------------------------------------------------------------------ listing
    def provinces(self) -> list[Division]:
        """The 34 provincial-level divisions, in code order."""
        return list(self._provinces)

    def province(self, name: str) -> Division | None:
        """A provincial-level division by full name, short name or one-character abbreviation."""
        name = name.strip()
        if name in self._abbr:
            return self._abbr[name]
        for m in self._by_name.get(name, ()):
            if m.division.level == PROVINCE:
                return m.division
        return None

    def cities(self, province: str) -> list[Division]:
        """The prefecture-level divisions of a province (full name, short name or abbreviation)."""
        prov = self.province(province)
        return list(self._cities[prov.name]) if prov else []

    def counties(self, province: str, city: str | None = None) -> list[Division]:
        """The county-level divisions of a province, optionally only those of one prefecture."""
        prov = self.province(province)
        if prov is None:
            return []
        items = self._counties[prov.name]
        if city is None:
            return list(items)
        res = self.resolve(city)
        wanted = {d.name for d in res.candidates if d.level == CITY and d.province == prov.name}
        return [d for d in items if d.city in wanted]

    def divisions(self) -> Iterator[Division]:
        """Every division: provinces, then prefectures, then counties."""
        yield from self._provinces
        for prov in self._provinces:
            yield from self._cities[prov.name]
        for prov in self._provinces:
            yield from self._counties[prov.name]

    # ------------------------------------------------------------------ lookups
    def lookup(self, name: str) -> list[NameMatch]:
        """Every division a name (full, short or former form, or an abbreviation) can refer to."""
        name = name.strip()
        if len(name) == 1:
            prov = self._abbr.get(name)
            return [NameMatch(prov, ABBR)] if prov else []
        return list(self._by_name.get(name, ()))

    def resolve(self, name: str) -> Resolution:
        """Like :meth:`lookup`, with the ambiguity made explicit.

        A full official name that is also a province's short name (吉林) resolves to the province
        first; a name shared by divisions in several provinces (朝阳区, 鼓楼区) has no province.
        """
        name = name.strip()
        matches = tuple(self.lookup(name))
        if len(name) >= 2 and matches:
            matches = _best_forms(list(matches))
        return Resolution(name, matches, common_word=name in self.common_words)

    def province_of(self, name: str) -> str | None:
        """The full province name for a province, city or county name (湖州, 安吉县, 黔, 浙江).

        Returns None when the name is unknown or names divisions in more than one province.
        Use :meth:`resolve` to see whether the name picks out exactly one division.
        """
        return self.resolve(name).province

    def is_unambiguous(self, name: str) -> bool:
        """True when exactly one division carries this name (in any of its forms)."""
        return self.resolve(name).unambiguous

    def relation(self, mention: PlaceMention | str, home: Division | str) -> str | None:
        """How a mentioned place relates to the unit's own division ``home``.

        Returns ``"own"`` (the home division, a division containing it or one inside it),
        ``"other-county"`` (another county of the same prefecture, or of the same municipality),
        ``"other-city"`` (another prefecture of the same province, or a county in one),
        ``"other-province"``, or None when the mention or the home cannot be pinned down.
        A mention that may name several divisions gets the mildest of their relations.
        """
        if isinstance(home, str):
            home_div = self.resolve(home).division
            if home_div is None:
                return None
        else:
            home_div = home
        if isinstance(mention, str):
            candidates = self.resolve(mention).candidates
        else:
            candidates = mention.candidates
        if not candidates:
            return None
        rels = [_relation(c, home_div) for c in candidates]
        return min(rels, key=RELATIONS.index)

    def locate(self, text: str) -> Division | None:
        """The most specific division a unit name or title names (浙江省湖州市安吉县人民武装部 → 安吉县).

        Mentions are read in order; a later, more specific one must lie inside the earlier ones.
        """
        best: Division | None = None
        for m in self.find_places(text):
            cands = [c for c in m.candidates if best is None or _inside(c, best)]
            if best is not None and not cands:
                continue
            if len(cands) != 1:
                continue
            cand = cands[0]
            if best is None or _rank(cand) > _rank(best):
                best = cand
        return best

    # ------------------------------------------------------------------ scanning
    def find_places(self, text: str, *, include_short_counties: bool = True) -> list[PlaceMention]:
        """Every place name in ``text``, left to right, without overlaps.

        Full names win over short ones (the longest name starting at a position is taken).
        Names that are everyday words (常用词), names inside generic phrases (通用语: 南昌起义,
        京津冀…) and one-character abbreviations outside their typical contexts are skipped.
        A short form shared by divisions of several provinces is skipped; a full name shared by
        several (朝阳区) is reported with ``province=None`` and ``name=None``.
        """
        n = len(text)
        masked = bytearray(n)
        if self._generic_re is not None:
            for m in self._generic_re.finditer(text):
                masked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        out: list[PlaceMention] = []
        i = 0
        first = self._first
        scan = self._scan
        abbr = self._abbr
        while i < n:
            if masked[i]:
                i += 1
                continue
            ch = text[i]
            found: PlaceMention | None = None
            lengths = first.get(ch)
            if lengths:
                for length in lengths:
                    end = i + length
                    if end > n:
                        continue
                    cand = text[i:end]
                    entry = scan.get(cand)
                    if entry is None or masked.find(1, i, end) != -1:
                        continue
                    found = self._accept(text, i, end, cand, entry, include_short_counties)
                    if found is not None:
                        break
            if found is None and ch in abbr:
                found = self._accept_abbr(text, i, masked)
            if found is not None:
                out.append(found)
                i = found.end
            else:
                i += 1
        return out

    def _accept(
        self,
        text: str,
        start: int,
        end: int,
        cand: str,
        entry: tuple[str, str, tuple[NameMatch, ...]],
        include_short_counties: bool,
    ) -> PlaceMention | None:
        level, form, matches = entry
        if cand in self.common_words:
            return None
        divisions = tuple(m.division for m in matches)
        provinces = {d.province for d in divisions}
        province = next(iter(provinces)) if len(provinces) == 1 else None
        nxt = text[end] if end < len(text) else ""
        if cand.endswith("区") and nxt in _AREA_AFTER:
            return None
        if cand.endswith("市") and nxt == "场":  # 东方市场, 龙港市场
            return None
        if form == "short":
            if province is None:
                return None
            if level == PROVINCE:
                if cand[0] in _GUARDED_FIRST and not self._left_ok(text, start, divisions):
                    return None
                if nxt in _GEO_AFTER:
                    return None
            elif level == CITY:
                # 确保定兵 (保定), 适宜春季 (宜春), 秀丽水乡 (丽水): a two-character short city
                # name needs a clean left edge (or its province right before it).
                if len(cand) == 2 and (
                    not self._left_ok(text, start, divisions) or nxt in _GEO_AFTER
                ):
                    return None
            else:  # county short form
                if not include_short_counties:
                    return None
                if len(cand) == 2 and not (
                    self._after_parent(text, start, divisions)
                    or text.startswith(_COUNTY_SHORT_AFTER, end)
                ):
                    return None
        elif len(cand) == 2 and (
            not self._left_ok(text, start, divisions) or nxt in _TWO_CHAR_BAD_AFTER.get(cand, ())
        ):
            # two-character full names (沛县, 忠县, 新县): 县委和县政府, 现代县域, 示范县, 新县城
            return None
        name = divisions[0].name if len(divisions) == 1 else None
        cities = {d.city for d in divisions}
        city = next(iter(cities)) if len(cities) == 1 else None
        return PlaceMention(
            start=start,
            end=end,
            text=cand,
            kind=level,
            province=province,
            city=city,
            name=name,
            form=form,
            candidates=divisions,
        )

    def _left_ok(self, text: str, start: int, divisions: tuple[Division, ...]) -> bool:
        if start == 0:
            return True
        prev = text[start - 1]
        if prev in _BOUNDARY_BEFORE or not _HAN.match(prev):
            return True
        return self._after_parent(text, start, divisions)

    def _after_parent(self, text: str, start: int, divisions: tuple[Division, ...]) -> bool:
        head = text[max(0, start - 12) : start]
        for div in divisions:
            for parent in (div.city, div.province):
                if parent is None or parent == div.name:
                    continue
                for pname in self._parent_names.get(parent, ()):
                    if head.endswith(pname):
                        return True
        return False

    def _accept_abbr(self, text: str, i: int, masked: bytearray) -> PlaceMention | None:
        ch = text[i]
        prov = self._abbr[ch]
        n = len(text)
        for word in self._abbr_exclude.get(ch, ()):
            if text.startswith(word, i):
                return None
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if nxt and nxt in self._abbr:  # 川渝, 京津冀, 湘鄂赣: joint-region terms
            return None
        prefixes, suffixes = self._limits.get(ch, (self._prefixes, self._suffixes))
        end = i + 1
        ok = False
        if (
            ch in self._direction_abbrs
            and nxt in self._directions
            and prev not in self._abbr_exclude_before.get(ch, frozenset())
        ):
            # 苏北, 鲁西南, 渝东北, 黔中: regions named by abbreviation and direction
            end = i + 2
            if end < n and text[end] in self._directions and text[end] != nxt:
                end += 1
            if any(masked[i:end]):
                return None
            ok = True
        if not ok:
            ok = bool(
                (prev and prev in prefixes and not masked[i - 1]) or (nxt and nxt in suffixes)
            )
        if not ok:
            return None
        return PlaceMention(
            start=i,
            end=end,
            text=text[i:end],
            kind=ABBR,
            province=prov.name,
            city=None,
            name=prov.name,
            form=ABBR,
            candidates=(prov,),
        )


def _best_forms(matches: list[NameMatch]) -> tuple[NameMatch, ...]:
    """Keep the strongest readings of a name.

    A province wins; then full names over former names over short forms; among short forms a
    prefecture's (西安 → 西安市, not 西安区 of 辽源) wins over a county's, except over the districts
    of a municipality, which are as well known as cities (朝阳 stays ambiguous).
    """
    order = {"full": 0, "former": 1, "short": 2}
    provinces = [m for m in matches if m.division.level == PROVINCE]
    if provinces:
        return tuple(provinces)
    best = min(order[m.form] for m in matches)
    kept = [m for m in matches if order[m.form] == best]
    if best == 2 and any(m.division.level == CITY for m in kept):
        kept = [
            m
            for m in kept
            if m.division.level == CITY or m.division.city is None and m.division.type == "市辖区"
        ]
    return tuple(kept)


def _relation(place: Division, home: Division) -> str:
    if place.province != home.province:
        return "other-province"
    if place.level == PROVINCE or home.level == PROVINCE:
        return "own"
    if place.level == CITY:
        return "own" if home.city == place.name else "other-city"
    # place is a county
    if home.level == CITY:
        return "own" if place.city == home.name else "other-city"
    if place is home or (place.name == home.name and place.city == home.city):
        return "own"
    if place.city == home.city:
        return "other-county"
    return "other-city"


def _rank(div: Division) -> int:
    return {PROVINCE: 0, CITY: 1, COUNTY: 2}[div.level]


def _inside(inner: Division, outer: Division) -> bool:
    if outer.level == PROVINCE:
        return inner.province == outer.name
    if outer.level == CITY:
        return inner.city == outer.name or inner is outer
    return inner is outer


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _require_list(data: dict[str, Any], key: str, source: str) -> Iterable[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise InputError(
            f"地名表 {source} 缺少“{key}”列表",
            hint="请重新安装 zhengbing，或检查地名表文件是否被改动。",
        )
    return value


def gazetteer_path() -> Path:
    return resources.templates_dir() / "data" / "gazetteer.yaml"


@cache
def load_gazetteer() -> Gazetteer:
    """Load the bundled gazetteer once per process."""
    path = gazetteer_path()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open("r", encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=loader)  # noqa: S506 - safe loader
    except OSError as exc:
        raise InputError(
            f"无法读取地名表 {path}：{exc.strerror or exc}",
            hint="请重新安装 zhengbing。",
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(
            f"地名表 {path} 格式错误：{exc}",
            hint="请重新安装 zhengbing，或恢复被改动的地名表文件。",
        ) from exc
    if not isinstance(data, dict):
        raise InputError(f"地名表 {path} 内容不是映射表", hint="请重新安装 zhengbing。")
    return Gazetteer(data, source=path.name)
