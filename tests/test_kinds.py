"""The table of document kinds: consistent with the templates, outlines and corpus, and the one
answer every consumer (writer, checker, importer) gives for a title."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from zhengbing import kinds
from zhengbing.resources import templates_dir

REPORT_TITLE = "2025年度征兵工作情况报告"
REPORT_BODY = "一、基本情况\n\n今年全镇完成征兵任务。\n"


@pytest.fixture
def workspace(tmp_path: Path):
    from zhengbing.workspace import find_workspace

    root = tmp_path / "工作区"
    root.mkdir()
    (root / "zhengbing.toml").write_text(
        '[unit]\nunit = "青山镇"\nlevel = "镇"\nprovince = "浙江省"\nyear = 2026\n',
        encoding="utf-8",
    )
    return find_workspace(root)


# --------------------------------------------------------------------------- one answer


def test_a_situation_report_is_a_summary_to_the_writer() -> None:
    from zhengbing.draft import parse_draft
    from zhengbing.writer import build_body

    text = (
        f"---\nunit: 青山镇人民武装部\ndate: 2025年12月20日\n---\n# {REPORT_TITLE}\n\n{REPORT_BODY}"
    )
    body, layout = build_body(parse_draft(text))
    assert layout.kind == "总结"
    styles = [item.style for item in body]
    # laid out as a summary: no byline, the organ and the date at the end
    assert "GwByline" not in styles and "GwSalutation" not in styles
    assert styles[-2:] == ["GwSignature", "GwDate"]


def test_a_situation_report_is_a_summary_to_the_checker(workspace) -> None:
    from zhengbing.check.context import build_context
    from zhengbing.check.engine import check_text, document_from_text

    text = f"{REPORT_TITLE}\n\n{REPORT_BODY}"
    ctx = build_context(document_from_text(text, fmt="txt"), workspace=workspace)
    assert ctx.kind == "总结"
    # a summary of last year written in the new working year (2026) keeps its year in the title
    findings = check_text(text, fmt="txt", workspace=workspace, rules=["year"])
    assert [f.message for f in findings if "标题中的年份" in f.message] == []
    # … which a document of no particular kind does not
    other = check_text("2025年征兵工作安排\n\n" + REPORT_BODY, fmt="txt", workspace=workspace)
    assert any("标题中的年份 2025" in f.message for f in other)


def test_a_situation_report_is_a_summary_to_the_importer(workspace, tmp_path: Path) -> None:
    from zhengbing.importer import import_paths

    src = tmp_path / "报告.txt"
    src.write_text(f"{REPORT_TITLE}\n\n{REPORT_BODY}", encoding="utf-8")
    (item,) = import_paths([src], workspace).imported
    assert item.title == REPORT_TITLE and item.kind == "总结"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        (REPORT_TITLE, "总结"),
        ("关于2025年征兵工作的报告", "总结"),
        ("2025年度征兵工作述职报告", "述职"),
        ("在全县征兵工作总结会上的讲话", "讲话"),  # the title names its kind at its end
        ("学习新修订兵役法的心得体会", "心得体会"),
        ("心得体会——学习新修订的兵役法", "心得体会"),  # a speech about the law is no law
        ("江西省国防动员条例", "地方性法规"),  # says 动员, ends in 条例
        ("征兵工作条例（2023年修订）", "行政法规"),
        ("中华人民共和国国防动员法", "法律"),
        ("应征入伍服义务兵役高等学校学生国家教育资助办法", "规章"),
        ("浙江省实施《中华人民共和国兵役法》办法", "地方性法规"),
        ("关于做好2024年征兵工作的通知", "规范性文件"),
        ("征兵宣传标语", ""),
    ],
)
def test_kind_from_title(title: str, kind: str) -> None:
    assert kinds.kind_from_title(title) == kind


def test_a_numbered_rule_is_a_normative_document() -> None:
    assert kinds.kind_from_title("征兵体检工作规定", numbered=True) == "规范性文件"
    assert kinds.kind_from_title("征兵工作安排", numbered=True) == "规范性文件"
    assert kinds.kind_from_title("征兵工作总结", numbered=True) == "总结"


def test_the_place_test_is_asked_only_for_a_regulation() -> None:
    asked: list[str] = []

    def is_local(title: str) -> bool:
        asked.append(title)
        return True

    assert kinds.kind_from_title("兵役工作条例", is_local=is_local) == "地方性法规"
    assert kinds.kind_from_title("征兵工作办法", is_local=is_local) == "规章"  # no 实施
    assert kinds.kind_from_title("青山镇征兵工作总结", is_local=is_local) == "总结"
    assert asked == ["兵役工作条例"]


# --------------------------------------------------------------------------- the table


def test_names_and_aliases_are_unique() -> None:
    assert kinds.alias_clashes() == []
    assert len(set(kinds.names())) == len(kinds.KINDS)
    for kind in kinds.KINDS:
        for name in kind.names:
            assert kinds.lookup(name) is kind
            assert kinds.lookup(f" {name.upper()} ") is kind


def test_every_drafted_kind_has_its_template_outline_and_layout() -> None:
    from zhengbing.outlines import load_outline

    assert kinds.drafted_names() == ("讲话", "总结", "述职", "心得体会")
    for kind in kinds.DRAFTED:
        assert (templates_dir() / "kinds" / kind.template).is_file(), kind.template
        outline = load_outline(kind.outline)
        assert outline.id == kind.outline and kind.name in outline.kinds
        assert kind.layout is not None and kind.signer in (kinds.SPEAKER, kinds.REPORTER)
        assert kind.draft_name and kind.group == kinds.SAMPLE
        assert kinds.drafted_kind(kind.english) == kind.name
    for kind in kinds.KINDS:
        if not kind.drafted:
            assert kind.layout is None and not kind.outline and not kind.draft_name
            assert kinds.drafted_kind(kind.name) is None


def test_every_template_belongs_to_a_kind() -> None:
    templates = {k.template for k in kinds.DRAFTED}
    for path in (templates_dir() / "kinds").glob("*.j2"):
        assert path.name.startswith("_") or path.name in templates, path.name


def test_every_kind_named_by_an_outline_or_the_corpus_is_in_the_table() -> None:
    from zhengbing.corpus import load_corpus

    for path in sorted((templates_dir() / "outlines").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in data["kinds"]:
            assert kinds.drafted_kind(name) is not None, (path.name, name)
    documents = load_corpus(None).documents.values()
    assert documents
    for doc in documents:
        assert doc.kind in kinds.names(), (doc.id, doc.kind)


def test_the_corpus_groups_come_from_the_table() -> None:
    from zhengbing.corpus import OTHER_KIND, POLICY_KINDS, SAMPLE_KINDS

    assert POLICY_KINDS == ("法律", "行政法规", "地方性法规", "规章", "规范性文件")
    assert SAMPLE_KINDS == kinds.drafted_names()
    assert set(POLICY_KINDS + SAMPLE_KINDS + (OTHER_KIND,)) == set(kinds.names())


def test_importing_the_table_stays_cheap() -> None:
    code = (
        "import json, sys, re, dataclasses\n"
        "before = set(sys.modules)\n"
        "import zhengbing.kinds\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    added = json.loads(proc.stdout.decode("utf-8").strip().splitlines()[-1])
    assert added == ["zhengbing", "zhengbing.kinds"]


# --------------------------------------------------------------------------- consumers


def test_the_cli_offers_the_drafted_kinds(capsys) -> None:
    from zhengbing.cli import main

    with pytest.raises(SystemExit):
        main(["draft", "--help"])
    out = capsys.readouterr().out
    assert "讲话、总结、述职、心得体会" in out and "speech、summary、report、reflection" in out


def test_a_known_kind_that_is_not_drafted_is_named(workspace) -> None:
    from zhengbing.compose import resolve_kind
    from zhengbing.errors import InputError

    assert resolve_kind("讲话稿") == "讲话" and resolve_kind("reflection") == "心得体会"
    with pytest.raises(InputError) as raised:
        resolve_kind("通知")
    assert "规范性文件" in str(raised.value)


def test_the_importer_accepts_an_alias_for_the_kind(workspace, tmp_path: Path) -> None:
    from zhengbing.importer import Overrides, import_paths

    src = tmp_path / "稿.txt"
    src.write_text("在征兵工作会议上的发言\n\n同志们：\n\n今年任务很重。\n", encoding="utf-8")
    (item,) = import_paths([src], workspace, Overrides(kind="讲话稿")).imported
    assert item.kind == "讲话"


def test_corpus_list_accepts_an_alias_for_the_kind(workspace, capsys) -> None:
    from zhengbing.cli import main

    root = str(workspace.root)
    assert main(["corpus", "list", "--kind", "述职报告", "--json", "--workspace", root]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and {d["类别"] for d in listed} == {"述职"}
