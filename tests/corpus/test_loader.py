"""Loading and segmenting the corpus; passage ids; citations."""

from __future__ import annotations

from zhengbing.corpus import (
    cn_to_int,
    get_passage,
    int_to_cn,
    load_corpus,
    normalise_article,
    resolve_citation,
)


def test_numerals_round_trip():
    for n in (1, 9, 10, 11, 20, 21, 100, 101, 110, 119, 120, 999):
        assert cn_to_int(int_to_cn(n)) == n
    assert int_to_cn(105) == "一百零五"
    assert normalise_article(21) == "第二十一条"
    assert normalise_article("第21条") == "第二十一条"
    assert normalise_article("二十一") == "第二十一条"
    assert normalise_article("第十条之一") == "第十条之一"
    assert normalise_article("abc") is None


def test_laws_are_split_by_article_with_chapter_path():
    p = get_passage("兵役法@2021#第二十一条")
    assert p is not None
    assert p.path == ("第三章 平时征集",)
    assert p.text.startswith("第二十一条 经初次兵役登记")
    # the 款 of the article stay in its text
    assert p.text.count("\n") == 2
    assert p.status == "现行有效" and p.region == "全国"


def test_sections_are_part_of_the_path():
    corpus = load_corpus()
    with_section = [p for p in corpus.passages_of("退役军人安置条例@2024") if len(p.path) == 2]
    assert with_section
    assert with_section[0].path[0].startswith("第") and "节" in with_section[0].path[1]


def test_paragraph_starting_with_an_article_reference_is_not_an_article():
    corpus = load_corpus()
    arts = [p for p in corpus.passages_of("兵役法@2011") if p.article]
    assert len(arts) == 74
    p46 = get_passage("兵役法@2011#第四十六条")
    assert "第四十五条 第二款规定的" in p46.text
    assert get_passage("兵役法@2011#第四十五条").text.startswith("第四十五条 普通高等学校的学生")


def test_samples_are_split_by_paragraph_with_heading_path():
    corpus = load_corpus()
    samples = [d for d in corpus.documents.values() if not d.is_policy and d.origin == "bundled"]
    assert len(samples) >= 3
    for d in samples:
        ps = corpus.passages_of(d.id)
        assert ps, d.id
        assert all(p.article is None and p.id.startswith(d.id + "#p") for p in ps)
    assert any(p.path for d in samples for p in corpus.passages_of(d.id))


def test_passage_ids_are_stable_across_loads():
    from zhengbing import corpus as c

    first = list(load_corpus().passages)
    c._CACHE.clear()
    assert list(load_corpus().passages) == first


def test_get_passage_accepts_arabic_article_numbers():
    assert get_passage("兵役法@2021#第20条").id == "兵役法@2021#第二十条"
    assert get_passage("兵役法@2021#第999条") is None
    assert get_passage("没有这个文件#第一条") is None


def test_resolve_citation_current_and_by_year():
    now = resolve_citation("兵役法", 20)
    assert now.document.id == "兵役法@2021" and now.is_current and now.found
    assert now.passage.id == "兵役法@2021#第二十条"

    old = resolve_citation("《中华人民共和国兵役法》", "第二十条", year=2015)
    assert old.document.id == "兵役法@2011"
    assert not old.is_current
    assert old.current_document.id == "兵役法@2021"
    # the 2011 article on 士官 became the 2021 article on 军士 (renumbered)
    assert old.current_passage.id == "兵役法@2021#第二十七条"

    repealed = resolve_citation("退役士兵安置条例", 2)
    assert repealed.document.status == "失效"
    assert repealed.current_document.id == "退役军人安置条例@2024"

    assert resolve_citation("征兵工作条例", 999).passage is None
    assert resolve_citation("不存在的法", 1) is None


def test_broken_front_matter_in_own_corpus_is_named_and_skipped(ws):
    own = ws.own_corpus_dir
    own.mkdir()
    (own / "坏文件.md").write_text(
        "---\ntitle: [未闭合\n类别: 讲话\n---\n# 坏\n\n正文。\n", encoding="utf-8"
    )
    (own / "好文件.md").write_text(
        "---\nid: 资料-好\ntitle: 好文件\n类别: 总结\n年度: 2024\n---\n# 好文件\n\n## 一、成绩\n\n今年完成了征兵任务。\n",
        encoding="utf-8",
    )
    (own / "无头.md").write_text("# 无头\n\n正文。\n", encoding="utf-8")
    corpus = load_corpus(ws)
    named = " ".join(str(p) for p in corpus.problems)
    assert "坏文件.md" in named and "YAML" in named
    assert "无头.md" in named
    assert "资料-好" in corpus.documents
    p = corpus.passages["资料-好#p1"]
    assert p.path == ("一、成绩",) and p.origin == "own" and p.year == 2024
    # the bundled corpus is still all there
    assert "兵役法@2021" in corpus.documents
