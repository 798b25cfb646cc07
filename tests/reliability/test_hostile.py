"""Hostile and oversized input beyond the bad-input table: growth curves, what a folder
import and a template may read, what a reference passes on, idempotent imports, file names.

Each command-level probe is also a row of the bad-input table (test_bad_inputs.py); here are
the assertions a row cannot make: time as a ratio between N and 10 N, the content of what was
written, and interrupted imports.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest

from zhengbing.errors import InputError

from .util import ROOT, external_targets, reference_reaching_out, run_cli, tree_state

# linear work gives about 10 (less while fixed costs dominate); the quadratic code this
# replaced gave 60–100 on the same sizes
MAX_GROWTH = 30.0


def _bench() -> Any:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_growth
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return bench_growth


EXPECTED_CODES = {
    "docx-styles": (0, 1),
    "docx-paragraphs": (0, 1),
    "snippet-repeats": (0,),
    "csv-rows": (0,),
    "single-line": (1,),
}


@pytest.mark.parametrize("case", sorted(EXPECTED_CODES))
def test_time_grows_linearly(case: str, tmp_path: Path) -> None:
    bench = _bench()
    growth = bench.measure(bench.CASES[case], tmp_path, repeat=3)
    assert all(code in EXPECTED_CODES[case] for code in growth.codes), growth
    assert growth.ratio < MAX_GROWTH, (
        f"{case}: {growth.t_small:.3f} s at {growth.small}, {growth.t_large:.3f} s at "
        f"{growth.large} (×{growth.ratio:.1f})"
    )


# --------------------------------------------------------------------------- reading files


def test_reads_are_bounded_by_bytes_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A size the system under-reports (0, as for a device) does not let a big file through."""
    from zhengbing import textio

    big = tmp_path / "大.md"
    big.write_bytes(b"a" * (2 * 1024 * 1024))
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        fields = list(st)
        fields[6] = 0  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", lying_fstat)
    with pytest.raises(InputError, match="文件过大"):
        textio.read_user_bytes(big, max_bytes=1024 * 1024)
    assert len(textio.read_user_bytes(big, max_bytes=3 * 1024 * 1024)) == 2 * 1024 * 1024


def test_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    from zhengbing.textio import read_text

    fifo = tmp_path / "管道.md"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(InputError, match="管道.md.*不是普通文件（命名管道）"):
        read_text(fifo)
    assert time.monotonic() - start < 5


def test_hung_import_never_holds_the_workspace(ws: Path, tmp_path: Path) -> None:
    """A FIFO in the folder is skipped unopened: the import ends and the next one runs."""
    folder = tmp_path / "资料夹"
    folder.mkdir()
    os.mkfifo(folder / "管道.txt")
    (folder / "讲话.md").write_text("# 讲话\n\n同志们：今年征兵任务圆满完成。\n", encoding="utf-8")
    for _ in range(2):
        proc = run_cli(["corpus", "add", str(folder), "--workspace", str(ws)], ws, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert "管道.txt" in proc.stderr and "不是普通文件" in proc.stderr
    assert len(list((ws / "资料").glob("*.md"))) == 1


# --------------------------------------------------------------------------- out of the choice


def test_folder_import_reads_nothing_outside_the_folder(ws: Path, tmp_path: Path) -> None:
    from zhengbing.importer import import_paths
    from zhengbing.workspace import find_workspace

    outside = tmp_path / "别处"
    outside.mkdir()
    (outside / "机密.txt").write_text("机密内容不应被导入。\n", encoding="utf-8")
    (outside / "又一份.md").write_text("# 又一份\n\n机密内容也不应被导入。\n", encoding="utf-8")
    folder = tmp_path / "选中的文件夹"
    (folder / "子目录").mkdir(parents=True)
    (folder / "讲话.md").write_text("# 讲话\n\n同志们：今年征兵任务圆满完成。\n", encoding="utf-8")
    (folder / "子目录" / "同一份.md").symlink_to(folder / "讲话.md")  # inside: allowed
    (folder / "口令.txt").symlink_to(outside / "机密.txt")
    (folder / "链接目录").symlink_to(outside, target_is_directory=True)
    report = import_paths([folder], find_workspace(ws))
    skipped = {Path(source).name: why for source, why in report.skipped}
    assert "所选文件夹以外" in skipped["口令.txt"]
    assert "所选文件夹以外" in skipped["链接目录"]
    assert len(report.imported) == 1 and len(report.present) == 1  # the inside link: same bytes
    stored = "".join(p.read_text(encoding="utf-8") for p in (ws / "资料").glob("*.md"))
    assert "机密" not in stored


def test_template_never_loads_a_file_outside_the_template_folder(ws: Path, tmp_path: Path) -> None:
    from zhengbing.compose.environment import make_environment
    from zhengbing.workspace import find_workspace

    secret = tmp_path / "机密.txt"
    secret.write_text("机密内容", encoding="utf-8")
    kinds = ws / "templates" / "kinds"
    kinds.mkdir(parents=True)
    (kinds / "口令.j2").symlink_to(secret)
    (kinds / "好.j2").write_text("本地模板{{ 1 + 1 }}", encoding="utf-8")
    env = make_environment(find_workspace(ws))
    assert env.from_string('{% include "好.j2" %}').render() == "本地模板2"
    for name in ("口令.j2", "../../机密.txt"):
        with pytest.raises(Exception) as info:
            env.from_string(f'{{% include "{name}" %}}').render()
        assert "机密内容" not in str(info.value)


@pytest.mark.parametrize(
    "source",
    [
        '{{ ("a" * 4000000000) | length }}',
        '{{ "a" | center(4000000000) }}',
        '{{ "a".ljust(4000000000) }}',
        '{{ "{:>4000000000}".format(1) }}',
        '{{ "%4000000000d" % 1 }}',
        '{{ ([("a" * 1000000)] * 100) | join }}',
        "{{ 2 ** 100000000 }}",
        '{% set ns = namespace(x="a" * 1000000) %}'
        "{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x | length }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    ],
)
def test_sandbox_bounds_what_a_template_builds(source: str) -> None:
    from jinja2.exceptions import SecurityError

    from zhengbing.compose.environment import BoundedSandbox, template_error

    start = time.monotonic()
    with pytest.raises(SecurityError) as info:
        BoundedSandbox().from_string(source).render()
    assert time.monotonic() - start < 10
    assert "超过上限" in template_error(info.value).message


def test_sandbox_still_renders_ordinary_templates() -> None:
    from zhengbing.compose.environment import BoundedSandbox

    env = BoundedSandbox()
    out = env.from_string(
        '{{ "甲" ~ "乙" }}|{{ [1, 2] | join("、") }}|{{ 3 * 4 }}|{{ "好" * 3 }}|'
        '{{ range(3) | map("string") | join("-") }}|{{ "{}人".format(12) }}|{{ "%d%%" % 95 }}'
    ).render()
    assert out == "甲乙|1、2|12|好好好|0-1-2|12人|95%"


# --------------------------------------------------------------------------- reference .docx


def test_reference_passes_nothing_external_on(ws: Path, tmp_path: Path) -> None:
    import docx

    source = next((ws / "成稿").glob("*动员讲话.docx")).read_bytes()
    ref = tmp_path / "参考.docx"
    ref.write_bytes(reference_reaching_out(source))
    assert len(external_targets(ref.read_bytes())) >= 6  # the probe does reach out
    out = tmp_path / "成稿.docx"
    draft = next((ws / "草稿").glob("*动员讲话.md"))
    proc = run_cli(["render", str(draft), "-o", str(out), "--reference", str(ref)], ws)
    assert proc.returncode == 0, proc.stderr
    assert "已去除" in proc.stderr
    data = out.read_bytes()
    assert external_targets(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "页眉链接".encode() in b"".join(
            zf.read(n) for n in zf.namelist() if n.startswith("word/header")
        )
    document = docx.Document(io.BytesIO(data))
    assert any(style.style_id == "GwBody" for style in document.styles)
    assert document.paragraphs  # the draft is there


# --------------------------------------------------------------------------- idempotent imports


def _sources(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i in range(1, n + 1):
        p = folder / f"第{i}份.md"
        p.write_text(
            f"# 第{i}份材料\n\n标记词续导{i}号：全镇征兵工作有序推进。\n", encoding="utf-8"
        )
        paths.append(p)
    return paths


def _stored(ws: Path) -> tuple[list[str], list[str]]:
    files = sorted((ws / "资料").glob("*.md"))
    ids = []
    for f in files:
        head = f.read_text(encoding="utf-8").split("---")[1]
        ids.append(next(line for line in head.splitlines() if line.startswith("id:")))
    return [f.name for f in files], ids


def test_interrupted_import_resumes_without_duplicates(ws: Path, tmp_path: Path) -> None:
    sources = _sources(tmp_path / "档案", 40)
    args = ["corpus", "add", *map(str, sources), "--workspace", str(ws)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhengbing", *args],
        cwd=ws,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((ws / "资料").glob("*.md"))) >= 5:
            break
        time.sleep(0.01)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    done = len(list((ws / "资料").glob("*.md")))
    again = run_cli(args, ws)
    assert again.returncode == 0, again.stderr
    assert f"已在资料库中 {done} 个" in again.stdout or done == 0
    names, ids = _stored(ws)
    assert len(names) == 40 and len(set(ids)) == 40
    assert not [n for n in names if n.endswith(("-2.md", "-3.md"))]
    # and once more: nothing new, nothing changed
    before = tree_state(ws / "资料")
    third = run_cli(args, ws)
    assert third.returncode == 0 and "导入 0 个" in third.stdout
    assert "已在资料库中 40 个" in third.stdout
    assert tree_state(ws / "资料") == before


# --------------------------------------------------------------------------- file names


def test_file_names_fit_and_stay_stable(ws: Path, tmp_path: Path) -> None:
    from zhengbing.importer import _safe_name, import_paths
    from zhengbing.recovery import safe_file_name
    from zhengbing.textio import NAME_BYTES, fit_file_name
    from zhengbing.workspace import find_workspace

    workspace = find_workspace(ws)
    long_title = "😀" * 62
    src = tmp_path / (long_title + ".md")
    src.write_text(f"# {long_title}\n\n正文内容。\n", encoding="utf-8")
    item = import_paths([src], workspace).imported[0]
    assert len(item.target.name.encode()) <= NAME_BYTES - 40
    assert _safe_name(long_title) + ".md" == item.target.name  # stable: same title, same name
    assert fit_file_name(long_title, ".md") != fit_file_name(long_title + "😀", ".md")
    assert len(safe_file_name("中" * 200).encode()) <= NAME_BYTES - 40

    tricky = tmp_path / "\u202egpj.讲话.md"
    tricky.write_text("# \u202e通知e\u0301\n\n正文内容。\n", encoding="utf-8")
    item = import_paths([tricky], workspace).imported[0]
    for text in (item.target.name, item.doc_id, item.title):
        assert "\u202e" not in text
        assert unicodedata.is_normalized("NFC", text)
    assert item.target.name == "通知\u00e9.md"
    assert "\u202e" not in safe_file_name("\u202e报告")


def test_overlong_output_name_writes_or_says_why(tmp_path: Path) -> None:
    """An output name near the limit: the temporary name still fits, so the write succeeds."""
    from zhengbing.textio import atomic_write_text

    name = "😀" * 62 + ".md"  # 251 bytes: a valid name whose old temporary name was not
    atomic_write_text(tmp_path / name, "正文")
    assert (tmp_path / name).read_text(encoding="utf-8") == "正文"
    assert [p.name for p in tmp_path.iterdir()] == [name]


# --------------------------------------------------------------------------- sheets


def test_workbook_past_the_row_limit_is_refused(tmp_path: Path) -> None:
    import openpyxl

    from zhengbing.stats.reader import MAX_UNITS, read_workbook

    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["单位", "报名人数"])
    for i in range(MAX_UNITS + 100):
        sheet.append([f"第{i}村", 3])
    path = tmp_path / "统计.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match=f"最多 {MAX_UNITS} 个单位"):
        read_workbook(path, "统计.xlsx")
