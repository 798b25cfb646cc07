"""Whether this computer has the Chinese faces a rendered document names (spec b.3.10).

Word quietly substitutes a face it lacks, so a user without 仿宋_GB2312 sees a document that
is not in the 公文 faces and may not know why. Windows lists its fonts in the registry; on
other systems nothing is checked (the rendering tests install the faces' stand-ins)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

# the profiles: how the GB2312 faces of the standard layout are renamed (spec b.3.10);
# the first is the default
FONT_PROFILES: dict[str, dict[str, str]] = {
    "gb2312": {},
    "windows": {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"},
}
DEFAULT_PROFILE = "gb2312"

# the faces each profile names, with the other names Windows may register them under
PROFILE_FACES: dict[str, dict[str, tuple[str, ...]]] = {
    "gb2312": {
        "仿宋_GB2312": ("FangSong_GB2312",),
        "楷体_GB2312": ("KaiTi_GB2312",),
        "方正小标宋简体": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
        "黑体": ("SimHei",),
    },
    "windows": {
        "仿宋": ("FangSong",),
        "楷体": ("KaiTi",),
        "黑体": ("SimHei",),
        "宋体": ("SimSun",),
    },
}

_FONTS_KEY = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
_KIND = r"\s*\((?:TrueType|OpenType|Type 1|VGA res)\)\s*$"  # compiled on Windows only


def family_names(registry_names: Iterable[str]) -> set[str]:
    """Family names from registry value names such as ``SimSun & NSimSun (TrueType)``."""
    names: set[str] = set()
    for value in registry_names:
        for part in re.sub(_KIND, "", value, flags=re.I).split("&"):
            if part.strip():
                names.add(part.strip().casefold())
    return names


def installed_families() -> set[str] | None:
    """Family names of the fonts installed on this Windows computer; None elsewhere."""
    if sys.platform != "win32":
        return None
    import winreg

    values: list[str] = []
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            key = winreg.OpenKey(hive, _FONTS_KEY)
        except OSError:
            continue
        with key:
            index = 0
            while True:
                try:
                    values.append(winreg.EnumValue(key, index)[0])
                except OSError:
                    break
                index += 1
    return family_names(values) if values else None


def missing_faces(profile: str, installed: set[str] | None) -> list[str]:
    """The faces of *profile* not among *installed* (casefolded names); [] when unknown."""
    if installed is None:
        return []
    return [
        face
        for face, others in PROFILE_FACES[profile].items()
        if not any(name.casefold() in installed for name in (face, *others))
    ]


def missing_fonts_notice(profile: str, installed: set[str] | None) -> str | None:
    """A Chinese note for the user when faces are missing, else None."""
    missing = missing_faces(profile, installed)
    if not missing:
        return None
    text = f"提示：本机没有安装字体 {'、'.join(missing)}，Word 打开时会用其他字体代替显示（打印也一样）。"
    if profile == "gb2312":
        return (
            text
            + "可安装这些字体，或加 --fonts windows 改用 Windows 自带的仿宋、楷体、黑体、宋体。"
        )
    return text + "请安装这些字体。"
