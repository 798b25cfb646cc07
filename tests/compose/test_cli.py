from __future__ import annotations

from pathlib import Path

from zhengbing.cli import main
from zhengbing.workspace import Workspace, load_profile


def run(*argv: str) -> int:
    return main(list(argv))


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_init_creates_workspace_and_never_overwrites(tmp_path: Path, capsys) -> None:
    root = tmp_path / "青山镇"
    assert run("init", str(root), "--unit", "青山镇", "--county", "安吉县", "--year", "2025") == 0
    profile = load_profile(root / "zhengbing.toml")
    assert (profile.unit, profile.level, profile.county, profile.year) == (
        "青山镇",
        "镇",
        "安吉县",
        2025,
    )
    assert profile.stats == "统计/征兵统计2025.xlsx"
    for sub in ("统计", "草稿", "成稿", "资料"):
        assert (root / sub).is_dir()
    assert set(files(root / "统计")) == {"示例.csv", "征兵统计2025.csv", "征兵统计2025.xlsx"}
    text = (root / "zhengbing.toml").read_text(encoding="utf-8")
    assert text.startswith("#") and "[unit]" in text
    before = (root / "zhengbing.toml").read_bytes()
    capsys.readouterr()
    assert run("init", str(root), "--unit", "别的镇") == 3
    assert "不会覆盖" in capsys.readouterr().err
    assert (root / "zhengbing.toml").read_bytes() == before


def test_init_without_unit_in_a_script_is_a_clear_error(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run("init", str(tmp_path / "x")) == 2
    assert "--unit" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_init_asks_in_a_terminal(tmp_path: Path, monkeypatch) -> None:
    answers = iter(["白鹭乡", "江西省", "", "", "张三", "乡长", "", ""])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: next(answers))
    assert run("init", str(tmp_path / "w")) == 0
    profile = load_profile(tmp_path / "w" / "zhengbing.toml")
    assert (profile.unit, profile.level, profile.province, profile.speaker) == (
        "白鹭乡",
        "乡",
        "江西省",
        "张三",
    )


def test_fresh_workspace_stats_explains_what_to_fill(tmp_path: Path, capsys) -> None:
    root = tmp_path / "w"
    run("init", str(root), "--unit", "青山镇")
    assert run("stats", "show", "-w", str(root)) == 2
    err = capsys.readouterr().err
    assert "汇总" in err and "还没有填写" in err


def test_stats_show_prints_tables(example_ws: Workspace, capsys) -> None:
    assert run("stats", "show", "-w", str(example_ws.root)) == 0
    out = capsys.readouterr().out
    assert "合计" in out and "103.57%" in out and "增加17" in out and "横山村" in out


def test_outlines_lists_kinds(capsys) -> None:
    assert run("outlines") == 0
    out = capsys.readouterr().out
    assert "四个坚持四个确保" in out and "讲话" in out and "心得体会" in out
    assert run("outlines", "严把三个关口健全五项制度") == 0
    out = capsys.readouterr().out
    assert "（五）" in out


def test_draft_writes_refuses_and_backs_up(example_ws: Workspace, capsys) -> None:
    root = str(example_ws.root)
    assert run("draft", "summary", "-w", root) == 0
    out = capsys.readouterr().out
    draft = example_ws.drafts_dir / "2026年度征兵工作总结.md"
    assert draft.is_file() and str(draft) in out
    draft.write_text(draft.read_text(encoding="utf-8") + "\n我自己加的一段。\n", encoding="utf-8")
    edited = draft.read_bytes()
    assert run("draft", "总结", "-w", root) == 3  # exists: refused
    assert "--force" in capsys.readouterr().err
    assert draft.read_bytes() == edited
    assert run("draft", "总结", "-w", root, "--force") == 0
    backups = [p for p in example_ws.drafts_dir.iterdir() if ".备份-" in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert b"\xe6\x88\x91\xe8\x87\xaa\xe5\xb7\xb1" not in draft.read_bytes()  # 我自己 replaced


def test_unknown_kind_and_outline(example_ws: Workspace, capsys) -> None:
    assert run("draft", "通知", "-w", str(example_ws.root)) == 2
    assert "讲话、总结、述职、心得体会" in capsys.readouterr().err
    assert run("draft", "讲话", "--outline", "八个坚持", "-w", str(example_ws.root)) == 2
    err = capsys.readouterr().err
    assert "八个坚持" in err and "四个坚持四个确保" in err and "征好兵征足兵依法廉洁征兵" in err
    assert files(example_ws.drafts_dir) == []


def test_missing_workbook(example_ws: Workspace, capsys) -> None:
    assert run("draft", "讲话", "--stats", "统计/2024.xlsx", "-w", str(example_ws.root)) == 2
    assert "找不到统计表" in capsys.readouterr().err
    assert files(example_ws.drafts_dir) == []


def test_bad_cell_leaves_no_draft(example_ws: Workspace, capsys) -> None:
    import openpyxl

    path = example_ws.root / "统计" / "征兵统计2026.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["汇总"]["D7"] = "十"
    wb.save(path)
    assert run("draft", "总结", "-w", str(example_ws.root), "--docx") == 2
    assert '统计/征兵统计2026.xlsx 工作表"汇总" D7' in capsys.readouterr().err
    assert files(example_ws.drafts_dir) == [] and files(example_ws.output_dir) == []


def test_uncalculated_formula_leaves_no_draft(example_ws: Workspace, capsys) -> None:
    import openpyxl

    path = example_ws.root / "统计" / "征兵统计2026.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["汇总"]["B15"] = "=SUM(B3:B14)"
    wb.save(path)  # openpyxl stores no cached value for the formula
    assert run("draft", "讲话", "-w", str(example_ws.root)) == 2
    err = capsys.readouterr().err
    assert "B15" in err and "Excel" in err and "保存" in err
    assert files(example_ws.drafts_dir) == []


def test_template_syntax_error_in_override_names_file_and_line(
    example_ws: Workspace, capsys
) -> None:
    kinds = example_ws.templates_dir / "kinds"
    kinds.mkdir(parents=True)
    (kinds / "讲话稿.md.j2").write_text(
        "# {{ doc.title }}\n\n同志们：\n\n{% for s in doc.sections %}\n## {{ s.heading }\n{% endfor %}\n",
        encoding="utf-8",
    )
    assert run("draft", "讲话", "-w", str(example_ws.root), "--docx") == 2
    err = capsys.readouterr().err
    assert "讲话稿.md.j2" in err and "第 6 行" in err
    assert files(example_ws.drafts_dir) == [] and files(example_ws.output_dir) == []


def test_template_runtime_error_and_sandbox(example_ws: Workspace, capsys) -> None:
    kinds = example_ws.templates_dir / "kinds"
    kinds.mkdir(parents=True)
    template = kinds / "工作总结.md.j2"
    template.write_text("# 标题\n\n正文{{ doc.nothing_here }}。\n", encoding="utf-8")
    assert run("draft", "总结", "-w", str(example_ws.root)) == 2
    err = capsys.readouterr().err
    assert "工作总结.md.j2" in err and "第 3 行" in err
    template.write_text("# 标题\n\n{{ doc.__class__.__mro__ }}\n", encoding="utf-8")
    assert run("draft", "总结", "-w", str(example_ws.root)) == 2
    assert "工作总结.md.j2" in capsys.readouterr().err
    assert files(example_ws.drafts_dir) == []


def test_workspace_override_replaces_bundled_template(example_ws: Workspace) -> None:
    kinds = example_ws.templates_dir / "kinds"
    kinds.mkdir(parents=True)
    (kinds / "心得体会.md.j2").write_text(
        "# 我的体会\n\n{% for s in doc.sections %}\n## {{ loop.index|heading_number }}{{ s.heading }}\n\n"
        "{% for p in s.points %}{{ p.text }}\n\n{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    assert run("draft", "心得体会", "-w", str(example_ws.root)) == 0
    text = (example_ws.drafts_dir / "廉洁征兵心得体会.md").read_text(encoding="utf-8")
    assert "# 我的体会" in text and "## 一、廉洁是征兵工作的生命线" in text


def test_demo_makes_both_documents(tmp_path: Path, capsys, monkeypatch) -> None:
    from zhengbing.docxprops import check_docx

    monkeypatch.chdir(tmp_path)
    assert run("demo") == 0
    out = capsys.readouterr().out
    root = tmp_path / "示例工作区"
    docs = sorted((root / "成稿").glob("*.docx"))
    assert [d.name for d in docs] == ["2026年度征兵工作总结.docx", "2026年征兵工作动员讲话.docx"]
    for d in docs:
        assert str(d) in out
        assert check_docx(d) == []
    assert len(list((root / "草稿").glob("*.md"))) == 2
    # the numbers in the rendered Word file are the statistics
    import re

    import docx

    from zhengbing.stats import load_stats

    stats = load_stats(root / "统计" / "征兵统计2026.xlsx", year=2026)
    text = "\n".join(p.text for p in docx.Document(str(docs[0])).paragraphs)
    m = re.search(r"共有(\d+)名适龄青年报名应征，其中大学生(\d+)名", text)
    assert m and (int(m.group(1)), int(m.group(2))) == (
        stats.totals["报名人数"],
        stats.totals["报名大学生"],
    )
    assert f"全年定兵{stats.totals['定兵人数']}名" in text
    # a second run never clobbers the first one
    stamp = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    assert run("demo") == 0
    assert (tmp_path / "示例工作区-2" / "成稿").is_dir()
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()} == stamp


def test_docx_failure_rolls_back_the_new_draft(example_ws: Workspace, capsys) -> None:
    out = example_ws.root / "没有这个文件夹" / "x.docx"
    assert run("draft", "讲话", "-w", str(example_ws.root), "--docx", str(out)) == 3
    assert "不存在" in capsys.readouterr().err
    assert files(example_ws.drafts_dir) == []


def test_hand_written_profile_without_the_unit_table(tmp_path: Path) -> None:
    """unit = "…" at the top of a file typed by hand (no [unit] table) reads the same."""
    path = tmp_path / "zhengbing.toml"
    path.write_text('unit = "青山镇"\nyear = 2025\ncounty = "安吉县"\n', encoding="utf-8")
    profile = load_profile(path)
    assert (profile.unit, profile.year, profile.county) == ("青山镇", 2025, "安吉县")


def test_profile_values_of_the_wrong_type(tmp_path: Path) -> None:
    import pytest

    from zhengbing.errors import InputError

    path = tmp_path / "zhengbing.toml"
    path.write_text("[unit]\nunit = 123\nyear = 2025\n", encoding="utf-8")
    assert load_profile(path).unit == "123"  # a number typed without quotes
    path.write_text('[unit]\nunit = "青山镇"\nspeaker = ["张三"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="speaker 应当是一段文字"):
        load_profile(path)
