"""Targets on the benchmark set (tests/check/bench): planted faults found, nothing else reported."""

from __future__ import annotations

import pytest
from planted import Score, documents, load_manifest, score


@pytest.fixture(scope="module")
def text_only() -> Score:
    return score("text")


@pytest.fixture(scope="module")
def with_profile() -> Score:
    return score("profile")


def test_the_set_covers_the_families() -> None:
    names = {p.name for p in documents()}
    assert len(names) >= 5
    manifest = load_manifest()
    assert {i.file for i in manifest} <= names
    rules = {i.rule for i in manifest}
    assert {"debris", "placeholder", "stats", "year", "region", "citation", "glyph"} <= rules


def test_recall_with_profile_and_statistics(with_profile: Score) -> None:
    assert with_profile.recall() >= 0.95, with_profile.missed


def test_recall_text_only(text_only: Score) -> None:
    assert text_only.recall() >= 0.90, text_only.missed
    # what is missed text-only is what only the statistics can tell
    assert all(i.needs == "stats" for i in text_only.missed), text_only.missed


@pytest.mark.parametrize("mode", ["text", "profile"])
def test_no_findings_on_clean_lines(mode: str, text_only: Score, with_profile: Score) -> None:
    result = text_only if mode == "text" else with_profile
    assert result.false == []
    assert result.precision() >= 0.95
