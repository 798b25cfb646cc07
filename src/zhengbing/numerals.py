"""Numbers in Chinese official prose (GB/T 15835), as plain functions and jinja2 filters.

Counting and measuring use Arabic numerals (``128名``, ``67.97%``); fixed expressions, the count
in an outline's name and sequence words use Chinese numerals (``四个坚持``, ``两项制度``,
``一是``/``二是``, ``第二``); years are written in full (``2024年``), and a year in Chinese numerals
writes zero as ``〇`` (``二〇二四年``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from zhengbing.dialect import cn_to_int, int_to_cn

_DIGITS = "〇一二三四五六七八九"

# measure words before which 2 is read 两 (两个、两项), not 二
_LIANG_MEASURES = frozenset("个项条名位次件点方场批轮支家类种级层年天月周")


def _as_number(value: Any) -> int | float | Decimal:
    """Accept ints, floats, Decimals and objects with ``.value`` (a statistics figure)."""
    inner = getattr(value, "value", value)
    if isinstance(inner, bool) or inner is None:
        raise ValueError(f"不是数字：{value!r}")
    if isinstance(inner, int | float | Decimal):
        return inner
    if isinstance(inner, str) and re.fullmatch(r"-?\d+(?:\.\d+)?", inner.strip()):
        text = inner.strip()
        return Decimal(text) if "." in text else int(text)
    raise ValueError(f"不是数字：{value!r}")


def _as_int(value: Any) -> int:
    number = _as_number(value)
    if isinstance(number, int):
        return number
    if number != int(number):
        raise ValueError(f"不是整数：{value!r}")
    return int(number)


def chinese(value: Any) -> str:
    """An integer in Chinese numerals: 4 → 四, 10 → 十, 11 → 十一, 20 → 二十, 102 → 一百零二."""
    n = _as_int(value)
    if n < 0:
        return "负" + chinese(-n)
    return int_to_cn(n)


def chinese_count(value: Any, measure: str = "个") -> str:
    """A count in a fixed expression or name: 四个, 两个, 两项, 十二个, 二十个."""
    n = _as_int(value)
    if n == 2 and measure[:1] in _LIANG_MEASURES:
        return f"两{measure}"
    return f"{chinese(n)}{measure}"


def _sequence_number(value: Any) -> int:
    n = _as_int(value)
    if n < 1:
        raise ValueError(f"序号必须从 1 开始：{value!r}")
    return n


def ordinal_lead(value: Any) -> str:
    """The sequence word of a lead-in: 1 → 一是, 2 → 二是 (never 两是), 11 → 十一是."""
    return f"{chinese(_sequence_number(value))}是"


def ordinal(value: Any) -> str:
    """第一, 第二 (never 第两), 第十一."""
    return f"第{chinese(_sequence_number(value))}"


def heading_number(value: Any) -> str:
    """The level-1 heading marker: 1 → 一、, 10 → 十、."""
    return f"{chinese(value)}、"


def count(value: Any, measure: str = "") -> str:
    """A statistic in Arabic numerals with its measure word: 128 → 128名."""
    n = _as_number(value)
    if isinstance(n, int):
        return f"{n}{measure}"
    if n == int(n):
        return f"{int(n)}{measure}"
    return f"{n}{measure}"


def percent(value: Any, precision: int = 1, *, ratio: bool = True) -> str:
    """A percentage with *precision* decimals, rounded half up: 0.6797 → 67.97% (precision 2).

    *value* is a ratio (0.6797) unless ``ratio=False`` (then it is already in per cent).
    *precision* is the most decimals shown: trailing zeros are dropped the way a secretary
    writes a rate (56%, 53.9%, 100%; never “56.0%” or “50.00%”), so one document keeps one
    precision by passing the same value everywhere.
    """
    number = Decimal(str(_as_number(value)))
    if ratio:
        number *= 100
    quantum = Decimal(1).scaleb(-int(precision))
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def fraction(numerator: Any, denominator: Any = None) -> str:
    """A fraction in words: (1, 3) → 三分之一, (2, 4) → 二分之一; a Fraction or float also works."""
    if denominator is None:
        frac = Fraction(str(_as_number(numerator))).limit_denominator(12)
    else:
        den = _as_int(denominator)
        if den == 0:
            raise ValueError("分母不能为 0")
        frac = Fraction(_as_int(numerator), den)
    if frac.denominator == 1:
        return chinese(frac.numerator)
    return f"{chinese(frac.denominator)}分之{chinese(frac.numerator)}"


def approx_fraction(value: Any, *, max_denominator: int = 5, tolerance: float = 0.02) -> str:
    """A ratio as a rough fraction in words: 0.34 → 三分之一以上, 0.49 → 近二分之一, 0.5 → 二分之一."""
    ratio = float(_as_number(value))
    frac = Fraction(ratio).limit_denominator(max_denominator)
    words = fraction(frac.numerator, frac.denominator) if frac.denominator > 1 else ""
    if not words or frac.numerator == 0:
        return percent(ratio, 1)
    diff = ratio - float(frac)
    if abs(diff) <= 1e-9:
        return words
    if abs(diff) > tolerance:
        return percent(ratio, 1)
    return f"{words}以上" if diff > 0 else f"近{words}"


def _full_year(value: Any) -> int:
    n = _as_int(value)
    if n < 1000:
        raise ValueError(f"年份应写全四位：{value!r}")
    return n


def year(value: Any) -> str:
    """A year in full with Arabic numerals: 2024 → 2024年 (never 24年)."""
    return f"{_full_year(value)}年"


def year_chinese(value: Any) -> str:
    """A year in Chinese numerals, digit by digit with 〇: 2024 → 二〇二四年."""
    return "".join(_DIGITS[int(d)] for d in str(_full_year(value))) + "年"


_CN_VALUES = {c: i for i, c in enumerate(_DIGITS)} | {"零": 0, "两": 2}
_COUNT_RE = re.compile(r"([一二两三四五六七八九十百]+)([个项条点大])")


def parse_chinese(text: str) -> int:
    """Chinese numerals back to an int: 四 → 4, 两 → 2, 十一 → 11, 二十 → 20."""
    value = cn_to_int(text)
    if value is None or text.strip().isdecimal():
        raise ValueError(f"不是中文数字：{text!r}")
    return value


def counts_in_name(name: str) -> list[tuple[int, str, str]]:
    """The counts in an outline name: 严把三个关口·健全五项制度 → [(3, "三个", "三个关口"), (5, …)].

    Returns (number, numeral with measure word, numeral with the noun up to the next separator).
    """
    found: list[tuple[int, str, str]] = []
    for m in _COUNT_RE.finditer(name):
        rest = re.split(r"[·、，,；;　\s“”\"《》（）()]", name[m.end() :], maxsplit=1)[0]
        found.append((parse_chinese(m.group(1)), m.group(0), m.group(0) + rest))
    return found


def _change_words(delta: int | float, measure: str, up: str, down: str) -> str:
    if delta > 0:
        return f"{up}{count(delta, measure)}"
    if delta < 0:
        return f"{down}{count(-delta, measure)}"
    return "持平"


def change(value: Any, measure: str = "名", precision: int = 1) -> str:
    """Year-on-year wording of a change object (``.delta``, ``.ratio``): 增加12名、增长10.5%."""
    delta = getattr(value, "delta", None)
    if delta is None:
        return ""
    words = _change_words(delta, measure, "增加", "减少")
    ratio = getattr(value, "ratio", None)
    if delta and ratio is not None:
        words += f"，{'增长' if delta > 0 else '下降'}{percent(abs(ratio), precision)}"
    return words


def points_change(value: Any, precision: int = 1) -> str:
    """A change of a rate in percentage points: 0.164 → 提高16.4个百分点; 0 → 持平."""
    diff = Decimal(str(_as_number(value))) * 100
    quantum = Decimal(1).scaleb(-int(precision))
    rounded = diff.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        return "持平"
    word = "提高" if rounded > 0 else "下降"
    text = f"{abs(rounded):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{word}{text}个百分点"


FILTERS: dict[str, Callable[..., str]] = {
    "points_change": points_change,
    "pp": points_change,
    "count": count,
    "percent": percent,
    "pct": percent,
    "fraction": fraction,
    "approx_fraction": approx_fraction,
    "chinese": chinese,
    "chinese_count": chinese_count,
    "ordinal_lead": ordinal_lead,
    "ordinal": ordinal,
    "heading_number": heading_number,
    "year": year,
    "year_chinese": year_chinese,
    "change": change,
}
