"""Whether an optional part of the toolkit is installed in this copy.

The toolkit's own code imports its modules directly (at the top of a module, or inside the
function that needs them when start-up time matters). This module only answers the question
"is part X here?" for a caller that names the part, such as an installation check: it looks
the module up by name, and a part that is missing is a :class:`FeatureMissing` error with a
Chinese message instead of a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from zhengbing.errors import UserError

__all__ = ["FEATURES", "FeatureMissing", "available", "require"]

# module → the feature the user knows it as
FEATURES: dict[str, str] = {
    "zhengbing.search": "法规检索",
    "zhengbing.corpus": "法规检索",
    "zhengbing.check": "文稿体检",
    "zhengbing.writer": "导出 Word",
    "zhengbing.compose": "新建草稿",
    "zhengbing.outlines": "新建草稿",
    "zhengbing.stats": "统计数据",
}


class FeatureMissing(UserError):
    """A part of the toolkit the user asked for is not installed in this copy."""


def require(module: str, *names: str) -> ModuleType:
    """The part *module*, which must provide *names*, or :class:`FeatureMissing`."""
    feature = FEATURES.get(module, module)
    missing = FeatureMissing(
        f"“{feature}”功能暂不可用：本工具箱中缺少模块 {module}。",
        hint="请安装完整版本的征兵文稿工具箱后再试；其他功能不受影响。",
    )
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise missing from None
        raise
    if any(not hasattr(loaded, name) for name in names):
        raise missing
    return loaded


def available(module: str, *names: str) -> bool:
    """Whether a part of the toolkit is installed (it is imported to find out)."""
    try:
        require(module, *names)
    except FeatureMissing:
        return False
    return True
