"""Security: sandboxed workspace templates, safe imports, no XML entities, no network."""

from __future__ import annotations

import json
import socket
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .util import (
    added,
    assert_clean_failure,
    changed,
    docx_with_part,
    external_entity_document,
    leftovers,
    run_cli,
    tree_state,
    zip_of,
)

Runner = Callable[..., tuple[int, str, str]]
SECRET = "绝密内容-TOPSECRET-7788"

# --------------------------------------------------------------------------- jinja2 sandbox

ESCAPES = {
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "builtins": "{{ self._TemplateReference__context.eval }}",
    "import-os": "{% set x = namespace.__init__.__globals__ %}{{ x }}",
    "format-leak": "{{ '{0.__class__.__init__.__globals__}'.format(doc) }}",
    "read-profile": "{% include '../../zhengbing.toml' %}",
    "read-absolute": "{% include '/etc/passwd' %}",
    "read-secret": "{{ open('SECRET').read() }}",
}


@pytest.mark.parametrize("payload", list(ESCAPES.values()), ids=list(ESCAPES))
def test_workspace_template_cannot_escape(ws: Path, cli: Runner, payload: str) -> None:
    secret = ws / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    kinds = ws / "templates" / "kinds"
    kinds.mkdir(parents=True)
    template = "# {{ year }}年征兵工作动员讲话\n\n同志们：\n\n" + payload.replace(
        "SECRET", str(secret)
    )
    (kinds / "讲话稿.md.j2").write_text(template + "\n", encoding="utf-8")
    before = tree_state(ws)
    code, out, err = cli(["draft", "讲话", "-o", ws / "草稿" / "越权.md"], ws)
    after = tree_state(ws)
    assert code == 2, out + err
    assert_clean_failure(code, err)
    assert "讲话稿.md.j2" in err or "模板" in err
    # refused by the sandbox (or the name simply does not exist there), not by accident
    assert any(why in err for why in ("不允许", "未定义", "找不到模板")), err
    assert SECRET not in out + err and "root:" not in out + err and "[unit]" not in out + err
    assert changed(before, after) == [] and added(before, after) == []
    assert leftovers(ws) == []


def test_workspace_template_within_sandbox_still_works(ws: Path, cli: Runner) -> None:
    """The sandbox does not break legitimate overrides (filters and statistics)."""
    kinds = ws / "templates" / "kinds"
    kinds.mkdir(parents=True)
    (kinds / "讲话稿.md.j2").write_text(
        "# 在{{ year }}年征兵工作会议上的讲话\n\n同志们：\n\n今年共有{{ t.报名人数 }}名青年报名。\n",
        encoding="utf-8",
    )
    code, out, err = cli(["draft", "讲话", "-o", ws / "草稿" / "自定义.md"], ws)
    assert code == 0, out + err
    text = (ws / "草稿" / "自定义.md").read_text(encoding="utf-8")
    assert "名青年报名" in text


def test_sandbox_is_in_force_for_workspace_templates(ws: Path) -> None:
    from jinja2.sandbox import SandboxedEnvironment

    from zhengbing.compose.environment import make_environment
    from zhengbing.workspace import find_workspace

    (ws / "templates" / "kinds").mkdir(parents=True)
    env = make_environment(find_workspace(ws))
    assert isinstance(env, SandboxedEnvironment)


# --------------------------------------------------------------------------- imports


TRAVERSALS = {
    "dotdot": "../../逃逸.md",
    "dotdot-inside": "资料/../../../逃逸.md",
    "backslash": "..\\..\\逃逸.md",
    "absolute": "/tmp/逃逸.md",
    "drive-letter": "C:/Windows/逃逸.md",
}


@pytest.mark.parametrize("member", list(TRAVERSALS.values()), ids=list(TRAVERSALS))
def test_zip_path_traversal_refused(ws: Path, tmp_path: Path, cli: Runner, member: str) -> None:
    body = "# 逃逸\n\n这段文字不应出现在资料文件夹以外。\n".encode()
    archive = tmp_path / "资料包.zip"
    archive.write_bytes(zip_of({"正常.md": "# 正常\n\n正常的文字内容。\n".encode(), member: body}))
    before = tree_state(tmp_path)
    code, out, err = cli(["corpus", "add", archive, "--workspace", ws], ws)
    after = tree_state(tmp_path)
    assert code == 2, out + err
    assert "压缩包以外" in err
    # the whole archive is refused: nothing imported, nothing written anywhere
    assert added(before, after) == [] and changed(before, after) == []
    assert not list(Path("/tmp").glob("逃逸.md"))


def test_zip_member_ratio_bomb_refused(ws: Path, tmp_path: Path, cli: Runner) -> None:
    archive = tmp_path / "炸弹.zip"
    archive.write_bytes(zip_of({"讲话.txt": b"\xe5\x85\xb5" * (20 * 1024 * 1024)}))
    code, out, err = cli(["corpus", "add", archive, "--workspace", ws], ws)
    assert code == 2 and ("压缩炸弹" in err or "过大" in err), out + err
    assert list((ws / "资料").iterdir()) == []


def test_safezip_guard_reads_only_the_directory(tmp_path: Path) -> None:
    from zhengbing.errors import InputError
    from zhengbing.safezip import MAX_XML_BYTES, check_archive

    small = zip_of({"word/document.xml": b"<a/>"})
    check_archive(small, "小.docx")  # passes
    check_archive(b"not a zip", "坏.docx")  # left to the caller's own reader
    big = zip_of({"word/document.xml": b" " * (MAX_XML_BYTES + 1)})
    with pytest.raises(InputError, match="压缩炸弹"):
        check_archive(big, "大.docx")


# --------------------------------------------------------------------------- XML entities


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "机密.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def xxe_docx(ws: Path, tmp_path: Path, secret_file: Path) -> Path:
    source = next((ws / "成稿").glob("*动员讲话.docx")).read_bytes()
    path = tmp_path / "外部实体.docx"
    path.write_bytes(
        docx_with_part(source, "word/document.xml", external_entity_document(secret_file))
    )
    return path


def test_external_entity_not_resolved_on_import(ws: Path, xxe_docx: Path, cli: Runner) -> None:
    code, out, err = cli(["corpus", "add", xxe_docx, "--workspace", ws], ws)
    assert "Traceback" not in err
    assert SECRET not in out + err
    for f in (ws / "资料").rglob("*"):
        if f.is_file():
            assert SECRET not in f.read_text(encoding="utf-8")
    if code == 0:
        code, out, err = cli(["search", "TOPSECRET", "--workspace", ws, "--json"], ws)
        assert SECRET not in out


def test_external_entity_not_resolved_by_check(ws: Path, xxe_docx: Path, cli: Runner) -> None:
    code, out, err = cli(["check", xxe_docx, "--workspace", ws, "--format", "json"], ws)
    assert code in (0, 1, 2) and "Traceback" not in err
    assert SECRET not in out + err
    if code in (0, 1):
        for finding in json.loads(out):
            assert SECRET not in json.dumps(finding, ensure_ascii=False)


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_external_entity_not_resolved_in_reference(
    ws: Path, tmp_path: Path, secret_file: Path, cli: Runner, part: str
) -> None:
    """A reference .docx whose body or styles declare an entity that reads a local file."""
    import zipfile

    source = next((ws / "成稿").glob("*动员讲话.docx"))
    with zipfile.ZipFile(source) as zf:
        xml = zf.read(part).decode("utf-8")
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret_file.resolve().as_uri()}">]>'
    xml = xml.replace("?>", "?>" + doctype, 1)
    if part == "word/styles.xml":  # the entity inside a style name the writer copies
        xml = xml.replace('w:val="Normal"', 'w:val="Normal&xxe;"', 1)
    else:
        xml = xml.replace("</w:t>", "&xxe;</w:t>", 1)
    assert "&xxe;" in xml
    reference = tmp_path / "参考.docx"
    reference.write_bytes(docx_with_part(source.read_bytes(), part, xml.encode("utf-8")))
    speech = next((ws / "草稿").glob("*动员讲话.md"))
    out_docx = tmp_path / "成稿.docx"
    code, out, err = cli(["render", speech, "-o", out_docx, "--reference", reference], ws)
    # used with the entity left unresolved, or refused as damaged: never read
    assert code == 0 or (code == 2 and "参考文件" in err), err
    assert "Traceback" not in err and SECRET not in out + err
    if out_docx.exists():
        with zipfile.ZipFile(out_docx) as zf:
            for name in zf.namelist():
                assert SECRET.encode() not in zf.read(name)


def test_external_entity_not_resolved_in_workbook(
    ws: Path, tmp_path: Path, secret_file: Path, cli: Runner
) -> None:
    source = (ws / "统计" / "征兵统计2026.xlsx").read_bytes()
    import zipfile

    with zipfile.ZipFile(ws / "统计" / "征兵统计2026.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    # the first unit name becomes an entity reference to the secret file
    doctype = f'<!DOCTYPE w [<!ENTITY xxe SYSTEM "{secret_file.resolve().as_uri()}">]>'
    sheet = sheet.replace("?>", "?>" + doctype, 1).replace("云岭社区", "&xxe;", 1)
    path = tmp_path / "统计.xlsx"
    path.write_bytes(docx_with_part(source, "xl/worksheets/sheet1.xml", sheet.encode("utf-8")))
    code, out, err = cli(["stats", "show", path, "-w", ws], ws)
    assert "Traceback" not in err and code != 70
    assert SECRET not in out + err


# --------------------------------------------------------------------------- no network


class NetworkAttempt(OSError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt to resolve a name or open an internet connection is recorded and fails."""
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., object]:
        def blocked(*args: object, **kwargs: object) -> object:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise NetworkAttempt(f"network disabled in this test: {what}")

        return blocked

    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse("socket.connect")(self, address)
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts


def test_main_commands_make_no_connection(
    ws: Path, tmp_path: Path, cli: Runner, no_network: list[str]
) -> None:
    speech = next((ws / "草稿").glob("*动员讲话.md"))
    doc = tmp_path / "资料.md"
    doc.write_text("# 2025年征兵工作总结\n\n今年共有四十名青年报名应征。\n", encoding="utf-8")
    commands = [
        ["demo", tmp_path / "演示"],
        ["draft", "总结", "-o", ws / "草稿" / "离线.md", "--docx"],
        ["draft", "讲话", "-o", ws / "草稿" / "离线建议.md", "--suggest"],
        ["render", speech, "-o", tmp_path / "离线.docx"],
        ["check", speech, "--workspace", ws],
        [
            "check",
            next((ws / "成稿").glob("*动员讲话.docx")),
            "--workspace",
            ws,
            "--annotate",
            tmp_path / "批注.docx",
        ],
        ["corpus", "add", doc, "--workspace", ws],
        ["search", "大学生 学费补偿", "--workspace", ws],
        ["corpus", "rebuild", "--workspace", ws],
        ["stats", "show", "-w", ws],
    ]
    for args in commands:
        code, out, err = cli(args, ws)
        assert code in (0, 1), f"{args[0]}: {out}{err}"
    assert no_network == []


def test_child_processes_make_no_connection(ws: Path, tmp_path: Path) -> None:
    """The same with the real command in child processes, via an injected sitecustomize."""
    hook = tmp_path / "hook"
    hook.mkdir()
    log = tmp_path / "network.log"
    (hook / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import socket

            LOG = {str(log)!r}

            def _record(what):
                def blocked(*args, **kwargs):
                    with open(LOG, "a", encoding="utf-8") as fh:
                        fh.write(what + "\\n")
                    raise OSError("network disabled: " + what)
                return blocked

            _connect = socket.socket.connect

            def _guarded_connect(self, address):
                if self.family in (socket.AF_INET, socket.AF_INET6):
                    _record("connect")(self, address)
                return _connect(self, address)

            socket.socket.connect = _guarded_connect
            socket.socket.connect_ex = _record("connect_ex")
            socket.create_connection = _record("create_connection")
            socket.getaddrinfo = _record("getaddrinfo")
            with open(LOG, "a", encoding="utf-8") as fh:
                fh.write("armed\\n")
            """
        ),
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(hook)}
    speech = next((ws / "草稿").glob("*动员讲话.md"))
    for args in (
        ["render", str(speech), "-o", str(tmp_path / "离线.docx")],
        ["draft", "讲话", "-o", str(ws / "草稿" / "离线.md")],
        ["search", "兵役登记", "--workspace", str(ws)],
        ["check", str(speech), "--workspace", str(ws)],
    ):
        proc = run_cli(args, ws, env=env)
        assert proc.returncode in (0, 1), proc.stderr
    lines = log.read_text(encoding="utf-8").split()
    assert lines.count("armed") == 4, "the hook was not loaded in every child"
    assert [line for line in lines if line != "armed"] == []


def test_no_network_library_is_imported() -> None:
    """Importing every command module pulls in no HTTP client."""
    import subprocess

    code = (
        "import sys, importlib\n"
        "from zhengbing.cli import COMMANDS\n"
        "for _, m in COMMANDS: importlib.import_module(m)\n"
        "import zhengbing.search, zhengbing.compose, zhengbing.check, zhengbing.importer\n"
        "bad = [m for m in ('urllib3', 'requests', 'httpx', 'http.client', 'aiohttp')"
        " if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert proc.stdout.strip() == "", proc.stdout


@pytest.mark.parametrize("payload", list(ESCAPES.values())[:5], ids=list(ESCAPES)[:5])
def test_workspace_outline_cannot_escape(ws: Path, cli: Runner, payload: str) -> None:
    """Prose in a workspace outline is rendered in the same sandbox."""
    from zhengbing.resources import templates_dir

    source = templates_dir() / "outlines" / "四个坚持四个确保.yaml"
    own = ws / "templates" / "outlines"
    own.mkdir(parents=True)
    text = source.read_text(encoding="utf-8")
    marker = "今年的征兵命令和"
    assert marker in text
    (own / source.name).write_text(
        text.replace(marker, payload.replace("'", '"') + marker, 1), encoding="utf-8"
    )
    before = tree_state(ws)
    code, out, err = cli(["draft", "讲话", "-o", ws / "草稿" / "越权.md"], ws)
    assert code == 2, out + err
    assert_clean_failure(code, err)
    assert "四个坚持四个确保" in err
    assert any(why in err for why in ("不允许", "未定义")), err
    assert "<class" not in out + err and "popen" not in out + err.lower()
    assert tree_state(ws) == before


def test_tui_makes_no_connection(ws: Path, no_network: list[str]) -> None:
    """The terminal UI searching and checking, with networking blocked."""
    import asyncio
    import time

    async def scenario() -> None:
        from zhengbing.tui.app import make_app
        from zhengbing.tui.panels import SearchPanel

        from zhengbing.workspace import find_workspace

        app = make_app(find_workspace(ws), cursor_blink=False, warm_up=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+f")
            panel = app.query_one(SearchPanel)
            panel.input.value = "大学生 学费补偿"
            deadline = time.monotonic() + 120
            while panel.shown_query != "大学生 学费补偿":
                assert time.monotonic() < deadline
                await pilot.pause(0.05)
            assert panel._hits
            await pilot.press("f5")
            await pilot.pause(1.0)

    asyncio.run(scenario())
    assert no_network == []
