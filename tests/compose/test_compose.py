from __future__ import annotations

import re

import pytest
import yaml

from zhengbing.compose import compose_document
from zhengbing.numerals import percent
from zhengbing.stats import load_stats
from zhengbing.workspace import Workspace

from .conftest import ROWS


def split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_summary_numbers_equal_the_statistics(example_ws: Workspace) -> None:
    stats = load_stats(example_ws.default_stats(), year=2026)
    t, d = stats.totals, stats.derived
    meta, body = split(compose_document(example_ws, "总结").text)
    m = re.search(r"共有(\d+)名适龄青年报名应征，其中大学生(\d+)名，占([\d.]+)%", body)
    assert m, body
    assert int(m.group(1)) == t["报名人数"]
    assert int(m.group(2)) == t["报名大学生"]
    assert float(m.group(3)) == round(100 * t["报名大学生"] / t["报名人数"], 2)
    m = re.search(r"全年定兵(\d+)名，其中大学生(\d+)名，占定兵总数的([\d.]+)%", body)
    assert m
    assert (int(m.group(1)), int(m.group(2))) == (t["定兵人数"], t["大学生"])
    assert m.group(3) + "%" == percent(d["大学生占定兵"].value, 2)
    m = re.search(r"完成县下达任务的([\d.]+)%", body)
    assert m and m.group(1) + "%" == percent(t["定兵人数"] / t["任务数"], 2)
    delta = t["报名人数"] - stats.previous_totals["报名人数"]
    assert f"报名人数比上年增加{delta}名" in body
    assert re.search(r"体检合格(\d+)名", body).group(1) == str(t["体检合格"])
    zero = d["零定兵单位"]
    assert zero and f"{zero[0]}全年未定兵" in body


def test_every_recorded_figure_appears_and_has_a_source(example_ws: Workspace) -> None:
    for kind in ("讲话", "总结", "述职", "心得体会"):
        composed = compose_document(example_ws, kind)
        meta, body = split(composed.text)
        assert meta["stats"] == "统计/征兵统计2026.xlsx"
        assert len(meta["stats_sha256"]) == 64
        figures = meta["figures"]
        assert figures, kind
        for key, entry in figures.items():
            assert entry["source"], key
            for text in entry["text"]:
                assert text in body, (key, text)
        # every Arabic number of the body that came from the sheet is listed
        listed = " ".join(t for e in figures.values() for t in e["text"])
        for number in re.findall(r"\d+(?:\.\d+)?%|\d+名", body):
            assert number in listed or number in ("5个",), (kind, number)


def test_total_provenance_names_sheet_and_cell(example_ws: Workspace) -> None:
    meta, _ = split(compose_document(example_ws, "总结").text)
    entry = meta["figures"]["合计.报名人数"]
    assert entry["value"] == 165
    assert entry["source"] == '统计/征兵统计2026.xlsx 工作表"汇总" C15（合计行）'
    ratio = meta["figures"]["比率.完成率"]
    assert ratio["formula"].startswith("定兵人数 ÷ 任务数")
    assert ratio["inputs"] == ["合计.定兵人数", "合计.任务数"]


@pytest.mark.parametrize(
    ("prev_register", "expected"),
    [(30, "报名人数比上年增加16名"), (50, "报名人数比上年减少4名"), (46, "报名人数与上年持平")],
)
def test_year_on_year_wording_flips(make_ws, prev_register: int, expected: str) -> None:
    prev = [list(r) for r in ROWS]
    prev[0][2] = prev_register - sum(
        r[2] for r in ROWS[1:]
    )  # 东村 报名人数 so that the total is prev_register
    prev[0][3] = min(prev[0][3], prev[0][2])
    prev[0][4] = min(prev[0][4], prev[0][2])
    prev[0][5] = min(prev[0][5], prev[0][4])
    prev[0][6] = min(prev[0][6], prev[0][5])
    prev[0][7] = min(prev[0][7], prev[0][6])
    ws = make_ws(ROWS, prev)
    _, body = split(compose_document(ws, "总结").text)
    assert expected in body
    assert "增加0" not in body and "减少0" not in body


def test_missing_last_year_drops_comparisons(make_ws) -> None:
    ws = make_ws(ROWS)
    for kind in ("讲话", "总结", "述职"):
        _, body = split(compose_document(ws, kind).text)
        assert "比上年" not in body and "与上年持平" not in body


def test_speech_quality_bar(example_ws: Workspace) -> None:
    for outline in ("四个坚持四个确保", "征好兵征足兵依法廉洁征兵"):
        meta, body = split(
            compose_document(example_ws, "讲话", outline_id=outline, date="2026-03-02").text
        )
        assert meta["speaker"] and meta["office"] and meta["date"]
        chars = len(re.sub(r"\s|[#*]", "", body))
        assert 2500 <= chars <= 4000, (outline, chars)
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        assert paragraphs[1] == "同志们："
        assert re.search(r"我讲[一二两三四五六七八九十]+点意见。", body)
        sections = re.split(r"^## .*$", body, flags=re.M)[1:]
        for section in sections:
            paras = [p for p in section.split("\n\n") if p.strip() and not p.startswith("<!--")]
            leads = [p for p in paras if p.startswith("**")]
            if section is sections[-1]:
                paras = paras[:-1]  # the closing call follows the last section
            assert 2 <= len(paras) <= 4
            assert [p[2:4] for p in leads] == ["一是", "二是", "三是"][: len(leads)]
        assert body.rstrip().endswith("！")


def test_summary_quality_bar(example_ws: Workspace) -> None:
    meta, body = split(compose_document(example_ws, "总结").text)
    chars = len(re.sub(r"\s|[#*]", "", body))
    assert 1500 <= chars <= 3000
    assert [h for h in re.findall(r"^## (.*)$", body, flags=re.M)] == [
        "一、主要做法和成效",
        "二、存在的问题",
        "三、下一步工作打算",
    ]
    assert "现将有关情况总结如下。" in body
    assert meta["signature"] == "云岭镇人民武装部"


def test_compose_from_csv_matches_xlsx(example_ws: Workspace) -> None:
    a = compose_document(example_ws, "总结", date="2026-12-20").text
    b = compose_document(
        example_ws, "总结", stats_path="统计/征兵统计2026.csv", date="2026-12-20"
    ).text
    assert split(a)[1] == split(b)[1]


def test_missing_column_used_by_template_is_named(make_ws) -> None:
    ws = make_ws(ROWS)
    override = ws.templates_dir / "outlines"
    override.mkdir(parents=True)
    (override / "缺列.yaml").write_text(
        "id: 缺列\nname: 缺列\nkinds: [总结]\nsections:\n"
        "  - heading: 成效\n    points:\n      - |-\n        共定兵{{ t.定兵人数 }}名，其中预备党员{{ t.预备党员 }}名。\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception) as err:
        compose_document(ws, "总结", outline_id="缺列")
    assert "缺列.yaml" in str(err.value) and "预备党员" in str(err.value)


def test_citations_are_resolved_and_suggest_adds_comments(example_ws: Workspace) -> None:
    from zhengbing.draft import Comment, Paragraph, parse_draft

    plain = compose_document(example_ws, "讲话")
    meta, body = split(plain.text)
    ids = [c["id"] for c in meta["citations"]]
    assert "征兵工作条例@2023#第三十条" in ids and "兵役法@2021#第十五条" in ids
    assert all(c["label"].startswith("《") for c in meta["citations"])
    assert "<!--" not in body
    suggested = compose_document(example_ws, "讲话", suggest=True).text
    draft = parse_draft(suggested)
    notes = [b.text for b in draft.blocks if isinstance(b, Comment)]
    assert any(n.startswith("依据：《征兵工作条例》第三十条：") and "5个工作日" in n for n in notes)
    # the notes never become paragraphs, so they never reach the .docx
    paragraphs = [b.text for b in draft.blocks if isinstance(b, Paragraph)]
    assert not any("依据：" in p for p in paragraphs)
    assert [p for p in paragraphs] == [
        b.text for b in parse_draft(plain.text).blocks if isinstance(b, Paragraph)
    ]


def test_speech_numbers_equal_the_statistics(example_ws: Workspace) -> None:
    stats = load_stats(example_ws.default_stats(), year=2026)
    t, p = stats.totals, stats.previous_totals
    _, body = split(compose_document(example_ws, "讲话").text)
    m = re.search(
        r"2025年，全镇上下共同努力，共有(\d+)名适龄青年报名应征.*?最终定兵(\d+)名，其中大学生(\d+)名，占定兵总数的([\d.]+)%",
        body,
    )
    assert m
    assert [int(x) for x in m.groups()[:3]] == [p["报名人数"], p["定兵人数"], p["大学生"]]
    assert m.group(4) + "%" == percent(p["大学生"] / p["定兵人数"], 1)
    m = re.search(r"义务兵征集任务为(\d+)名，比上年增加(\d+)名", body)
    assert m and (int(m.group(1)), int(m.group(2))) == (t["任务数"], t["任务数"] - p["任务数"])
    m = re.search(r"全镇已有(\d+)名适龄青年完成网上报名，其中大学生(\d+)名，占([\d.]+)%", body)
    assert m and (int(m.group(1)), int(m.group(2))) == (t["报名人数"], t["报名大学生"])
    assert m.group(3) + "%" == percent(t["报名大学生"] / t["报名人数"], 1)


def test_speech_for_another_year_gets_no_invented_date(make_ws) -> None:
    import datetime as dt

    ws = make_ws(ROWS)
    ws.profile.year = dt.date.today().year - 1
    speech = compose_document(ws, "讲话")
    meta, _ = split(speech.text)
    assert "date" not in meta
    assert any("date" in w and "--date" in w for w in speech.warnings)
    meta, _ = split(compose_document(ws, "总结").text)
    assert meta["date"].startswith(str(dt.date.today().year))
    meta, _ = split(compose_document(ws, "讲话", date="2024-3-5").text)
    assert meta["date"] == "2024年3月5日"


@pytest.mark.parametrize(
    ("unit", "county", "expected", "signature"),
    [
        (
            "青山镇",
            "安吉县",
            ["在县委、县政府和县人武部的正确领导下", "经县征兵办公室集体审定"],
            "青山镇人民武装部",
        ),
        (
            "白鹭街道",
            "九江市濂溪区",
            ["在区委、区政府和区人武部的正确领导下", "分解到2个社区（村）"],
            "白鹭街道人民武装部",
        ),
        (
            "青山社区",
            "安吉县",
            [
                "在街道党工委、办事处和街道人武部的正确领导下",
                "经县征兵办公室集体审定",
                "全社区共有",
            ],
            "青山社区居民委员会",
        ),
        (
            "安吉县",
            "安吉县",
            [
                "在市委、市政府和军分区的正确领导下",
                "经县征兵办公室集体审定",
                "分解到2个乡镇（街道）",
            ],
            "安吉县人民武装部",
        ),
    ],
)
def test_wording_follows_the_level(make_ws, unit, county, expected, signature) -> None:
    ws = make_ws(ROWS[:2])
    ws.profile.unit, ws.profile.county, ws.profile.level = unit, county, ""
    meta, body = split(compose_document(ws, "总结").text)
    for phrase in expected:
        assert phrase in body
    assert meta["signature"] == signature
