"""One-shot commands end their process without the interpreter's teardown, losing nothing.

``zhengbing render`` and ``zhengbing check`` leave through ``os._exit`` once their files are
written; these tests run the real entry point (``python -m zhengbing``) with the console
piped, as a script or another program would, and check that every byte still arrives.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

from zhengbing.resources import templates_dir

EXAMPLE = templates_dir() / "examples" / "征兵工作动员讲话示例.md"
# a piped console is block-buffered unless PYTHONUNBUFFERED says otherwise: leave it buffered,
# as it is for a user, so that output not flushed before the process ends would be lost
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "zhengbing", *args],
        capture_output=True,
        cwd=cwd,
        env=ENV,
        timeout=120,
    )


def test_render_by_the_entry_point_writes_a_whole_docx_and_its_message(tmp_path: Path) -> None:
    src = tmp_path / "讲话.md"
    src.write_bytes(EXAMPLE.read_bytes())
    proc = _run("render", str(src), "-o", str(tmp_path / "讲话.docx"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert "已生成" in proc.stdout.decode("utf-8")
    out = tmp_path / "讲话.docx"
    with zipfile.ZipFile(out) as package:
        assert package.testzip() is None
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "征兵" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_render_error_keeps_its_exit_code_and_message(tmp_path: Path) -> None:
    proc = _run("render", str(tmp_path / "没有这个文件.md"), cwd=tmp_path)
    assert proc.returncode != 0
    assert "没有这个文件.md" in proc.stderr.decode("utf-8")
    assert "Traceback" not in proc.stderr.decode("utf-8")


def test_check_report_arrives_whole_through_a_pipe(tmp_path: Path) -> None:
    # many findings: the report is far longer than one pipe buffer
    lines = ["# 关于__市征兵工作的讲话", ""]
    lines += [f"一是加强__县第{i}项工作，二是落实XX镇任务，二是抓好宣传。" for i in range(400)]
    src = tmp_path / "稿.md"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = _run("check", str(src), cwd=tmp_path)
    report = proc.stdout.decode("utf-8")
    assert proc.returncode != 0  # findings
    in_process = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from zhengbing.cli import main; rc = main(sys.argv[1:]); "
            "sys.stdout.flush(); raise SystemExit(rc)",
            "check",
            str(src),
        ],
        capture_output=True,
        cwd=tmp_path,
        env=ENV,
        timeout=120,
    )
    assert len(report) > 65536
    assert report == in_process.stdout.decode("utf-8")
    assert proc.returncode == in_process.returncode
