"""The bad-input matrix: every command × every kind of broken input a 人武部 office produces.

One row per case: the command line, the expected exit code, the Chinese message a user sees,
and for every row the proof that nothing was half-written (no temporary files) and no file
that existed before was changed. Rows marked ``sub`` run the real ``python -m zhengbing`` in a
child process with a 3 GB memory ceiling (the zip/XML bombs, and a few rows to show "never a
traceback" end to end); the others call ``zhengbing.cli.main`` in this process.

The rows are listed in docs/bad-inputs.md (坏输入对照表).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from .util import (
    EXAMPLE_DRAFT,
    OLE_MAGIC,
    UNDECODABLE,
    added,
    assert_clean_failure,
    billion_laughs,
    bomb_document,
    changed,
    docx_with_part,
    laughs_document,
    leftovers,
    reference_reaching_out,
    run_cli,
    sparse_file,
    textless_pdf,
    tree_state,
    unwritable_system_folder,
    zip_of,
)

BAD_FRONT_MATTER = "---\ntitle: [没有闭合\nkind: 讲话\n---\n# 标题\n\n同志们：今天召开会议。\n"
HUGE_MB = 51  # every reader's documented limit is 50 MB


@dataclass
class Ctx:
    """What a row's builder gets: the workspace copy, an input folder, cached blobs."""

    tmp: Path
    ws: Path
    inputs: Path
    blobs: dict[str, bytes]
    monkeypatch: pytest.MonkeyPatch
    restore: list[Callable[[], None]] = field(default_factory=list)

    def put(self, name: str, data: bytes | str) -> Path:
        path = self.inputs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    @property
    def speech_md(self) -> Path:
        return next((self.ws / "草稿").glob("*动员讲话.md"))

    @property
    def speech_docx(self) -> Path:
        return next((self.ws / "成稿").glob("*动员讲话.docx"))

    @property
    def stats_xlsx(self) -> Path:
        return self.ws / "统计" / "征兵统计2026.xlsx"

    def read_only(self, folder: Path) -> Path:
        """Make *folder* read-only; as root (who ignores permissions) also make os.access say so."""
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o555)
        self.restore.append(lambda: folder.chmod(0o755))
        if os.access(folder, os.W_OK):
            real_access = os.access

            def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
                if mode & os.W_OK and Path(str(path)).resolve() == folder.resolve():
                    return False
                return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

            self.monkeypatch.setattr(os, "access", access)
        return folder


@dataclass(frozen=True)
class Row:
    id: str
    build: Callable[[Ctx], list[str]]
    code: int
    message: tuple[str, ...]
    creates: tuple[str, ...] = ()  # globs (relative to the test's tmp folder) that must appear
    sub: bool = False  # run as a child process
    known: str = ""  # a known gap (the row is expected to fail until it is fixed)

    @property
    def command(self) -> str:
        return self.id.split("-", 1)[0]


# --------------------------------------------------------------------------- builders


def _xlsx(ctx: Ctx, name: str, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(ctx.stats_xlsx)
    edit(wb)
    path = ctx.inputs / name
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _merged(wb: openpyxl.Workbook) -> None:
    wb["汇总"].merge_cells("B3:B4")


def _formula(wb: openpyxl.Workbook) -> None:
    wb["汇总"]["C4"] = "=C3+1"  # openpyxl writes no cached value: never calculated


def _hidden_data(wb: openpyxl.Workbook) -> None:
    wb["汇总"].sheet_state = "hidden"


def _hidden_extra(wb: openpyxl.Workbook) -> None:
    sheet = wb.create_sheet("旧表")
    sheet.append(["单位", "报名人数"])
    sheet.append(["某村", "很多"])
    sheet.sheet_state = "hidden"


def _record_edit(item: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    """Write *value* into the 内容 cell of *item* in the 工作情况 sheet (or a new row)."""

    def edit(wb: openpyxl.Workbook) -> None:
        sheet = wb["工作情况"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == item:
                row[1].value = value
                return
        sheet.append([item, value])

    return edit


def _stats_file(kind: str) -> Callable[[Ctx], Path]:
    """The statistics input of the given kind of damage."""

    def make(ctx: Ctx) -> Path:
        csv_text = (ctx.ws / "统计" / "征兵统计2026.csv").read_text(encoding="utf-8-sig")
        if kind == "bad-encoding":
            return ctx.put("统计.csv", "单位,报名人数\n".encode() + UNDECODABLE)
        if kind == "gbk":
            return ctx.put("统计.csv", csv_text.encode("gb18030"))
        if kind == "empty":
            return ctx.put("统计.csv", b"")
        if kind == "huge":
            return sparse_file(ctx.inputs / "统计.csv", HUGE_MB)
        if kind == "truncated":
            data = ctx.stats_xlsx.read_bytes()
            return ctx.put("统计.xlsx", data[: len(data) // 2])
        if kind == "xls-renamed":
            return ctx.put("统计.xlsx", OLE_MAGIC + bytes(4096))
        if kind == "zip-bomb":
            return ctx.put("统计.xlsx", ctx.blobs["bomb_xlsx"])
        if kind == "entities":
            return ctx.put("统计.xlsx", ctx.blobs["laughs_xlsx"])
        if kind == "merged":
            return _xlsx(ctx, "统计.xlsx", _merged)
        if kind == "formula":
            return _xlsx(ctx, "统计.xlsx", _formula)
        if kind == "hidden-data":
            return _xlsx(ctx, "统计.xlsx", _hidden_data)
        if kind == "hidden-extra":
            return _xlsx(ctx, "统计.xlsx", _hidden_extra)
        if kind == "record-unknown":
            return _xlsx(ctx, "统计.xlsx", _record_edit("慰问金额", "3万元"))
        if kind == "record-date":
            return _xlsx(ctx, "统计.xlsx", _record_edit("体检日期", "三月上旬"))
        if kind == "record-target":
            return _xlsx(ctx, "统计.xlsx", _record_edit("大学生比例目标", "一半以上"))
        if kind == "record-order":
            return _xlsx(ctx, "统计.xlsx", _record_edit("报名截止", "2025-12-01"))
        if kind == "spaces":
            return ctx.put("我的 统计 表/征兵 统计 2026.xlsx", ctx.stats_xlsx.read_bytes())
        raise AssertionError(kind)

    return make


def _draft_file(kind: str, suffix: str = ".md") -> Callable[[Ctx], Path]:
    """A draft (or text/Word file to check or import) with the given damage."""

    def make(ctx: Ctx) -> Path:
        good = EXAMPLE_DRAFT.read_text(encoding="utf-8")
        name = "讲话" + suffix
        if kind == "bad-encoding":
            return ctx.put(name, UNDECODABLE)
        if kind == "gbk":
            return ctx.put(name, ctx.speech_md.read_text(encoding="utf-8").encode("gb18030"))
        if kind == "empty":
            return ctx.put(name, b"")
        if kind == "front-matter":
            return ctx.put(name, BAD_FRONT_MATTER)
        if kind == "huge":
            return sparse_file(ctx.inputs / name, HUGE_MB)
        if kind == "record-unknown":
            return _xlsx(ctx, "统计.xlsx", _record_edit("慰问金额", "3万元"))
        if kind == "record-date":
            return _xlsx(ctx, "统计.xlsx", _record_edit("体检日期", "三月上旬"))
        if kind == "record-target":
            return _xlsx(ctx, "统计.xlsx", _record_edit("大学生比例目标", "一半以上"))
        if kind == "record-order":
            return _xlsx(ctx, "统计.xlsx", _record_edit("报名截止", "2025-12-01"))
        if kind == "spaces":
            return ctx.put("我的 文稿/动员 讲话" + suffix, ctx.speech_md.read_bytes())
        if kind == "good":
            return ctx.put(name, good)
        data = ctx.speech_docx.read_bytes()
        if kind == "truncated":
            return ctx.put(name, data[: len(data) // 2])
        if kind == "doc-renamed":
            return ctx.put(name, OLE_MAGIC + bytes(8192))
        if kind == "zip-bomb":
            return ctx.put(name, ctx.blobs["bomb_docx"])
        if kind == "entities":
            return ctx.put(name, ctx.blobs["laughs_docx"])
        if kind == "docx-spaces":
            return ctx.put("我的 文稿/动员 讲话.docx", data)
        if kind == "pdf":
            return ctx.put("扫描件" + suffix, ctx.blobs["pdf"])
        raise AssertionError(kind)

    return make


def render_with(kind: str, *extra: str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        src = _draft_file(kind)(ctx)
        return ["render", src, "-o", ctx.inputs / "成稿.docx", *extra]

    return build


def render_reference(kind: str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        ref = _draft_file(kind, ".docx")(ctx)
        return ["render", ctx.speech_md, "-o", ctx.inputs / "成稿.docx", "--reference", ref]

    return build


def render_readonly(ctx: Ctx) -> list[str]:
    folder = ctx.read_only(ctx.inputs / "只读")
    return ["render", ctx.speech_md, "-o", folder / "成稿.docx"]


def render_unwritable(ctx: Ctx) -> list[str]:
    folder = unwritable_system_folder()
    if folder is None:
        pytest.skip("no folder that refuses writes even to this user")
    return ["render", ctx.speech_md, "-o", folder / "成稿.docx"]


def render_spaces(ctx: Ctx) -> list[str]:
    src = _draft_file("spaces")(ctx)
    return ["render", src, "-o", ctx.inputs / "我的 文稿" / "动员 讲话 成稿.docx"]


def render_existing(ctx: Ctx) -> list[str]:
    return ["render", ctx.speech_md, "-o", ctx.speech_docx]


def render_no_folder(ctx: Ctx) -> list[str]:
    return ["render", ctx.speech_md, "-o", ctx.inputs / "不存在" / "成稿.docx"]


def draft_with_stats(kind: str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        stats = _stats_file(kind)(ctx)
        return ["draft", "讲话", "--stats", stats, "-o", ctx.ws / "草稿" / "新草稿.md"]

    return build


def draft_bad_profile(ctx: Ctx) -> list[str]:
    (ctx.ws / "zhengbing.toml").write_text('[unit\nunit = "青山镇\n', encoding="utf-8")
    return ["draft", "讲话", "-o", ctx.ws / "草稿" / "新草稿.md"]


def draft_gbk_profile(ctx: Ctx) -> list[str]:
    profile = ctx.ws / "zhengbing.toml"
    profile.write_bytes(profile.read_text(encoding="utf-8").encode("gb18030"))
    return ["draft", "讲话", "-o", ctx.ws / "草稿" / "新草稿.md"]


def draft_undecodable_profile(ctx: Ctx) -> list[str]:
    (ctx.ws / "zhengbing.toml").write_bytes(UNDECODABLE)
    return ["draft", "讲话", "-o", ctx.ws / "草稿" / "新草稿.md"]


def draft_profile_wrong_type(ctx: Ctx) -> list[str]:
    profile = ctx.ws / "zhengbing.toml"
    text = profile.read_text(encoding="utf-8").replace('speaker = "王建国"', 'speaker = ["张三"]')
    assert 'speaker = ["张三"]' in text
    profile.write_text(text, encoding="utf-8")
    return ["draft", "讲话", "-o", ctx.ws / "草稿" / "新草稿.md"]


def draft_profile_unknown_fonts(ctx: Ctx) -> list[str]:
    profile = ctx.ws / "zhengbing.toml"
    profile.write_text(profile.read_text(encoding="utf-8") + 'fonts = "mac"\n', encoding="utf-8")
    return ["draft", "讲话", "-o", ctx.ws / "草稿" / "新草稿.md"]


def draft_readonly(ctx: Ctx) -> list[str]:
    folder = ctx.read_only(ctx.inputs / "只读")
    return ["draft", "讲话", "-o", folder / "新草稿.md"]


def draft_existing(ctx: Ctx) -> list[str]:
    return ["draft", "讲话", "-o", ctx.speech_md]


def draft_template_syntax(ctx: Ctx) -> list[str]:
    kinds = ctx.ws / "templates" / "kinds"
    kinds.mkdir(parents=True)
    (kinds / "讲话稿.md.j2").write_text("# {{ title }\n\n{% if %}\n", encoding="utf-8")
    return ["draft", "讲话", "-o", ctx.ws / "草稿" / "新草稿.md"]


def draft_spaces(ctx: Ctx) -> list[str]:
    root = ctx.tmp / "我的 工作区 2026"
    shutil.move(str(ctx.ws), root)
    ctx.ws = root
    return ["draft", "讲话", "-w", root, "-o", root / "草稿" / "新 草稿.md", "--docx"]


def check_file(kind: str, suffix: str = ".md") -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        return ["check", _draft_file(kind, suffix)(ctx), "--workspace", ctx.ws]

    return build


def check_annotate_readonly(ctx: Ctx) -> list[str]:
    folder = ctx.read_only(ctx.inputs / "只读")
    return ["check", ctx.speech_docx, "--annotate", folder / "体检.docx"]


def check_bad_stats(ctx: Ctx) -> list[str]:
    stats = _stats_file("merged")(ctx)
    return ["check", ctx.speech_md, "--workspace", ctx.ws, "--stats", stats]


def corpus_add(kind: str, suffix: str = ".md") -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        return ["corpus", "add", _draft_file(kind, suffix)(ctx), "--workspace", ctx.ws]

    return build


def corpus_zip(members: dict[str, bytes] | str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        data = ctx.blobs[members] if isinstance(members, str) else zip_of(members)
        return ["corpus", "add", ctx.put("资料包.zip", data), "--workspace", ctx.ws]

    return build


def corpus_readonly(ctx: Ctx) -> list[str]:
    ctx.read_only(ctx.ws / "资料")
    return ["corpus", "add", _draft_file("good")(ctx), "--workspace", ctx.ws]


def corpus_mixed(ctx: Ctx) -> list[str]:
    good = _draft_file("good")(ctx)
    bad = ctx.put("坏文件.txt", UNDECODABLE)
    return ["corpus", "add", bad, good, "--workspace", ctx.ws]


def search_damaged_index(ctx: Ctx) -> list[str]:
    from zhengbing.index import index_location
    from zhengbing.workspace import find_workspace

    workspace = find_workspace(ctx.ws)
    from zhengbing.index import open_index

    open_index(workspace).close()
    scope = index_location(workspace)
    for f in scope.rglob("*"):
        if f.is_file() and f.suffix in (".seg", ".toc", ".json"):
            f.write_bytes(b"\x00garbage" * 7)
    return ["search", "大学生 学费", "--workspace", ctx.ws, "--limit", "3"]


def _unwritable_cache(ctx: Ctx) -> None:
    folder = unwritable_system_folder()
    if folder is None:
        pytest.skip("no folder that refuses writes even to this user")
    ctx.monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "缓存"))
    ctx.monkeypatch.delenv("ZHENGBING_INDEX_DIR", raising=False)


def check_workspace_stats_broken(ctx: Ctx) -> list[str]:
    _xlsx(ctx, "统计.xlsx", _merged)
    shutil.copy(ctx.inputs / "统计.xlsx", ctx.stats_xlsx)
    return ["check", ctx.speech_md, "--workspace", ctx.ws]


def corpus_damaged_member(ctx: Ctx) -> list[str]:
    import zipfile

    good = "# 完好的讲话\n\n全镇适龄青年踊跃报名应征。\n".encode()
    data = bytearray(zip_of({"坏.md": "# 坏\n\n".encode() + b"x" * 5000, "好.md": good}))
    with zipfile.ZipFile(ctx.put("探测.zip", bytes(data))) as zf:
        bad = zf.getinfo("坏.md")
        start = bad.header_offset + 30 + len(bad.filename.encode()) + 2
    for i in range(start, start + 8):  # damage the deflate stream of the first member
        data[i] ^= 0xFF
    archive = ctx.put("资料包.zip", bytes(data))
    (ctx.inputs / "探测.zip").unlink()
    return ["corpus", "add", archive, "--workspace", ctx.ws]


def _private_cache(ctx: Ctx) -> Path:
    """A cache folder of this test only (outside the watched folder)."""
    cache = ctx.tmp.parent / f"{ctx.tmp.name}-缓存"
    ctx.monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


def check_damaged_cache(ctx: Ctx) -> list[str]:
    from zhengbing.check import check_file
    from zhengbing.workspace import find_workspace

    cache = _private_cache(ctx)
    check_file(ctx.speech_md, workspace=find_workspace(ctx.ws))  # fills the check cache
    damaged = [f for f in cache.rglob("*.json") if "index" not in f.parts]
    assert damaged
    for f in damaged:
        f.write_bytes(b"\x00garbage{")
    return ["check", ctx.speech_md, "--workspace", ctx.ws]


def search_damaged_manifest(ctx: Ctx) -> list[str]:
    from zhengbing.index import index_location, open_index
    from zhengbing.workspace import find_workspace

    _private_cache(ctx)
    workspace = find_workspace(ctx.ws)
    open_index(workspace).close()
    (index_location(workspace) / "manifest.json").write_text(
        '{"schema": [1, 2], "dir": 5, "files": 7}', encoding="utf-8"
    )
    return ["search", "兵役登记", "--workspace", ctx.ws, "--limit", "2"]


def search_unwritable_cache(ctx: Ctx) -> list[str]:
    _unwritable_cache(ctx)
    return ["search", "兵役登记", "--workspace", ctx.ws]


def corpus_unwritable_cache(ctx: Ctx) -> list[str]:
    _unwritable_cache(ctx)
    return ["corpus", "add", _draft_file("good")(ctx), "--workspace", ctx.ws]


def search_query(query: str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        return ["search", query, "--workspace", ctx.ws, "--limit", "3"]

    return build


def search_with_own(name: str, data: bytes | str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        path = ctx.ws / "资料" / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        return ["search", "兵役登记", "--workspace", ctx.ws, "--limit", "3"]

    return build


def stats_show(kind: str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        return ["stats", "show", _stats_file(kind)(ctx), "-w", ctx.ws]

    return build


INIT_FLAGS = ["--unit", "青山镇", "--level", "镇", "--province", "浙江省", "--city", "湖州市"]
INIT_FLAGS += ["--county", "安吉县", "--year", "2025", "--speaker", "李明", "--office", "镇长"]


def init_at(where: Callable[[Ctx], Path]) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        return ["init", where(ctx), *INIT_FLAGS]

    return build


def _init_unwritable(ctx: Ctx) -> Path:
    folder = unwritable_system_folder()
    if folder is None:
        pytest.skip("no folder that refuses writes even to this user")
    return folder / "工作区"


def _init_readonly(ctx: Ctx) -> Path:
    parent = ctx.inputs / "只读"
    parent.mkdir(parents=True)
    parent.chmod(0o555)
    ctx.restore.append(lambda: parent.chmod(0o755))
    if os.access(parent, os.W_OK):
        pytest.skip("running as root: permissions are not enforced (see the unwritable row)")
    return parent / "工作区"


def _init_stats_exists(ctx: Ctx) -> Path:
    root = ctx.inputs / "新工作区"
    ctx.put("新工作区/统计/征兵统计2025.xlsx", b"my own workbook")
    return root


# hostile inputs: special files, links out of what the user chose, small but slow files


def _fifo(ctx: Ctx, name: str) -> Path:
    path = ctx.inputs / name
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _outside(ctx: Ctx) -> Path:
    """A private file outside every folder the user names (stands for /etc/passwd)."""
    secret = ctx.tmp / "别处" / "机密.txt"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("机密内容：不应被导入或引用。\n", encoding="utf-8")
    return secret


def fifo_as(command: str, name: str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        fifo = _fifo(ctx, name)
        if command == "render":
            return ["render", fifo, "-o", ctx.inputs / "成稿.docx"]
        if command == "reference":
            return ["render", ctx.speech_md, "-o", ctx.inputs / "成稿.docx", "--reference", fifo]
        if command == "stats":
            return ["stats", "show", fifo, "-w", ctx.ws]
        return (
            [command, fifo, "--workspace", ctx.ws]
            if command == "check"
            else ["corpus", "add", fifo, "--workspace", ctx.ws]
        )

    return build


def check_device_link(ctx: Ctx) -> list[str]:
    link = ctx.inputs / "讲话.md"
    link.symlink_to("/dev/zero")
    return ["check", link, "--workspace", ctx.ws]


def corpus_folder_with(kind: str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        folder = ctx.inputs / "一批资料"
        ctx.put("一批资料/讲话.md", EXAMPLE_DRAFT.read_text(encoding="utf-8"))
        if kind == "fifo":
            os.mkfifo(folder / "管道.md")
        else:
            (folder / "口令.txt").symlink_to(_outside(ctx))
        return ["corpus", "add", folder, "--workspace", ctx.ws]

    return build


def render_reference_reaching_out(ctx: Ctx) -> list[str]:
    ref = ctx.put("参考.docx", reference_reaching_out(ctx.speech_docx.read_bytes()))
    return ["render", ctx.speech_md, "-o", ctx.inputs / "成稿.docx", "--reference", ref]


def _own_template(ctx: Ctx, text: str) -> Path:
    kinds = ctx.ws / "templates" / "kinds"
    kinds.mkdir(parents=True)
    (kinds / "讲话稿.md.j2").write_text(text, encoding="utf-8")
    return kinds


def draft_template_link_out(ctx: Ctx) -> list[str]:
    kinds = _own_template(ctx, '# 标题\n\n{% include "口令.j2" %}\n')
    (kinds / "口令.j2").symlink_to(_outside(ctx))
    return ["draft", "讲话", "-o", ctx.ws / "草稿" / "新草稿.md"]


def draft_template_huge_value(ctx: Ctx) -> list[str]:
    _own_template(ctx, '# 标题\n\n{{ ("a" * 4000000000) | length }}\n')
    return ["draft", "讲话", "-o", ctx.ws / "草稿" / "新草稿.md"]


def corpus_same_source_twice(ctx: Ctx) -> list[str]:
    from zhengbing.importer import import_paths
    from zhengbing.workspace import find_workspace

    src = _draft_file("good")(ctx)
    assert len(import_paths([src], find_workspace(ctx.ws)).imported) == 1
    return ["corpus", "add", src, "--workspace", ctx.ws]


def corpus_named(name: str, title: str) -> Callable[[Ctx], list[str]]:
    def build(ctx: Ctx) -> list[str]:
        src = ctx.put(name, f"# {title}\n\n全镇适龄青年踊跃报名应征。\n")
        return ["corpus", "add", src, "--workspace", ctx.ws]

    return build


def stats_too_many_rows(ctx: Ctx) -> list[str]:
    lines = (ctx.ws / "统计" / "征兵统计2026.csv").read_text(encoding="utf-8-sig").splitlines()
    sample = lines[1].split(",")[1:]
    body = "".join(",".join([f"第{i}村", *sample]) + "\n" for i in range(200_000))
    return ["stats", "show", ctx.put("统计.csv", lines[0] + "\n" + body), "-w", ctx.ws]


def check_one_long_line(ctx: Ctx) -> list[str]:
    piece = "同志们：今天召开__市征兵工作会议，一是，二是，二是。"
    src = ctx.put("一行.md", "# 标题\n\n" + piece * (5_000_000 // len(piece.encode())) + "\n")
    return ["check", src, "--workspace", ctx.ws]


EMOJI_NAME = "😀" * 62 + ".md"
BIDI_NAME = "\u202e" + "dm.讲话" + ".md"


# --------------------------------------------------------------------------- the matrix

ROWS: list[Row] = [
    # render: a Markdown draft → .docx
    Row("render-bad-encoding", render_with("bad-encoding"), 2, ("无法识别文件编码",), sub=True),
    Row("render-gbk-draft", render_with("gbk"), 0, ("GB18030",), creates=("输入/成稿.docx",)),
    Row("render-empty-draft", render_with("empty"), 2, ("草稿是空的",)),
    Row("render-front-matter-not-yaml", render_with("front-matter"), 2, ("第 3 行", "YAML")),
    Row("render-huge-draft", render_with("huge"), 2, ("文件过大", "50 MB")),
    Row("render-reference-truncated", render_reference("truncated"), 2, ("参考文件无法使用",)),
    Row("render-reference-doc-renamed", render_reference("doc-renamed"), 2, ("旧版 Word",)),
    Row("render-reference-zip-bomb", render_reference("zip-bomb"), 2, ("压缩炸弹",), sub=True),
    Row("render-reference-entities", render_reference("entities"), 2, ("参考文件",), sub=True),
    Row("render-reference-pdf", render_reference("pdf"), 2, ("参考文件",)),
    Row("render-readonly-folder", render_readonly, 3, ("不可写",)),
    Row("render-unwritable-folder", render_unwritable, 3, ("无法写入",), sub=True),
    Row("render-output-folder-missing", render_no_folder, 3, ("不存在",)),
    Row("render-draft-is-a-folder", lambda c: ["render", c.ws / "草稿"], 2, ("文件夹",)),
    Row(
        "render-output-is-a-folder",
        lambda c: ["render", c.speech_md, "-o", c.ws / "成稿"],
        3,
        ("文件夹",),
    ),
    Row("render-output-exists", render_existing, 3, ("已存在", "--force")),
    Row(
        "render-path-spaces-chinese",
        render_spaces,
        0,
        ("已生成",),
        creates=("输入/我的 文稿/动员 讲话 成稿.docx",),
        sub=True,
    ),
    # draft: statistics + outline → Markdown draft
    Row("draft-stats-bad-encoding", draft_with_stats("bad-encoding"), 2, ("无法识别文件编码",)),
    Row(
        "draft-record-unknown-item",
        draft_with_stats("record-unknown"),
        2,
        ("工作情况", "无法识别的项目", "慰问金额"),
    ),
    Row("draft-record-bad-date", draft_with_stats("record-date"), 2, ("工作情况", "应是日期")),
    Row(
        "draft-record-bad-target",
        draft_with_stats("record-target"),
        2,
        ("工作情况", "大学生比例目标", "百分数"),
    ),
    Row(
        "draft-record-deadline-before-start",
        draft_with_stats("record-order"),
        2,
        ("工作情况", "报名截止", "早于"),
    ),
    Row(
        "draft-stats-gbk-csv",
        draft_with_stats("gbk"),
        0,
        ("GB18030",),
        creates=("工作区/草稿/新草稿.md",),
    ),
    Row(
        "draft-stats-missing",
        lambda c: [
            "draft",
            "讲话",
            "--stats",
            c.inputs / "没有.xlsx",
            "-o",
            c.ws / "草稿" / "新.md",
        ],
        2,
        ("找不到",),
    ),
    Row("draft-stats-empty", draft_with_stats("empty"), 2, ("空的",)),
    Row("draft-stats-huge", draft_with_stats("huge"), 2, ("文件过大",)),
    Row("draft-stats-truncated-xlsx", draft_with_stats("truncated"), 2, ("无法作为 .xlsx",)),
    Row("draft-stats-xls-renamed", draft_with_stats("xls-renamed"), 2, ("旧版 Excel",)),
    Row("draft-stats-zip-bomb", draft_with_stats("zip-bomb"), 2, ("压缩炸弹",), sub=True),
    Row("draft-stats-entities", draft_with_stats("entities"), 2, ("已损坏",), sub=True),
    Row("draft-stats-merged-cells", draft_with_stats("merged"), 2, ("合并单元格", "B3:B4")),
    Row("draft-stats-formula-no-value", draft_with_stats("formula"), 2, ("C4", "公式", "保存")),
    Row("draft-stats-data-sheet-hidden", draft_with_stats("hidden-data"), 2, ("工作表",)),
    Row(
        "draft-stats-hidden-extra-sheet",
        draft_with_stats("hidden-extra"),
        0,
        ("隐藏的工作表",),
        creates=("工作区/草稿/新草稿.md",),
    ),
    Row("draft-profile-not-toml", draft_bad_profile, 2, ("zhengbing.toml",)),
    Row(
        "draft-profile-gbk",
        draft_gbk_profile,
        0,
        ("草稿",),
        creates=("工作区/草稿/新草稿.md",),
    ),
    Row("draft-profile-bad-encoding", draft_undecodable_profile, 2, ("zhengbing.toml", "编码")),
    Row("draft-profile-wrong-type", draft_profile_wrong_type, 2, ("speaker", "文字")),
    Row("draft-profile-unknown-fonts", draft_profile_unknown_fonts, 2, ("fonts", "字体方案")),
    Row("draft-readonly-folder", draft_readonly, 3, ("不可写",)),
    Row("draft-output-exists", draft_existing, 3, ("已存在",)),
    Row("draft-template-syntax-error", draft_template_syntax, 2, ("讲话稿.md.j2", "语法错误")),
    Row(
        "draft-path-spaces-chinese",
        draft_spaces,
        0,
        ("草稿",),
        creates=("我的 工作区 2026/草稿/新 草稿.md", "我的 工作区 2026/成稿/新 草稿.docx"),
        sub=True,
    ),
    # check: any draft → findings
    Row("check-bad-encoding", check_file("bad-encoding"), 2, ("无法识别文件编码",)),
    Row("check-gbk-draft", check_file("gbk"), 0, ("未发现问题",)),
    Row("check-empty-file", check_file("empty"), 2, ("是空的",)),
    Row("check-front-matter-not-yaml", check_file("front-matter"), 1, ("第 3 行", "YAML")),
    Row("check-huge-file", check_file("huge"), 2, ("文件过大",)),
    Row("check-truncated-docx", check_file("truncated", ".docx"), 2, ("已损坏",)),
    Row("check-doc-renamed", check_file("doc-renamed", ".docx"), 2, ("旧版 Word",)),
    Row("check-zip-bomb-docx", check_file("zip-bomb", ".docx"), 2, ("压缩炸弹",), sub=True),
    Row("check-entities-docx", check_file("entities", ".docx"), 2, ("已损坏",), sub=True),
    Row("check-pdf", check_file("pdf", ".pdf"), 2, ("不支持的文件类型",)),
    Row("check-annotate-readonly", check_annotate_readonly, 3, ("不可写",)),
    Row("check-stats-merged-cells", check_bad_stats, 2, ("合并单元格",)),
    Row("check-damaged-cache", check_damaged_cache, 0, ("未发现问题",)),
    Row("check-workspace-stats-broken", check_workspace_stats_broken, 0, ("未执行", "合并单元格")),
    Row("check-path-spaces-chinese", check_file("spaces"), 0, ("未发现问题",), sub=True),
    Row("check-docx-path-spaces", check_file("docx-spaces", ".docx"), 0, ("未发现问题",)),
    # corpus add: the user's own archive
    Row("corpus-bad-encoding", corpus_add("bad-encoding", ".txt"), 2, ("无法识别文件编码",)),
    Row(
        "corpus-gbk-text",
        corpus_add("gbk", ".txt"),
        0,
        ("GB18030", "已导入"),
        creates=("工作区/资料/*.md",),
    ),
    Row("corpus-empty-file", corpus_add("empty"), 2, ("空的",)),
    Row("corpus-front-matter-not-yaml", corpus_add("front-matter"), 2, ("第 3 行", "YAML")),
    Row("corpus-huge-file", corpus_add("huge"), 2, ("文件过大",)),
    Row("corpus-truncated-docx", corpus_add("truncated", ".docx"), 2, ("无法读取",)),
    Row("corpus-doc-renamed", corpus_add("doc-renamed", ".docx"), 2, ("旧版 Word",)),
    Row("corpus-zip-bomb-docx", corpus_add("zip-bomb", ".docx"), 2, ("压缩炸弹",), sub=True),
    Row("corpus-entities-docx", corpus_add("entities", ".docx"), 2, ("无法读取",), sub=True),
    Row("corpus-pdf-without-text", corpus_add("pdf", ".pdf"), 2, ("没有可提取的文字",)),
    Row("corpus-zip-bomb-zip", corpus_zip("bomb_zip"), 2, ("过大",), sub=True),
    Row(
        "corpus-zip-path-traversal",
        corpus_zip({"好文件.md": b"# a\n\nbody text here.\n", "../../逃逸.md": b"# x\n\nbody.\n"}),
        2,
        ("压缩包以外",),
        sub=True,
    ),
    Row(
        "corpus-zip-absolute-path",
        corpus_zip({"/tmp/绝对路径.md": "# 标题\n\n正文内容。\n".encode()}),
        2,
        ("压缩包以外",),
    ),
    Row("corpus-readonly-folder", corpus_readonly, 2, ("不可写",)),
    Row(
        "corpus-one-bad-one-good",
        corpus_mixed,
        2,
        ("无法识别文件编码", "导入 1 个，失败 1 个"),
        creates=("工作区/资料/*.md",),
    ),
    Row(
        "corpus-path-spaces-chinese",
        corpus_add("docx-spaces", ".docx"),
        0,
        ("已导入",),
        creates=("工作区/资料/*.md",),
    ),
    Row(
        "corpus-unwritable-cache",
        corpus_unwritable_cache,
        0,
        ("已导入", "索引未能更新"),
        creates=("工作区/资料/*.md",),
        sub=True,
    ),
    Row("corpus-old-doc-file", corpus_add("doc-renamed", ".doc"), 2, ("旧版 Word",)),
    Row(
        "corpus-zip-damaged-member",
        corpus_damaged_member,
        2,
        ("无法解压", "导入 1 个，失败 1 个"),
        creates=("工作区/资料/*.md",),
    ),
    # search: queries and a damaged cache
    Row("search-damaged-index", search_damaged_index, 0, ("第",)),
    Row("search-damaged-manifest", search_damaged_manifest, 0, ("兵役登记",)),
    Row("search-unwritable-cache", search_unwritable_cache, 3, ("ZHENGBING_INDEX_DIR",), sub=True),
    Row(
        "search-limit-zero",
        lambda c: ["search", "兵役", "--limit", "0", "--workspace", c.ws],
        2,
        ("--limit",),
    ),
    Row("search-punctuation-only", search_query("。，！？“”"), 0, ("没有找到",)),
    Row("search-unbalanced-quote", search_query('"兵役登记'), 0, ("兵役登记",)),
    Row("search-huge-query", search_query("兵役" * 5000), 0, ()),
    Row(
        "search-own-file-bad-front-matter",
        search_with_own("坏头.md", BAD_FRONT_MATTER),
        0,
        ("兵役登记",),
        sub=True,
    ),
    Row(
        "search-own-file-bad-encoding", search_with_own("坏编码.md", UNDECODABLE), 0, ("兵役登记",)
    ),
    # stats show: the statistics workbook
    Row("stats-merged-cells", stats_show("merged"), 2, ("合并单元格", "B3:B4")),
    Row("stats-formula-no-value", stats_show("formula"), 2, ("C4", "公式")),
    Row("stats-data-sheet-hidden", stats_show("hidden-data"), 2, ("工作表",)),
    Row("stats-hidden-extra-sheet", stats_show("hidden-extra"), 0, ("隐藏的工作表", "合计")),
    Row("stats-truncated-xlsx", stats_show("truncated"), 2, ("无法作为 .xlsx",)),
    Row("stats-xls-renamed", stats_show("xls-renamed"), 2, ("旧版 Excel",)),
    Row("stats-zip-bomb", stats_show("zip-bomb"), 2, ("压缩炸弹",), sub=True),
    Row("stats-entities", stats_show("entities"), 2, ("已损坏",), sub=True),
    Row("stats-missing-file", lambda c: ["stats", "show", c.inputs / "没有.csv"], 2, ("找不到",)),
    Row("stats-bad-encoding-csv", stats_show("bad-encoding"), 2, ("无法识别文件编码",)),
    Row("stats-gbk-csv", stats_show("gbk"), 0, ("GB18030", "合计")),
    Row("stats-empty-csv", stats_show("empty"), 2, ("空的",)),
    Row("stats-huge-csv", stats_show("huge"), 2, ("文件过大",)),
    Row("stats-path-spaces-chinese", stats_show("spaces"), 0, ("合计",), sub=True),
    # hostile inputs: special files, links out of the user's choice, small files that were slow
    Row(
        "render-draft-is-a-fifo",
        fifo_as("render", "讲话.md"),
        2,
        ("不是普通文件", "命名管道"),
        sub=True,
    ),
    Row(
        "render-reference-is-a-fifo",
        fifo_as("reference", "参考.docx"),
        2,
        ("不是普通文件",),
        sub=True,
    ),
    Row(
        "render-reference-reaching-out",
        render_reference_reaching_out,
        0,
        ("已去除", "附加模板", "子文档", "框架", "宏", "外部链接", "引用外部文件的域"),
        creates=("输入/成稿.docx",),
    ),
    Row("check-fifo", fifo_as("check", "讲话.md"), 2, ("不是普通文件", "命名管道"), sub=True),
    Row("check-link-to-dev-zero", check_device_link, 2, ("不是普通文件", "设备文件"), sub=True),
    Row("check-one-49mb-line", check_one_long_line, 1, ("只列出前 1000 处",)),
    Row("stats-fifo", fifo_as("stats", "统计.csv"), 2, ("不是普通文件",), sub=True),
    Row("stats-too-many-rows", stats_too_many_rows, 2, ("最多 10000 个单位",)),
    Row("corpus-fifo", fifo_as("corpus", "讲话.md"), 2, ("不是普通文件", "命名管道"), sub=True),
    Row(
        "corpus-fifo-in-folder",
        corpus_folder_with("fifo"),
        0,
        ("管道.md", "不是普通文件", "导入 1 个"),
        creates=("工作区/资料/*.md",),
        sub=True,
    ),
    Row(
        "corpus-link-out-of-folder",
        corpus_folder_with("link"),
        0,
        ("口令.txt", "所选文件夹以外", "导入 1 个"),
        creates=("工作区/资料/*.md",),
    ),
    Row("corpus-same-source-twice", corpus_same_source_twice, 0, ("已在资料库中", "导入 0 个")),
    Row(
        "corpus-62-emoji-name",
        corpus_named(EMOJI_NAME, "😀" * 62),
        0,
        ("已导入",),
        creates=("工作区/资料/*.md",),
    ),
    Row(
        "corpus-bidi-override-name",
        corpus_named(BIDI_NAME, "\u202e通知"),
        0,
        ("已导入",),
        creates=("工作区/资料/通知.md",),
    ),
    Row(
        "draft-template-link-out",
        draft_template_link_out,
        2,
        ("口令.j2", "模板文件夹以外", "未写入任何文件"),
    ),
    Row("draft-template-huge-value", draft_template_huge_value, 2, ("超过上限",), sub=True),
    # init: a new workspace
    Row("init-readonly-parent", init_at(_init_readonly), 3, ("无法创建",)),
    Row("init-unwritable-folder", init_at(_init_unwritable), 3, ("无法创建",), sub=True),
    Row("init-existing-workspace", init_at(lambda c: c.ws), 3, ("已经是工作区",)),
    Row("init-target-is-a-file", init_at(lambda c: c.put("工作区.txt", "x")), 3, ("不是文件夹",)),
    Row("init-stats-file-exists", init_at(_init_stats_exists), 3, ("已存在", "不会覆盖")),
    Row(
        "init-path-spaces-chinese",
        init_at(lambda c: c.inputs / "我的 工作区 2025"),
        0,
        ("已新建工作区",),
        creates=(
            "输入/我的 工作区 2025/zhengbing.toml",
            "输入/我的 工作区 2025/统计/*.xlsx",
            "输入/我的 工作区 2025/统计/*.csv",
        ),
        sub=True,
    ),
]


# --------------------------------------------------------------------------- blobs


@pytest.fixture(scope="session")
def blobs(base_workspace: Path) -> dict[str, bytes]:
    """Expensive broken files, made once."""
    docx = next((base_workspace / "成稿").glob("*动员讲话.docx")).read_bytes()
    xlsx = (base_workspace / "统计" / "征兵统计2026.xlsx").read_bytes()
    sheet = f'<worksheet xmlns="{"http://schemas.openxmlformats.org/spreadsheetml/2006/main"}">'
    return {
        "bomb_docx": docx_with_part(docx, "word/document.xml", bomb_document(80)),
        "laughs_docx": docx_with_part(docx, "word/document.xml", laughs_document()),
        "bomb_xlsx": docx_with_part(
            xlsx,
            "xl/worksheets/sheet1.xml",
            sheet.encode() + b"<sheetData>" + b"<row/>" * 14_000_000,
        ),
        "laughs_xlsx": docx_with_part(
            xlsx,
            "xl/worksheets/sheet1.xml",
            billion_laughs(sheet.encode() + b"<sheetData/><extLst>&lol9;</extLst></worksheet>"),
        ),
        "bomb_zip": zip_of({"大文件.txt": b"0" * (260 * 1024 * 1024)}),
        "pdf": textless_pdf(),
    }


# --------------------------------------------------------------------------- the test


PARAMS = [
    pytest.param(
        r, id=r.id, marks=[pytest.mark.xfail(reason=r.known, strict=True)] if r.known else []
    )
    for r in ROWS
]


@pytest.mark.parametrize("row", PARAMS)
def test_bad_input(
    row: Row,
    ws: Path,
    tmp_path: Path,
    blobs: dict[str, bytes],
    cli: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = Ctx(tmp_path, ws, tmp_path / "输入", blobs, monkeypatch)
    ctx.inputs.mkdir()
    try:
        args = [str(a) for a in row.build(ctx)]
        watched = (ctx.tmp,)
        before = tree_state(*watched)
        if row.sub:
            proc = run_cli(args, ctx.ws)
            code, out, err = proc.returncode, proc.stdout, proc.stderr
        else:
            code, out, err = cli(args, ctx.ws)
        after = tree_state(*watched)
    finally:
        for undo in ctx.restore:
            undo()
    text = out + err
    assert "Traceback" not in text and code != 70, text
    assert code == row.code, f"exit {code}, expected {row.code}:\n{text}"
    if code != 0:
        assert_clean_failure(code, err)
    for fragment in row.message:
        assert fragment in text, f"{fragment!r} not in:\n{text}"
    # nothing half-written, nothing that existed changed
    assert leftovers(ctx.tmp) == []
    assert changed(before, after) == []
    new = added(before, after)
    for pattern in row.creates:
        matches = [str(p) for p in ctx.tmp.glob(pattern)]
        assert any(m in new for m in matches), f"{pattern} was not written: {new}"
    unexpected = [n for n in new if not any(Path(n).match(str(ctx.tmp / p)) for p in row.creates)]
    assert unexpected == [], f"unexpected new files: {unexpected}"


def test_every_row_is_documented() -> None:
    """docs/bad-inputs.md lists each row of the matrix, with its exit code."""
    from .util import ROOT

    doc = (ROOT / "docs" / "bad-inputs.md").read_text(encoding="utf-8")
    table = doc.split("# 坏输入对照表", 1)[1].split("\n#", 1)[0]
    lines = {ln.split("|")[1].strip(" `"): ln for ln in table.splitlines() if ln.startswith("| `")}
    assert sorted(lines) == sorted(r.id for r in ROWS)
    for row in ROWS:
        assert f"| {row.code} |" in lines[row.id], row.id


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_console_that_cannot_show_every_character(ws: Path, tmp_path: Path, encoding: str) -> None:
    """Output piped on a GBK Windows machine (no emoji) or in an ASCII locale: no traceback."""
    draft = tmp_path / "表情.md"
    draft.write_text("# 征兵工作讲话🎉\n\n同志们：今年报名人数创新高🎉。\n", encoding="utf-8")
    env = {"PYTHONIOENCODING": encoding}
    for args in (
        ["check", str(draft), "--workspace", str(ws)],
        ["search", "兵役登记", "--workspace", str(ws), "--limit", "2"],
        ["render", str(draft), "-o", str(tmp_path / "表情.docx")],
    ):
        proc = run_cli(args, ws, env=env)
        assert proc.returncode in (0, 1), proc.stderr
        assert "Traceback" not in proc.stderr
    assert (tmp_path / "表情.docx").exists()
