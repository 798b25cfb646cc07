"""The bundled gazetteer: official division counts, lookups and place-name spotting."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from zhengbing.gazetteer import (
    Gazetteer,
    gazetteer_path,
    load_gazetteer,
    short_forms,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def places(gaz: Gazetteer, text: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.kind, m.province) for m in gaz.find_places(text)]


# ---------------------------------------------------------------------------- data and counts


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz
    assert gazetteer_path().name == "gazetteer.yaml"
    assert gazetteer_path().read_bytes().decode("utf-8")  # UTF-8


def test_provincial_level_divisions(gaz: Gazetteer) -> None:
    provs = gaz.provinces()
    assert len(provs) == 34
    assert Counter(p.type for p in provs) == {"省": 23, "自治区": 5, "直辖市": 4, "特别行政区": 2}
    assert len({p.name for p in provs}) == 34
    for p in provs:
        assert p.short and p.abbreviations and p.capital, p.name
    by = {p.name: p for p in provs}
    assert by["贵州省"].abbreviations == ("黔", "贵")
    assert by["重庆市"].abbreviations == ("渝",)
    assert by["江西省"].abbreviations == ("赣",)
    assert set(by["甘肃省"].abbreviations) == {"甘", "陇"}
    assert set(by["陕西省"].abbreviations) == {"陕", "秦"}
    assert set(by["云南省"].abbreviations) == {"滇", "云"}
    assert set(by["四川省"].abbreviations) == {"川", "蜀"}
    assert by["浙江省"].short == ("浙江",)
    assert by["内蒙古自治区"].short == ("内蒙古",)
    assert by["浙江省"].capital == "杭州市"
    assert by["新疆维吾尔自治区"].capital == "乌鲁木齐市"
    assert by["广西壮族自治区"].capital == "南宁市"
    # every one-character abbreviation names exactly one province
    abbrs = [a for p in provs for a in p.abbreviations]
    assert len(abbrs) == len(set(abbrs))


def test_prefecture_level_divisions(gaz: Gazetteer) -> None:
    cities = [c for p in gaz.provinces() for c in gaz.cities(p.name)]
    assert len(cities) == 333
    assert Counter(c.type for c in cities) == {"地级市": 293, "地区": 7, "自治州": 30, "盟": 3}
    names = {c.name for c in cities}
    for name in (
        "湖州市",
        "黔东南苗族侗族自治州",
        "阿拉善盟",
        "赣州市",
        "毕节市",
        "襄阳市",
        "那曲市",
    ):
        assert name in names
    for gone in ("襄樊市", "毕节地区", "思茅市", "巢湖市", "莱芜市"):
        assert gone not in names
    assert [c.name for c in gaz.cities("浙江")][:3] == ["杭州市", "宁波市", "温州市"]
    assert len(gaz.cities("河南省")) == 17
    assert len(gaz.cities("四川")) == 21
    assert gaz.cities("北京市") == []  # municipalities have no prefecture level


@pytest.mark.parametrize(
    ("province", "count"),
    [
        ("浙江省", 90),
        ("江苏省", 95),
        ("河南省", 157),
        ("四川省", 183),
        ("重庆市", 38),
        ("北京市", 16),
        ("上海市", 16),
    ],
)
def test_county_counts(gaz: Gazetteer, province: str, count: int) -> None:
    counties = gaz.counties(province)
    assert len(counties) == count
    # names repeat only across prefectures (南京/徐州 鼓楼区, 内江/乐山 市中区)
    assert len({(c.city, c.name) for c in counties}) == count


def test_municipality_types(gaz: Gazetteer) -> None:
    cq = Counter(c.type for c in gaz.counties("重庆"))
    assert cq == {"市辖区": 26, "县": 8, "自治县": 4}
    assert all(c.city is None for c in gaz.counties("重庆"))
    assert Counter(c.type for c in gaz.counties("北京")) == {"市辖区": 16}
    assert "崇明区" in {c.name for c in gaz.counties("上海")}
    assert "浦东新区" in {c.name for c in gaz.counties("上海")}


def test_county_names_are_current(gaz: Gazetteer) -> None:
    zj = {c.name for c in gaz.counties("浙江")}
    assert {"安吉县", "临平区", "钱塘区", "龙港市", "柯桥区", "上虞区", "江山市"} <= zj
    assert not {"江干区", "下城区", "绍兴县", "富阳市"} & zj
    js = {c.name for c in gaz.counties("江苏")}
    assert {"沛县", "兴化市", "射阳县", "海门区", "海安市", "梁溪区"} <= js
    hn = {c.name for c in gaz.counties("河南")}
    assert {"固始县", "偃师区", "孟津区", "长垣市", "济源市", "新县"} <= hn
    assert "吉利区" not in hn
    sc = {c.name for c in gaz.counties("四川")}
    assert {"会理市", "新津区", "叙州区", "仪陇县", "宣汉县", "三台县"} <= sc
    assert {c.name for c in gaz.counties("河南", "信阳")} >= {"固始县", "新县", "浉河区"}
    assert len(gaz.counties("浙江", "湖州市")) == 5


def test_province_administered_counties(gaz: Gazetteer) -> None:
    hb = {c.name: c for c in gaz.counties("湖北")}
    assert hb["神农架林区"].type == "林区" and hb["神农架林区"].city is None
    assert hb["仙桃市"].city is None
    assert gaz.province_of("济源市") == "河南省"
    assert gaz.resolve("济源市").division.city is None


def test_former_names_are_kept(gaz: Gazetteer) -> None:
    data = yaml.safe_load(gazetteer_path().read_text(encoding="utf-8"))
    assert "曾用名" in gazetteer_path().read_text(encoding="utf-8")
    assert data["省级"][0]["名称"] == "北京市"
    r = gaz.resolve("富阳市")
    assert r.division.name == "富阳区" and r.matches[0].form == "former"
    assert gaz.province_of("襄樊市") == "湖北省"
    assert gaz.province_of("开县") == "重庆市"
    assert gaz.resolve("米林县").division.name == "米林市"


def test_every_county_has_a_province_and_valid_type(gaz: Gazetteer) -> None:
    total = 0
    for p in gaz.provinces():
        for c in gaz.counties(p.name):
            total += 1
            assert c.province == p.name
            assert c.name.endswith(("区", "县", "市", "旗")), c.name
            if c.city is not None:
                assert c.city in {x.name for x in gaz.cities(p.name)}
    assert total > 2800


# ---------------------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("湖州", "浙江省"),
        ("湖州市", "浙江省"),
        ("安吉县", "浙江省"),
        ("安吉", "浙江省"),
        ("浙江", "浙江省"),
        ("浙江省", "浙江省"),
        ("浙", "浙江省"),
        ("黔", "贵州省"),
        ("贵", "贵州省"),
        ("渝", "重庆市"),
        ("赣", "江西省"),
        ("陇", "甘肃省"),
        ("黔东南", "贵州省"),
        ("黔东南州", "贵州省"),
        ("黔东南苗族侗族自治州", "贵州省"),
        ("阿拉善盟", "内蒙古自治区"),
        ("阿拉善", "内蒙古自治区"),
        ("沛县", "江苏省"),
        ("景宁", "浙江省"),
        ("黔江区", "重庆市"),
        ("忠县", "重庆市"),
        ("浦东", "上海市"),
        ("吉林", "吉林省"),  # the province wins over 吉林市's short form
        ("海南", "海南省"),
        ("新县", "河南省"),
        ("西安", "陕西省"),  # the city, not 西安区 of 辽源 or 牡丹江
        ("资阳", "四川省"),
    ],
)
def test_province_of(gaz: Gazetteer, name: str, province: str) -> None:
    assert gaz.province_of(name) == province


@pytest.mark.parametrize(
    "name", ["朝阳区", "鼓楼区", "长安区", "江北区", "西湖", "不存在县", "", "中国"]
)
def test_province_of_ambiguous_or_unknown(gaz: Gazetteer, name: str) -> None:
    assert gaz.province_of(name) is None


def test_resolve_exposes_ambiguity(gaz: Gazetteer) -> None:
    r = gaz.resolve("安吉")
    assert r.unambiguous and r.division.name == "安吉县" and r.matches[0].form == "short"
    assert not r.common_word
    r = gaz.resolve("朝阳区")
    assert not r.unambiguous and r.province is None
    assert set(r.provinces) == {"北京市", "吉林省"}
    r = gaz.resolve("鼓楼区")  # 南京 and 徐州, 福州, 开封
    assert len(r.candidates) == 4 and "江苏省" in r.provinces
    r = gaz.resolve("桥西区")  # 石家庄 and 张家口: two divisions, one province
    assert not r.unambiguous and r.province == "河北省"
    assert gaz.province_of("新华区") is None  # 石家庄, 沧州 and 平顶山
    r = gaz.resolve("江山")
    assert r.province == "浙江省" and r.common_word
    assert gaz.is_unambiguous("湖州市")
    assert not gaz.is_unambiguous("市中区")


def test_short_forms() -> None:
    assert short_forms("湖州市", "city") == ("湖州",)
    assert short_forms("安吉县", "county") == ("安吉",)
    assert short_forms("景宁畲族自治县", "county") == ("景宁",)
    assert short_forms("石柱土家族自治县", "county") == ("石柱",)
    assert short_forms("管城回族区", "county") == ("管城",)
    assert short_forms("浦东新区", "county") == ("浦东",)
    assert short_forms("沛县", "county") == ()
    assert short_forms("鄂伦春自治旗", "county") == ()


def test_relation_to_home(gaz: Gazetteer) -> None:
    home = gaz.resolve("安吉县").division
    assert gaz.relation("浙江", home) == "own"
    assert gaz.relation("湖州市", home) == "own"
    assert gaz.relation("安吉", home) == "own"
    assert gaz.relation("长兴县", home) == "other-county"
    assert gaz.relation("衢州市", home) == "other-city"
    assert gaz.relation("江山市", home) == "other-city"
    assert gaz.relation("黔", home) == "other-province"
    assert gaz.relation("江西省", home) == "other-province"
    assert gaz.relation("安吉县", "湖州市") == "own"
    assert gaz.relation("南浔区", "湖州") == "own"
    assert gaz.relation("鼓楼区", "徐州市") == "own"  # one of the 鼓楼区 lies in 徐州
    assert gaz.relation("鼓楼区", "沛县") == "other-county"
    assert gaz.relation("朝阳区", "湖州市") == "other-province"
    cq = gaz.resolve("黔江区").division
    (m,) = [m for m in gaz.find_places("感谢驻黔官兵") if m.kind == "abbr"]
    assert gaz.relation(m, cq) == "other-province"
    assert gaz.relation("万州区", cq) == "other-county"  # districts of a municipality
    assert gaz.relation("重庆", cq) == "own"
    assert gaz.relation("不存在县", cq) is None
    assert gaz.relation("湖州", "鼓楼区") is None  # home itself ambiguous


def test_locate_unit(gaz: Gazetteer) -> None:
    assert gaz.locate("浙江省湖州市安吉县人民武装部").name == "安吉县"
    assert gaz.locate("固始县人民武装部").name == "固始县"
    assert gaz.locate("重庆市黔江区人武部").name == "黔江区"
    assert gaz.locate("南京市鼓楼区人武部").city == "南京市"
    assert gaz.locate("某某镇人民政府") is None


# ---------------------------------------------------------------------------- find_places


def test_find_places_flags_other_regions(gaz: Gazetteer) -> None:
    text = "重庆市黔江区人武部：感谢广大驻黔官兵，依据《江西省征兵工作条例》，赣州市、湖州市安吉县的经验值得学习。"
    found = places(gaz, text)
    assert ("黔", "abbr", "贵州省") in found
    assert ("江西省", "province", "江西省") in found
    assert ("赣州市", "city", "江西省") in found
    assert ("湖州市", "city", "浙江省") in found
    assert ("安吉县", "county", "浙江省") in found
    assert ("重庆市", "province", "重庆市") in found
    assert ("黔江区", "county", "重庆市") in found  # not the abbreviation 黔
    for m in gaz.find_places(text):
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "广大青年积极响应，新时代新征程上宁可多跑腿，也要把吉祥如意带给大家。",
        "报名的人川流不息，各路人才云集，青春在军营绽放。",
        "县委和县政府高度重视，现代县域经济发展迅速，全力创建双拥模范县、示范县。",
        "要确保定兵质量，适宜春季入伍的青年要提前体检，打江山、守江山。",
        "绿水青山就是金山银山，社会长治久安，群众安居乐业，平安吉祥。",
        "在苏醒的大地上，他在晋升后仍然在辽阔的边疆甘于奉献，甘当铺路石。",
        "我们要传承南昌起义、遵义会议、延安精神和井冈山精神，进京赶考永远在路上。",
        "党的二十大在京胜利召开，京津冀协同发展、粤港澳大湾区建设、成渝地区双城经济圈稳步推进。",
        "他公安专业毕业，在合作社工作，家庭富裕，性格开朗大方。",
        "太湖南岸风光秀丽水乡如画，长江西岸、黄河南岸都有他们的足迹，登上海拔五千米的哨所。",
        "东躲西藏的人被发现了，他在新的岗位上继续奋斗，青年大学生入伍热情高。",
        "为人民幸福建功立业，在黑暗中摸索，在云端上工作，在台上发言，在港口值班。",
        "隆重庆祝建军节，沿海城市的东方市场很热闹，部队会同兵役机关遴选。",
        "在新县城建设中，新县委书记和代理县长走访了千年的古县城，现代县域经济示范县。",
        "原南京军区、成都军区的老兵，今年有新兵分到西藏军区和新疆军区。",
        "在甘蔗地里，在藏獒旁，在蒙面人身后，他曾赴澳洲留学，还去过周口店和解放区旧址。",
    ],
)
def test_find_places_ignores_false_positive_traps(gaz: Gazetteer, text: str) -> None:
    assert places(gaz, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("向驻黔官兵致敬", [("黔", "abbr", "贵州省")]),
        ("驻渝部队官兵", [("渝", "abbr", "重庆市")]),
        ("援藏干部三名", [("藏", "abbr", "西藏自治区")]),
        ("援疆工作", [("疆", "abbr", "新疆维吾尔自治区")]),
        ("他是黔籍战士", [("黔", "abbr", "贵州省")]),
        ("入川作战", [("川", "abbr", "四川省")]),
        ("来沪务工人员", [("沪", "abbr", "上海市")]),
        ("赴京参加培训", [("京", "abbr", "北京市")]),
        ("在赣期间", [("赣", "abbr", "江西省")]),
        ("苏北地区", [("苏北", "abbr", "江苏省")]),
        ("率先在渝东南实现小康", [("渝东南", "abbr", "重庆市")]),
        ("晋东南一带", [("晋东南", "abbr", "山西省")]),
        ("来自黔东南的青年", [("黔东南", "city", "贵州省")]),
        ("湖州青年踊跃报名", [("湖州", "city", "浙江省")]),
        ("浙江安吉的经验", [("浙江", "province", "浙江省"), ("安吉", "county", "浙江省")]),
        ("安吉人武部", [("安吉", "county", "浙江省")]),
        ("徐州市沛县", [("徐州市", "city", "江苏省"), ("沛县", "county", "江苏省")]),
        ("家住沛县的青年", [("沛县", "county", "江苏省")]),
        (
            "阿拉善盟和兴安盟",
            [("阿拉善盟", "city", "内蒙古自治区"), ("兴安盟", "city", "内蒙古自治区")],
        ),
        ("原富阳市", [("富阳市", "county", "浙江省")]),
        (
            "沙坪坝区和九龙坡的青年",
            [("沙坪坝区", "county", "重庆市"), ("九龙坡", "county", "重庆市")],
        ),
        ("江苏北部", [("江苏", "province", "江苏省")]),
    ],
)
def test_find_places_positive(gaz: Gazetteer, text: str, expected: list) -> None:
    assert places(gaz, text) == expected


def test_ambiguous_full_name_has_no_province(gaz: Gazetteer) -> None:
    (m,) = gaz.find_places("朝阳区的青年")
    assert m.kind == "county" and m.province is None and m.name is None and not m.unambiguous
    assert {c.province for c in m.candidates} == {"北京市", "吉林省"}
    (m,) = gaz.find_places("安吉县")
    assert m.unambiguous and m.name == "安吉县" and m.city == "湖州市"
    # a short form shared by several provinces is not reported at all
    assert places(gaz, "来自鼓楼的青年") == []


def test_former_name_mentions_point_to_current_division(gaz: Gazetteer) -> None:
    (m,) = gaz.find_places("开县人武部")
    assert m.form == "former" and m.name == "开州区" and m.province == "重庆市"


def test_county_short_forms_can_be_switched_off(gaz: Gazetteer) -> None:
    assert places(gaz, "九龙坡的青年") == [("九龙坡", "county", "重庆市")]
    assert gaz.find_places("九龙坡的青年", include_short_counties=False) == []


def test_bundled_samples_name_only_their_own_region(gaz: Gazetteer) -> None:
    samples = sorted((ROOT / "corpus" / "samples").glob("样本-*.md"))
    if not samples:
        pytest.skip("no bundled samples")
    for path in samples:
        text = path.read_text(encoding="utf-8")
        provs = {m.province for m in gaz.find_places(text) if m.province}
        assert len(provs) <= 1, (path.name, provs)


def test_find_places_is_fast(gaz: Gazetteer) -> None:
    text = (
        "各位领导、同志们：今年我县征兵工作在湖州市委的领导下，广大青年踊跃报名，新时代新征程。"
        * 250
    )[:10000]
    gaz.find_places(text)
    start = time.perf_counter()
    found = gaz.find_places(text)
    elapsed = time.perf_counter() - start
    assert len(found) >= 200
    assert elapsed < 0.5
