"""The search index: a cache built from the corpus, always rebuildable.

The index of a workspace (or of the bundled corpus alone) lives in the user cache folder
(platformdirs), in a folder named after the workspace, the schema and the tokenizer's
dictionary. ``manifest.json`` there records the corpus fingerprint (a hash of every corpus
file's content) the index was built from. Opening the index compares it with the corpus on disk:

* same fingerprint → the index is used as it is;
* some documents added, changed or removed → only those are re-indexed (``corpus add``);
* schema or dictionary changed, or the index is damaged → it is rebuilt from the corpus.

The engine behind the index is chosen by name (see :mod:`zhengbing.index.engine`): whoosh by
default, SQLite FTS5 with ``ZHENGBING_SEARCH_ENGINE=fts5`` or ``open_index(engine="fts5")``.
Each engine has its own cache folder. Only one process writes at a time (a lock file; another
writer waits, then gets BusyError). Importing this package is cheap: the engine and the
segmenter are imported when an index is opened.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhengbing.index.engine import IndexDoc, SearchEngine, engine_name, engine_type
from zhengbing.records import Record

if TYPE_CHECKING:
    from zhengbing.corpus import Corpus, CorpusFile, Passage
    from zhengbing.workspace import Workspace

SCHEMA_VERSION = "6"
MANIFEST = "manifest.json"
LOCK = "write.lock"


def cache_root() -> Path:
    override = os.environ.get("ZHENGBING_INDEX_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("zhengbing", appauthor=False)) / "index"


def scope_dir(
    workspace: Workspace | None, root: Path | None = None, engine: str | None = None
) -> Path:
    """The cache folder of the index of *workspace* for *engine* (default: the chosen one)."""
    from zhengbing.index.segmenter import dictionary_hash

    where = str(workspace.root.resolve()) if workspace is not None else "<bundled>"
    key = hashlib.sha256(where.encode()).hexdigest()[:12]
    prefix = "ws" if workspace is not None else "bundled"
    name = f"{prefix}-{key}-s{SCHEMA_VERSION}-{engine_name(engine)}-{dictionary_hash()}"
    return (root or cache_root()) / name


class SearchIndex(Record):
    """An open, up-to-date index plus what the manifest knows about the corpus."""

    __slots__ = ("backend", "scope", "manifest", "workspace", "rebuilt", "notes")

    def __init__(
        self,
        backend: SearchEngine,
        scope: Path,
        manifest: dict[str, Any],
        workspace: Workspace | None = None,
        rebuilt: str = "",
        notes: list[str] | None = None,
    ) -> None:
        self.backend = backend
        self.scope = scope
        self.manifest = manifest
        self.workspace = workspace
        self.rebuilt = rebuilt  # "", "full" or "incremental": what opening had to do
        self.notes: list[str] = [] if notes is None else notes

    @property
    def engine(self) -> str:
        """The name of the engine behind this index."""
        return self.backend.name

    @property
    def names(self) -> dict[str, str]:
        """Normalised law name → name value in the index."""
        return dict(self.manifest.get("names", {}))

    @property
    def regions(self) -> list[str]:
        return list(self.manifest.get("regions", []))

    def docs_in_force(self, year: int) -> tuple[str, ...]:
        """Documents in force in *year* (policies) or written for it (samples)."""
        validity: dict[str, list[int]] = self.manifest.get("validity", {})
        return tuple(sorted(d for d, (lo, hi) in validity.items() if lo <= year <= hi))

    @property
    def problems(self) -> list[str]:
        return list(self.manifest.get("problems", []))

    def close(self) -> None:
        self.backend.close()


def _read_manifest(scope: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((scope / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_manifest(scope: Path, manifest: dict[str, Any]) -> None:
    import time

    from zhengbing.textio import atomic_write_text

    manifest["written_ns"] = time.time_ns()
    atomic_write_text(
        scope / MANIFEST, json.dumps(manifest, ensure_ascii=False), force=True, backup=False
    )


def _prior(p: Passage) -> float:
    if p.group == "policy":
        prior = 1.0 if p.is_current else 0.6
        if p.region != "全国":
            prior *= 0.75  # zhengbing.search.LOCAL_PRIOR
    else:
        prior = 0.55
    return prior


def to_index_doc(p: Passage) -> IndexDoc:
    from zhengbing.corpus import _title_key

    path = " / ".join(p.path)
    return IndexDoc(
        id=p.id,
        doc_id=p.doc_id,
        name=_title_key(p.short_name or p.doc_title) if p.group == "policy" else "",
        article=p.article,
        status=p.status,
        current=p.is_current,
        group=p.group,
        kind=p.kind,
        origin=p.origin,
        region=p.region,
        valid_from=p.valid_from,
        valid_to=p.valid_to,
        content=f"{path}\n{p.text}" if path else p.text,
        doc_title=p.doc_title,
        path=path,
        text=p.text,
        year=p.year,
        prior=_prior(p),
        short=p.short_name,
    )


def _doc_digests(corpus: Corpus, files: list[CorpusFile]) -> dict[str, str]:
    by_path = {str(f.path): f.digest for f in files}
    return {d.id: by_path.get(str(d.file), "") for d in corpus.documents.values()}


def _manifest_for(corpus: Corpus, files: list[CorpusFile], ixdir: str) -> dict[str, Any]:
    from zhengbing.corpus import _title_key

    names: dict[str, str] = {}
    for d in corpus.documents.values():
        if d.is_policy:
            value = _title_key(d.short_name or d.title)
            for k in {_title_key(d.title), _title_key(d.short_name), value}:
                if k:
                    names[k] = value
    return {
        "schema": SCHEMA_VERSION,
        "fingerprint": corpus.fingerprint,
        "files": {str(f.path): [f.size, f.mtime_ns, f.digest] for f in files},
        "dir": ixdir,
        "docs": _doc_digests(corpus, files),
        "passages": len(corpus.passages),
        "names": names,
        "regions": sorted({d.region for d in corpus.documents.values()}),
        "validity": {d.id: [d.valid_from, d.valid_to] for d in corpus.documents.values()},
        "problems": [str(p) for p in corpus.problems],
    }


def _fresh(manifest: dict[str, Any] | None, fp: str, scope: Path) -> bool:
    return (
        manifest is not None
        and manifest.get("schema") == SCHEMA_VERSION
        and manifest.get("fingerprint") == fp
        and bool(manifest.get("dir"))
        and (scope / str(manifest["dir"])).is_dir()
    )


def _open_checked(scope: Path, manifest: dict[str, Any], engine: str) -> SearchEngine | None:
    """Open the index the manifest names; None when it is missing or damaged."""
    try:
        backend = engine_type(engine).open(scope / str(manifest["dir"]))
        if backend.doc_count() != int(manifest.get("passages", -1)):
            backend.close()
            return None
        return backend
    except Exception:  # any failure to read it: treat as damaged, rebuild
        return None


def open_index(
    workspace: Workspace | None = None,
    *,
    lock_timeout: float | None = None,
    force_rebuild: bool = False,
    engine: str | None = None,
) -> SearchIndex:
    """Open the index for *workspace*, bringing it up to date with the corpus first.

    *engine*: ``whoosh`` or ``fts5``; by default ``ZHENGBING_SEARCH_ENGINE``, else whoosh.
    """
    from zhengbing.corpus import corpus_files, fingerprint_of

    engine = engine_name(engine)
    scope = scope_dir(workspace, engine=engine)
    manifest = _read_manifest(scope)
    known = manifest.get("files") if manifest else None
    trust = int(manifest.get("written_ns", 0)) - 2_000_000_000 if manifest else 0
    files = corpus_files(workspace, known if isinstance(known, dict) else None, trust)
    fp = fingerprint_of(files)
    if not force_rebuild and manifest is not None and _fresh(manifest, fp, scope):
        backend = _open_checked(scope, manifest, engine)
        if backend is not None:
            return SearchIndex(backend, scope, manifest, workspace)
    return _update(workspace, scope, engine, lock_timeout=lock_timeout, force_rebuild=force_rebuild)


def _update(
    workspace: Workspace | None,
    scope: Path,
    engine: str,
    *,
    lock_timeout: float | None,
    force_rebuild: bool,
) -> SearchIndex:
    from zhengbing.corpus import corpus_files, load_corpus
    from zhengbing.index.lock import WriterLock

    try:
        scope.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from zhengbing.errors import OutputError

        raise OutputError(
            f"无法在缓存文件夹中建立检索索引：{scope}（{exc.strerror}）。",
            hint="请检查该文件夹的权限，或设置环境变量 ZHENGBING_INDEX_DIR 指向一个可写的文件夹。",
        ) from None
    with WriterLock(scope / LOCK, lock_timeout):
        files = corpus_files(workspace)
        corpus = load_corpus(workspace)
        manifest = _read_manifest(scope)
        # another process may have brought it up to date while we waited
        if (
            not force_rebuild
            and manifest is not None
            and _fresh(manifest, corpus.fingerprint, scope)
        ):
            backend = _open_checked(scope, manifest, engine)
            if backend is not None:
                return SearchIndex(backend, scope, manifest, workspace)
        backend = None
        mode = "full"
        if not force_rebuild and manifest is not None and manifest.get("schema") == SCHEMA_VERSION:
            old_dir = str(manifest.get("dir") or "")
            if old_dir and (scope / old_dir).is_dir():
                backend = _open_checked(scope, manifest, engine)
        new_manifest: dict[str, Any]
        if backend is not None and manifest is not None:
            old_docs: dict[str, str] = dict(manifest.get("docs", {}))
            new_docs = _doc_digests(corpus, files)
            changed = [d for d, dig in new_docs.items() if old_docs.get(d) != dig]
            removed = [d for d in old_docs if d not in new_docs]
            try:
                docs = [
                    to_index_doc(p) for p in corpus.passages.values() if p.doc_id in set(changed)
                ]
                backend.update([*changed, *removed], docs)
                new_manifest = _manifest_for(corpus, files, str(manifest["dir"]))
                if backend.doc_count() != new_manifest["passages"]:
                    raise RuntimeError("passage count mismatch after update")
                mode = "incremental"
            except Exception:
                backend.close()
                backend = None
        if backend is None:
            import uuid

            ixdir = f"ix-{corpus.fingerprint[:10]}-{uuid.uuid4().hex[:6]}"
            backend = engine_type(engine).create(
                scope / ixdir,
                (to_index_doc(p) for p in corpus.passages.values()),
                count_hint=len(corpus.passages),
            )
            new_manifest = _manifest_for(corpus, files, ixdir)
            mode = "full"
        _write_manifest(scope, new_manifest)
        if mode == "full":
            _remove_old(scope, keep=str(new_manifest["dir"]))
        return SearchIndex(backend, scope, new_manifest, workspace, rebuilt=mode)


def _remove_old(scope: Path, keep: str) -> None:
    import shutil

    for child in scope.iterdir():
        if child.is_dir() and child.name.startswith("ix-") and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)


def rebuild_index(
    workspace: Workspace | None = None,
    *,
    lock_timeout: float | None = None,
    engine: str | None = None,
) -> SearchIndex:
    """Build the index from scratch (``zhengbing corpus rebuild``)."""
    return open_index(workspace, lock_timeout=lock_timeout, force_rebuild=True, engine=engine)


def index_location(workspace: Workspace | None = None, engine: str | None = None) -> Path:
    return scope_dir(workspace, engine=engine)
