from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhengbing.compose import compose_document
from zhengbing.draft import parse_draft
from zhengbing.errors import InputError
from zhengbing.outlines import list_outlines, load_outline, read_outline
from zhengbing.workspace import Workspace

BUNDLED = [(o.id, k) for o in list_outlines() for k in o.kinds]

REQUIRED = {
    "四个坚持四个确保",
    "征好兵征足兵依法廉洁征兵",
    "严把三个关口健全五项制度",
    "年度征兵工作总结",
    "廉洁征兵心得体会",
}


def test_required_outlines_are_bundled() -> None:
    assert REQUIRED <= {o.id for o in list_outlines()}


@pytest.mark.parametrize(("outline_id", "kind"), BUNDLED)
def test_each_outline_renders_for_each_kind(
    example_ws: Workspace, outline_id: str, kind: str
) -> None:
    composed = compose_document(example_ws, kind, outline_id=outline_id, date="2026-03-01")
    draft = parse_draft(composed.text)
    assert not draft.errors
    assert draft.meta.kind == kind
    assert draft.meta.extra["outline"] == outline_id
    headings = [h for h in draft.headings() if h.level == 2]
    outline = load_outline(outline_id)
    assert len(headings) == len(outline.sections)
    numbers = [h.text.split("、")[0] for h in headings]
    assert numbers == ["一", "二", "三", "四", "五"][: len(headings)]
    assert "{{" not in composed.text and "{%" not in composed.text
    body = composed.text.split("\n---\n", 1)[1]
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", body)  # no stray spaces


@pytest.mark.parametrize(("outline_id", "kind"), BUNDLED)
def test_a_composed_header_holds_only_keys_the_reader_knows(
    example_ws: Workspace, outline_id: str, kind: str
) -> None:
    # render warns about unknown header keys: the tool's own drafts must not earn a warning
    composed = compose_document(example_ws, kind, outline_id=outline_id, date="2026-03-01")
    draft = parse_draft(composed.text)
    assert "record" in draft.meta.extra  # the example workspace has a work record
    assert not draft.warnings, [p.message for p in draft.warnings]


@pytest.mark.parametrize(("outline_id", "kind"), BUNDLED)
def test_each_outline_renders_without_last_year_and_with_zeros(
    make_ws, outline_id: str, kind: str
) -> None:
    rows = [
        ("东村", 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        ("西村", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    ]
    ws = make_ws(rows)
    text = compose_document(ws, kind, outline_id=outline_id).text
    assert not parse_draft(text).errors
    assert "增加0" not in text and "减少0" not in text and "上年增加" not in text
    assert "0名适龄青年" not in text


def _outline_file(folder: Path, name: str, sections: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n".join(
        f"  - heading: 第{i}部分标题\n    points:\n      - 内容{i}。" for i in range(sections)
    )
    path = folder / "坏提纲.yaml"
    path.write_text(
        f"id: 坏提纲\nname: {name}\nkinds: [讲话]\nsections:\n{body}\n", encoding="utf-8"
    )
    return path


def test_count_in_name_must_match_sections(tmp_path: Path) -> None:
    path = _outline_file(tmp_path, "四个坚持", 3)
    with pytest.raises(InputError) as err:
        read_outline(path)
    assert "坏提纲.yaml" in str(err.value) and "四个" in str(err.value) and "3" in str(err.value)
    assert read_outline(_outline_file(tmp_path / "ok", "四个坚持", 4)).id == "坏提纲"
    assert read_outline(_outline_file(tmp_path / "two", "两个维护", 2)).id == "坏提纲"


def test_count_applies_to_the_section_that_names_it(tmp_path: Path) -> None:
    text = """id: x
name: 严把三个关口
kinds: [述职]
sections:
  - heading: 严把“三个关口”
    items:
      - heading: 甲
        points: [甲。]
      - heading: 乙
        points: [乙。]
  - heading: 不足
    points: [不足。]
"""
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="x.yaml 第 5 行.*三个关口.*2 个分项"):
        read_outline(path)


def test_unknown_outline_lists_known_ids() -> None:
    with pytest.raises(InputError) as err:
        load_outline("五个坚持")
    for known in REQUIRED:
        assert known in str(err.value)


def test_outline_found_by_name_or_alias() -> None:
    assert load_outline("四个坚持、四个确保").id == "四个坚持四个确保"
    assert load_outline("summary").id == "年度征兵工作总结"


def test_workspace_outline_with_unresolvable_citation(example_ws: Workspace) -> None:
    folder = example_ws.templates_dir / "outlines"
    folder.mkdir(parents=True)
    (folder / "自编.yaml").write_text(
        "id: 自编\nname: 自编讲话\nkinds: [讲话]\nsections:\n"
        "  - heading: 依法征兵\n    points:\n      - text: 依法办事。\n"
        "        cite: 兵役法@2021#第九百条\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        compose_document(example_ws, "讲话", outline_id="自编")
    assert "自编.yaml" in str(err.value) and "兵役法@2021#第九百条" in str(err.value)


def test_outline_kind_mismatch(example_ws: Workspace) -> None:
    with pytest.raises(InputError, match="不适用于总结"):
        compose_document(example_ws, "总结", outline_id="四个坚持四个确保")


@pytest.mark.parametrize(("outline_id", "kind"), BUNDLED)
def test_each_outline_renders_with_only_a_few_columns(make_ws, outline_id: str, kind: str) -> None:
    ws = make_ws(name="few")
    csv = ws.stats_dir / "少量列.csv"
    csv.write_text("村（社区）,报名人数,定兵人数\n东村,12,3\n西村,8,0\n", encoding="utf-8")
    text = compose_document(ws, kind, outline_id=outline_id, stats_path=csv).text
    assert not parse_draft(text).errors
    if (
        outline_id != "征好兵征足兵依法廉洁征兵"
    ):  # that speech quotes registrations only with 报名大学生
        assert "20名" in text  # the total of 报名人数
    assert "大学生" not in text or "其中大学生" not in text


def test_error_in_outline_prose_names_file_and_line(example_ws: Workspace) -> None:
    folder = example_ws.templates_dir / "outlines"
    folder.mkdir(parents=True)
    (folder / "错行.yaml").write_text(
        "id: 错行\n"  # 1
        "name: 错行\n"  # 2
        "kinds: [总结]\n"  # 3
        "sections:\n"  # 4
        "  - heading: 成效\n"  # 5
        "    points:\n"  # 6
        "      - lead: 报名踊跃。\n"  # 7
        "        text: |-\n"  # 8
        "          全镇共有{{ t.报名人数|count('名') }}青年报名。\n"  # 9
        "          其中{{ 没有这个名称 }}。\n"  # 10
        "      - 第二段。\n",  # 11
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        compose_document(example_ws, "总结", outline_id="错行")
    assert "错行.yaml 第 10 行" in str(err.value)
    (folder / "错行.yaml").write_text(
        "id: 错行\nname: 错行\nkinds: [总结]\nsections:\n  - heading: 成效\n    points:\n"
        "      - 共有{{ t.报名人数 }名。\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        compose_document(example_ws, "总结", outline_id="错行")
    assert "错行.yaml 第 7 行" in str(err.value) and "语法" in str(err.value)


def test_theme_title_with_subtitle(example_ws: Workspace) -> None:
    folder = example_ws.templates_dir / "outlines"
    folder.mkdir(parents=True)
    (folder / "主题.yaml").write_text(
        "id: 主题\nname: 两个到位\nkinds: [讲话]\n"
        "title: 凝心聚力　压实责任\n"
        "subtitle: ——在{{ 全 }}{{ year }}年征兵工作动员会议上的讲话\n"
        "sections:\n"
        "  - heading: 思想认识到位\n    points: [要统一思想。]\n"
        "  - heading: 工作责任到位\n    points: [要压实责任。]\n",
        encoding="utf-8",
    )
    text = compose_document(example_ws, "讲话", outline_id="主题").text
    draft = parse_draft(text)
    assert draft.title == "凝心聚力　压实责任"
    assert draft.meta.extra["subtitle"] == "——在全镇2026年征兵工作动员会议上的讲话"
    assert "我讲两点意见。" in text
