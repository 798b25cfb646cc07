"""The sizes documented in docs/reliability.md (使用限度) really work.

Scaled for CI: a draft of about one million characters, a workbook of 1,000 units, an archive
of 150 imported documents. Larger runs (a 4.9-million-character draft, 5,000-row workbooks,
500 imported documents) were measured by hand with the same commands; see docs/performance.md
(实测过的规模).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import openpyxl

from .util import run_cli

COLUMNS = ["单位", "任务数", "报名人数", "初检合格", "体检合格", "政考合格", "定兵人数", "大学生"]
ROW = [3, 20, 15, 9, 8, 4, 3]
NUMERALS = "一二三四五六七八九十"


def _big_draft(path: Path, sections: int) -> int:
    parts = ["---", "title: 长篇讲话稿", "kind: 讲话", "year: 2026", "---", "# 长篇讲话稿"]
    for i in range(sections):
        parts.append(f"## {NUMERALS[i % 10]}、第{i + 1}部分")
        parts.append("同志们，征兵工作是国防建设的基础性工作。" * 40)
    text = "\n\n".join(parts) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text)


def test_million_character_draft(ws: Path, tmp_path: Path) -> None:
    import docx

    src = tmp_path / "长篇.md"
    chars = _big_draft(src, 1200)
    assert chars > 950_000
    start = time.monotonic()
    proc = run_cli(["render", str(src), "-o", str(tmp_path / "长篇.docx")], ws)
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - start < 60
    document = docx.Document(str(tmp_path / "长篇.docx"))
    assert sum(len(p.text) for p in document.paragraphs) > 900_000
    proc = run_cli(["check", str(src), "--workspace", str(ws), "--format", "json"], ws)
    assert proc.returncode in (0, 1), proc.stderr
    findings = json.loads(proc.stdout)
    lines = src.read_text(encoding="utf-8").count("\n") + 1
    assert all(1 <= f["line"] <= lines for f in findings if f["line"] is not None)


def test_thousand_unit_workbook(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "统计2026.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "汇总"
    sheet.append(COLUMNS)
    for i in range(1000):
        sheet.append([f"第{i + 1}村", *ROW])
    sheet.append(["合计", *(v * 1000 for v in ROW)])
    wb.save(path)
    proc = run_cli(["stats", "show", str(path), "-w", str(ws)], ws)
    assert proc.returncode == 0, proc.stderr
    assert "20000" in proc.stdout.replace(",", "")  # 报名人数 total
    out = ws / "草稿" / "大表.md"
    proc = run_cli(["draft", "总结", "--stats", str(path), "-o", str(out)], ws)
    assert proc.returncode == 0, proc.stderr
    assert "20000" in out.read_text(encoding="utf-8").replace(",", "")


def test_archive_of_150_documents(ws: Path, tmp_path: Path) -> None:
    folder = tmp_path / "档案"
    folder.mkdir()
    for i in range(150):
        parts = [f"# 第{i + 1}号镇征兵工作总结"]
        for j in range(6):
            parts.append(f"## {NUMERALS[j]}、第{j + 1}部分")
            parts.append(f"编号{i + 1}镇报名应征青年{i + j}人，" + "坚持把政治标准放在首位。" * 12)
        (folder / f"总结{i + 1}.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    proc = run_cli(["corpus", "add", str(folder), "--workspace", str(ws)], ws)
    assert proc.returncode == 0, proc.stderr
    assert "导入 150 个，失败 0 个" in proc.stdout
    proc = run_cli(["search", "编号137镇", "--workspace", str(ws), "--json"], ws)
    assert proc.returncode == 0, proc.stderr
    assert any("编号137镇" in hit["text"] for hit in json.loads(proc.stdout))
