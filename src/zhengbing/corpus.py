"""The corpus: bundled policy texts and sample documents plus the workspace's own archive.

Every corpus file is Markdown with YAML front matter (see README.md (资料库与检索)). Laws and
regulations are split into one passage per article (第X条) with the 编/章/节 headings as the
passage's path; every other document is split into paragraphs with their heading path.

Passage ids are stable across rebuilds: ``<doc id>#第二十一条`` for an article and
``<doc id>#p12`` for the 12th paragraph of a document outside any article.

This module is light: it reads files and parses Markdown, it never loads the segmenter or the
search index.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhengbing import kinds, resources
from zhengbing.dialect import cn_to_int, int_to_cn
from zhengbing.frontmatter import FrontMatterError, split_front_matter
from zhengbing.workspace import Workspace

POLICY_KINDS = kinds.names(kinds.POLICY)  # 法律、行政法规…
SAMPLE_KINDS = kinds.names(kinds.SAMPLE)  # 讲话、总结…
OTHER_KIND = kinds.OTHER_KIND
STATUSES = ("现行有效", "已被修改", "失效", "尚未生效")
CURRENT_STATUSES = ("现行有效",)

GROUP_POLICY = kinds.POLICY
GROUP_SAMPLE = kinds.SAMPLE
ORIGIN_BUNDLED = "bundled"
ORIGIN_OWN = "own"

# files in a corpus folder that are documentation, not documents
SKIPPED_NAMES = {"SOURCES.md", "README.md", "LICENSE.md", "来源.md", "说明.md"}

_CN_NUM_CHARS = "零〇一二三四五六七八九十百千两"
ARTICLE_RE = re.compile(
    rf"^(第[{_CN_NUM_CHARS}]+条(?:之[{_CN_NUM_CHARS}]+)?)(?:[ \u3000\t]+|$)(.*)$"
)
# "第四十五条 第二款规定的……" is a reference at the start of a paragraph, not a new article
_REFERENCE_AFTER_RE = re.compile(rf"^(?:第[{_CN_NUM_CHARS}]+[款项目]|规定)")
_COMMENT_LINE_RE = re.compile(r"^\s*<!--.*-->\s*$")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PART_RE = re.compile(rf"^第[{_CN_NUM_CHARS}]+([编章节])")
_DATE_RE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")


# --------------------------------------------------------------------------- numerals


def article_number(article: str) -> int | None:
    """第二十一条 → 21 (第十条之一 → 10)."""
    m = re.match(rf"^第([{_CN_NUM_CHARS}]+)条", article)
    return cn_to_int(m.group(1)) if m else None


def normalise_article(article: int | str) -> str | None:
    """Accept 21, "21", "第21条", "二十一", "第二十一条", "第十条之一" → "第二十一条"."""
    if isinstance(article, int):
        return f"第{int_to_cn(article)}条" if article > 0 else None
    text = re.sub(r"\s+", "", str(article))
    m = re.fullmatch(r"第?(\d+)条?(?:之(\d+|[一二三四五六七八九十]+))?", text)
    if m:
        suffix = m.group(2)
        tail = ""
        if suffix:
            tail = "之" + (int_to_cn(int(suffix)) if suffix.isdigit() else suffix)
        return f"第{int_to_cn(int(m.group(1)))}条{tail}"
    m = re.fullmatch(rf"第?([{_CN_NUM_CHARS}]+)条?(之[{_CN_NUM_CHARS}]+)?", text)
    if m and cn_to_int(m.group(1)) is not None:
        return f"第{int_to_cn(cn_to_int(m.group(1)) or 0)}条{m.group(2) or ''}"
    return None


# --------------------------------------------------------------------------- model


@dataclass
class CorpusProblem:
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}：{self.message}"


@dataclass
class Document:
    id: str
    title: str
    kind: str  # 类别
    origin: str  # bundled | own
    file: Path
    meta: dict[str, Any]
    body: str
    body_line: int = 1  # line number of the body's first line in the file
    short_name: str = ""
    region: str = "全国"
    issuer: str = ""
    number: str = ""  # 文号
    published: str = ""
    effective: str = ""
    status: str = "现行有效"
    version_date: str = ""
    replaces: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)
    unit: str = ""
    year: int | None = None
    source: str = ""
    copyright: str = ""
    valid_from: int = 0  # first year in force
    valid_to: int = 9999  # last year in force

    @property
    def group(self) -> str:
        return GROUP_POLICY if self.kind in POLICY_KINDS else GROUP_SAMPLE

    @property
    def is_policy(self) -> bool:
        return self.group == GROUP_POLICY

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "类别": self.kind,
            "来源": "自有资料" if self.origin == ORIGIN_OWN else "随附",
            "时效性": self.status,
            "地区": self.region,
            "年度": self.year,
            "file": str(self.file),
        }


@dataclass(frozen=True)
class Passage:
    id: str
    doc_id: str
    doc_title: str
    article: str | None
    path: tuple[str, ...]
    text: str
    ordinal: int  # position of the passage in its document (0-based)
    kind: str
    group: str
    origin: str
    status: str
    region: str
    year: int | None
    valid_from: int
    valid_to: int
    short_name: str = ""

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    @property
    def label(self) -> str:
        """《兵役法》第二十一条 / 《标题》（二、…）."""
        name = self.short_name or self.doc_title
        if self.article:
            return f"《{name}》{self.article}"
        return f"《{name}》" + (f"（{' / '.join(self.path)}）" if self.path else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "article": self.article,
            "path": " / ".join(self.path),
            "status": self.status,
            "region": self.region,
            "kind": self.kind,
            "year": self.year,
            "text": self.text,
        }


@dataclass
class Corpus:
    documents: dict[str, Document]
    passages: dict[str, Passage]
    problems: list[CorpusProblem]
    fingerprint: str

    def passages_of(self, doc_id: str) -> list[Passage]:
        return [p for p in self.passages.values() if p.doc_id == doc_id]

    def find_documents(self, title: str) -> list[Document]:
        """Documents whose title or short name is *title* (《》 and 中华人民共和国 optional)."""
        key = _title_key(title)
        return [
            d
            for d in self.documents.values()
            if key and key in (_title_key(d.title), _title_key(d.short_name), _title_key(d.id))
        ]

    def current_version(self, doc: Document) -> Document:
        """Follow 被替代 links to the newest version (or *doc* itself)."""
        seen = {doc.id}
        while doc.replaced_by:
            nxt = next((self.documents[i] for i in doc.replaced_by if i in self.documents), None)
            if nxt is None or nxt.id in seen:
                break
            seen.add(nxt.id)
            doc = nxt
        return doc


def _title_key(title: str) -> str:
    t = re.sub(r"[\s《》〈〉<>]", "", title or "")
    t = t.split("@", 1)[0]
    if t.startswith("中华人民共和国"):
        t = t[len("中华人民共和国") :]
    return t


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    origin: str
    digest: str  # sha256 of the file's bytes
    size: int = -1
    mtime_ns: int = -1


def _iter_md(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    real_root = root.resolve()
    for p in sorted(root.rglob("*.md")):
        rel = p.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if p.name in SKIPPED_NAMES or ".备份-" in p.name or not p.is_file():
            continue  # also a FIFO or a device: never opened
        if p.is_symlink() and not p.resolve().is_relative_to(real_root):
            continue  # a link out of the corpus folder is not part of it
        yield p


def corpus_roots(workspace: Workspace | None) -> list[tuple[Path, str]]:
    roots = [(resources.corpus_dir(), ORIGIN_BUNDLED)]
    if workspace is not None:
        roots.append((workspace.own_corpus_dir, ORIGIN_OWN))
    return roots


def corpus_files(
    workspace: Workspace | None = None,
    known: dict[str, Any] | None = None,
    trust_before_ns: int = 0,
) -> list[CorpusFile]:
    """Every corpus file with the hash of its content.

    *known* maps a path to ``[size, mtime_ns, digest]`` from an earlier call (the index
    manifest keeps it): a file whose size and modification time are unchanged, and that was
    last modified well before *trust_before_ns* (so a change within the same clock tick cannot
    hide), is not read again.
    """
    out: list[CorpusFile] = []
    for root, origin in corpus_roots(workspace):
        for p in _iter_md(root):
            key = str(p)
            try:
                st = p.stat()
                prev = known.get(key) if known else None
                if (
                    prev
                    and prev[0] == st.st_size
                    and prev[1] == st.st_mtime_ns
                    and st.st_mtime_ns < trust_before_ns
                ):
                    digest = str(prev[2])
                else:
                    digest = hashlib.sha256(p.read_bytes()).hexdigest()
                out.append(CorpusFile(p, origin, digest, st.st_size, st.st_mtime_ns))
            except OSError:
                out.append(CorpusFile(p, origin, "unreadable"))
    return out


def fingerprint_of(files: Iterable[CorpusFile]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f.origin}\0{f.path.name}\0{f.digest}\n".encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- parsing


def _as_date(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    m = _DATE_RE.search(str(value))
    if m:
        y, mo, d = (int(x) for x in m.groups())
        try:
            return _dt.date(y, mo, d).isoformat()
        except ValueError:
            return ""
    m = re.fullmatch(r"\s*(\d{4})\s*年?\s*", str(value))
    return f"{m.group(1)}-01-01" if m else ""


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [s.strip() for s in re.split(r"[,，、;；]", str(value)) if s.strip()]


def _year(date: str) -> int | None:
    return int(date[:4]) if date[:4].isdigit() else None


def _first_heading(body: str) -> str:
    for line in body.splitlines():
        m = _HEADING_RE.match(line.strip())
        if m and len(m.group(1)) == 1:
            return _clean_inline(m.group(2))
        if line.strip() and not _COMMENT_LINE_RE.match(line):
            break
    return ""


def _get(meta: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if k in meta and meta[k] not in (None, ""):
            return meta[k]
    return None


def make_document(
    meta: dict[str, Any] | None, body: str, file: Path, origin: str, body_line: int = 1
) -> Document:
    """Build a Document from front matter; raise FrontMatterError for unusable metadata."""
    meta = dict(meta or {})
    title = str(_get(meta, "title", "标题") or _first_heading(body) or file.stem).strip()
    kind = str(_get(meta, "类别", "kind") or "").strip()
    if not kind:
        raise FrontMatterError(f"缺少“类别”（{'/'.join(POLICY_KINDS + SAMPLE_KINDS)}）")
    if kind not in POLICY_KINDS + SAMPLE_KINDS + (OTHER_KIND,):
        raise FrontMatterError(
            f"“类别”为“{kind}”，应为 {'/'.join(POLICY_KINDS + SAMPLE_KINDS + (OTHER_KIND,))} 之一"
        )
    doc_id = str(_get(meta, "id") or "").strip()
    if not doc_id:
        doc_id = f"资料-{file.stem}" if origin == ORIGIN_OWN else file.stem
    if "#" in doc_id:
        raise FrontMatterError(f"id“{doc_id}”中不能有“#”")
    status = str(_get(meta, "时效性", "status") or "现行有效").strip()
    if status not in STATUSES:
        raise FrontMatterError(f"“时效性”为“{status}”，应为 {'/'.join(STATUSES)} 之一")
    published = _as_date(_get(meta, "公布日期", "date", "日期"))
    effective = _as_date(_get(meta, "施行日期"))
    version = _as_date(_get(meta, "版本日期"))
    year_value = _get(meta, "年度", "year")
    year: int | None = None
    if year_value is not None:
        m = re.search(r"\d{4}", str(year_value))
        if not m:
            raise FrontMatterError(f"“年度”为“{year_value}”，不是年份")
        year = int(m.group(0))
    if year is None:
        year = _year(version) or _year(published) or _year(effective)
    region = str(_get(meta, "地区", "region") or "全国").strip()
    doc = Document(
        id=doc_id,
        title=title,
        kind=kind,
        origin=origin,
        file=file,
        meta=meta,
        body=body,
        body_line=body_line,
        short_name=str(_get(meta, "简称") or "").strip(),
        region=region,
        issuer=str(_get(meta, "发布机关", "单位", "unit") or "").strip(),
        number=str(_get(meta, "文号") or "").strip(),
        published=published,
        effective=effective,
        status=status,
        version_date=version,
        replaces=_as_list(_get(meta, "替代")),
        replaced_by=_as_list(_get(meta, "被替代")),
        unit=str(_get(meta, "单位", "unit") or "").strip(),
        year=year,
        source=str(_get(meta, "来源") or "").strip(),
        copyright=str(_get(meta, "版权说明") or "").strip(),
    )
    start = _year(effective) or _year(published) or _year(version) or year
    doc.valid_from = start or 0
    if doc.is_policy:
        doc.valid_to = 9999
        expired = _year(_as_date(_get(meta, "失效日期")))
        if expired:
            doc.valid_to = expired
    else:
        doc.valid_to = year if year is not None else 9999
    return doc


def _clean_inline(text: str) -> str:
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![*\w])\*(?!\s)(.+?)\*(?!\*)", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _has_articles(body: str) -> bool:
    return any(ARTICLE_RE.match(line.strip()) for line in body.splitlines())


def segment(doc: Document) -> list[Passage]:
    """Split *doc* into passages: by article for laws, by paragraph otherwise."""
    if doc.is_policy and _has_articles(doc.body):
        items = _segment_articles(doc.body)
    else:
        items = _segment_paragraphs(doc.body, doc.title)
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for ordinal, (key, path, text) in enumerate(items):
        if key in seen:
            seen[key] += 1
            key = f"{key}-{seen[key]}"
        else:
            seen[key] = 1
        article = key if key.startswith("第") else None
        passages.append(
            Passage(
                id=f"{doc.id}#{key}",
                doc_id=doc.id,
                doc_title=doc.title,
                article=article,
                path=path,
                text=text,
                ordinal=ordinal,
                kind=doc.kind,
                group=doc.group,
                origin=doc.origin,
                status=doc.status,
                region=doc.region,
                year=doc.year,
                valid_from=doc.valid_from,
                valid_to=doc.valid_to,
                short_name=doc.short_name,
            )
        )
    return passages


def _segment_articles(body: str) -> list[tuple[str, tuple[str, ...], str]]:
    lines = body.splitlines()
    # skip the header block (title, 通过/修正 notes) that ends with <!-- INFO END -->
    start = 0
    for i, line in enumerate(lines):
        if "INFO END" in line:
            start = i + 1
            break
    items: list[tuple[str, tuple[str, ...], str]] = []
    path: list[tuple[int, str]] = []
    current: tuple[str, tuple[str, ...], list[str]] | None = None
    last_number = 0
    loose: list[str] = []  # paragraphs outside any article (preambles)
    para_no = 0

    def flush_loose() -> None:
        nonlocal para_no
        for text in loose:
            para_no += 1
            items.append((f"p{para_no}", tuple(t for _, t in path), text))
        loose.clear()

    def flush_article() -> None:
        nonlocal current
        if current is not None:
            key, apath, parts = current
            items.append((key, apath, "\n".join(parts)))
            current = None

    for raw in lines[start:]:
        line = raw.strip()
        if not line or _COMMENT_LINE_RE.match(line):
            continue
        h = _HEADING_RE.match(line)
        if h:
            level = len(h.group(1))
            text = _clean_inline(h.group(2))
            if level == 1:
                continue  # the document title
            flush_article()
            flush_loose()
            part = _PART_RE.match(text)
            rank = {"编": 1, "章": 2, "节": 3}[part.group(1)] if part else level
            while path and path[-1][0] >= rank:
                path.pop()
            path.append((rank, re.sub(r"\s+", " ", text)))
            continue
        m = ARTICLE_RE.match(line)
        if m:
            number = article_number(m.group(1)) or 0
            is_reference = bool(_REFERENCE_AFTER_RE.match(m.group(2))) and current is not None
            if number > last_number or "之" in m.group(1):
                if not is_reference:
                    flush_article()
                    flush_loose()
                    last_number = max(last_number, number)
                    current = (m.group(1), tuple(t for _, t in path), [_clean_inline(line)])
                    continue
        if current is not None:
            current[2].append(_clean_inline(line))
        else:
            loose.append(_clean_inline(line))
    flush_article()
    flush_loose()
    return items


def _segment_paragraphs(body: str, title: str) -> list[tuple[str, tuple[str, ...], str]]:
    from zhengbing.mdparse import make_parser

    tokens = make_parser().parse(body)
    items: list[tuple[str, tuple[str, ...], str]] = []
    path: list[tuple[int, str]] = []
    para_no = 0
    i = 0
    table_rows: list[str] = []
    in_table = False
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            text = _inline_text(tokens[i + 1])
            i += 3
            if level == 1 and (not path and (text == title or not items)):
                continue
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, text))
            continue
        if tok.type == "table_open":
            in_table = True
            table_rows = []
        elif tok.type == "table_close":
            in_table = False
            if table_rows:
                para_no += 1
                items.append((f"p{para_no}", tuple(t for _, t in path), "\n".join(table_rows)))
        elif tok.type == "tr_open" and in_table:
            cells: list[str] = []
            j = i + 1
            while tokens[j].type != "tr_close":
                if tokens[j].type == "inline":
                    cells.append(_inline_text(tokens[j]))
                j += 1
            table_rows.append(" | ".join(cells))
            i = j
        elif tok.type == "paragraph_open" and not in_table:
            text = _inline_text(tokens[i + 1])
            if text:
                para_no += 1
                items.append((f"p{para_no}", tuple(t for _, t in path), text))
            i += 3
            continue
        i += 1
    return items


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return re.sub(r"[ \t]+", " ", "".join(parts)).strip()


# --------------------------------------------------------------------------- loading


_CACHE: dict[str, Corpus] = {}


def read_document(path: Path, origin: str) -> Document:
    """Read and parse one corpus file; raise FrontMatterError / InputError when unusable."""
    from zhengbing.textio import read_text

    decoded = read_text(path)
    meta, body, body_line = split_front_matter(decoded.text)
    if meta is None:
        raise FrontMatterError("缺少 YAML 头（文件应以“---”行开头）", 1)
    return make_document(meta, body, path, origin, body_line)


def load_corpus(workspace: Workspace | None = None) -> Corpus:
    """Load the bundled corpus and the workspace's own 资料/; broken files are skipped and named.

    The result is cached in the process until a corpus file changes.
    """
    from zhengbing.errors import UserError

    files = corpus_files(workspace)
    fp = fingerprint_of(files)
    cached = _CACHE.get(fp)
    if cached is not None:
        return cached
    documents: dict[str, Document] = {}
    passages: dict[str, Passage] = {}
    problems: list[CorpusProblem] = []
    for f in files:
        try:
            doc = read_document(f.path, f.origin)
        except FrontMatterError as exc:
            where = f"{f.path}" + (f" 第 {exc.line} 行" if exc.line else "")
            problems.append(CorpusProblem(where, f"{exc}，已跳过此文件。"))
            continue
        except UserError as exc:
            problems.append(CorpusProblem(str(f.path), f"{exc.message}，已跳过此文件。"))
            continue
        if doc.id in documents:
            other = documents[doc.id].file
            problems.append(
                CorpusProblem(
                    str(f.path),
                    f"id“{doc.id}”与 {other} 重复，已跳过此文件（请修改其中一个的 id）。",
                )
            )
            continue
        documents[doc.id] = doc
    # validity of superseded versions ends when the successor takes effect
    for doc in documents.values():
        for nxt_id in doc.replaced_by:
            nxt = documents.get(nxt_id)
            if nxt is not None and nxt.valid_from:
                doc.valid_to = min(doc.valid_to, nxt.valid_from)
    for doc in documents.values():
        for p in segment(doc):
            passages[p.id] = p
    corpus = Corpus(documents, passages, problems, fp)
    _CACHE.clear()
    _CACHE[fp] = corpus
    return corpus


def get_passage(passage_id: str, workspace: Workspace | None = None) -> Passage | None:
    """The passage with this id (``兵役法@2021#第二十一条``), or None."""
    corpus = load_corpus(workspace)
    found = corpus.passages.get(passage_id)
    if found is not None:
        return found
    # tolerate 第21条 / 21 for the article part
    doc_id, _, key = passage_id.partition("#")
    norm = normalise_article(key) if key else None
    if norm:
        return corpus.passages.get(f"{doc_id}#{norm}")
    return None


# --------------------------------------------------------------------------- citations


@dataclass
class Citation:
    """What a reference like 《兵役法》第二十条 points to."""

    document: Document  # the version chosen (valid in the given year, else the current one)
    article: str  # normalised, e.g. 第二十条
    passage: Passage | None  # None when that version has no such article
    is_current: bool  # the chosen version is the one in force now
    current_document: Document  # the version in force now (== document when current)
    current_passage: Passage | None  # the matching article of the current version
    similarity: float = 1.0  # how closely current_passage matches passage (1.0 = same text)

    @property
    def found(self) -> bool:
        return self.passage is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.document.id,
            "doc_title": self.document.title,
            "article": self.article,
            "passage_id": self.passage.id if self.passage else None,
            "status": self.document.status,
            "is_current": self.is_current,
            "current_doc_id": self.current_document.id,
            "current_passage_id": self.current_passage.id if self.current_passage else None,
            "similarity": round(self.similarity, 3),
        }


def _start_date(doc: Document) -> str:
    return doc.effective or doc.published or doc.version_date or "0000"


def resolve_citation(
    law_title: str,
    article: int | str,
    year: int | None = None,
    *,
    workspace: Workspace | None = None,
) -> Citation | None:
    """Resolve 《law_title》第 article 条 as it stood in *year* (default: now).

    *law_title* may be the full title, the short name (兵役法) or a document id; *article* may
    be ``21``, ``"第21条"`` or ``"第二十一条"``. Returns None when no such law is in the corpus;
    ``Citation.passage`` is None when that version has no such article. When the chosen version
    is superseded, ``current_passage`` is the article of the current version with the closest
    text (articles are often renumbered between versions), or None when nothing matches.
    """
    corpus = load_corpus(workspace)
    norm = normalise_article(article)
    if norm is None:
        return None
    direct = corpus.documents.get(str(law_title).strip())
    candidates = [direct] if direct else corpus.find_documents(str(law_title))
    candidates = [d for d in candidates if d.is_policy] or candidates
    if not candidates:
        return None
    if direct is None and len(candidates) > 1:
        # prefer national texts over local ones of the same name
        national = [d for d in candidates if d.region == "全国"]
        candidates = national or candidates
    candidates.sort(key=_start_date)
    if year is not None:
        in_force = [d for d in candidates if (_year(_start_date(d)) or 0) <= year]
        chosen = in_force[-1] if in_force else candidates[0]
    else:
        current = [d for d in candidates if d.is_current]
        chosen = current[-1] if current else candidates[-1]
    current_doc = corpus.current_version(chosen)
    passage = corpus.passages.get(f"{chosen.id}#{norm}")
    if current_doc.id == chosen.id:
        return Citation(chosen, norm, passage, chosen.is_current, chosen, passage, 1.0)
    current_passage, sim = _equivalent(corpus, passage, current_doc, norm)
    return Citation(chosen, norm, passage, False, current_doc, current_passage, sim)


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"^第[^条]+条", "", text)
    text = re.sub(r"[\s，。；：、（）《》“”]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _equivalent(
    corpus: Corpus, passage: Passage | None, current_doc: Document, article: str
) -> tuple[Passage | None, float]:
    if passage is None:
        return corpus.passages.get(f"{current_doc.id}#{article}"), 0.0
    mine = _bigrams(passage.text)
    best: Passage | None = None
    best_sim = 0.0
    for cand in corpus.passages_of(current_doc.id):
        if cand.article is None:
            continue
        other = _bigrams(cand.text)
        if not mine or not other:
            continue
        sim = len(mine & other) / len(mine | other)
        if sim > best_sim:
            best, best_sim = cand, sim
    if best_sim < 0.2:
        return None, best_sim
    return best, best_sim
