"""文稿体检: checks a draft (.md, .txt, .docx) for the faults that copied templates carry.

Public API: :func:`check_text`, :func:`check_file`, :class:`Finding`. Every rule is a module
under :mod:`zhengbing.check.rules`, registered by name (see :data:`RULE_NAMES`).

The names are loaded on first use, so that reading a document into the model
(:mod:`zhengbing.check.model`, used by :mod:`zhengbing.reader`) does not load the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhengbing.check.engine import check_file, check_text
    from zhengbing.check.model import Finding
    from zhengbing.check.registry import RULE_NAMES, all_rules

__all__ = ["RULE_NAMES", "Finding", "all_rules", "check_file", "check_text"]

_HOMES = {
    "check_file": "zhengbing.check.engine",
    "check_text": "zhengbing.check.engine",
    "Finding": "zhengbing.check.model",
    "RULE_NAMES": "zhengbing.check.registry",
    "all_rules": "zhengbing.check.registry",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
