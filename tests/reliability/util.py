"""Helpers of the reliability suite: broken input files, folder snapshots, CLI runners."""

from __future__ import annotations

import hashlib
import io
import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DRAFT = ROOT / "templates" / "examples" / "征兵工作动员讲话示例.md"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# bytes that are neither UTF-8 nor GB18030 (0xFF never occurs in either)
UNDECODABLE = "# 标题\n\n正文".encode() + b"\x81\x30\xff\xfe\xff" + "。\n".encode()
MEMORY_LIMIT = 3 * 1024 * 1024 * 1024  # address space of a CLI subprocess (bombs must not win)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --------------------------------------------------------------------------- snapshots


def tree_state(*roots: Path) -> dict[str, str]:
    """Every file under *roots* → sha256 of its content."""
    state: dict[str, str] = {}
    for root in roots:
        if root.is_file():
            state[str(root)] = hashlib.sha256(root.read_bytes()).hexdigest()
            continue
        if not root.is_dir():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.is_symlink():
                state[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return state


def leftovers(*roots: Path) -> list[Path]:
    """Temporary files an interrupted or failed write could leave behind."""
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        for p in root.rglob("*"):
            if p.name.endswith((".tmp", ".part")) or p.name.startswith("~$"):
                found.append(p)
    return found


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files that existed before and are now different or gone."""
    return sorted(k for k, v in before.items() if after.get(k) != v)


def added(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in after if k not in before)


# --------------------------------------------------------------------------- running the CLI


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(
    args: list[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m zhengbing ARGS`` in a child process with a memory ceiling."""
    full_env = dict(os.environ)
    full_env.pop("PYTHONWARNINGS", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "zhengbing", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        preexec_fn=_limit_memory,
        check=False,
    )


def assert_clean_failure(code: int, err: str) -> None:
    """A user error: one Chinese message, no traceback, not the internal-error exit code."""
    assert "Traceback" not in err, err
    assert code != 70, err
    assert re.search(r"[\u4e00-\u9fff]", err), err


# --------------------------------------------------------------------------- broken files


def docx_with_part(source: bytes, part: str, data: bytes) -> bytes:
    """A copy of the .docx/.xlsx *source* whose *part* is replaced by *data*."""
    zin = zipfile.ZipFile(io.BytesIO(source))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == part else zin.read(info))
    return buf.getvalue()


def billion_laughs(root: bytes) -> bytes:
    """An XML document whose entities expand to ~10^9 copies of "lol" inside *root*."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    return b'<?xml version="1.0"?>\n<!DOCTYPE lolz [' + entities + b"]>\n" + root


def laughs_document() -> bytes:
    return billion_laughs(
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
        + b"&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )


def external_entity_document(secret: Path) -> bytes:
    """document.xml declaring an external entity that points at a local file."""
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "'
        + secret.resolve().as_uri().encode()
        + b'">]>\n'
        + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
        + "开头".encode()
        + b"&xxe;"
        + "结尾".encode()
        + b"</w:t></w:r></w:p></w:body></w:document>"
    )


def bomb_document(megabytes: int = 80) -> bytes:
    """document.xml of *megabytes* of empty paragraphs (compresses ~1000:1)."""
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    return head + b"<w:p/>" * (megabytes * 1024 * 1024 // 6) + b"</w:body></w:document>"


def zip_of(members: dict[str, bytes], *, compress: bool = True) -> bytes:
    buf = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", mode) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def textless_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def sparse_file(path: Path, megabytes: int) -> Path:
    """A file of *megabytes* that takes no disk space (size checks must come first)."""
    with open(path, "wb") as fh:
        fh.truncate(megabytes * 1024 * 1024)
    return path


def unwritable_system_folder() -> Path | None:
    """A folder even root cannot create files in (sysfs), or None."""
    folder = Path("/sys/kernel")
    if not folder.is_dir():
        return None
    probe = folder / "zhengbing-probe"
    try:
        probe.mkdir()
    except OSError:
        return folder
    probe.rmdir()  # pragma: no cover - a writable sysfs: not a usable folder
    return None


R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REMOTE = "http://198.51.100.7/share"  # a documentation address: never reachable


def reference_reaching_out(source: bytes) -> bytes:
    """A copy of the .docx *source* that would make Word fetch remote files: an attached
    template on a network share, a sub-document, a frame, a header hyperlink and an
    INCLUDEPICTURE field in the header, and a macro part."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    document = docx.Document(io.BytesIO(source))
    header = document.sections[0].header
    header.is_linked_to_previous = False
    rid = header.part.relate_to(f"{REMOTE}/header-link", RT.HYPERLINK, is_external=True)
    paragraph = header.paragraphs[0]
    paragraph.add_run("页眉链接")
    link = etree.SubElement(paragraph._p, f"{{{W_NS}}}hyperlink")
    link.set(f"{{{R_NS}}}id", rid)
    link.append(paragraph.runs[0]._r)
    field = etree.SubElement(paragraph._p, f"{{{W_NS}}}fldSimple")
    field.set(f"{{{W_NS}}}instr", f'INCLUDEPICTURE "{REMOTE}/pixel.png" \\d')
    buf = io.BytesIO()
    document.save(buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    rel = '<Relationship Id="{id}" Type="{ns}/{kind}" Target="{target}" TargetMode="External"/>'
    extra = "".join(
        rel.format(id=i, ns=R_NS, kind=k, target=t)
        for i, k, t in (
            ("rIdSub", "subDocument", f"{REMOTE}/sub.docx"),
            ("rIdFrame", "frame", f"{REMOTE}/frame.htm"),
        )
    )
    vba = '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>", (extra + vba).encode() + b"</Relationships>"
                )
            elif info.filename == "word/settings.xml":
                text = data.decode("utf-8")
                m = re.search(r"<w:settings\b[^>]*>", text)
                assert m is not None
                tag = m.group(0)
                if "xmlns:r=" not in tag:
                    tag = tag[:-1] + f' xmlns:r="{R_NS}">'
                data = (
                    text[: m.start()]
                    + tag
                    + '<w:attachedTemplate r:id="rIdTpl"/>'
                    + text[m.end() :]
                ).encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            zout.writestr(info, data)
        zout.writestr(
            "word/_rels/settings.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rel.format(
                id="rIdTpl",
                ns=R_NS,
                kind="attachedTemplate",
                target="file://198.51.100.7/share/normal.dotm",
            )
            + "</Relationships>",
        )
        zout.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really macros")
    return out.getvalue()


def external_targets(docx_bytes: bytes) -> list[str]:
    """Every remote address, attached template, sub-document, frame or macro part left in a .docx."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            if b"198.51.100.7" in data:
                found.append(f"{name}: remote address")
            for marker in (
                b"attachedTemplate",
                b"subDocument",
                b'/frame"',
                b"vbaProject",
                b"INCLUDEPICTURE",
            ):
                if marker in data:
                    found.append(f"{name}: {marker.decode()}")
            if name.lower().endswith(".bin") and "vba" in name.lower():
                found.append(f"{name}: macro part")
    return found
