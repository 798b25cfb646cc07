"""Dependencies are ordinary imports that readers and tools can follow."""

from __future__ import annotations

import re
from pathlib import Path

from zhengbing import cli
from zhengbing.check.registry import RULE_NAMES, get_rule

ROOT = Path(__file__).resolve().parent.parent
# features.require looks parts up by the name a caller gives; the search engines are chosen
# by name (ZHENGBING_SEARCH_ENGINE) from the table in index/engine.py
BY_NAME_ALLOWED = {"src/zhengbing/features.py", "src/zhengbing/index/engine.py"}
BY_NAME = re.compile(r"\bimport_module\(|\b__import__\(")


def test_no_import_by_name() -> None:
    found = []
    for folder in ("src", "tui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in BY_NAME_ALLOWED:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if BY_NAME.search(line):
                    found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []


def test_every_command_has_its_module() -> None:
    for name, module_name in cli.COMMANDS:
        module = cli.command_module(name)
        assert module.__name__ == module_name
        assert callable(module.register)


def test_every_rule_registers_under_its_name() -> None:
    for name in RULE_NAMES:
        assert get_rule(name).name == name


# python-docx objects crossed into their lxml elements
DOCX_INTERNALS = re.compile(r"\.(?:_p|_r|_tc|_tbl|_body|_element|_sectPr|_parent)\b|\.element\b")
OOXML = "src/zhengbing/ooxml.py"


def test_python_docx_internals_only_in_ooxml() -> None:
    found = []
    for folder in ("src", "tui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel == OOXML:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if DOCX_INTERNALS.search(line):
                    found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []
