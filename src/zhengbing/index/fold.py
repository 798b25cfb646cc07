"""Character folding shared by the index and the query: traditional → simplified, full-width → ASCII.

A question typed in traditional characters (當兵後能領多少錢) or with full-width letters and
digits (１８岁, ＰＤＦ) must find the same words as its simplified, half-width form. Both the
passage text (before segmentation, see :mod:`zhengbing.index.analysis`) and the query (before
it is understood, see :mod:`zhengbing.search`) go through :func:`fold`.

Traditional → simplified uses OpenCC's ``t2s`` tables (the ``opencc-python-reimplemented``
package: pure Python, its dictionaries ship in the wheel). The converter is loaded only when a
text actually contains a character of its traditional table, so simplified text — nearly every
query and every bundled document — never pays for it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

# U+FF01…U+FF5E are the full-width forms of ASCII ! … ~; U+3000 is the ideographic space
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# full-width punctuation that Chinese text uses on purpose stays as it is
for _keep in "，；：！？（）":
    _WIDTH.pop(ord(_keep), None)


@cache
def traditional_chars() -> frozenset[str]:
    """Characters that OpenCC's t2s table converts (read from its dictionary, once).

    The table is found without importing the package (its import costs more than the reading).
    """
    import importlib.util

    spec = importlib.util.find_spec("opencc")
    if spec is None or spec.origin is None:
        return frozenset()
    table = Path(spec.origin).parent / "dictionary" / "TSCharacters.txt"
    try:
        text = table.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(
        line[0] for line in text.splitlines() if line[1:2] == "\t" and line[2:3] != line[0]
    )


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def has_traditional(text: str) -> bool:
    return not traditional_chars().isdisjoint(text)


def to_simplified(text: str) -> str:
    """*text* in simplified characters (unchanged when it has no traditional character)."""
    if not text or not has_traditional(text):
        return text
    out: str = _converter().convert(text)
    return out


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and symbols as ASCII; Chinese punctuation is kept."""
    return text.translate(_WIDTH)


def fold(text: str) -> str:
    """The form in which the index and the query compare text."""
    return to_simplified(to_halfwidth(text))
