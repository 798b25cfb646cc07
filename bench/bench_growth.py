"""Growth curves of the inputs that once made small files slow: time at N and at 10 N.

Run: .venv/bin/python bench/bench_growth.py [--scale K] [--case NAME …]

Each case builds an input of size N and one of size 10 N, runs the real command on each in
this process (``zhengbing.cli.main``, output discarded) and prints both times and their ratio.
Linear work gives a ratio near 10 (less while fixed costs dominate); quadratic work gives 100.

- ``docx-styles``: a .docx with N paragraph styles and N/10 paragraphs (the file grows
  linearly; a style look-up that scans every style for each paragraph grows as N²), ``check``
- ``docx-paragraphs``: a .docx with N paragraphs, ``check``
- ``snippet-repeats``: one own document whose paragraph repeats the query word N times,
  ``search`` (the second query: the index is already built)
- ``csv-rows``: a statistics CSV with N units, ``stats show``
- ``single-line``: a draft that is one line of N KB, ``check``

``--scale`` multiplies every N (the reliability tests use the defaults; ``--scale 4`` gives
the sizes of the original reports: 20,000 paragraphs, 30,000 styles, 20,000 repetitions).
Work files go to a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "templates" / "examples" / "workspace"
SENTENCE = "全镇适龄青年踊跃报名应征，兵役登记工作顺利完成。"


@dataclass(frozen=True)
class Case:
    name: str
    base: int  # N
    unit: str
    build: Callable[[int, Path], list[str]]  # (size, work folder) → command line


@dataclass(frozen=True)
class Growth:
    name: str
    small: int
    large: int
    unit: str
    t_small: float
    t_large: float
    codes: tuple[int, int]

    @property
    def ratio(self) -> float:
        return self.t_large / max(self.t_small, 1e-6)


def _docx(paragraphs: int, styles: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("关于做好征兵工作的总结", style="Title")
    for i in range(paragraphs):
        document.add_paragraph(f"第{i}段，{SENTENCE}")
    buf = io.BytesIO()
    document.save(buf)
    if not styles:
        return buf.getvalue()
    extra = "".join(
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="Extra{i}">'
        f'<w:name w:val="Extra {i}"/></w:style>'
        for i in range(styles)
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == "word/styles.xml":
                    data = data.replace(b"</w:styles>", extra + b"</w:styles>")
                zout.writestr(info, data)
    return out.getvalue()


def workspace(folder: Path) -> Path:
    """A copy of the bundled example workspace in *folder* (made once)."""
    ws = folder / "工作区"
    if not ws.exists():
        shutil.copytree(EXAMPLE, ws)
    return ws


def build_styles(n: int, folder: Path) -> list[str]:
    path = folder / f"样式{n}.docx"
    path.write_bytes(_docx(max(50, n // 10), n))
    return ["check", str(path)]


def build_paragraphs(n: int, folder: Path) -> list[str]:
    path = folder / f"段落{n}.docx"
    path.write_bytes(_docx(n, 0))
    return ["check", str(path)]


def build_snippet(n: int, folder: Path) -> list[str]:
    ws = folder / f"检索{n}"
    if ws.exists():
        shutil.rmtree(ws)
    shutil.copytree(EXAMPLE, ws)
    own = ws / "资料"
    own.mkdir(exist_ok=True)
    head = "---\nid: 资料-重复\ntitle: 重复的段落\n类别: 讲话\n---\n# 重复的段落\n\n"
    (own / "重复.md").write_text(head + "营区开放" * n + "\n", encoding="utf-8")
    args = ["search", "营区开放", "--workspace", str(ws), "--limit", "3"]
    _run(args)  # the first query builds the index; the second is the one timed
    return args


def build_rows(n: int, folder: Path) -> list[str]:
    example = (EXAMPLE / "统计").glob("征兵统计*.csv")
    lines = next(iter(sorted(example))).read_text(encoding="utf-8-sig").splitlines()
    header, sample = lines[0], lines[1].split(",")
    body = "".join(",".join([f"第{i}村", *sample[1:]]) + "\n" for i in range(n))
    path = folder / f"统计{n}.csv"
    path.write_text(header + "\n" + body, encoding="utf-8")
    return ["stats", "show", str(path), "-w", str(workspace(folder))]


def build_line(n: int, folder: Path) -> list[str]:
    piece = "同志们：今天召开__市征兵工作会议，一是，二是，二是。"
    count = n * 1024 // len(piece.encode())
    path = folder / f"单行{n}.md"
    path.write_text("# 标题\n\n" + piece * count + "\n", encoding="utf-8")
    return ["check", str(path)]


CASES: dict[str, Case] = {
    c.name: c
    for c in (
        Case("docx-styles", 1000, "个样式", build_styles),
        Case("docx-paragraphs", 500, "段", build_paragraphs),
        Case("snippet-repeats", 1000, "次重复", build_snippet),
        Case("csv-rows", 500, "个单位", build_rows),
        Case("single-line", 100, "KB", build_line),
    )
}


def _run(args: list[str]) -> int:
    from zhengbing.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(args)


def measure(case: Case, folder: Path, *, scale: float = 1.0, repeat: int = 1) -> Growth:
    """Time *case* at N and at 10 N (best of *repeat*) in *folder*."""
    small = max(1, int(case.base * scale))
    times: list[float] = []
    codes: list[int] = []
    for n in (small, small * 10):
        args = case.build(n, folder)
        _run(args)  # warm: imports, caches, the reference; not timed
        best = float("inf")
        code = 0
        for _ in range(repeat):
            start = time.perf_counter()
            code = _run(args)
            best = min(best, time.perf_counter() - start)
        times.append(best)
        codes.append(code)
    return Growth(case.name, small, small * 10, case.unit, times[0], times[1], tuple(codes))  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every N")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    work = Path(tempfile.mkdtemp(prefix="zhengbing-bench-growth-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "缓存")
    try:
        print(f"{'case':<18}{'N':>10}{'t(N) s':>10}{'10N':>10}{'t(10N) s':>10}{'ratio':>8}")
        for name in args.case or list(CASES):
            g = measure(CASES[name], work, scale=args.scale, repeat=args.repeat)
            print(
                f"{g.name:<18}{g.small:>10}{g.t_small:>10.3f}{g.large:>10}{g.t_large:>10.3f}"
                f"{g.ratio:>8.1f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
