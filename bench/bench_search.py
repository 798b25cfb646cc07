"""Search benchmark: our search (whoosh engine) against SQLite FTS5 over the same segmented text.

    .venv/bin/python bench/bench_search.py            # 10,000 and 100,000 passages
    .venv/bin/python bench/bench_search.py --sizes 10000 --repeat 2

For each size the benchmark generates a workspace whose 资料/ holds synthetic documents made
from the bundled policy and sample texts (sentences of real passages recombined), then measures
side by side:

* build: passages per second — ours through the product's own path (``open_index``: corpus
  passages → segmentation → whoosh), FTS5 = segmentation with the same segmenter + insert;
* query latency p50/p95 over the retrieval queries (tests/retrieval/queries.yaml), warm, with a
  plain substring scan as a floor;
* cold start: a whole ``zhengbing search`` process (import + open + query + print) against a
  minimal FTS5 peer process (import sqlite3 + rjieba, segment, query, print).

The product's second engine (``open_index(engine="fts5")``, the same search layer over SQLite
FTS5) is measured through the same interface on each of these and printed on its own line.

Generated data lives in bench/work-search/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work-search"  # bench_render.py wipes bench/work
QUERIES = ROOT / "tests" / "retrieval" / "queries.yaml"
PASSAGES_PER_DOC = 50


def cn(n: int) -> str:
    from zhengbing.corpus import int_to_cn

    return int_to_cn(n)


def generate_workspace(size: int, seed: int = 7) -> Path:
    """A workspace whose corpus (bundled + 资料/) has about *size* passages."""
    from zhengbing.corpus import load_corpus

    ws = WORK / f"ws-{size}"
    stamp = ws / ".generated"
    if stamp.exists() and stamp.read_text() == str(size):
        return ws
    shutil.rmtree(ws, ignore_errors=True)
    own = ws / "资料"
    own.mkdir(parents=True)
    (ws / "zhengbing.toml").write_text(
        '[unit]\nunit = "基准镇"\nprovince = "浙江省"\n', encoding="utf-8"
    )
    base = load_corpus(None)
    texts = [p.text for p in base.passages.values()]
    sentences = [
        s for t in texts for s in re.split(r"(?<=[。；])", t.replace("\n", "")) if len(s) > 6
    ]
    rng = random.Random(seed)
    needed = max(0, size - len(base.passages))
    towns = ["青山", "竹岭", "梅湾", "禾丰", "凤鸣", "鹤林", "枣林", "柳溪", "伊源", "苇荡"]
    n_docs = (needed + PASSAGES_PER_DOC - 1) // PASSAGES_PER_DOC
    made = 0
    for d in range(n_docs):
        count = min(PASSAGES_PER_DOC, needed - made)
        lawlike = d % 10 < 7
        town = towns[d % len(towns)]
        year = 2015 + d % 11
        title = f"{town}{'镇征兵工作规定' if lawlike else '镇征兵工作总结'}（{d}）"
        kind = "规范性文件" if lawlike else "总结"
        lines = [
            "---",
            f"id: 基准-{d}",
            f"title: {title}",
            f"类别: {kind}",
            "地区: 浙江省",
            f"年度: {year}",
            f"公布日期: {year}-03-01",
            "时效性: 现行有效" if d % 5 else "时效性: 已被修改",
            "---",
            f"# {title}",
            "",
        ]
        for i in range(count):
            if i % 10 == 0:
                lines += [
                    f"## 第{cn(i // 10 + 1)}章 第{i // 10 + 1}部分"
                    if lawlike
                    else f"## {cn(i // 10 + 1)}、第{i // 10 + 1}部分",
                    "",
                ]
            src = rng.choice(texts).replace("\n", "")
            src = re.sub(r"^第[^条 ]+条\s*", "", src)
            parts = re.split(r"(?<=[。；])", src)
            parts = [p for p in parts if p] or [src]
            keep = rng.sample(parts, k=min(len(parts), rng.randint(1, 3)))
            keep.append(rng.choice(sentences))
            body = "".join(keep)
            if not lawlike:
                body = f"{town}镇" + body
            lines += [f"第{cn(i + 1)}条 {body}" if lawlike else body, ""]
        (own / f"基准-{d}.md").write_text("\n".join(lines), encoding="utf-8")
        made += count
    stamp.write_text(str(size))
    return ws


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def load_queries() -> list[str]:
    import yaml

    return [item["query"] for item in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))]


# --------------------------------------------------------------------------- FTS5 peer


FTS_PEER = r"""
import sqlite3, sys, re
import rjieba
db = sqlite3.connect(sys.argv[1])
q = sys.argv[2]
stop = set("吗 呢 吧 啊 的 了 和 与 及 或 在 是 能 什么 怎么 哪些 如何 可以 有没有 要".split())
terms = [w for w in rjieba.cut(q) if w.strip() and not re.fullmatch(r"[\W_]+", w) and w not in stop]
if terms:
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
    rows = db.execute(
        "SELECT pid, snippet(p, 1, '【', '】', '…', 24) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10",
        (match,),
    ).fetchall()
    for pid, snip in rows:
        print(pid, snip.replace(" ", ""))
"""


def segment_for_fts(text: str) -> str:
    from zhengbing.index.segmenter import get_segmenter, is_indexable

    return " ".join(w for w, _p, _s, _e in get_segmenter().tokens(text) if is_indexable(w))


def build_fts(db_path: Path, passages: list) -> float:
    if db_path.exists():
        db_path.unlink()
    t0 = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, body, tokenize='unicode61')")
    db.executemany(
        "INSERT INTO p (pid, body) VALUES (?, ?)",
        ((p.id, segment_for_fts(p.text)) for p in passages),
    )
    db.commit()
    db.close()
    return time.perf_counter() - t0


def fts_query(db: sqlite3.Connection, q: str) -> list:
    from zhengbing.index.segmenter import get_segmenter

    stop = set("吗 呢 吧 啊 的 了 和 与 及 或 在 是 能 什么 怎么 哪些 如何 可以 有没有 要".split())
    terms = [
        w
        for w in get_segmenter().cut(q)
        if w.strip() and not re.fullmatch(r"[\W_]+", w) and w not in stop
    ]
    if not terms:
        return []
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
    return db.execute(
        "SELECT pid, snippet(p, 1, '【', '】', '…', 24) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10",
        (match,),
    ).fetchall()


def scan_query(texts: list[tuple[str, str]], q: str) -> list:
    from zhengbing.index.segmenter import get_segmenter

    terms = [w for w in get_segmenter().cut(q) if len(w) > 1]
    scored = []
    for pid, text in texts:
        s = sum(text.count(t) for t in terms)
        if s:
            scored.append((s, pid))
    scored.sort(reverse=True)
    return scored[:10]


# --------------------------------------------------------------------------- runs


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t0) * 1000


def cold(
    commands: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU milliseconds of whole processes, the commands taking turns run by run
    (after one warm-up run each). CPU = user + system time of the child (NaN without the
    ``resource`` module): less disturbed by other work on a busy machine than wall time."""
    try:
        import resource
    except ImportError:
        resource = None
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for warm in (True, *([False] * runs)):
        for name, (cmd, env) in commands.items():
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
            t0 = time.perf_counter()
            subprocess.run(
                cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
            )
            wall = (time.perf_counter() - t0) * 1000
            cpu = float("nan")
            if resource is not None and r0 is not None:
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1000
            if not warm:
                times[name].append((wall, cpu))
    return {
        name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
        for name, t in times.items()
    }


def run_size(size: int, repeat: int, cold_runs: int) -> dict:
    from zhengbing.corpus import load_corpus
    from zhengbing.index import open_index, scope_dir
    from zhengbing.search import search
    from zhengbing.workspace import find_workspace

    cache = WORK / f"cache-{size}"
    os.environ["ZHENGBING_INDEX_DIR"] = str(cache)
    t0 = time.perf_counter()
    ws_root = generate_workspace(size)
    ws = find_workspace(ws_root)
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    corpus = load_corpus(ws)
    parse_s = time.perf_counter() - t0
    passages = list(corpus.passages.values())
    n = len(passages)
    print(
        f"\n== {n} passages (generated in {gen_s:.1f} s, Markdown parsed in {parse_s:.1f} s)",
        flush=True,
    )

    from zhengbing.index.segmenter import get_segmenter

    get_segmenter()  # load the dictionary outside the timings (both sides use it)
    shutil.rmtree(scope_dir(ws), ignore_errors=True)
    t0 = time.perf_counter()
    idx = open_index(ws)
    ours_build = time.perf_counter() - t0
    assert idx.backend.doc_count() == n, (idx.backend.doc_count(), n)
    fts_path = WORK / f"fts-{size}.sqlite"
    fts_build = build_fts(fts_path, passages)
    print(
        f"build: ours {n / ours_build:,.0f} passages/s ({ours_build:.1f} s), FTS5 {n / fts_build:,.0f} passages/s ({fts_build:.1f} s)",
        flush=True,
    )

    queries = load_queries()
    db = sqlite3.connect(fts_path)
    texts = [(p.id, p.text) for p in passages]
    for q in queries:  # warm up both
        search(q, index=idx)
        fts_query(db, q)
    ours, fts, scan = [], [], []
    for _ in range(repeat):
        for q in queries:
            ours.append(timed(lambda q=q: search(q, index=idx, limit=10)))
            fts.append(timed(fts_query, db, q))
    for q in queries[:10]:
        scan.append(timed(scan_query, texts, q))
    idx.close()
    db.close()
    t0 = time.perf_counter()
    engine_idx = open_index(ws, engine="fts5", force_rebuild=True)
    engine_build = time.perf_counter() - t0
    assert engine_idx.backend.doc_count() == n, (engine_idx.backend.doc_count(), n)
    engine_ms = []
    for q in queries:  # warm up
        search(q, index=engine_idx)
    for _ in range(repeat):
        for q in queries:
            engine_ms.append(timed(lambda q=q: search(q, index=engine_idx, limit=10)))
    engine_idx.close()
    print(
        f"query ms: ours p50 {percentile(ours, 0.5):.1f} p95 {percentile(ours, 0.95):.1f} | "
        f"FTS5 p50 {percentile(fts, 0.5):.1f} p95 {percentile(fts, 0.95):.1f} | "
        f"scan p50 {percentile(scan, 0.5):.1f} p95 {percentile(scan, 0.95):.1f}",
        flush=True,
    )

    # users' Pythons cache bytecode: without it every run would recompile the project's modules
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    q = "大学生当兵学费能退吗"
    peer = WORK / "fts_peer.py"
    peer.write_text(FTS_PEER, encoding="utf-8")
    zb_search = [str(Path(sys.executable).parent / "zhengbing"), "search", q]
    timings = cold(
        {
            "ours": ([*zb_search, "--workspace", str(ws_root)], env),
            "fts5": ([sys.executable, str(peer), str(fts_path), q], env),
            "engine": (
                [*zb_search, "--workspace", str(ws_root)],
                {**env, "ZHENGBING_SEARCH_ENGINE": "fts5"},
            ),
        },
        cold_runs,
    )
    (ours_cold, ours_cpu), (fts_cold, fts_cpu) = timings["ours"], timings["fts5"]
    engine_cold, engine_cpu = timings["engine"]
    print(
        f"cold start ms: ours {ours_cold:.0f} (CPU {ours_cpu:.0f}), "
        f"FTS5 peer {fts_cold:.0f} (CPU {fts_cpu:.0f}); "
        f"ratio {ours_cold / fts_cold:.2f} wall, {ours_cpu / fts_cpu:.2f} CPU",
        flush=True,
    )
    print(
        f"fts5 engine: build {n / engine_build:,.0f} passages/s ({engine_build:.1f} s), "
        f"query p50 {percentile(engine_ms, 0.5):.1f} p95 {percentile(engine_ms, 0.95):.1f} ms, "
        f"cold start {engine_cold:.0f} ms (CPU {engine_cpu:.0f})",
        flush=True,
    )
    return {
        "passages": n,
        "build_per_s": {"ours": n / ours_build, "fts5": n / fts_build},
        "query_ms": {
            "ours": {"p50": percentile(ours, 0.5), "p95": percentile(ours, 0.95)},
            "fts5": {"p50": percentile(fts, 0.5), "p95": percentile(fts, 0.95)},
            "scan": {"p50": percentile(scan, 0.5), "p95": percentile(scan, 0.95)},
        },
        "cold_ms": {"ours": ours_cold, "fts5": fts_cold},
        "cold_cpu_ms": {"ours": ours_cpu, "fts5": fts_cpu},
        "fts5_engine": {
            "build_per_s": n / engine_build,
            "query_ms": {"p50": percentile(engine_ms, 0.5), "p95": percentile(engine_ms, 0.95)},
            "cold_ms": engine_cold,
            "cold_cpu_ms": engine_cpu,
        },
    }


def run_questions() -> dict:
    """The question benchmark (tests/retrieval/questions.yaml) over the bundled corpus, both
    engines: recall@5, MRR, share answered first, and query latency."""
    import os

    sys.path.insert(0, str(ROOT / "tests" / "retrieval"))
    from questions import evaluate, load_questions

    from zhengbing.index import open_index

    questions = load_questions()
    out: dict = {}
    os.environ["ZHENGBING_INDEX_DIR"] = str(WORK / "questions-index")
    for engine in ("whoosh", "fts5"):
        idx = open_index(None, engine=engine)
        evaluate(idx, questions[:10])  # warm up
        start = time.perf_counter()
        o = evaluate(idx, questions)
        per_query = (time.perf_counter() - start) * 1000 / len(questions)
        idx.close()
        out[engine] = {"recall5": o.recall, "mrr": o.mrr, "first": o.first, "ms": per_query}
        styles = ", ".join(f"{k} {r:.2f}/{m:.2f}" for k, (r, m) in sorted(o.by_style.items()))
        print(
            f"questions ({len(questions)}), {engine}: recall@5 {o.recall:.3f}, MRR {o.mrr:.3f}, "
            f"first {o.first:.3f}, {per_query:.1f} ms/question; by style (recall/MRR): {styles}",
            flush=True,
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the queries")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument(
        "--questions-only", action="store_true", help="only the question benchmark (recall, MRR)"
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    quality = run_questions()
    if args.questions_only:
        return 0
    results = [run_size(s, args.repeat, args.cold_runs) for s in args.sizes]
    print(
        "\n== summary (ours / FTS5; goals: p95 ≤ 10 ms at 10k and ≤ 75 ms at 100k, cold ≤ 1.5×, build ≥ 3,300/s)"
    )
    print(
        f"{'passages':>9} {'build/s':>16} {'build ratio':>11} {'p50 ms':>13} {'p95 ms':>13} {'p95 ratio':>9} {'scan p95':>8} {'cold ms':>11} {'cold ratio':>10} {'CPU ratio':>9}"
    )
    for r in results:
        b, q, c = r["build_per_s"], r["query_ms"], r["cold_ms"]
        cpu = r["cold_cpu_ms"]
        print(
            f"{r['passages']:>9,} {b['ours']:>7,.0f}/{b['fts5']:<8,.0f} {b['ours'] / b['fts5']:>11.2f} "
            f"{q['ours']['p50']:>6.1f}/{q['fts5']['p50']:<6.1f} {q['ours']['p95']:>6.1f}/{q['fts5']['p95']:<6.1f} "
            f"{q['ours']['p95'] / q['fts5']['p95']:>9.1f} {q['scan']['p95']:>8.1f} "
            f"{c['ours']:>5.0f}/{c['fts5']:<5.0f} {c['ours'] / c['fts5']:>10.2f} "
            f"{cpu['ours'] / cpu['fts5']:>9.2f}"
        )
    (WORK / "results.json").write_text(
        json.dumps({"sizes": results, "questions": quality}, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
