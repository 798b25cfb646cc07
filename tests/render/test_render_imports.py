"""`zhengbing render` loads only what rendering needs (start-up time, issue 2 performance)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from zhengbing.resources import templates_dir

FORBIDDEN = ("jieba", "rjieba", "whoosh", "textual", "openpyxl", "jinja2", "pypdf")
# flat front matter is read without PyYAML
NOT_NEEDED = ("yaml",)
# python-docx writes the package, on lxml
NEEDED = ("docx", "lxml", "markdown_it")


def test_render_imports_stay_light(tmp_path: Path) -> None:
    src = templates_dir() / "examples" / "征兵工作动员讲话示例.md"
    out = tmp_path / "out.docx"
    code = (
        "import json, sys\n"
        "from zhengbing.cli import main\n"
        f"rc = main(['render', {str(src)!r}, '-o', {str(out)!r}])\n"
        "print(json.dumps([rc, sorted(sys.modules)]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    rc, modules = json.loads(proc.stdout.decode("utf-8").strip().splitlines()[-1])
    assert rc == 0 and out.is_file()
    loaded = {m.split(".")[0] for m in modules}
    assert not loaded & set(FORBIDDEN), sorted(loaded & set(FORBIDDEN))
    assert not loaded & set(NOT_NEEDED), sorted(loaded & set(NOT_NEEDED))
    assert set(NEEDED) <= loaded, sorted(set(NEEDED) - loaded)
