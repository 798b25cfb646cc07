"""Document kinds: one table of every kind of document the toolkit drafts, checks or imports.

How to add a kind
-----------------
1. Add one :class:`Kind` entry to :data:`KINDS` below: its name, aliases and title words; for a
   kind that ``zhengbing draft`` writes also its template, default outline, draft file name,
   :class:`Layout` and who signs it (:data:`SPEAKER` or :data:`REPORTER`).
2. A drafting kind needs its template ``templates/kinds/<template>`` (Jinja2; start from one of
   the existing ones and the macros in ``_部件.md.j2``) and its default outline
   ``templates/outlines/<outline>.yaml`` with ``kinds: [<name>]``.
3. ``pytest tests/test_kinds.py`` checks that the template and the outline exist, that names
   and aliases are unique and that every kind named by an outline or a bundled sample is here.

Nothing else needs editing: the CLI help and choices, ``draft``, the writer's layout, the
checker's context, the importer, the corpus, the outlines and the new-draft dialog all read
this table.

What the title says
-------------------
:func:`kind_from_title` is the one place that decides the kind of a document from its title.
A title names its kind at its end (……的讲话, ……工作总结, ……情况报告), so of the title words
found, the one that ends last wins (the longer one when two end together: 述职报告 over 报告).
Words of laws and regulations (法, 条例, 办法, 规定…) count only at the very end, after a
trailing note such as （2021年修订）, and not when the title also names a drafted kind (a
speech about the law): 重庆市国防动员条例 is a regulation although it says 动员, and
学习新兵役法的心得体会 is not a law. A national 条例 is a 行政法规, a national 办法 a 规章, a
province's or city's 法 or 条例 and its 实施……办法 a 地方性法规, and a 规章 that carries a
document number (〔2024〕12号) a 规范性文件.

Only ``re`` is imported, and kinds and layouts are slotted classes rather than dataclasses
(nothing is generated at import): the render path reads this table.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing is not imported at run time (import cost)
if TYPE_CHECKING:
    from collections.abc import Callable

# groups of the corpus
POLICY = "policy"  # 法规: laws, regulations, rules and official notices
SAMPLE = "sample"  # 范文: speeches, summaries… (bundled samples and the workspace's own)
OTHER = "other"

# who signs a drafted kind (the byline and the profile fields it comes from)
SPEAKER = "speaker"  # zhengbing.toml speaker/office (a speech is given by the unit's leader)
REPORTER = "reporter"  # reporter/reporter_office, else speaker/office (人武部部长 for a 述职)

# who signs at the end of a document, above its date
ORGAN = "organ"  # the unit or its 人民武装部 (signature/unit in the front matter)
PERSON = "person"  # the speaker when there is one, else the organ

OTHER_KIND = "其他"  # a document whose title names no kind
NUMBERED_KIND = "规范性文件"  # what a document with a number (〔2024〕12号) and no kind word is


class _Frozen:
    """Fields in ``__slots__``, set once in ``__init__``; equality, hash and repr by field, as
    a frozen dataclass has them. (Kept here: importing this table loads no other module.)"""

    __slots__ = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._fields() == other._fields()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")


class Layout(_Frozen):
    """How the writer lays a drafted kind out (and what the .docx structure check expects)."""

    __slots__ = ("byline", "byline_required", "subtitle", "dated", "salutation", "closing")

    def __init__(
        self,
        byline: tuple[str, ...] = (),
        byline_required: bool = False,
        subtitle: bool = False,
        dated: bool = False,
        salutation: str = "",
        closing: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "byline", byline)  # front-matter fields joined on the line under the title
        init(self, "byline_required", byline_required)  # warn when the byline is empty
        init(self, "subtitle", subtitle)  # a ——subtitle under the title (……在……会议上的讲话)
        init(self, "dated", dated)  # （2024年3月1日） under the byline: the day a speech is given
        init(self, "salutation", salutation)  # the salutation used when the draft writes none
        init(
            self, "closing", closing
        )  # ORGAN or PERSON: signature and date at the end; "" for none


class Kind(_Frozen):
    """One kind of document."""

    __slots__ = (
        "name",
        "full_name",
        "group",
        "aliases",
        "english",
        "title_words",
        "weak_words",
        "title_endings",
        "local",
        "local_marker",
        "numbered",
        "template",
        "outline",
        "draft_name",
        "layout",
        "signer",
        "looks_back",
    )

    def __init__(
        self,
        name: str,
        full_name: str,
        group: str,
        aliases: tuple[str, ...] = (),
        english: str = "",
        title_words: tuple[str, ...] = (),
        weak_words: tuple[str, ...] = (),
        title_endings: tuple[str, ...] = (),
        local: str = "",
        local_marker: str = "",
        numbered: str = "",
        template: str = "",
        outline: str = "",
        draft_name: str = "",
        layout: Layout | None = None,
        signer: str = "",
        looks_back: bool = False,
    ) -> None:
        init = object.__setattr__
        init(self, "name", name)  # canonical name, in front matter (kind/文种) and corpus (类别)
        init(self, "full_name", full_name)  # what the document is called (讲话稿)
        init(self, "group", group)  # POLICY, SAMPLE or OTHER
        init(self, "aliases", aliases)  # further names accepted on the command line and in files
        init(self, "english", english)  # English name accepted on the command line
        init(self, "title_words", title_words)  # title words naming this kind (anywhere)
        init(self, "weak_words", weak_words)  # like title_words, but not outweighing a law's ending
        init(self, "title_endings", title_endings)  # words naming this kind only at a title's end
        init(self, "local", local)  # the kind of a province's or city's own document of this kind
        init(self, "local_marker", local_marker)  # … only when the title also has this word (实施)
        init(self, "numbered", numbered)  # the kind when the text carries a document number
        # drafting (``zhengbing draft``): all empty for a kind that is only checked or imported
        init(self, "template", template)  # templates/kinds/<template>
        init(self, "outline", outline)  # default outline id (templates/outlines/<outline>.yaml)
        init(self, "draft_name", draft_name)  # default draft file name in 草稿/, {year} filled in
        init(self, "layout", layout)
        init(self, "signer", signer)  # SPEAKER or REPORTER
        init(self, "looks_back", looks_back)  # reports on a year: may be written early next year

    @property
    def drafted(self) -> bool:
        return bool(self.template)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this kind answers to: name, full name, aliases, English name."""
        found = (self.name, self.full_name, *self.aliases, self.english)
        return tuple(dict.fromkeys(n for n in found if n))


KINDS: tuple[Kind, ...] = (
    # --- drafted (and samples in the corpus)
    Kind(
        name="讲话",
        full_name="讲话稿",
        group=SAMPLE,
        aliases=("动员讲话", "致辞", "发言"),
        english="speech",
        title_words=("讲话", "讲话稿", "致辞", "发言"),
        weak_words=("动员",),
        template="讲话稿.md.j2",
        outline="四个坚持四个确保",
        draft_name="{year}年征兵工作动员讲话",
        layout=Layout(
            byline=("office", "speaker"),
            byline_required=True,
            subtitle=True,
            dated=True,
            salutation="同志们",
        ),
        signer=SPEAKER,
    ),
    Kind(
        name="总结",
        full_name="工作总结",
        group=SAMPLE,
        aliases=("年度总结", "情况报告", "工作报告"),
        english="summary",
        title_words=("总结",),
        weak_words=("小结", "报告", "工作报告", "情况报告"),
        template="工作总结.md.j2",
        outline="年度征兵工作总结",
        draft_name="{year}年度征兵工作总结",
        layout=Layout(closing=ORGAN),
        signer=SPEAKER,
        looks_back=True,
    ),
    Kind(
        name="述职",
        full_name="述职报告",
        group=SAMPLE,
        english="report",
        title_words=("述职", "述职报告"),
        template="述职报告.md.j2",
        outline="严把三个关口健全五项制度",
        draft_name="{year}年度征兵工作述职报告",
        layout=Layout(byline=("office", "speaker"), closing=PERSON),
        signer=REPORTER,
        looks_back=True,
    ),
    Kind(
        name="心得体会",
        full_name="心得体会",
        group=SAMPLE,
        aliases=("心得", "体会"),
        english="reflection",
        title_words=("心得", "体会", "心得体会"),
        weak_words=("感悟",),
        template="心得体会.md.j2",
        outline="廉洁征兵心得体会",
        draft_name="廉洁征兵心得体会",
        layout=Layout(byline=("unit", "speaker")),
        signer=REPORTER,
    ),
    # --- laws, regulations and notices (imported and checked, never drafted)
    Kind(
        name="法律",
        full_name="法律",
        group=POLICY,
        title_endings=("法",),
        local="地方性法规",
    ),
    Kind(
        name="行政法规",
        full_name="行政法规",
        group=POLICY,
        title_endings=("条例",),
        local="地方性法规",
    ),
    Kind(name="地方性法规", full_name="地方性法规", group=POLICY),
    Kind(
        name="规章",
        full_name="规章",
        group=POLICY,
        title_endings=("办法", "规定", "细则", "规则"),
        local="地方性法规",
        local_marker="实施",
        numbered=NUMBERED_KIND,
    ),
    Kind(
        name="规范性文件",
        full_name="规范性文件",
        group=POLICY,
        aliases=("通知",),
        weak_words=("通知", "意见", "方案", "决定", "通告", "公告"),
    ),
    Kind(name=OTHER_KIND, full_name=OTHER_KIND, group=OTHER),
)

_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
_BY_ALIAS: dict[str, Kind] = {n.lower(): k for k in KINDS for n in k.names}

DRAFTED: tuple[Kind, ...] = tuple(k for k in KINDS if k.drafted)
GENERIC_LAYOUT = Layout()


def get(name: str) -> Kind:
    """The kind called *name* (canonical name); KeyError for an unknown one."""
    return _BY_NAME[name]


def lookup(value: object) -> Kind | None:
    """The kind *value* names (its name, full name, an alias or its English name), else None."""
    text = str(value).strip()
    return _BY_ALIAS.get(text.lower())


def drafted_kind(value: object) -> str | None:
    """The canonical name of the drafted kind *value* names (讲话稿, speech → 讲话), else None."""
    kind = lookup(value)
    return kind.name if kind is not None and kind.drafted else None


def names(group: str | None = None) -> tuple[str, ...]:
    """Canonical names in table order, of one group when *group* is given."""
    return tuple(k.name for k in KINDS if group is None or k.group == group)


def drafted_names() -> tuple[str, ...]:
    return tuple(k.name for k in DRAFTED)


def drafted_choices(last: str = "、") -> str:
    """讲话、总结、述职、心得体会 (with *last* before the last name: “ 或 ”)."""
    listed = drafted_names()
    return "、".join(listed[:-1]) + last + listed[-1] if len(listed) > 1 else "".join(listed)


def drafted_english() -> str:
    """speech、summary、report、reflection"""
    return "、".join(k.english for k in DRAFTED if k.english)


def layout_of(kind: str) -> Layout:
    """The writer's layout for *kind*; the generic one for an undrafted or unknown kind."""
    found = _BY_NAME.get(kind)
    return found.layout if found is not None and found.layout is not None else GENERIC_LAYOUT


def with_layout(kind: str) -> str:
    """*kind* when the writer has a layout for it, else "" (laid out generically)."""
    found = _BY_NAME.get(kind)
    return kind if found is not None and found.layout is not None else ""


def looks_back(kind: str) -> bool:
    """Does a document of *kind* report on a year (and may be written in the next one)?"""
    found = _BY_NAME.get(kind)
    return found is not None and found.looks_back


def described(kinds: tuple[Kind, ...] | None = None) -> str:
    """讲话/总结/…/其他: the names for a help text."""
    return "/".join(k.name for k in (KINDS if kinds is None else kinds))


# --------------------------------------------------------------------------- titles

_TRAILING_NOTE = r"\s*[（(][^）)]{0,20}[）)]\s*$"  # （2021年修订） （草案）
_LOCAL_PREFIX = r"^\S{2,6}?(?:省|自治区|特别行政区|市|自治州|州|盟|县|区|旗)"


def _bare(title: str) -> str:
    t = re.sub(r"\s+", "", title).strip("。，；：,;:")
    if t.startswith("《") and t.endswith("》"):
        t = t[1:-1]
    while True:
        shorter = re.sub(_TRAILING_NOTE, "", t)
        if shorter == t or not shorter:
            return t
        t = shorter


def _starts_with_place(title: str) -> bool:
    return re.match(_LOCAL_PREFIX, title) is not None


def _last_word(title: str) -> Kind | None:
    """The kind whose title word ends last in *title* (the longer word when two end together)."""
    best: tuple[int, int] | None = None
    found: Kind | None = None
    for kind in KINDS:
        for word in (*kind.title_words, *kind.weak_words):
            end = title.rfind(word)
            if end < 0:
                continue
            key = (end + len(word), len(word))
            if best is None or key > best:
                best, found = key, kind
    return found


def kind_from_title(
    title: str,
    *,
    numbered: bool = False,
    is_local: Callable[[str], bool] | None = None,
) -> str:
    """The kind a title names: 讲话, 总结, 述职, 心得体会, 法律, 行政法规…; "" when it names none.

    *numbered*: the text carries a document number (〔2024〕12号). *is_local*: does the title
    start with a province's, city's or county's name? (By default a name ending in 省, 市, 县…
    at the start of the title.) See the module docstring for the rules.
    """
    t = _bare(title)
    if not t:
        return ""
    local = is_local or _starts_with_place
    ending: tuple[int, Kind] | None = None
    for kind in KINDS:
        for word in kind.title_endings:
            if t.endswith(word) and (ending is None or len(word) > ending[0]):
                ending = (len(word), kind)
    if ending is not None and not any(w in t for k in DRAFTED for w in k.title_words):
        kind = ending[1]
        if kind.local and (not kind.local_marker or kind.local_marker in t) and local(t):
            return kind.local
        if kind.numbered and numbered:
            return kind.numbered
        return kind.name
    found = _last_word(t)
    if found is not None:
        return found.name
    return NUMBERED_KIND if numbered else ""


def alias_clashes() -> list[str]:
    """Names or aliases claimed by more than one kind (the table test expects none)."""
    seen: dict[str, str] = {}
    clashes: list[str] = []
    for kind in KINDS:
        for n in kind.names:
            other = seen.setdefault(n.lower(), kind.name)
            if other != kind.name:
                clashes.append(f"{n}: {other}, {kind.name}")
    return clashes
