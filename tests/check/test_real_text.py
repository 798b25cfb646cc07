"""Text people paste and templates leave behind: debris, grouping, never doubled, new families,
statistics with columns the checker does not know, and hostile sizes."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import docx
import pytest

from zhengbing.check import check_file, check_text
from zhengbing.cli import main
from zhengbing.workspace import find_workspace

DATA = Path(__file__).parent / "data"
BENCH = Path(__file__).parent / "bench"


@pytest.fixture
def workspace(tmp_path: Path) -> object:
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(DATA / "zhengbing.toml", root / "zhengbing.toml")
    (root / "统计").mkdir()
    shutil.copy(DATA / "统计2024.csv", root / "统计" / "统计2024.csv")
    return find_workspace(root)


def _keys(findings: list[object]) -> list[tuple[str, int | None]]:
    return sorted((f.rule, f.line) for f in findings)


def test_debris_is_reported_once_with_every_line() -> None:
    findings = check_file(BENCH / "多篇-讲话合集.txt")
    debris = [f for f in findings if f.rule == "debris"]
    assert len(debris) == 1
    assert debris[0].covered() == {1, 2, 12, 13, 14}
    assert debris[0].count == 5
    assert "1、2、12、13、14" in debris[0].message
    # nothing else is reported on those lines
    assert not [f for f in findings if f.rule != "debris" and f.line in {1, 2, 12, 13, 14}]


def test_inline_furniture_is_not_a_number_or_latin_fault() -> None:
    text = (
        "# 讲话\n\n同志们，今年征兵工作圆满完成（来源：https://www.example.gov.cn/a/b-1.html，"
        "2024-03-05 09:32:17，见本报A03版）。\n"
    )
    assert check_text(text) == []


def test_yearbook_entry_heading_is_not_a_prompt_but_a_prompt_still_is() -> None:
    entry = "# 年鉴\n\n【征兵工作】2024年，全县完成征兵任务。\n"
    assert check_text(entry, rules=["placeholder"]) == []
    prompt = "# 讲话\n\n【单位名称】召开征兵工作会议。\n\n会议由【请填写】主持。\n"
    assert _keys(check_text(prompt, rules=["placeholder"])) == [
        ("placeholder", 3),
        ("placeholder", 5),
    ]


def test_single_character_placeholders() -> None:
    text = (
        "# 讲话\n\nX局长、×主任和*书记出席会议，要求各村开展_工作。X光检查和A级标准不是占位符。\n"
    )
    found = [f.text for f in check_text(text, rules=["placeholder"])]
    assert found == ["X", "×", "*", "_"]


def test_list_opened_after_a_comma_in_a_long_paragraph() -> None:
    text = (
        "# 讲话\n\n要抓好三件事，一是宣传到位。二是体检从严。三是政考过硬。"
        "同时也要看到，一是进度不平衡，二是宣传不深入。\n\n"
        "# 另一篇\n\n要抓好几件事，一是宣传到位。二是体检从严。四是政考过硬。\n"
    )
    assert _keys(check_text(text, rules=["numbering"])) == [("numbering", 7)]


def test_past_year_in_a_forward_looking_sentence() -> None:
    text = (
        "# 青山镇2024年征兵工作总结\n\n2020年，我镇将继续抓好征兵宣传。"
        "2023年以来，我镇将征兵工作纳入考核。2025年，我镇将进一步提高兵员质量。\n"
    )
    findings = check_text(text, rules=["year"])
    assert [f.text for f in findings] == ["2020"]


def test_superseded_wording_names_both_versions() -> None:
    text = (
        "# 2024年征兵工作讲话\n\n要落实《征兵工作条例》第二十条的规定：“应征公民的政治审查工作，"
        "由县、市征兵办公室统一组织，公安机关具体负责”。\n"
    )
    (f,) = check_text(text, rules=["citation"])
    assert "2001年《征兵工作条例》第二十条的表述" in f.message
    assert "现行《征兵工作条例》为第" in f.message


def test_region_from_the_signature_without_a_workspace() -> None:
    text = (
        "# 年度述职报告\n\n一年来，我认真履行职责。依照《江西省征兵工作条例》开展工作。\n\n"
        "安吉县青山镇人民武装部\n\n2024年12月25日\n"
    )
    found = [f for f in check_text(text, fmt="txt", rules=["region"])]
    assert [f.text for f in found] == ["《江西省征兵工作条例》"]
    assert "落款或首段" in found[0].message


def test_figures_with_any_measure_word(workspace: object) -> None:
    text = (
        "# 青山镇2024年征兵工作总结\n\n今年全镇定兵30个，初检合格青年共80位，全镇报名人数105人。\n"
    )
    findings = check_text(text, workspace=workspace, rules=["stats"])
    assert sorted(f.text for f in findings) == ["30个", "80位"]


def test_a_county_figure_is_not_compared_with_a_township_sheet(workspace: object) -> None:
    text = "# 安吉县年鉴\n\n【征兵工作】2024年，全县共批准入伍新兵186名，其中大学生128名。\n"
    assert check_text(text, workspace=workspace, rules=["stats"]) == []


def test_unknown_statistics_column_is_noted_and_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(DATA / "zhengbing.toml", root / "zhengbing.toml")
    (root / "统计").mkdir()
    lines = (DATA / "统计2024.csv").read_text(encoding="utf-8").splitlines()
    widened = [
        ",".join([*row.split(","), "宣传场次" if i == 0 else "9"]) for i, row in enumerate(lines)
    ]
    sheet = root / "统计" / "统计2024.csv"
    sheet.write_text("\n".join(widened) + "\n", encoding="utf-8")
    draft = tmp_path / "总结.md"
    draft.write_text("# 青山镇2024年征兵工作总结\n\n今年全镇定兵30人。\n", encoding="utf-8")
    findings = check_file(draft, workspace=find_workspace(root))
    stats = [f for f in findings if f.rule == "stats"]
    assert [f.severity for f in stats] == ["info", "error"]
    assert "宣传场次" in stats[0].message and "统计/统计2024.csv" in stats[1].message
    # given with --stats, the same sheet does not stop the check either
    code = main(["check", str(draft), "--stats", str(sheet), "--rules", "stats"])
    out = capsys.readouterr()
    assert code == 1 and "宣传场次" in out.out and "30人" in out.out


def test_traditional_characters_one_finding_per_line() -> None:
    findings = check_file(BENCH / "繁体-年终总结.txt", rules=["glyph"])
    per_line: dict[int | None, int] = {}
    for f in findings:
        per_line[f.line] = per_line.get(f.line, 0) + 1
    assert per_line[2] == 1 and per_line[4] == 1
    grouped = next(f for f in findings if f.line == 2)
    assert grouped.count > 5 and "縣" in grouped.message


def test_one_span_never_under_two_rules() -> None:
    text = "# 讲话\n\n请XX同志于2024年X月X日到会，某某村报名“，，”。\n"
    findings = check_text(text)
    spans = [(f.line, f.column, f.rule) for f in findings]
    for i, (line, column, rule) in enumerate(spans):
        for other_line, other_column, other_rule in spans[i + 1 :]:
            assert (line, column) != (other_line, other_column) or rule == other_rule


def test_flood_in_one_line_is_grouped_and_bounded(tmp_path: Path) -> None:
    path = tmp_path / "粘贴.txt"
    unit = "同志们，今年的征兵工作□□开展XX工作工作，online，，见https://a.example.cn/x.html"
    path.write_text("讲话\n" + unit * (2_000_000 // len(unit)) + "\n", encoding="utf-8")
    start = time.perf_counter()
    findings = check_file(path)
    assert time.perf_counter() - start < 60
    assert 0 < len(findings) <= 20
    rules = [f.rule for f in findings if f.line == 2]
    assert len(rules) == len(set(rules))  # one finding per rule in the line
    assert any(f.count > 100 for f in findings)


def test_mostly_debris_document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = ["征兵工作讲话稿（精选3篇）", "文档精选　仅供参考"]
    lines += [f"- {n} -" for n in range(1, 200)]
    lines += ["同志们，今年征兵工作圆满完成。", "还剩3页未读，继续阅读"]
    path = tmp_path / "网页.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["rule"] for d in data] == ["debris"]
    assert data[0]["count"] == 202 and len(data[0]["lines"]) == 201


def test_annotate_one_comment_per_group(tmp_path: Path) -> None:
    source = tmp_path / "网页.docx"
    document = docx.Document()
    for text in (
        "发布时间：2024-03-05 09:32:17　浏览次数：1268",
        "同志们，今年征兵工作圆满完成。",
        "還剩幾頁，徵兵工作總結，縣委領導",
        "还剩3页未读，继续阅读",
    ):
        document.add_paragraph(text)
    document.save(str(source))
    out = tmp_path / "批注.docx"
    assert main(["check", str(source), "--annotate", str(out)]) == 1
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == 2  # the debris group and the line of traditional characters
    assert any("网页残留" in c.text for c in comments)


def test_a_loosely_written_signature_date_is_a_date_fault_not_debris() -> None:
    text = "# 总结\n\n今年征兵工作圆满完成。\n\n青山镇人民武装部\n\n2024.12.20\n"
    assert [(f.rule, f.code) for f in check_text(text)] == [("numbers", "N10")]
    short = "# 总结\n\n资金来源：县财政拨款\n"
    assert check_text(short, rules=["debris"]) == []


def test_mixed_encodings_are_a_readable_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "混合.txt"
    path.write_bytes(
        "讲话\n同志们，今年征兵工作圆满完成。\n".encode()
        + "县人武部的同志们辛苦了。\n".encode("gbk")
    )
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "混合.txt" in err and "编码" in err and "Traceback" not in err


def test_college_share_as_a_percentage_against_the_sheet(workspace: object) -> None:
    text = (
        "# 青山镇2024年征兵工作总结\n\n今年全镇批准入伍33人，大学生比例达到70%。"
        "全镇新兵中大学生占比63.6%。\n"
    )
    findings = check_text(text, workspace=workspace, rules=["stats"])
    assert [f.text for f in findings] == ["70%"]
    assert "63.64%" in findings[0].message


def test_tui_shows_a_group_as_one_row_with_its_count(tmp_path: Path) -> None:
    from zhengbing.tui.panels import _finding_prompt

    from zhengbing.session import EditingSession

    text = "# 讲话\n\n" + "同志们，" + "XX同志、" * 8 + "参加会议。\n"
    rows = EditingSession(None, recovery_dir=tmp_path).check(text)
    grouped = [r for r in rows if r.rule == "placeholder"]
    assert len(grouped) == 1 and grouped[0].count == 8
    assert "共8处" in _finding_prompt(grouped[0]).plain


@pytest.mark.parametrize(
    "title",
    [
        "2024年上半年征兵工作总结",
        "青山镇2024年上半年征兵工作情况汇报",
        "篇一：2024年下半年征兵工作讲话",
    ],
)
def test_a_title_with_half_year_is_not_a_date(title: str) -> None:
    text = f"{title}\n同志们，今年征兵工作圆满完成。\n青山镇人民武装部\n2024年7月5日\n"
    assert check_text(text, fmt="txt") == []
