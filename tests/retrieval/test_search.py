"""Search behaviour: phrases, filters, odd queries, JSON shape."""

from __future__ import annotations

import json

import pytest

from zhengbing.search import parse_query, search


def test_quoted_phrase_matches_exactly(index):
    hits = search('"兵役登记"', limit=50, index=index)
    assert hits
    assert all("兵役登记" in h.text.replace("\n", "") for h in hits)
    chinese_quotes = search("“兵役登记”", limit=50, index=index)
    assert [h.id for h in chinese_quotes] == [h.id for h in hits]


def test_phrase_of_two_words_needs_them_adjacent(index):
    adjacent = search('"组织兵役登记"', limit=50, index=index)
    for h in adjacent:
        assert "组织兵役登记" in h.text.replace("\n", "")
    loose = search("组织 兵役登记", limit=50, index=index)
    assert len(loose) > len(adjacent)


def test_phrase_that_never_occurs_finds_nothing(index):
    assert search('"兵役登记预征对象政治考核"', index=index) == []


@pytest.mark.parametrize(
    "query", ["。。。", "！？", '"', "“兵役", '兵役"', "《》", "   ", "", "((", "*?"]
)
def test_odd_queries_are_literal_and_never_crash(index, query):
    hits = search(query, index=index)
    assert isinstance(hits, list)


def test_unbalanced_quote_searches_the_words():
    parsed = parse_query('"兵役登记')
    assert parsed.phrases == [] and "兵役登记" in parsed.free
    hits_parsed = parse_query('a "b c" d')
    assert hits_parsed.phrases == ["b c"]


def test_filters_combine(index):
    hits = search("征兵", kind="地方性法规", region="北京", limit=50, index=index)
    assert hits and all(h.kind == "地方性法规" and h.region == "北京市" for h in hits)
    national = search("征兵 兵役登记", region="北京市", kind="policy", limit=50, index=index)
    assert {h.region for h in national} <= {"全国", "北京市"}
    samples = search("征兵", kind="sample", limit=20, index=index)
    assert samples and all(h.article is None for h in samples)
    old = search("士官", year=2015, kind="法律", limit=50, index=index)
    assert old and all(h.doc_id != "兵役法@2021" for h in old)
    assert any(h.doc_id == "兵役法@2011" for h in old)


def test_law_name_and_article_number_look_up_the_article(index):
    hits = search("兵役法第二十条", index=index)
    assert hits[0].id == "兵役法@2021#第二十条"
    hits = search("《征兵工作条例》第30条", index=index)
    assert hits[0].id == "征兵工作条例@2023#第三十条"
    # a paragraph or item of the article leads to the article
    hits = search("兵役法第二十条第二款", index=index)
    assert hits[0].id == "兵役法@2021#第二十条"
    hits = search("征兵工作条例 第三十条 第1款 第二项", index=index)
    assert hits[0].id == "征兵工作条例@2023#第三十条"


def test_unknown_kind_is_a_clear_error(index):
    from zhengbing.errors import InputError

    with pytest.raises(InputError, match="--kind"):
        search("征兵", kind="小说", index=index)


def test_hit_dict_has_the_agreed_keys_and_marks(index):
    hit = search("优待金", index=index)[0]
    d = hit.to_dict()
    for key in (
        "id",
        "doc_title",
        "article",
        "path",
        "status",
        "region",
        "score",
        "snippet",
        "text",
    ):
        assert key in d
    assert "【优待金】" in d["snippet"]
    json.dumps(d, ensure_ascii=False)


def test_cli_json_output(index, capsys, monkeypatch):
    from zhengbing.cli import main

    monkeypatch.setenv("ZHENGBING_INDEX_DIR", str(index.scope.parent))
    assert main(["search", "体检", "--json", "--limit", "3", "--current-only"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0 < len(data) <= 3
    assert all(item["status"] == "现行有效" for item in data)
    assert main(["search", "政审", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "\033[" not in out  # no colours when not a terminal
    assert "【" in out


def test_law_name_alone_lists_the_current_version_in_order(index):
    hits = search("《兵役法》", limit=3, index=index)
    assert [h.id for h in hits] == [
        "兵役法@2021#第一条",
        "兵役法@2021#第二条",
        "兵役法@2021#第三条",
    ]


def test_year_without_texts_in_force_finds_nothing(index):
    assert search("征兵", year=1900, index=index) == []


def test_workspace_province_ranks_other_provinces_local_texts_lower(index, tmp_path):
    from zhengbing.search import search
    from zhengbing.workspace import Profile, Workspace

    query = "体格检查 复查"
    plain = {h.id: h.score for h in search(query, kind="policy", limit=30, index=index)}
    zhejiang = Workspace(tmp_path, Profile(unit="青山镇", province="浙江省"))
    beijing = Workspace(tmp_path, Profile(unit="某街道", province="北京市"))
    in_zhejiang = {
        h.id: h.score
        for h in search(query, kind="policy", limit=30, index=index, workspace=zhejiang)
    }
    in_beijing = {
        h.id: h.score
        for h in search(query, kind="policy", limit=30, index=index, workspace=beijing)
    }
    local = [i for i in plain if i.startswith("北京市征兵工作条例")]
    national = [i for i in plain if i.startswith("征兵工作条例@2023")]
    assert local and national
    # another province's regulation loses weight, the home province's gains, national is unchanged
    assert in_zhejiang[local[0]] < plain[local[0]] < in_beijing[local[0]]
    assert in_zhejiang[national[0]] == plain[national[0]] == in_beijing[national[0]]
