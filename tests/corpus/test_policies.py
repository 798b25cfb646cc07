"""The bundled policy texts: bodies unchanged (checksums), front matter complete, links both ways."""

from __future__ import annotations

import hashlib
import re

import pytest

from zhengbing.corpus import POLICY_KINDS, STATUSES, load_corpus, split_front_matter
from zhengbing.resources import corpus_dir

POLICIES = corpus_dir() / "policies"


def _table() -> dict[str, str]:
    rows = {}
    for line in (POLICIES / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and re.fullmatch(r"[0-9a-f]{64}", cells[6]):
            rows[cells[0]] = cells[6]
    return rows


def test_every_policy_file_is_listed_with_its_checksum():
    table = _table()
    files = sorted(
        str(p.relative_to(POLICIES)) for p in POLICIES.rglob("*.md") if p.name != "SOURCES.md"
    )
    assert len(files) == 28
    assert sorted(table) == files


@pytest.mark.parametrize("name", sorted(_table()))
def test_body_is_byte_identical_to_the_source(name):
    data = (POLICIES / name).read_bytes()
    assert data.startswith(b"---\n")
    end = data.index(b"\n---\n", 3)
    body = data[end + 5 :]
    assert hashlib.sha256(body).hexdigest() == _table()[name]


def test_sources_file_names_no_machine_paths():
    text = (POLICIES / "SOURCES.md").read_text(encoding="utf-8")
    for bad in ("/work", "/tmp", "/root", "shared/", "helper", "agent"):
        assert bad not in text


def test_front_matter_is_complete_and_links_go_both_ways():
    corpus = load_corpus()
    policies = [d for d in corpus.documents.values() if d.is_policy and d.origin == "bundled"]
    assert len(policies) == 28
    for d in policies:
        for key in (
            "id",
            "title",
            "简称",
            "类别",
            "发布机关",
            "时效性",
            "地区",
            "来源",
            "版权说明",
        ):
            assert d.meta.get(key), (d.id, key)
        assert d.kind in POLICY_KINDS and d.status in STATUSES
        for other in d.replaces:
            assert d.id in corpus.documents[other].replaced_by
        for other in d.replaced_by:
            assert d.id in corpus.documents[other].replaces
    pairs = {
        ("兵役法@2021", "兵役法@2011"),
        ("征兵工作条例@2023", "征兵工作条例@2001"),
        ("退役军人安置条例@2024", "退役士兵安置条例@2011"),
        ("国防教育法@2024", "国防教育法@2018"),
        ("军人抚恤优待条例@2024", "军人抚恤优待条例@2019"),
    }
    for new, old in pairs:
        assert old in corpus.documents[new].replaces
    assert corpus.documents["兵役法@2011"].status == "已被修改"
    assert corpus.documents["征兵工作条例@2001"].status == "已被修改"
    assert corpus.documents["退役士兵安置条例@2011"].status == "失效"
    assert corpus.documents["兵役法@2021"].status == "现行有效"


def test_articles_are_numbered_without_gaps():
    from zhengbing.corpus import article_number

    corpus = load_corpus()
    for d in corpus.documents.values():
        if not d.is_policy or d.origin != "bundled":
            continue
        numbers = [article_number(p.article) for p in corpus.passages_of(d.id) if p.article]
        assert numbers == list(range(1, len(numbers) + 1)), d.id


def test_front_matter_parses_for_every_policy():
    for p in POLICIES.rglob("*.md"):
        if p.name == "SOURCES.md":
            continue
        meta, body, _ = split_front_matter(p.read_text(encoding="utf-8"))
        assert meta and body.startswith("# ")
