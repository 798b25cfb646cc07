"""`zhengbing render` loads only what rendering needs (start-up time, issue 2 performance)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from zhengbing.resources import templates_dir

FORBIDDEN = ("jieba", "rjieba", "whoosh", "textual", "openpyxl", "jinja2", "pypdf")
# with the bundled reference and flat front matter, not even these are needed at start-up
NOT_NEEDED = ("docx", "yaml", "lxml")


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
    assert "markdown_it" in loaded
