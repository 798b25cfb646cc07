"""Benchmark `zhengbing check` against `zhengbing render` of the same draft (issue 5, performance).

Run: .venv/bin/python bench/bench_check.py [--rounds N] [--quality]

--quality instead reports recall and precision per rule on the benchmark set of pasted and
template-made documents with planted faults (tests/check/bench, manifest planted.tsv), checked
text-only and with the unit's profile and statistics, plus the time of a 5 MB single-line paste.

Builds a workspace from the bundled example (its profile and statistics), composes a
mobilisation speech and a year-end summary there and joins them into one draft of about
10,000 characters. Then, alternating, times one whole `zhengbing check 草稿.md --workspace …`
process and one whole `zhengbing render 草稿.md -o … --force` process on that draft.
Prints the medians and the ratio check ÷ render (goal ≤ 1.0). One warm-up run of each fills
the bytecode and the checker's cache (statistics, gazetteer), as a user's earlier runs would;
the very first check in a fresh workspace costs about 0.2 s more. Work files go to a temporary
folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# a private folder: other benchmarks clean bench/work/ while this one may be running
WORK = Path(tempfile.mkdtemp(prefix="zhengbing-bench-check-"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TARGET_CHARS = 10_000


def _body(text: str) -> str:
    """The draft without its front matter and its # title."""
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 4) + 5 :]
    lines = [line for line in text.split("\n") if not line.startswith("# ")]
    return "\n".join(lines).strip()


def build_draft() -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from zhengbing.compose import compose
    from zhengbing.resources import templates_dir
    from zhengbing.workspace import find_workspace

    ws_root = WORK / "工作区"
    shutil.copytree(templates_dir() / "examples" / "workspace", ws_root)
    workspace = find_workspace(ws_root)
    speech = compose(workspace, "讲话")
    summary = compose(workspace, "总结")
    draft = speech.rstrip() + "\n\n" + _body(summary) + "\n"
    extra = 0
    while len(draft) < TARGET_CHARS:  # pad with the summary's body once more if needed
        extra += 1
        draft += "\n" + _body(summary) + "\n"
    path = ws_root / "草稿" / "基准讲话.md"
    path.write_text(draft, encoding="utf-8")
    return path, ws_root


def _run(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--quality", action="store_true", help="recall and precision per rule on the planted set"
    )
    args = parser.parse_args()
    if args.quality:
        quality()
        return
    draft, ws_root = build_draft()
    exe = str(Path(sys.executable).with_name("zhengbing"))
    out = WORK / "基准讲话.docx"
    check_cmd = [exe, "check", str(draft), "--workspace", str(ws_root), "--format", "json"]
    render_cmd = [exe, "render", str(draft), "-o", str(out), "--force"]
    chars = len(draft.read_text(encoding="utf-8"))
    # warm-up (bytecode caches, file system)
    _run(check_cmd)
    _run(render_cmd)
    checks: list[float] = []
    renders: list[float] = []
    for _ in range(args.rounds):
        checks.append(_run(check_cmd))
        renders.append(_run(render_cmd))
    check_med = statistics.median(checks)
    render_med = statistics.median(renders)
    print(f"draft: {chars} characters, workspace {ws_root}")
    print(
        f"zhengbing check  median {check_med * 1000:7.1f} ms  (runs: {', '.join(f'{t * 1000:.0f}' for t in checks)})"
    )
    print(
        f"zhengbing render median {render_med * 1000:7.1f} ms  (runs: {', '.join(f'{t * 1000:.0f}' for t in renders)})"
    )
    print(f"ratio check / render: {check_med / render_med:.2f} (goal ≤ 1.0)")
    shutil.rmtree(WORK, ignore_errors=True)


def quality() -> None:
    sys.path.insert(0, str(ROOT / "tests" / "check"))
    from planted import documents, load_manifest, score, table

    manifest = load_manifest()
    print(f"set: {len(documents())} documents, {len(manifest)} planted faults")
    scores = [score("text"), score("profile")]
    print(table(scores))
    for s in scores:
        for item in s.missed:
            print(f"  {s.mode} missed: {item.file}:{item.line} {item.rule} {item.text}")
        for false in s.false:
            print(f"  {s.mode} false: {false}")
    # a 5 MB paste on one line: grouped findings in bounded time
    from zhengbing.check import check_file

    unit = "同志们，今年的征兵工作□□开展XX工作工作，online，，见https://a.example.cn/x.html"
    big = WORK / "粘贴.txt"
    big.write_text("讲话\n" + unit * (5_000_000 // len(unit)) + "\n", encoding="utf-8")
    start = time.perf_counter()
    findings = check_file(big)
    elapsed = time.perf_counter() - start
    print(f"5 MB single line: {elapsed:.1f} s, {len(findings)} findings (grouped)")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
