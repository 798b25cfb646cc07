"""Arbitrary drafts never crash the checker, and every location lies inside the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengbing.check import check_text
from zhengbing.check.registry import RULE_NAMES

ALPHABET = st.sampled_from(
    list(
        "一二三四五六七八九十是的了年月日人名镇县省市区村《》“”（）()【】，。；：、！？,.;:!?…—-~_ #*>|`\n\t 　"
    )
    + list("0123456789%xX×□某征兵工作理论")
    + [
        "\n\n",
        "## ",
        "### ",
        "**",
        "---\n",
        "20__年",
        "一是",
        "二是",
        "驻黔",
        "《江西省征兵工作条例》",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=120).map("".join), st.sampled_from(["md", "txt"]))
def test_any_text_is_checked_without_crashing(text: str, fmt: str) -> None:
    findings = check_text(text, fmt=fmt, rules=list(_RULES))
    lines = text.replace("\r\n", "\n").split("\n")
    for f in findings:
        assert f.code != "internal", f.message
        assert f.severity in ("error", "warning", "info")
        if f.line is not None:
            assert 1 <= f.line <= len(lines), (f.rule, f.line, len(lines))
            assert 1 <= f.column <= len(lines[f.line - 1]) + 1, (f.rule, f.line, f.column)


# all rules but the draft parser's own problems and those that need the corpus or statistics
# (citation has its own test below)
_RULES = tuple(name for name in RULE_NAMES if name not in ("draft", "citation", "stats"))


@settings(max_examples=40, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_citation_rule_on_any_text(text: str) -> None:
    findings = check_text(
        "# 标题\n\n《兵役法》第" + text + "条规定：“" + text + "”", rules=["citation"]
    )
    assert all(f.code != "internal" for f in findings)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(ALPHABET, max_size=30).map("".join), min_size=1, max_size=6))
def test_any_word_file_is_checked_and_annotated(tmp_path_factory, paragraphs: list[str]) -> None:
    import docx

    from zhengbing.check.annotate import annotate_docx
    from zhengbing.check.engine import check_path
    from zhengbing.errors import InputError

    folder = tmp_path_factory.mktemp("docx")
    path = folder / "稿.docx"
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text.replace("\x00", ""))
    document.save(str(path))
    try:
        findings, loaded = check_path(path)
    except InputError as exc:  # only a file without any text is refused
        assert "是空的" in exc.message
        assert not "".join(paragraphs).strip(" \t\n\u00a0\u3000")
        return
    assert all(f.code != "internal" for f in findings)
    count = len(docx.Document(str(path)).paragraphs)
    for f in findings:
        assert f.line is None
        assert f.paragraph is None or 1 <= f.paragraph <= count
    out = folder / "批注.docx"
    annotate_docx(loaded, findings, out)
    assert len(list(docx.Document(str(out)).comments)) == len(findings)


def test_a_failing_rule_does_not_stop_the_others(monkeypatch) -> None:
    from zhengbing.check import registry
    from zhengbing.check.registry import Rule, get_rule

    def broken(doc: object, ctx: object) -> list[object]:
        raise RuntimeError("bug")

    original = get_rule("repeat")
    monkeypatch.setitem(registry._REGISTRY, "repeat", Rule("repeat", original.title, broken))
    get_rule.cache_clear()
    try:
        findings = check_text("# 标题\n\n今年__村理论理论学习。\n", rules=["placeholder", "repeat"])
    finally:
        get_rule.cache_clear()
    assert [(f.rule, f.severity, f.code) for f in findings] == [
        ("repeat", "info", "internal"),
        ("placeholder", "error", "X01"),
    ]
