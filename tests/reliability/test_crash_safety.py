"""Crash safety: kill -9 a render, a draft, a corpus import and an index build at random points.

Each scenario runs the real command in a child process (its own process group, so helper
processes die with it), sleeps a random, seeded fraction of the command's normal duration,
and sends SIGKILL to the group. After every kill: outputs that existed are intact (same bytes,
or a complete new version), backups are complete, the workspace's files all parse, and the
next run succeeds (rebuilding the index when needed). ``ZHENGBING_CRASH_ROUNDS`` (default 5)
and ``ZHENGBING_CRASH_SEED`` (default 9704) bound and fix the kill points. The kill points
that hit a running process are written to test-artifacts/reliability-kills.json.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .util import ROOT, run_cli, tree_state

ROUNDS = int(os.environ.get("ZHENGBING_CRASH_ROUNDS", "5"))
SEED = int(os.environ.get("ZHENGBING_CRASH_SEED", "9704"))
KILLS: dict[str, list[float]] = {}  # also the exit codes of the Ctrl+C test

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL of a process group")


@pytest.fixture(scope="module", autouse=True)
def _report_kills() -> object:
    yield
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "reliability-kills.json").write_text(
        json.dumps(KILLS, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "zhengbing", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _timed(args: list[str], cwd: Path) -> float:
    start = time.monotonic()
    proc = run_cli(args, cwd)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return time.monotonic() - start


def kill_at_random_points(
    name: str,
    args: list[str],
    cwd: Path,
    duration: float,
    after_kill: Callable[[int], None],
) -> int:
    """Start *args* ROUNDS times, SIGKILL each at a random point; return the kills that hit."""
    rng = random.Random(f"{SEED}-{name}")
    hits: list[float] = []
    for round_no in range(ROUNDS):
        delay = rng.uniform(0.05, 0.95) * duration  # spread over a normal run
        proc = _start(args, cwd)
        time.sleep(delay)
        running = proc.poll() is None
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
        if running:
            hits.append(round(delay, 3))
        after_kill(round_no)
    KILLS[name] = hits
    return len(hits)


def _docx_ok(path: Path) -> bool:
    import docx

    try:
        docx.Document(str(path))
    except Exception:
        return False
    return True


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- render


def test_kill_render(ws: Path) -> None:
    """A batch of 30 drafts rendered over their existing .docx with --force, killed midway."""
    import shutil

    speech = next((ws / "草稿").glob("*动员讲话.md"))
    drafts = ws / "草稿" / "批量"
    outdir = ws / "成稿" / "批量"
    drafts.mkdir()
    outdir.mkdir()
    for i in range(30):
        shutil.copy(speech, drafts / f"第{i + 1:02d}镇讲话.md")
    args = ["render", *map(str, sorted(drafts.glob("*.md"))), "--outdir", str(outdir), "--force"]
    _timed(args, ws)  # the previous outputs
    duration = _timed(args, ws)
    protected = tree_state(ws / "草稿", ws / "统计", ws / "zhengbing.toml")

    def after_kill(_round: int) -> None:
        # every target is a whole document: the old one or the new one
        outputs = sorted(outdir.glob("第*镇讲话.docx"))
        assert len(outputs) == 30
        for target in outputs:
            assert _docx_ok(target), f"half-written {target.name}"
        for backup in outdir.glob("*.备份-*.docx"):
            assert _docx_ok(backup), f"half-written backup {backup.name}"
        assert tree_state(ws / "草稿", ws / "统计", ws / "zhengbing.toml") == protected
        # a temp file of a killed run is hidden and not taken for a document
        for tmp in _temp_files(ws):
            assert tmp.name.startswith(".")

    hits = kill_at_random_points("render", args, ws, duration, after_kill)
    assert hits >= ROUNDS // 2, "the kills came too late to test anything"
    # the next run succeeds and its outputs are complete
    assert _timed(args, ws) > 0
    assert all(_docx_ok(t) for t in outdir.glob("第*镇讲话.docx"))


# --------------------------------------------------------------------------- draft


def test_kill_draft(ws: Path) -> None:
    from zhengbing.draft import load_draft

    draft = next((ws / "草稿").glob("*动员讲话.md"))
    target_docx = next((ws / "成稿").glob("*动员讲话.docx"))
    args = ["draft", "讲话", "-o", str(draft), "--docx", str(target_docx), "--force"]
    duration = _timed(args, ws)
    protected = tree_state(ws / "统计", ws / "zhengbing.toml")

    def after_kill(_round: int) -> None:
        assert draft.exists() and target_docx.exists()
        parsed, _encoding = load_draft(draft)
        assert parsed.meta.title and parsed.blocks
        assert not [p for p in parsed.problems if p.severity == "error"]
        assert _docx_ok(target_docx)
        for backup in (ws / "草稿").glob("*.备份-*.md"):
            assert load_draft(backup)[0].blocks, f"half-written backup {backup.name}"
        for backup in (ws / "成稿").glob("*.备份-*.docx"):
            assert _docx_ok(backup), f"half-written backup {backup.name}"
        assert tree_state(ws / "统计", ws / "zhengbing.toml") == protected

    hits = kill_at_random_points("draft", args, ws, duration, after_kill)
    assert hits >= ROUNDS // 2
    assert _timed(args, ws) > 0
    checked = run_cli(["check", str(draft), "--workspace", str(ws)], ws)
    assert checked.returncode in (0, 1), checked.stderr


# --------------------------------------------------------------------------- corpus add


def _archive(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(count):
        path = folder / f"第{i + 1}号讲话.md"
        body = "\n\n".join(
            f"## {'一二三四'[j]}、第{i + 1}篇第{j + 1}部分\n\n"
            + f"编号{i + 1}-{j + 1}的专用词语蓝鲸{i + 1}号，"
            + "全镇共有适龄青年报名应征，我们把政治考核摆在首位。" * 20
            for j in range(4)
        )
        path.write_text(f"# 档案讲话第{i + 1}号\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _corpus_consistent(ws: Path) -> list[str]:
    """Every file in 资料/ is a complete document the corpus loads; returns their ids."""
    from zhengbing.corpus import load_corpus
    from zhengbing.workspace import find_workspace

    corpus = load_corpus(find_workspace(ws))
    own = [d for d in corpus.documents.values() if d.origin == "own"]
    files = [p for p in (ws / "资料").rglob("*.md") if not p.name.startswith(".")]
    assert len(own) == len(files), (corpus.problems, files)
    return sorted(d.id for d in own)


def test_kill_corpus_add(ws: Path, tmp_path: Path) -> None:
    sources = _archive(tmp_path / "档案", 6)
    args = ["corpus", "add", *map(str, sources), "--workspace", str(ws)]
    probe = tmp_path / "probe-ws"
    import shutil

    shutil.copytree(ws, probe)
    duration = _timed(["corpus", "add", *map(str, sources), "--workspace", str(probe)], probe)

    def after_kill(_round: int) -> None:
        _corpus_consistent(ws)
        for f in (ws / "资料").glob("*.md"):
            assert f.read_text(encoding="utf-8").startswith("---\n")
        # start each round from an empty archive, so every round imports again
        for f in (ws / "资料").iterdir():
            f.unlink()

    hits = kill_at_random_points("corpus add", args, ws, duration, after_kill)
    assert hits >= ROUNDS // 2
    # the next import succeeds, everything is found, and search sees the new documents
    proc = run_cli(args, ws)
    assert proc.returncode == 0, proc.stderr
    assert len(_corpus_consistent(ws)) == len(sources)
    found = run_cli(["search", "蓝鲸3号", "--workspace", str(ws), "--json"], ws)
    assert found.returncode == 0, found.stderr
    assert any("蓝鲸3号" in hit["text"] for hit in json.loads(found.stdout))


# --------------------------------------------------------------------------- index build


def test_kill_index_build(ws: Path, tmp_path: Path) -> None:
    _archive_paths = _archive(tmp_path / "档案", 2)
    added = run_cli(["corpus", "add", *map(str, _archive_paths), "--workspace", str(ws)], ws)
    assert added.returncode == 0, added.stderr
    args = ["corpus", "rebuild", "--workspace", str(ws)]
    duration = _timed(args, ws)

    def after_kill(round_no: int) -> None:
        # the next search works (on the old index, or rebuilding a damaged or missing one)
        if round_no % 2 == 0:
            proc = run_cli(["search", "蓝鲸2号", "--workspace", str(ws), "--json"], ws)
            assert proc.returncode == 0, proc.stderr
            assert any("蓝鲸2号" in hit["text"] for hit in json.loads(proc.stdout))

    hits = kill_at_random_points("index build", args, ws, duration, after_kill)
    assert hits >= ROUNDS // 2
    proc = run_cli(args, ws)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli(["search", "政治考核", "--workspace", str(ws), "--json"], ws)
    assert proc.returncode == 0 and json.loads(proc.stdout), proc.stderr


# --------------------------------------------------------------------------- static guard

WRITE_CALLS = {"write_text", "write_bytes", "copy", "copy2", "copyfile", "copytree", "move"}
WRITE_CALLS |= {"rename", "symlink_to", "mkstemp", "NamedTemporaryFile"}
ALLOWED = {
    # the one place that writes: temp file, fsync, backup, rename
    ("src/zhengbing/textio.py", "*"),
    # restoring the backup of a draft when its .docx could not be written (an atomic rename)
    ("src/zhengbing/compose/__init__.py", "os.replace"),
    # `demo` copies the bundled example into a folder it has just chosen to be new
    ("src/zhengbing/compose/demo.py", "copytree"),
    # the lock file of the index and of imports (holds no data)
    ("src/zhengbing/index/lock.py", "os.open"),
}


def _write_calls(path: Path) -> list[tuple[int, str]]:
    import ast

    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        on_os = isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "os"
        if name in WRITE_CALLS:
            found.append((node.lineno, name))
        elif on_os and name in ("replace", "open"):
            found.append((node.lineno, f"os.{name}"))
        elif name == "open":
            modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [
                k.value.value
                for k in node.keywords
                if k.arg == "mode" and isinstance(k.value, ast.Constant)
            ]
            if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                found.append((node.lineno, f"open({modes[0]})"))
    return found


def test_every_file_output_goes_through_textio() -> None:
    """No module writes a file directly: a direct write could be left half-done by a kill."""
    offenders = []
    for folder in ("src/zhengbing", "tui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for line, call in _write_calls(path):
                if (rel, "*") in ALLOWED or (rel, call) in ALLOWED:
                    continue
                offenders.append(f"{rel}:{line} {call}")
    assert offenders == [], "write through zhengbing.textio.atomic_write*: " + ", ".join(offenders)


def test_write_guard_sees_direct_writes(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os, shutil\nfrom pathlib import Path\n"
        "Path('a').write_text('x')\nopen('b', 'w')\nopen('c', mode='ab')\nopen('d')\n"
        "shutil.copy2('e', 'f')\nos.replace('g', 'h')\n",
        encoding="utf-8",
    )
    calls = [call for _, call in _write_calls(sample)]
    assert calls == ["write_text", "open(w)", "open(ab)", "copy2", "os.replace"]


# --------------------------------------------------------------------------- disk full


@pytest.mark.parametrize("command", ["render", "draft", "corpus add"])
def test_disk_full_midway(
    ws: Path,
    tmp_path: Path,
    cli: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    """The disk fills up while a file is being written: a Chinese message, nothing lost."""
    import errno

    import zhengbing.textio

    real_fsync = zhengbing.textio.os.fsync

    def full(fd: int) -> None:
        os.write(fd, b"PK\x03\x04 half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zhengbing.textio.os, "fsync", full)
    speech = next((ws / "草稿").glob("*动员讲话.md"))
    target = next((ws / "成稿").glob("*动员讲话.docx"))
    source = tmp_path / "资料.md"
    source.write_text("# 资料\n\n全镇适龄青年踊跃报名应征。\n", encoding="utf-8")
    args = {
        "render": ["render", speech, "-o", target, "--force"],
        "draft": ["draft", "讲话", "-o", speech, "--docx", target, "--force"],
        "corpus add": ["corpus", "add", source, "--workspace", ws],
    }[command]
    before = tree_state(ws)
    code, out, err = cli(args, ws)
    monkeypatch.setattr(zhengbing.textio.os, "fsync", real_fsync)
    assert "Traceback" not in err
    assert code in (2, 3), out + err
    assert "磁盘空间不足" in err
    assert tree_state(ws) == before  # no half file, no stray backup, nothing replaced
    assert _temp_files(ws) == []


# --------------------------------------------------------------------------- Ctrl+C


def test_ctrl_c_during_a_batch(ws: Path) -> None:
    """Ctrl+C while 30 drafts render: a Chinese note, no temporary file, every output whole."""
    import shutil

    speech = next((ws / "草稿").glob("*动员讲话.md"))
    drafts = ws / "草稿" / "批量"
    outdir = ws / "成稿" / "批量"
    drafts.mkdir()
    outdir.mkdir()
    for i in range(30):
        shutil.copy(speech, drafts / f"第{i + 1:02d}镇讲话.md")
    args = ["render", *map(str, sorted(drafts.glob("*.md"))), "--outdir", str(outdir), "--force"]
    _timed(args, ws)
    # wait until the batch is writing (its first new backup appears), then interrupt
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhengbing", *args],
        cwd=ws,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    deadline = time.monotonic() + 30
    while not list(outdir.glob("*.备份-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    KILLS.setdefault("ctrl-c exit codes", []).append(proc.returncode)
    if proc.returncode != 0:  # interrupted before the end (else it had just finished)
        assert proc.returncode == 130, err
        assert "已中断" in err and "Traceback" not in err
    assert _temp_files(ws) == []
    for target in outdir.glob("*.docx"):
        assert _docx_ok(target), target.name
