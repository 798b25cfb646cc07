"""The library never loads Textual: every module of src/zhengbing imports without it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import zhengbing

PACKAGE = Path(zhengbing.__file__).resolve().parent


def library_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = ["zhengbing", *rel.parts]
        if parts[-1] == "__init__":
            parts.pop()
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts))
    return names


def test_library_modules_are_found():
    names = library_modules()
    for expected in ("zhengbing.session", "zhengbing.draft", "zhengbing.commands.tui"):
        assert expected in names


def test_no_library_module_loads_textual():
    script = (
        "import importlib, json, sys\n"
        "loaded = {}\n"
        "for name in json.loads(sys.argv[1]):\n"
        "    importlib.import_module(name)\n"
        "    bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'zhengbing.tui')))\n"
        "    if bad:\n"
        "        loaded[name] = bad[:3]\n"
        "        break\n"
        "print(json.dumps(loaded, ensure_ascii=False))\n"
    )
    names = library_modules()
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(names)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {}, f"importing {loaded} loaded Textual / the UI"


def test_cli_parser_does_not_load_textual():
    script = (
        "import sys\n"
        "from zhengbing.cli import build_parser\n"
        "build_parser().parse_args(['tui', '--help'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script + "\n"], capture_output=True, text=True, timeout=120
    )
    assert "tui" in result.stdout and "Ctrl+S" in result.stdout
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom zhengbing.cli import build_parser\nbuild_parser()\n"
            "print(any(m.startswith('textual') for m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.stdout.strip() == "False", check.stderr
