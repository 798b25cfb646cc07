"""Benchmark `zhengbing render`: start-up against its floor, and speed against pandoc.

Run: .venv/bin/python bench/bench_render.py [--rounds N] [--startup-only]

(s) one whole `zhengbing render` process on the ~10-page example speech vs a bare
    `python -c "import docx, markdown_it"` (the libraries rendering cannot do without),
    alternating runs: the ratio of the medians shows what the tool adds to that floor
    (goal <= 1.15);
(a) one whole `zhengbing render` process on the same speech vs `pandoc -o out.docx`;
(b) `zhengbing render` of 50 drafts in one call with --outdir vs pandoc once per draft.
(a) and (b) need pandoc and are skipped without it.
Prints medians and ratios. Work files go to bench/work/ (ignored by git).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "templates" / "examples" / "征兵工作动员讲话示例.md"
WORK = ROOT / "bench" / "work"
# Users' Pythons cache bytecode; a PYTHONDONTWRITEBYTECODE=1 in the calling shell would make
# every run recompile the project's modules, which measures the compiler, not the tool.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TOWNS = [
    "青山",
    "河口",
    "石桥",
    "柳溪",
    "梅岭",
    "松林",
    "桃源",
    "杏坛",
    "龙泉",
    "凤凰",
    "白沙",
    "黄土",
    "红旗",
    "新华",
    "光明",
    "长岭",
    "东湖",
    "西塘",
    "南湾",
    "北山",
    "云岭",
    "雁荡",
    "金竹",
    "银杏",
    "铁岭",
    "玉泉",
    "芦花",
    "荷塘",
    "枫桥",
    "竹溪",
    "清河",
    "平安",
    "太平",
    "永安",
    "长乐",
    "福田",
    "兴隆",
    "双河",
    "三江",
    "五里",
    "六合",
    "七星",
    "八角",
    "九龙",
    "十里",
    "高桥",
    "马坊",
    "牛山",
    "羊角",
    "鹤岗",
]


def zhengbing_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "zhengbing"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "zhengbing"]


def timed(cmd: list[str], before: callable | None = None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=ENV)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode('utf-8', 'replace')}")
    return elapsed


def clear(path: Path) -> callable:
    def _clear() -> None:
        if path.is_dir():
            shutil.rmtree(path)
            path.mkdir()
        else:
            path.unlink(missing_ok=True)

    return _clear


def timed_cpu(cmd: list[str], before: callable | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child process: user + system) of one run.

    The CPU time is less disturbed by other work on a busy machine than the wall time; it is
    NaN where the ``resource`` module does not exist (Windows)."""
    try:
        import resource
    except ImportError:
        return timed(cmd, before), math.nan
    if before is not None:
        before()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=ENV)
    elapsed = time.perf_counter() - start
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode('utf-8', 'replace')}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return elapsed, cpu


def startup_ratio(src: Path, out: Path, rounds: int) -> float:
    """(s): median of whole `zhengbing render` processes / median of the bare import, in wall
    time and in CPU time (both interleaved run by run)."""
    zb = [*zhengbing_cmd(), "render", str(src), "-o", str(out)]
    bare = [sys.executable, "-c", "import docx, markdown_it"]
    zb_runs, bare_runs = [], []
    for _ in range(2):  # warm the page cache and .pyc files
        timed_cpu(zb, clear(out))
        timed_cpu(bare)
    for _ in range(rounds):
        zb_runs.append(timed_cpu(zb, clear(out)))
        bare_runs.append(timed_cpu(bare))
    zb_med = statistics.median(w for w, _ in zb_runs)
    bare_med = statistics.median(w for w, _ in bare_runs)
    zb_cpu = statistics.median(c for _, c in zb_runs)
    bare_cpu = statistics.median(c for _, c in bare_runs)
    ratio = zb_med / bare_med
    print(f"(s) start-up: one ~10-page speech, whole process ({rounds} alternating runs)")
    print(
        f"    zhengbing render                        median {zb_med * 1000:7.1f} ms wall, {zb_cpu * 1000:7.1f} ms CPU"
    )
    print(
        f'    python -c "import docx, markdown_it"    median {bare_med * 1000:7.1f} ms wall, {bare_cpu * 1000:7.1f} ms CPU'
    )
    print(
        f"    ratio render/bare import = {ratio:.3f} wall, {zb_cpu / bare_cpu:.3f} CPU  (goal <= 1.15)"
    )
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=21, help="runs per tool for (s) and (a)")
    parser.add_argument("--batch-rounds", type=int, default=5, help="runs per tool for (b)")
    parser.add_argument("--startup-only", action="store_true", help="measure (s) only")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    zb = zhengbing_cmd()
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cpu"
    src = WORK / "speech.md"
    shutil.copy(EXAMPLE, src)
    zb_out, pd_out = WORK / "zb.docx", WORK / "pd.docx"

    # (s) start-up against the floor
    startup_ratio(src, zb_out, max(args.rounds, 15))
    if args.startup_only:
        return 0
    if shutil.which("pandoc") is None:
        print("pandoc is not installed: (a) and (b) skipped", file=sys.stderr)
        return 0

    # (a) one document, whole process
    zb_times, pd_times = [], []
    for _ in range(2):  # warm the page cache and .pyc files
        timed([*zb, "render", str(src), "-o", str(zb_out)], clear(zb_out))
        timed(["pandoc", str(src), "-o", str(pd_out)], clear(pd_out))
    for _ in range(args.rounds):
        zb_times.append(timed([*zb, "render", str(src), "-o", str(zb_out)], clear(zb_out)))
        pd_times.append(timed(["pandoc", str(src), "-o", str(pd_out)], clear(pd_out)))
    zb_med, pd_med = statistics.median(zb_times), statistics.median(pd_times)
    print(f"(a) one ~10-page speech, whole process ({args.rounds} alternating runs, {env_note})")
    print(f"    zhengbing render  median {zb_med * 1000:7.1f} ms")
    print(f"    pandoc            median {pd_med * 1000:7.1f} ms")
    print(f"    ratio zhengbing/pandoc = {zb_med / pd_med:.2f}  (goal <= 1.5)")
    zb_min, pd_min = min(zb_times), min(pd_times)
    print(
        f"    fastest runs: {zb_min * 1000:.1f} ms vs {pd_min * 1000:.1f} ms, "
        f"ratio {zb_min / pd_min:.2f} (less sensitive to other load on the machine)"
    )

    # (b) 50 drafts
    drafts_dir = WORK / "drafts"
    drafts_dir.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    drafts = []
    for town in TOWNS:
        path = drafts_dir / f"{town}镇征兵工作动员讲话.md"
        path.write_text(text.replace("青山", town), encoding="utf-8")
        drafts.append(path)
    zb_dir, pd_dir = WORK / "zb_out", WORK / "pd_out"
    zb_dir.mkdir()
    pd_dir.mkdir()

    def pandoc_all() -> float:
        clear(pd_dir)()
        total = 0.0
        for d in drafts:
            total += timed(["pandoc", str(d), "-o", str(pd_dir / (d.stem + ".docx"))])
        return total

    batch_zb, batch_pd = [], []
    for _ in range(args.batch_rounds):
        batch_zb.append(
            timed([*zb, "render", *map(str, drafts), "--outdir", str(zb_dir)], clear(zb_dir))
        )
        batch_pd.append(pandoc_all())
    n = len(drafts)
    zb_b, pd_b = statistics.median(batch_zb), statistics.median(batch_pd)
    print(f"(b) {n} drafts ({args.batch_rounds} alternating rounds)")
    print(
        f"    zhengbing render --outdir (one call)  median {zb_b * 1000:8.1f} ms = {zb_b / n * 1000:6.1f} ms/doc"
    )
    print(
        f"    pandoc once per draft                 median {pd_b * 1000:8.1f} ms = {pd_b / n * 1000:6.1f} ms/doc"
    )
    print(f"    per-document speed-up pandoc/zhengbing = {pd_b / zb_b:.2f}  (goal >= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
