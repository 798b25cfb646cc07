from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengbing import numerals as n


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "一"),
        (2, "二"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (102, "一百零二"),
    ],
)
def test_chinese(value: int, expected: str) -> None:
    assert n.chinese(value) == expected


def test_liang_only_before_measure_words_and_only_for_two() -> None:
    assert n.chinese_count(2, "个") == "两个"
    assert n.chinese_count(2, "项") == "两项"
    assert n.chinese_count(4, "个") == "四个"
    assert n.chinese_count(12, "个") == "十二个"
    assert n.chinese_count(20, "项") == "二十项"
    assert n.ordinal_lead(2) == "二是"  # never 两是
    assert n.ordinal(2) == "第二"
    assert n.chinese_count(2, "点") == "两点"


@pytest.mark.parametrize(
    ("value", "expected"), [(1, "一是"), (2, "二是"), (10, "十是"), (11, "十一是"), (20, "二十是")]
)
def test_ordinal_lead(value: int, expected: str) -> None:
    assert n.ordinal_lead(value) == expected


def test_years() -> None:
    assert n.year(2024) == "2024年"
    assert n.year_chinese(2024) == "二〇二四年"
    assert n.year_chinese(2000) == "二〇〇〇年"
    assert "零" not in n.year_chinese(2008)
    with pytest.raises(ValueError):
        n.year(24)


def test_counts_and_percentages() -> None:
    assert n.count(128, "名") == "128名"
    assert n.count(3.0, "个") == "3个"
    assert n.percent(87 / 128, 2) == "67.97%"
    assert n.percent(0.5, 1) == "50%"  # no trailing zeros: 50%, not 50.0%
    assert n.percent(1, 0) == "100%"
    assert n.percent(9 / 9, 2) == "100%"  # a completed task reads 100%, not 100.00%
    assert n.percent(0.99996, 2) == "100%"
    assert n.percent(1.2, 2) == "120%"
    assert n.percent(0.539, 2) == "53.9%"
    assert n.percent(0.00049, 1) == "0%"
    assert n.percent(0.12345, 2) == "12.35%"  # half up, not banker's rounding


def test_fractions() -> None:
    assert n.fraction(1, 3) == "三分之一"
    assert n.fraction(2, 4) == "二分之一"
    assert n.fraction(2, 3) == "三分之二"
    assert n.fraction(6, 3) == "二"
    assert n.approx_fraction(1 / 3) == "三分之一"
    assert n.approx_fraction(0.34) == "三分之一以上"
    assert n.approx_fraction(0.49) == "近二分之一"


def test_counts_in_name() -> None:
    assert [c[0] for c in n.counts_in_name("四个坚持、四个确保")] == [4, 4]
    found = n.counts_in_name("严把三个关口·健全五项制度")
    assert [(c[0], c[2]) for c in found] == [(3, "三个关口"), (5, "五项制度")]
    assert n.counts_in_name("两个维护")[0][0] == 2
    assert n.counts_in_name("十一个坚持")[0][0] == 11
    assert n.counts_in_name("征好兵·征足兵") == []


def test_change_words_flip() -> None:
    from zhengbing.stats import Change

    assert n.change(Change("报名人数", 130, 118)) == "增加12名，增长10.2%"
    assert n.change(Change("报名人数", 100, 118)) == "减少18名，下降15.3%"
    assert n.change(Change("报名人数", 118, 118)) == "持平"
    assert n.change(Change("报名人数", 5, 0)) == "增加5名"  # no percentage from zero
    assert n.points_change(0.164) == "提高16.4个百分点"
    assert n.points_change(-0.02, 2) == "下降2个百分点"
    assert n.points_change(0.0001) == "持平"


@given(st.integers(min_value=0, max_value=99999))
def test_chinese_numerals_round_trip(value: int) -> None:
    assert n.parse_chinese(n.chinese(value)) == value


@given(st.integers(min_value=0, max_value=10000), st.integers(min_value=1, max_value=10000))
def test_percent_is_the_rounded_ratio(num: int, den: int) -> None:
    text = n.percent(num / den, 2)
    assert text.endswith("%")
    assert abs(float(text[:-1]) - 100 * num / den) <= 0.005 + 1e-9
    assert "." not in text or len(text[:-1].split(".")[1]) <= 2
    assert not text[:-1].endswith("0") or "." not in text  # no trailing zeros


@given(st.integers(min_value=1000, max_value=2999))
def test_chinese_years_use_ling_circle(value: int) -> None:
    text = n.year_chinese(value)
    assert "零" not in text and len(text) == 5 and text.endswith("年")


def test_rate_change_wording() -> None:
    from zhengbing.compose.figures import compare, pp_compare
    from zhengbing.stats import Change

    assert pp_compare(0.1641, 2) == "比上年提高16.41个百分点"
    assert pp_compare(-0.02, 1) == "比上年下降2个百分点"
    assert pp_compare(0.00001, 2) == "与上年持平"
    assert compare(Change("定兵人数", 29, 29)) == "与上年持平"
    assert compare(Change("定兵人数", 25, 29), "名", 2) == "比上年减少4名，下降13.79%"
