"""Importing the user's own documents into the workspace's 资料/ folder.

Accepted: .md, .txt (BOM → UTF-8 → GB18030), .docx (headings from paragraph styles and from
the numbering 一、（一）1.), .pdf with a text layer, a folder (recursively) and a .zip (member
names from Chinese Windows are decoded as GBK). Each document becomes one Markdown file with
YAML front matter in 资料/. One failing file never stops the others, and nothing is ever
overwritten: every file is written completely or not at all.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from zhengbing import kinds, ooxml
from zhengbing.corpus import OTHER_KIND, POLICY_KINDS, SAMPLE_KINDS
from zhengbing.dialect import SENTENCE_END
from zhengbing.docxread import DocxMessages, open_docx_bytes
from zhengbing.errors import InputError, OutputError, UserError
from zhengbing.reader import (
    CELL,
    HEADING,
    TITLE,
    FrontMatterError,
    SourceDocument,
    document_from_docx_object,
    document_from_plain,
    pdf_text,
    split_front_matter,
)
from zhengbing.textio import (
    atomic_write_text,
    clean_name_text,
    decode_bytes,
    fit_file_name,
    read_user_bytes,
)
from zhengbing.workspace import Workspace

SUPPORTED = (".md", ".markdown", ".txt", ".docx", ".pdf", ".zip")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ZIP_TOTAL = 200 * 1024 * 1024  # uncompressed bytes of all members
MAX_ZIP_MEMBERS = 2000
MAX_RATIO = 100  # uncompressed / compressed, for members above 1 MB

_DOC_NO = re.compile(
    r"[\u4e00-\u9fa5]{1,12}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号"
)
_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?"
)


@dataclass
class Imported:
    source: str
    target: Path
    doc_id: str
    title: str
    kind: str
    note: str = ""  # e.g. the encoding used


@dataclass
class ImportReport:
    imported: list[Imported] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    present: list[tuple[str, Path]] = field(default_factory=list)  # (source, stored copy)


@dataclass
class Overrides:
    kind: str | None = None
    region: str | None = None
    date: str | None = None
    title: str | None = None


@dataclass
class Extracted:
    """A document read from a file, before metadata is decided."""

    blocks: list[tuple[int, str]]  # (heading level 1..4, or 0 for a paragraph, text)
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    markdown: str | None = None  # body kept as is (Markdown input)


# --------------------------------------------------------------------------- readers


def _blocks_from_document(
    doc: SourceDocument, *, join_wrapped: bool = False
) -> tuple[str, list[tuple[int, str]]]:
    """The reader's blocks → (title, blocks of (Markdown heading level or 0, text)).

    With *join_wrapped* (a PDF), lines are hard-wrapped: a line continues the paragraph before
    it unless that ends a sentence or a blank line lies between."""
    title = ""
    blocks: list[tuple[int, str]] = []
    buf = ""
    last_line: int | None = None
    for seg in doc.segments:
        text = seg.text.replace("\u3000", " ").strip()
        if not text:
            continue
        line = seg.line
        gap = last_line is not None and line is not None and line - last_line > 1
        last_line = line
        if seg.role == TITLE and not title and not blocks and not buf:
            title = text
            continue
        if gap and buf:
            blocks.append((0, buf))
            buf = ""
        level = seg.level if seg.role == HEADING else 0
        if level and (not join_wrapped or not buf or buf[-1] in SENTENCE_END):
            if buf:
                blocks.append((0, buf))
                buf = ""
            blocks.append((level, text))
            continue
        if join_wrapped and buf and buf[-1] not in SENTENCE_END:
            buf += text
        else:
            if buf:
                blocks.append((0, buf))
            buf = text
    if buf:
        blocks.append((0, buf))
    return title, blocks


def read_text_document(data: bytes, name: str, *, markdown: bool) -> Extracted:
    decoded = decode_bytes(data, name)
    text = decoded.text
    if not text.strip():
        raise InputError(f"{name}：文件是空的。", hint="请确认选对了文件。")
    note = f"编码 {decoded.encoding}"
    if markdown:
        try:
            meta, body, _line = split_front_matter(text)
        except FrontMatterError as exc:
            where = f"第 {exc.line} 行" if exc.line else ""
            raise InputError(
                f"{name}{where and '：' + where}：{exc}。",
                hint="请修正文件开头“---”之间的 YAML 头（键: 值，每行一项），或删除 YAML 头后再导入。",
            ) from None
        if not body.strip():
            raise InputError(f"{name}：除 YAML 头外没有正文。")
        title = ""
        for line in body.splitlines():
            m = re.match(r"^#\s+(.+)$", line.strip())
            if m:
                title = m.group(1).strip()
                break
        return Extracted([], title=title, meta=meta or {}, note=note, markdown=body)
    title, blocks = _blocks_from_document(document_from_plain(text, name))
    if not blocks and not title:
        raise InputError(f"{name}：文件中没有文字。")
    return Extracted(blocks, title=title, note=note)


_DOCX_MESSAGES = DocxMessages(
    old_word="{name}：这是旧版 Word（.doc）文件，只是扩展名为 .docx。",
    old_word_hint="请用 Word 或 WPS 打开后“另存为” .docx 格式再导入。",
    not_zip="{name}：不是有效的 .docx 文件（.docx 应是 zip 压缩包）。",
    not_zip_hint="请用 Word 或 WPS 打开后“另存为” .docx 格式再导入；若是纯文本请改用 .txt。",
    damaged="{name}：无法读取这个 .docx 文件（文件已损坏或不是 Word 文档）。",
    damaged_hint="请用 Word 或 WPS 打开后重新保存为 .docx 再导入。",
    archive_hint="请用 Word 或 WPS 打开后重新保存为 .docx 再导入。",
)


def read_docx(data: bytes, name: str) -> Extracted:
    """A .docx through the reader: styled title and headings, the title rule of the dialect
    for an unstyled first line, headings from their numbering, each table as one block of
    “cell | cell” rows."""
    doc = document_from_docx_object(open_docx_bytes(data, name, _DOCX_MESSAGES), name)
    title = ""
    blocks: list[tuple[int, str]] = []
    table: Any = None
    rows: dict[Any, dict[Any, list[str]]] = {}

    def flush_table() -> None:
        nonlocal table
        if rows:
            lines = [
                " | ".join(" ".join(parts) for parts in cells.values()) for cells in rows.values()
            ]
            blocks.append((0, "\n".join(lines)))
            rows.clear()
        table = None

    for seg in doc.segments:
        text = seg.text.replace("\u3000", " ").strip()
        if seg.role == CELL:
            tc = ooxml.paragraph_element(seg.handle).getparent()  # w:p → w:tc → w:tr → w:tbl
            tr = tc.getparent()
            if tr.getparent() is not table:
                flush_table()
                table = tr.getparent()
            rows.setdefault(tr, {}).setdefault(tc, []).append(text.replace("\n", " "))
            continue
        flush_table()
        if seg.role == TITLE and not title and not blocks:
            title = text
            continue
        blocks.append((seg.level if seg.role == HEADING else 0, text))
    flush_table()
    if not blocks and not title:
        raise InputError(f"{name}：文档中没有文字。", hint="如果是扫描件，请先进行文字识别。")
    return Extracted(blocks, title=title, note="Word 文档")


def read_pdf(data: bytes, name: str) -> Extracted:
    text, pages = pdf_text(data, name)
    doc = document_from_plain(text, name, fmt="pdf")
    title, blocks = _blocks_from_document(doc, join_wrapped=True)
    return Extracted(blocks, title=title, note=f"PDF，{pages} 页")


# --------------------------------------------------------------------------- metadata


def _guess_kind(title: str, text: str) -> str:
    """The kind the title names (see :func:`zhengbing.kinds.kind_from_title`), else 其他."""
    found = kinds.kind_from_title(
        title,
        numbered=_DOC_NO.search(text[:500]) is not None,
        is_local=lambda t: _leading_place(t) is not None,
    )
    return found or OTHER_KIND


_PLACE_PREFIX = re.compile(r"^(\S{2,12}?(?:省|自治区|特别行政区|市|自治州|州|盟|地区|县|区|旗))")


def _leading_place(title: str) -> str | None:
    """The province of the place a title starts with (浙江省…条例, 杭州市…办法), else None."""
    m = _PLACE_PREFIX.match(title)
    if not m:
        return None
    from zhengbing.gazetteer import load_gazetteer

    try:
        return load_gazetteer().province_of(m.group(1))
    except InputError:
        return None


def _find_date(text: str) -> str:
    tail = "\n".join(text.strip().splitlines()[-6:])
    for chunk in (tail, text[:600], text):
        for m in _DATE.finditer(chunk):
            y, mo, d = (int(x) for x in m.groups())
            try:
                return _dt.date(y, mo, d).isoformat()
            except ValueError:
                continue
    return ""


def _parse_date_flag(value: str) -> str:
    m = _DATE.search(value)
    if m:
        try:
            return _dt.date(*(int(x) for x in m.groups())).isoformat()
        except ValueError:
            pass
    m = re.fullmatch(r"\s*((?:19|20)\d{2})\s*年?\s*", value)
    if m:
        return f"{m.group(1)}-01-01"
    raise InputError(
        f"--date {value!r} 不是日期。", hint="请写成 2024-05-20 或 2024年5月20日，或只写年份 2024。"
    )


def _safe_name(title: str) -> str:
    """A file-name stem (and id) from a title: NFC, no bidi controls, no characters a file
    system refuses, at most 60 characters and short enough in bytes for every file system."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f#]', "", clean_name_text(title)).strip().strip(".")
    return fit_file_name(name[:60]) or "未命名"


def _render(meta: dict[str, Any], title: str, ex: Extracted) -> str:
    import yaml

    fm = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    if ex.markdown is not None:
        body = ex.markdown.lstrip("\n")
        if not re.match(r"^#\s", body):
            body = f"# {title}\n\n{body}"
    else:
        parts = [f"# {title}"]
        blocks = ex.blocks
        if meta.get("类别") in POLICY_KINDS:
            blocks = _regulation_blocks(blocks)
        for level, text in blocks:
            if level:
                parts.append("#" * level + " " + text)
            else:
                parts.append(_escape_md(text))
        body = "\n\n".join(parts) + "\n"
    return f"---\n{fm}---\n{body}"


_PART_LINE = re.compile(r"^第[一二三四五六七八九十百零〇]+[编章节](?:\s|$)")


def _regulation_blocks(blocks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """In a law or regulation only 第X编/章/节 are headings; （一）… and 1. are items of an
    article (the corpus splits a regulation into articles by 第X条 under those headings)."""
    out: list[tuple[int, str]] = []
    for _level, text in blocks:
        if len(text) <= 40 and _PART_LINE.match(text):
            out.append((2, text))
        else:
            out.append((0, text))
    return out


def _escape_md(text: str) -> str:
    # keep the text literal: a leading "#", "-", "1." or ">" would become Markdown syntax
    lines = []
    for ln in text.split("\n"):
        if re.match(r"^\s*(#|>|[-+*]\s|\d+[.)]\s)", ln):
            ln = "\\" + ln.lstrip()
        lines.append(ln)
    return "  \n".join(lines)


# --------------------------------------------------------------------------- driver


def _iter_sources(
    path: Path, report: ImportReport
) -> Iterator[tuple[str, str, bytes | None, Path | None]]:
    """(display name, suffix, data or None, file path or None) for every document under *path*."""
    if path.is_dir():
        yield from _iter_folder(path, report)
        return
    if not path.exists():
        report.failed.append((str(path), "找不到这个文件或文件夹。"))
        return
    suffix = path.suffix.lower()
    if suffix == ".doc":
        report.failed.append(
            (
                str(path),
                "旧版 Word（.doc）文件无法直接导入，请用 Word 或 WPS“另存为” .docx 后再导入。",
            )
        )
        return
    if suffix not in SUPPORTED:
        report.failed.append(
            (
                str(path),
                f"不支持的文件类型 {suffix or '（无扩展名）'}；可导入 .md .txt .docx .pdf .zip 或文件夹。",
            )
        )
        return
    try:
        data = read_user_bytes(path, max_bytes=MAX_FILE_BYTES)
    except InputError as exc:
        report.failed.append((str(path), str(exc)))
        return
    if suffix == ".zip":
        try:
            yield from _iter_zip(data, str(path), report)
        except InputError as exc:
            report.failed.append((str(path), str(exc)))
        return
    yield str(path), suffix, data, path


def _iter_folder(
    folder: Path, report: ImportReport
) -> Iterator[tuple[str, str, bytes | None, Path | None]]:
    """The documents of a folder, recursively. Sub-folder symlinks are not entered, a file
    symlink is read only when what it points at lies inside *folder*, and anything that is
    not a regular file (a FIFO, a device) is skipped unopened — each skip is reported."""
    import os
    import stat

    root = folder.resolve()
    for p in sorted(folder.rglob("*")):
        if p.name.startswith((".", "~$")):
            continue
        try:
            link = p.is_symlink()
            mode = p.stat().st_mode if not link or p.exists() else 0
        except OSError as exc:
            report.skipped.append((str(p), f"无法读取（{exc.strerror}）"))
            continue
        if link:
            target = Path(os.path.realpath(p))
            if not target.is_relative_to(root):
                report.skipped.append(
                    (str(p), f"是指向所选文件夹以外（{target}）的符号链接，未导入")
                )
                continue
            if stat.S_ISDIR(mode):
                report.skipped.append((str(p), "是指向文件夹的符号链接，未进入"))
                continue
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            report.skipped.append((str(p), "不是普通文件（命名管道、设备或已失效的链接），未读取"))
            continue
        if p.suffix.lower() in SUPPORTED:
            yield from _iter_sources(p, report)
        else:
            report.skipped.append((str(p), f"不支持的文件类型 {p.suffix or '（无扩展名）'}"))


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: UTF-8 when flagged, else GBK as written by Chinese Windows."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return name


def _iter_zip(
    data: bytes, name: str, report: ImportReport
) -> Iterator[tuple[str, str, bytes | None, Path | None]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name}：不是有效的 zip 压缩包。") from None
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(
            f"{name}：压缩包内文件过多（{len(infos)} 个），上限 {MAX_ZIP_MEMBERS} 个。"
        )
    total = 0
    names: list[tuple[zipfile.ZipInfo, str]] = []
    for info in infos:
        member = zip_member_name(info)
        pure = PurePosixPath(member.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", member):
            raise InputError(
                f"{name}：压缩包中的“{member}”指向压缩包以外的位置，为安全起见拒绝导入整个压缩包。",
                hint="请解压后检查文件，再导入需要的文件或文件夹。",
            )
        total += info.file_size
        if info.file_size > MAX_FILE_BYTES or total > MAX_ZIP_TOTAL:
            raise InputError(
                f"{name}：压缩包解压后过大（超过 {MAX_ZIP_TOTAL // 1024 // 1024} MB），拒绝导入。",
                hint="请解压后只导入需要的文件。",
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise InputError(
                f"{name}：压缩包中的“{member}”压缩比异常（可能是“压缩炸弹”），拒绝导入。",
                hint="请确认压缩包来源可靠，解压后只导入需要的文件。",
            )
        names.append((info, member))
    for info, member in names:
        display = f"{name}:{member}"
        base = PurePosixPath(member.replace("\\", "/")).name
        if base.startswith((".", "~$")) or member.startswith("__MACOSX/"):
            continue
        suffix = PurePosixPath(base).suffix.lower()
        if suffix not in SUPPORTED or suffix == ".zip":
            report.skipped.append((display, f"不支持的文件类型 {suffix or '（无扩展名）'}"))
            continue
        try:
            with zf.open(info) as fh:
                blob = fh.read(MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as exc:
            report.failed.append((display, f"无法解压（{exc}）。"))
            continue
        except zlib.error:  # damaged compressed data
            report.failed.append((display, "无法解压（压缩数据已损坏）。"))
            continue
        if len(blob) > MAX_FILE_BYTES:
            raise InputError(f"{name}：压缩包中的“{member}”解压后过大，拒绝导入。")
        yield display, suffix, blob, None


def extract(data: bytes, suffix: str, name: str) -> Extracted:
    if not data:
        raise InputError(f"{name}：文件是空的。", hint="请确认选对了文件。")
    if suffix in (".md", ".markdown"):
        return read_text_document(data, name, markdown=True)
    if suffix == ".txt":
        return read_text_document(data, name, markdown=False)
    if suffix == ".docx":
        return read_docx(data, name)
    if suffix == ".pdf":
        return read_pdf(data, name)
    raise InputError(f"{name}：不支持的文件类型 {suffix}。")


HASH_KEY = "源文件哈希"  # front-matter key: SHA-256 of the imported source's bytes


def source_hash(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _existing(folder: Path) -> tuple[set[str], dict[str, Path]]:
    """Ids of the documents already in *folder*, and the source hash → stored file of each
    one imported with a hash (what makes a second import of the same source a no-op)."""
    from zhengbing.corpus import read_document

    ids: set[str] = set()
    hashes: dict[str, Path] = {}
    if not folder.is_dir():
        return ids, hashes
    for p in sorted(folder.rglob("*.md")):
        try:
            doc = read_document(p, "own")
        except Exception:
            continue
        ids.add(doc.id)
        digest = doc.meta.get(HASH_KEY)
        if isinstance(digest, str) and digest not in hashes:
            hashes[digest] = p
    return ids, hashes


def import_paths(
    paths: list[Path], workspace: Workspace, overrides: Overrides | None = None
) -> ImportReport:
    """Import every document under *paths* into ``workspace.own_corpus_dir``."""
    ov = overrides or Overrides()
    if ov.kind:
        known = kinds.lookup(ov.kind)
        if known is None:
            raise InputError(
                f"--kind {ov.kind!r} 无法识别。",
                hint="可用：" + "、".join(kinds.names()),
            )
        ov = replace(ov, kind=known.name)
    date_flag = _parse_date_flag(ov.date) if ov.date else ""
    folder = workspace.own_corpus_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"无法创建资料文件夹 {folder}（{exc.strerror}）。") from None
    report = ImportReport()
    from zhengbing.index.lock import WriterLock

    # one import at a time per workspace: two at once would pick the same file names and ids
    lock: Any = WriterLock(_import_lock(workspace), what="本工作区的资料库")
    try:
        lock.acquire()
    except OutputError:  # no writable cache folder: import anyway, the lock is a courtesy
        lock = None
    try:
        ids, hashes = _existing(folder)
        ids |= _bundled_ids()
        for path in paths:
            for display, suffix, data, _file in _iter_sources(Path(path), report):
                digest = source_hash(data or b"")
                if digest in hashes:  # the same bytes were imported before (or just now)
                    report.present.append((display, hashes[digest]))
                    continue
                try:
                    ex = extract(data or b"", suffix, display)
                    ex.meta[HASH_KEY] = digest
                    item = _store(ex, display, folder, workspace, ov, date_flag, ids)
                except UserError as exc:
                    report.failed.append((display, str(exc)))
                    continue
                hashes[digest] = item.target
                report.imported.append(item)
    finally:
        if lock is not None:
            lock.release()
    return report


def _import_lock(workspace: Workspace) -> Path:
    import hashlib

    from zhengbing.index import cache_root

    key = hashlib.sha256(str(workspace.root.resolve()).encode()).hexdigest()[:12]
    return cache_root() / f"import-{key}.lock"


def _bundled_ids() -> set[str]:
    """Ids of the bundled documents: an imported document must not shadow one of them."""
    try:
        from zhengbing.corpus import load_corpus

        return set(load_corpus(None).documents)
    except Exception:  # the bundled corpus is checked by its own tests; never block an import
        return set()


def _store(
    ex: Extracted,
    display: str,
    folder: Path,
    workspace: Workspace,
    ov: Overrides,
    date_flag: str,
    ids: set[str],
) -> Imported:
    meta_in = dict(ex.meta)
    text = ex.markdown if ex.markdown is not None else "\n".join(t for _, t in ex.blocks)
    source_name = PurePosixPath(display.replace("\\", "/")).name
    stem = PurePosixPath(source_name).stem
    title = clean_name_text(
        ov.title or str(meta_in.get("title") or meta_in.get("标题") or "") or ex.title or stem
    ).strip()
    kind = ov.kind or str(meta_in.get("类别") or "") or _guess_kind(title, text)
    known = kinds.lookup(kind)
    if known is None:
        raise InputError(
            f"{display}：YAML 头中的类别“{kind}”无法识别。",
            hint="可用：" + "、".join(kinds.names()) + "；或用 --kind 指定。",
        )
    kind = known.name
    date = (
        date_flag or str(meta_in.get("公布日期") or meta_in.get("date") or "") or _find_date(text)
    )
    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = _find_date(date) or ""
    number = str(meta_in.get("文号") or "")
    if not number:
        m = _DOC_NO.search(text[:1500])
        number = re.sub(r"\s", "", m.group(0)) if m else ""
    region = ov.region or str(meta_in.get("地区") or "")
    if not region and kind in POLICY_KINDS:
        region = _leading_place(title) or "全国"  # a province's or city's own regulation
    if not region:
        region = workspace.profile.province or "全国"
    year: Any = meta_in.get("年度")
    if not year:
        m = re.search(r"((?:19|20)\d{2})\s*年", title)
        year = int(m.group(1)) if m else (int(date[:4]) if date else None)
    base_id = clean_name_text(str(meta_in.get("id") or f"资料-{_safe_name(title)}"))
    doc_id = base_id
    n = 2
    while doc_id in ids:
        doc_id = f"{base_id}-{n}"
        n += 1
    meta: dict[str, Any] = {"id": doc_id, "title": title, "类别": kind}
    for key, value in (
        ("地区", region),
        ("年度", year),
        ("公布日期", date),
        ("文号", number),
        ("单位", meta_in.get("单位") or (workspace.profile.unit if kind in SAMPLE_KINDS else "")),
    ):
        if value:
            meta[key] = value
    meta["时效性"] = str(meta_in.get("时效性") or "现行有效")
    for key, value in meta_in.items():
        if key not in meta and key not in ("title", "标题", "date"):
            meta[key] = value
    meta["来源"] = str(meta_in.get("来源") or f"导入自 {source_name}")
    meta["导入日期"] = _dt.date.today().isoformat()
    content = _render(meta, title, ex)
    target = folder / f"{_safe_name(title)}.md"
    k = 2
    while target.exists():
        target = folder / f"{_safe_name(title)}-{k}.md"
        k += 1
    atomic_write_text(target, content)
    ids.add(doc_id)
    return Imported(display, target, doc_id, title, kind, ex.note)
