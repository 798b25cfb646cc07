"""The user's workspace: a folder with ``zhengbing.toml`` (the unit profile) and its sub-folders.

Layout::

    zhengbing.toml   unit profile (单位、省市县、年度、讲话人…)
    统计/            statistics workbooks (.xlsx / .csv)
    草稿/            Markdown drafts
    成稿/            finished .docx files
    资料/            the unit's own corpus (imported with `zhengbing corpus add`)
    templates/       optional overrides of the bundled templates (run in jinja2's sandbox)

Every command finds the workspace from the current folder upwards, or takes ``--workspace``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhengbing.errors import InputError

PROFILE_NAME = "zhengbing.toml"
STATS_DIR = "统计"
DRAFTS_DIR = "草稿"
OUTPUT_DIR = "成稿"
OWN_CORPUS_DIR = "资料"
TEMPLATES_DIR = "templates"
LEVELS = ("镇", "乡", "街道", "县", "区", "市", "社区", "村")


@dataclass
class Profile:
    unit: str = ""  # e.g. 青山镇
    level: str = ""  # 镇|乡|街道|县|区
    province: str = ""  # e.g. 浙江省
    city: str = ""  # e.g. 湖州市
    county: str = ""  # e.g. 安吉县
    year: int | None = None
    speaker: str = ""
    office: str = ""
    organ: str = ""  # issuing organ for signatures, e.g. 青山镇人民武装部
    stats: str = ""  # default statistics file, relative to the workspace
    fonts: str = ""  # font profile of the Word files: gb2312 (default) or windows
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def font_profile(self) -> str:
        """The font profile of the unit's Word files (``fonts``, else the default)."""
        from zhengbing.fonts import DEFAULT_PROFILE

        return self.fonts or DEFAULT_PROFILE

    @property
    def organ_name(self) -> str:
        if self.organ:
            return self.organ
        if self.level in ("县", "区", "市"):
            return f"{self.unit}人民武装部" if self.unit else ""
        return f"{self.unit}人民武装部" if self.unit else ""


@dataclass
class Workspace:
    root: Path
    profile: Profile

    @property
    def profile_path(self) -> Path:
        return self.root / PROFILE_NAME

    @property
    def stats_dir(self) -> Path:
        return self.root / STATS_DIR

    @property
    def drafts_dir(self) -> Path:
        return self.root / DRAFTS_DIR

    @property
    def output_dir(self) -> Path:
        return self.root / OUTPUT_DIR

    @property
    def own_corpus_dir(self) -> Path:
        return self.root / OWN_CORPUS_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR

    def default_stats(self) -> Path | None:
        if self.profile.stats:
            return self.root / self.profile.stats
        if self.stats_dir.is_dir():
            for pattern in ("*.xlsx", "*.csv"):
                found = sorted(
                    p
                    for p in self.stats_dir.glob(pattern)
                    if not p.name.startswith(("~$", ".")) and p.name != "工作情况.csv"
                )
                if found:
                    return found[0]
        return None


_PROFILE_FIELDS = {f for f in Profile.__dataclass_fields__ if f != "extra"}


def load_profile(path: Path) -> Profile:
    # only when a workspace is found: not on the path of a draft outside one
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, published as tomli
        import tomli as tomllib

    from zhengbing.textio import read_text

    # 记事本 on older Chinese Windows saves “ANSI” (GBK): read it as the other text files
    text = read_text(path, max_bytes=1024 * 1024).text
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"{path}：格式有误（{exc}）。", hint="请对照 README 中的示例修改。"
        ) from None
    # the [unit] table that init writes, or the same keys at the top of a hand-written file
    section = data["unit"] if isinstance(data.get("unit"), dict) else data
    known = {k: v for k, v in section.items() if k in _PROFILE_FIELDS}
    for key, value in known.items():
        if key == "year" or isinstance(value, str):
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            known[key] = str(value)  # unit = 123 typed without quotes
            continue
        raise InputError(
            f"{path}：{key} 应当是一段文字，这里是 {value!r}。",
            hint=f'请写成 {key} = "……"（用英文双引号括起来）。',
        )
    extra = {k: v for k, v in section.items() if k not in _PROFILE_FIELDS}
    profile = Profile(**known, extra=extra)
    if profile.year is not None:
        try:
            profile.year = int(profile.year)
        except (TypeError, ValueError):
            raise InputError(f"{path}：year = {profile.year!r} 不是年份。") from None
    from zhengbing.fonts import FONT_PROFILES

    if profile.fonts and profile.fonts not in FONT_PROFILES:
        raise InputError(
            f"{path}：fonts = {profile.fonts!r} 不是可用的字体方案。",
            hint='请写 fonts = "gb2312"（公文标准字体）或 fonts = "windows"（Windows 自带字体），或删去这一行。',
        )
    return profile


def find_workspace(
    explicit: str | Path | None = None, start: Path | None = None
) -> Workspace | None:
    """The workspace given by ``--workspace``, or found from *start* (default: cwd) upwards."""
    if explicit is not None:
        root = Path(explicit)
        if not (root / PROFILE_NAME).is_file():
            raise InputError(
                f"{root} 不是工作区（其中没有 {PROFILE_NAME}）。",
                hint="请先运行 zhengbing init 创建工作区。",
            )
        return Workspace(root.resolve(), load_profile(root / PROFILE_NAME))
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PROFILE_NAME
        if candidate.is_file():
            return Workspace(folder, load_profile(candidate))
    return None


def require_workspace(explicit: str | Path | None = None) -> Workspace:
    ws = find_workspace(explicit)
    if ws is None:
        raise InputError(
            "当前文件夹不在工作区内（向上也找不到 zhengbing.toml）。",
            hint="请先运行 zhengbing init 目录 创建工作区，或用 --workspace 指定。",
        )
    return ws
