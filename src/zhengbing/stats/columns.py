"""The standard statistics columns, their accepted spellings and their meaning."""

from __future__ import annotations

import difflib
import re

UNIT = "单位"

# canonical name -> (accepted spellings, Chinese description for README and `stats show`)
COLUMNS: dict[str, tuple[tuple[str, ...], str]] = {
    UNIT: (
        (
            "村（社区）",
            "村(社区)",
            "村社区",
            "村（居）",
            "村居",
            "村",
            "社区",
            "单位名称",
            "单位名",
            "名称",
            "乡镇",
            "乡镇（街道）",
            "镇（街道）",
            "镇街",
            "部门",
            "行政村",
            "村委会",
            "居委会",
            "村居委",
            "村（居）委会",
            "街道",
            "镇（乡、街道）",
            "乡（镇、街道）",
            "乡镇（场、街道）",
            "区县",
            "县（市、区）",
            "县市区",
        ),
        "村（社区）或单位名称",
    ),
    "任务数": (
        (
            "任务",
            "征集任务",
            "征兵任务",
            "任务人数",
            "下达任务",
            "下达任务数",
            "分配任务",
            "分配任务数",
            "任务分配",
            "征集任务数",
            "征兵任务数",
            "义务兵征集任务",
        ),
        "上级下达的征集任务",
    ),
    "报名人数": (
        (
            "报名",
            "报名数",
            "报名总数",
            "应征报名",
            "应征报名人数",
            "网上报名",
            "网上报名数",
            "网上报名人数",
            "报名应征",
            "报名应征人数",
            "报名总人数",
            "报名人员",
        ),
        "网上报名应征的人数",
    ),
    "初检合格": (
        (
            "初检",
            "初检合格数",
            "初检合格人数",
            "初步体检合格",
            "初检初考合格",
            "初检初考合格人数",
            "初检初考",
            "初步核查合格",
            "预检合格",
        ),
        "初步核查、初步体检合格人数",
    ),
    "上站人数": (
        (
            "上站",
            "上站体检",
            "上站体检人数",
            "参加上站体检",
            "参加上站体检人数",
            "上站体检总数",
        ),
        "参加县征兵体检站上站体检的人数",
    ),
    "体检合格": (
        (
            "体检合格数",
            "体检合格人数",
            "上站体检合格",
            "上站体检合格人数",
            "站检合格",
            "体格检查合格",
            "体格检查合格人数",
            "体检",
        ),
        "征兵体格检查合格人数",
    ),
    "政考合格": (
        ("政治考核合格", "政考合格数", "政考合格人数", "政考", "政审合格", "政审"),
        "政治考核合格人数",
    ),
    "定兵人数": (
        (
            "定兵数",
            "定兵",
            "批准入伍",
            "批准入伍数",
            "批准入伍人数",
            "批准服现役",
            "入伍人数",
            "征集人数",
            "实际征集",
            "实际征集人数",
            "实际入伍",
            "实际入伍人数",
            "审批定兵",
            "审批定兵人数",
            "定兵总数",
        ),
        "审定新兵、批准入伍人数",
    ),
    "大学生": (
        ("大学生人数", "大学生数", "大学生士兵", "大学生新兵", "其中大学生"),
        "定兵人数中的大学生",
    ),
    "大学毕业生": (
        ("毕业生", "高校毕业生", "大学毕业", "应届毕业生", "大学毕业生人数"),
        "定兵人数中的高校毕业生",
    ),
    "在校生": (("在校大学生", "大学在校生", "在校", "在校生人数"), "定兵人数中的高校在校生"),
    "大学新生": (
        ("高校新生", "新生", "大学新生人数", "新录取大学生", "当年录取新生"),
        "定兵人数中的高校新生（当年录取）",
    ),
    "高中": (
        (
            "高中生",
            "高中毕业",
            "高中学历",
            "高中毕业生",
            "高中及以下",
            "高中（中专）",
            "高中（含中专）",
        ),
        "定兵人数中的高中学历人员",
    ),
    "党员": (("中共党员", "党员人数"), "定兵人数中的中共党员"),
    "团员": (("共青团员", "团员人数"), "定兵人数中的共青团员"),
    "退役后复学": (
        ("复学", "退役复学", "退役后复学人数", "保留学籍", "保留学籍人数"),
        "定兵人数中服役期满后将复学的学生",
    ),
    "女兵": (("女兵人数", "其中女兵", "女兵数", "女性新兵"), "定兵人数中的女兵"),
    "退兵人数": (
        ("退兵", "退兵数", "退回人数", "退兵人员", "退回兵员", "退兵人员数"),
        "入营复查后退回的人数",
    ),
    "报名大学生": (
        ("大学生报名", "报名中大学生", "大学生报名人数", "报名大学生人数"),
        "报名人数中的大学生（可选）",
    ),
}

NUMERIC = tuple(c for c in COLUMNS if c != UNIT)

# the selection funnel: a later stage can never exceed an earlier one
STAGES = ("报名人数", "初检合格", "上站人数", "体检合格", "政考合格", "定兵人数")

# composition checks: (part columns, whole column); the parts together may not exceed the whole
COMPOSITION: tuple[tuple[tuple[str, ...], str], ...] = (
    (("大学生",), "定兵人数"),
    (("高中",), "定兵人数"),
    (("大学生", "高中"), "定兵人数"),
    (("党员",), "定兵人数"),
    (("团员",), "定兵人数"),
    (("党员", "团员"), "定兵人数"),
    (("大学毕业生",), "大学生"),
    (("在校生",), "大学生"),
    (("大学毕业生", "在校生"), "大学生"),
    (("大学新生",), "大学生"),
    (("大学毕业生", "在校生", "大学新生"), "大学生"),
    (("退役后复学",), "大学生"),
    (("报名大学生",), "报名人数"),
    (("女兵",), "定兵人数"),
    (("退兵人数",), "定兵人数"),
)

# columns that may appear in a sheet and are ignored (numbering, notes, figures we recompute)
IGNORED = frozenset(
    {
        "序号",
        "编号",
        "备注",
        "说明",
        "联系人",
        "联系电话",
        "电话",
        "填表人",
        "完成率",
        "完成比例",
        "任务完成率",
        "百分比",
        "占比",
        "比例",
        "大学生比例",
        "大学生占比",
        "男兵",
        "男兵人数",
        "负责人",
        "填报人",
        "审核人",
        "联系方式",
    }
)

TOTAL_NAMES = frozenset({"合计", "总计", "小计", "总数", "汇总"})

_ALIASES: dict[str, str] = {}
for _canon, (_names, _desc) in COLUMNS.items():
    _ALIASES[_canon] = _canon
    for _n in _names:
        _ALIASES[_n] = _canon

_UNIT_SUFFIX = re.compile(r"[（(](?:人|名|个|人数|单位：?人)[）)]$")


def normalise_header(value: object) -> str:
    """Header text without spaces, line breaks or a unit suffix such as （人）."""
    if value is None:
        return ""
    text = re.sub(r"\s+", "", str(value))
    text = text.replace("(", "（").replace(")", "）")
    text = _UNIT_SUFFIX.sub("", text.replace("（", "(").replace("）", ")"))
    text = text.replace("(", "（").replace(")", "）")
    text = text.removeprefix("其中：").removeprefix("其中:")
    return text


_TRAILING_PAREN = re.compile(r"（[^（）]{0,8}）$")


def _variants(header: str) -> list[str]:
    """The header as written, and without a trailing bracket such as （%） or （单位：人）."""
    norm = normalise_header(header)
    out = [norm]
    stripped = _TRAILING_PAREN.sub("", norm)
    if stripped and stripped != norm:
        out.append(stripped)
    for text in list(out):
        if text.endswith("名称") and len(text) > 2:
            out.append(text[:-2])  # 村（居）名称 → 村（居）
        elif text.endswith("人数") and len(text) > 3:
            out.append(text[:-2])  # 政治考核合格人数 → 政治考核合格
    return out


def canonical(header: str) -> str | None:
    """The standard column for a header, or None when it is not one."""
    for norm in _variants(header):
        if norm in _ALIASES:
            return _ALIASES[norm]
        loose = norm.replace("（", "").replace("）", "")
        for alias, canon in _ALIASES.items():
            if alias.replace("（", "").replace("）", "") == loose:
                return canon
    return None


def is_ignored(header: str) -> bool:
    """Numbering, notes and rates (rates are recomputed from the counts)."""
    for norm in _variants(header):
        if norm in IGNORED or norm.endswith(("率", "比例", "占比", "百分比", "备注", "说明")):
            return True
    return False


def nearest(header: str) -> str | None:
    """The nearest standard column name, for a "did you mean" hint."""
    norm = normalise_header(header)
    matches = difflib.get_close_matches(norm, list(_ALIASES), n=1, cutoff=0.4)
    return _ALIASES[matches[0]] if matches else None


def looks_like(header: str, column: str) -> bool:
    """True when *header* is close enough to one spelling of *column* to be a misspelling."""
    norm = normalise_header(header)
    spellings = [column, *COLUMNS.get(column, ((), ""))[0]]
    return bool(difflib.get_close_matches(norm, spellings, n=1, cutoff=0.6))


def is_total_name(name: str) -> bool:
    compact = re.sub(r"\s+", "", name)
    return compact in TOTAL_NAMES or (
        compact.endswith(("合计", "总计")) and len(compact) <= 6 and not compact.endswith("村合计")
    )
