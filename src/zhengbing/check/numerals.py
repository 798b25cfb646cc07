"""Small Chinese-numeral helpers the rules need (no third-party import at start-up)."""

from __future__ import annotations

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零一二三四五六七八九"


def cn_to_int(text: str) -> int | None:
    """二十三 → 23, 十五 → 15, 一百零二 → 102; None for anything else."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total = 0
    current = 0
    seen = False
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
            seen = True
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
            seen = True
        elif ch == "万":
            total = (total + current) * 10000
            current = 0
        else:
            return None
    return total + current if seen else None


def int_to_cn(n: int) -> str:
    """23 → 二十三 (for 1..99, the sequence-word range)."""
    if n < 0:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)
