"""文稿体检: checks a draft (.md, .txt, .docx) for the faults that copied templates carry.

Public API: :func:`check_text`, :func:`check_file`, :class:`Finding`. Every rule is a module
under :mod:`zhengbing.check.rules`, registered by name (see :data:`RULE_NAMES`).
"""

from zhengbing.check.engine import check_file, check_text
from zhengbing.check.model import Finding
from zhengbing.check.registry import RULE_NAMES, all_rules

__all__ = ["RULE_NAMES", "Finding", "all_rules", "check_file", "check_text"]
