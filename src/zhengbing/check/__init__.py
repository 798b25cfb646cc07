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


def __getattr__(name: str) -> Any:
    """Load a public name on first use, with ordinary imports."""
    if name in ("check_file", "check_text"):
        from zhengbing.check import engine

        value = getattr(engine, name)
    elif name == "Finding":
        from zhengbing.check.model import Finding as value
    elif name in ("RULE_NAMES", "all_rules"):
        from zhengbing.check import registry

        value = getattr(registry, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
