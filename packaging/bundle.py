"""Build offline installation bundles: one archive per platform, installable with no network.

    python packaging/bundle.py [平台…]        linux-x86_64 linux-aarch64 windows-amd64 windows-x86
    python packaging/bundle.py corpus         the law corpus alone, for ``zhengbing corpus add``

Each bundle holds the project's wheel, every dependency wheel for the platform and each supported
Python version, the pip wheel (so the target needs neither pip nor ensurepip), the installer
(``tools/install.py`` behind ``install.sh`` / ``install.bat``), the launcher and a short Chinese
guide. ``bundle.json`` lists every file with its SHA-256 so the installer can tell a damaged
copy. With ``--runtime 平台=归档`` (or ``ZHENGBING_RUNTIME_<平台>``) a portable Python
(python-build-standalone ``install_only`` archive, or the Windows embeddable zip) is included and
the target needs nothing installed.

Standard library and pip only. pip evaluates environment markers for the machine it runs on,
not for the target, so after each download the dependency closure is walked again with the
target's markers (``python_version < "3.11"``, ``sys_platform == "win32"`` …) and whatever is
missing is fetched too; only the wheels that closure selects go into the bundle.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import email.parser
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

try:  # pip's own copy first: the builder needs nothing but pip
    from pip._vendor.packaging.markers import Marker
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.specifiers import SpecifierSet
    from pip._vendor.packaging.tags import Tag, compatible_tags, cpython_tags
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename
    from pip._vendor.packaging.version import Version
except ImportError:  # pragma: no cover - a pip without the vendored copy
    from packaging.markers import Marker
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.tags import Tag, compatible_tags, cpython_tags
    from packaging.utils import canonicalize_name, parse_wheel_filename
    from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "offline"
PYTHONS: tuple[str, ...] = ("3.10", "3.11", "3.12", "3.13")
JIEBA = "jieba>=0.42,<0.43"
# Lowest to highest glibc: a package with several builds is taken in its most portable one.
# 2.28 is the glibc of 银河麒麟 V10 and 统信 UOS 20.
_MANYLINUX = ["manylinux1", "manylinux2010", "manylinux2014"] + [
    f"manylinux_2_{minor}" for minor in range(17, 29)
]


class BuildError(Exception):
    """A problem the person building the bundles can fix; the message is Chinese."""


@dataclass(frozen=True)
class Platform:
    name: str
    label: str  # Chinese, for messages and the guide
    os: str  # "linux" or "windows"
    wheel_tags: tuple[str, ...]
    machines: tuple[str, ...]  # platform.machine() values the bundle runs on (lower case)
    marker_machines: tuple[str, ...]  # platform_machine values the closure must hold for
    pointer_bits: int

    @property
    def archive_suffix(self) -> str:
        return ".zip" if self.os == "windows" else ".tar.gz"

    def marker_envs(self, python: str) -> list[dict[str, str]]:
        base = {
            "python_version": python,
            "python_full_version": f"{python}.0",
            "implementation_name": "cpython",
            "implementation_version": f"{python}.0",
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_version": "",
        }
        if self.os == "windows":
            base |= {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"}
        else:
            base |= {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
        return [base | {"platform_machine": machine} for machine in self.marker_machines]


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform(
            "linux-x86_64",
            "Linux x86_64（银河麒麟、统信 UOS 等，Intel/AMD/海光/兆芯处理器）",
            "linux",
            tuple(f"{tag}_x86_64" for tag in _MANYLINUX),
            ("x86_64", "amd64"),
            ("x86_64",),
            64,
        ),
        Platform(
            "linux-aarch64",
            "Linux ARM64（银河麒麟、统信 UOS 等，飞腾/鲲鹏处理器）",
            "linux",
            tuple(f"{tag}_aarch64" for tag in _MANYLINUX),
            ("aarch64", "arm64"),
            ("aarch64",),
            64,
        ),
        Platform(
            "windows-amd64",
            "Windows 10/11 64 位",
            "windows",
            ("win_amd64",),
            ("amd64", "x86_64"),
            ("AMD64",),
            64,
        ),
        Platform(
            "windows-x86",
            "Windows 32 位（或 64 位系统上的 32 位 Python）",
            "windows",
            ("win32",),
            ("x86", "i386", "i686", "amd64"),
            ("x86", "AMD64"),
            32,
        ),
    )
}
ALIASES = {"win32": "windows-x86", "windows": "windows-amd64", "linux": "linux-x86_64"}


@dataclass
class Cache:
    root: Path

    @property
    def project(self) -> Path:
        return self.root / "project"

    @property
    def jieba(self) -> Path:
        return self.root / "jieba"

    @property
    def pip(self) -> Path:
        return self.root / "pip"

    def wheels(self, platform: Platform, python: str) -> Path:
        return self.root / "wheels" / platform.name / f"cp{python.replace('.', '')}"


@dataclass
class Built:
    platform: str
    archive: Path
    size: int
    wheels: int
    pythons: tuple[str, ...]
    runtime: str | None = None


def project_version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.M | re.S)
    if not found:
        raise BuildError("pyproject.toml 的 [project] 里没有 version。")
    return found.group(1)


def _pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "-q"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise BuildError(f"pip {args[0]} 失败（需要能访问软件包索引）：\n{tail}")


def _only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise BuildError(f"{folder} 里应当正好有一个 {pattern}，实际有 {len(found)} 个。")
    return found[0]


def build_project_wheel(cache: Cache) -> Path:
    """The project's wheel, always rebuilt from the checkout."""
    shutil.rmtree(cache.project, ignore_errors=True)
    cache.project.mkdir(parents=True)
    _pip("wheel", "--no-deps", "-w", str(cache.project), str(ROOT))
    return _only(cache.project, "zhengbing-*.whl")


def jieba_wheel(cache: Cache) -> Path:
    """jieba is published as a source archive only: build its (pure-Python) wheel once."""
    cache.jieba.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.jieba.glob("jieba-*-py3-none-any.whl"))
    if not found:
        _pip("wheel", "--no-deps", "--no-binary", "jieba", "-w", str(cache.jieba), JIEBA)
    return _only(cache.jieba, "jieba-*.whl")


def pip_wheel(cache: Cache, oldest: str) -> Path:
    """The pip wheel the installer runs from, so the target needs neither pip nor ensurepip."""
    cache.pip.mkdir(parents=True, exist_ok=True)
    if not sorted(cache.pip.glob("pip-*.whl")):
        _pip(
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            oldest,
            "-d",
            str(cache.pip),
            "pip>=24",
        )
    return sorted(cache.pip.glob("pip-*.whl"), key=lambda p: _wheel_version(p))[-1]


def _wheel_version(path: Path) -> Version:
    return parse_wheel_filename(path.name)[1]


def _platform_args(platform: Platform, python: str) -> list[str]:
    short = python.replace(".", "")
    args = ["--only-binary=:all:", "--implementation", "cp", "--python-version", python]
    for tag in platform.wheel_tags:
        args += ["--platform", tag]
    for abi in (f"cp{short}", "abi3", "none"):
        args += ["--abi", abi]
    return args


def download(
    platform: Platform, python: str, cache: Cache, project: Path, links: list[Path]
) -> list[Path]:
    """Every wheel *project* needs on *platform* under *python*; returns the closure."""
    dest = cache.wheels(platform, python)
    dest.mkdir(parents=True, exist_ok=True)
    find_links: list[str] = []
    for link in links:
        find_links += ["--find-links", str(link)]
    common = _platform_args(platform, python) + find_links + ["-d", str(dest)]
    _pip("download", *common, str(project))
    (dest / project.name).unlink(missing_ok=True)  # the project wheel is always taken fresh
    for _ in range(4):
        pool = [*dest.glob("*.whl"), project, *(w for link in links for w in link.glob("*.whl"))]
        selected, missing = closure(pool, project, platform, python)
        if not missing:
            return selected
        _pip("download", *common, *sorted(missing))
    raise BuildError(
        f"{platform.name} / Python {python} 缺少依赖，无法补齐：{'、'.join(sorted(missing))}"
    )


def _target_tags(platform: Platform, python: str) -> set[Tag]:
    version = tuple(int(x) for x in python.split("."))
    short = python.replace(".", "")
    platforms = list(platform.wheel_tags)
    tags = set(cpython_tags(version, abis=[f"cp{short}"], platforms=platforms))
    tags |= set(compatible_tags(version, f"cp{short}", platforms=platforms))
    return tags


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(
            n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")
        )
        return email.parser.BytesParser().parsebytes(archive.read(name), headersonly=True)


def closure(
    pool: Iterable[Path], project: Path, platform: Platform, python: str
) -> tuple[list[Path], set[str]]:
    """The wheels *project* needs from *pool* on *platform*, *python*; and requirements none meets.

    Markers are evaluated for the target (every ``platform_machine`` it may report), tags and
    ``Requires-Python`` checked against it; for each package the highest version meeting every
    requirement on it is taken, as pip would. The pool may hold several versions of a package
    (the download cache keeps older ones): a later, narrower requirement restarts the walk.
    """
    tags = _target_tags(platform, python)
    target = Version(f"{python}.0")
    by_name: dict[str, list[tuple[Version, Path]]] = {}
    for wheel in pool:
        name, version, _build, wheel_tags = parse_wheel_filename(wheel.name)
        if wheel_tags & tags and _python_ok(wheel, target):
            by_name.setdefault(canonicalize_name(name), []).append((version, wheel))
    for versions in by_name.values():
        versions.sort(reverse=True)
    envs = platform.marker_envs(python)
    root = Requirement(canonicalize_name(parse_wheel_filename(project.name)[0]))
    narrowed: dict[str, SpecifierSet] = {}
    for _attempt in range(20):
        chosen, missing, conflict = _walk(root, by_name, envs, narrowed)
        if conflict is None:
            return sorted(chosen.values()), missing
        name, spec = conflict
        narrowed[name] = narrowed.get(name, SpecifierSet()) & spec
    raise BuildError(f"{platform.name} / Python {python}：依赖版本互相冲突，无法选定。")


def _walk(
    root: Requirement,
    by_name: dict[str, list[tuple[Version, Path]]],
    envs: list[dict[str, str]],
    narrowed: dict[str, SpecifierSet],
) -> tuple[dict[str, Path], set[str], tuple[str, SpecifierSet] | None]:
    chosen: dict[str, tuple[Version, Path]] = {}
    missing: set[str] = set()
    todo = [root]
    done: set[str] = set()
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if str(req) in done:
            continue
        done.add(str(req))
        if name in chosen:
            if not req.specifier.contains(chosen[name][0], prereleases=True):
                return {}, set(), (name, req.specifier)
            wheel = chosen[name][1]
        else:
            spec = narrowed.get(name, SpecifierSet()) & req.specifier
            candidates = [
                (version, wheel)
                for version, wheel in by_name.get(name, [])
                if spec.contains(version, prereleases=True)
            ]
            if not candidates:
                missing.add(str(Requirement(f"{req.name}{spec}")))
                continue
            chosen[name] = candidates[0]
            wheel = candidates[0][1]
        for line in _metadata(wheel).get_all("Requires-Dist") or []:
            dep = Requirement(line)
            if _wanted(dep.marker, envs, frozenset(req.extras)):
                todo.append(dep)
    return {name: wheel for name, (_v, wheel) in chosen.items()}, missing, None


def _wanted(marker: Marker | None, envs: list[dict[str, str]], extras: frozenset[str]) -> bool:
    if marker is None:
        return True
    return any(marker.evaluate(env | {"extra": extra}) for env in envs for extra in {"", *extras})


def _python_ok(wheel: Path, target: Version) -> bool:
    requires = _metadata(wheel).get("Requires-Python")
    if not requires:
        return True
    return SpecifierSet(requires).contains(target, prereleases=True)


# --- portable runtime -------------------------------------------------------------------


def runtime_from_env(platform: Platform) -> Path | None:
    value = os.environ.get("ZHENGBING_RUNTIME_" + re.sub(r"\W", "_", platform.name).upper())
    return Path(value) if value else None


def unpack_runtime(archive: Path, platform: Platform, dest: Path) -> str:
    """Unpack a portable Python into *dest*; return its version ("3.12")."""
    if not archive.is_file():
        raise BuildError(f"找不到便携 Python 运行环境：{archive}")
    work = dest.parent / (dest.name + ".unpack")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as z:
                z.extractall(work)
        elif tarfile.is_tarfile(archive):
            with tarfile.open(archive) as t:
                if hasattr(tarfile, "tar_filter"):
                    t.extractall(work, filter="tar")
                else:  # pragma: no cover - Python without extraction filters
                    t.extractall(work)  # noqa: S202
        else:
            raise BuildError(f"{archive} 不是 zip 或 tar 归档，不能作为便携 Python 运行环境。")
        entries = list(work.iterdir())
        top = entries[0] if len(entries) == 1 and entries[0].is_dir() else work
        shutil.move(str(top), str(dest))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if platform.os == "windows":
        if not (dest / "python.exe").is_file():
            raise BuildError(f"{archive} 里没有 python.exe，不是 Windows 的 Python 运行环境。")
        dlls = [
            p.name for p in dest.glob("python3*.dll") if re.fullmatch(r"python3\d+\.dll", p.name)
        ]
        if not dlls:
            raise BuildError(f"{archive} 里找不到 python3XX.dll，无法判断 Python 版本。")
        digits = dlls[0][len("python3") : -len(".dll")]
        for pth in dest.glob("python3*._pth"):  # the embeddable distribution: enable site-packages
            lines = [
                "import site" if line.strip() == "#import site" else line
                for line in pth.read_text(encoding="utf-8").splitlines()
            ]
            if "Lib\\site-packages" not in lines:
                lines.insert(0, "Lib\\site-packages")
            if "import site" not in lines:
                lines.append("import site")
            pth.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        (dest / "Lib" / "site-packages").mkdir(parents=True, exist_ok=True)
        return f"3.{digits}"
    python = dest / "bin" / "python3"
    if not (python.is_file() or python.is_symlink()):
        raise BuildError(f"{archive} 里没有 bin/python3，不是 Linux 的 Python 运行环境。")
    libs = [p.name for p in (dest / "lib").glob("python3.*") if p.is_dir()]
    if libs:
        return libs[0][len("python") :]
    cfg = dest / "pyvenv.cfg"  # a prepared virtual environment used as the runtime
    found = (
        re.search(r"^version(?:_info)?\s*=\s*(3\.\d+)", cfg.read_text(), re.M)
        if cfg.exists()
        else None
    )
    if not found:
        raise BuildError(f"{archive}：无法判断 Python 版本（没有 lib/python3.X）。")
    return found.group(1)


# --- assembling ---------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _template(name: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    leftover = re.search(r"\{\{\w+\}\}", text)
    if leftover:
        raise BuildError(f"模板 {name} 里有未替换的 {leftover.group(0)}")
    return text


def _write(path: Path, text: str, *, windows: bool = False, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if windows:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    path.write_bytes(text.encode(encoding))


def assemble(
    folder: Path,
    platform: Platform,
    version: str,
    wheels: list[Path],
    pythons: tuple[str, ...],
    runtime: Path | None,
) -> dict[str, object]:
    """Fill *folder* with the bundle's files and its manifest."""
    (folder / "wheels").mkdir(parents=True)
    for wheel in wheels:
        shutil.copy2(wheel, folder / "wheels" / wheel.name)
    runtime_version = None
    if runtime is not None:
        runtime_version = unpack_runtime(runtime, platform, folder / "runtime")
        if runtime_version not in pythons:
            raise BuildError(
                f"便携 Python 是 {runtime_version}，本安装包只带了 Python "
                f"{'、'.join(pythons)} 的依赖。请换一个这些版本之一的运行环境。"
            )
    span = f"{pythons[0]}–{pythons[-1]}" if len(pythons) > 1 else pythons[0]
    values = {
        "VERSION": version,
        "PLATFORM": platform.name,
        "PLATFORM_LABEL": platform.label,
        "PYTHONS": span,
        "MIN_MINOR": pythons[0].split(".")[1],
        "MAX_MINOR": pythons[-1].split(".")[1],
        "RUNTIME": (
            f"本安装包自带 Python {runtime_version} 运行环境（runtime 文件夹），本机无需另装 Python。"
            if runtime_version
            else f"本安装包不带 Python：本机需要 Python {span}（见下文“准备 Python”）。"
        ),
    }
    (folder / "tools").mkdir()
    shutil.copy2(TEMPLATES / "install.py", folder / "tools" / "install.py")
    launcher = "zhengbing.bat" if platform.os == "windows" else "./zhengbing"
    values["SERVE"] = (
        f"  {launcher} serve{' ' * (len('--help') - len('serve'))}    "
        f"在本机浏览器里使用（用法见 {launcher} serve --help）\n"
        if has_serve()
        else ""
    )
    guide = _template(f"离线安装说明-{platform.os}.txt", values)
    if platform.os == "windows":
        # cmd.exe reads batch files in the console code page: 936 (GBK) on Chinese Windows.
        _write(
            folder / "install.bat", _template("install.bat", values), windows=True, encoding="gbk"
        )
        _write(
            folder / "zhengbing.bat",
            _template("zhengbing.bat", values),
            windows=True,
            encoding="gbk",
        )
        _write(folder / "离线安装说明.txt", guide, windows=True, encoding="utf-8-sig")
    else:
        _write(folder / "install.sh", _template("install.sh", values))
        _write(folder / "zhengbing", _template("zhengbing.sh", values))
        for script in ("install.sh", "zhengbing"):
            (folder / script).chmod(0o755)
        _write(folder / "离线安装说明.txt", guide)
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink() or not path.is_file() or rel.startswith("runtime/"):
            continue
        files[rel] = {"sha256": _sha256(path), "size": path.stat().st_size}
    manifest: dict[str, object] = {
        "name": "zhengbing",
        "version": version,
        "platform": platform.name,
        "platform_label": platform.label,
        "os": platform.os,
        "machines": list(platform.machines),
        "pointer_bits": platform.pointer_bits,
        "pythons": list(pythons),
        "glibc": _glibc_needed(wheels) if platform.os == "linux" else None,
        "runtime": runtime_version,
        "built": _dt.date.today().isoformat(),
        "files": files,
    }
    (folder / "bundle.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def has_serve() -> bool:
    """Whether this version has the ``serve`` command (the guide mentions it only then)."""
    return (ROOT / "src" / "zhengbing" / "commands" / "serve.py").is_file()


def _glibc_needed(wheels: Iterable[Path]) -> str:
    """The newest glibc any included wheel needs (manylinux tags), e.g. "2.17"."""
    needed = (2, 5)
    legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
    for wheel in wheels:
        platforms = {tag.platform for tag in parse_wheel_filename(wheel.name)[3]}
        best: tuple[int, int] | None = None
        for plat in platforms:
            found = re.match(r"manylinux_(\d+)_(\d+)_", plat)
            glibc = (int(found.group(1)), int(found.group(2))) if found else None
            for prefix, value in legacy.items():
                if plat.startswith(prefix + "_"):
                    glibc = value
            if glibc and (best is None or glibc < best):
                best = glibc
        if best and best > needed:
            needed = best
    return f"{needed[0]}.{needed[1]}"


def write_archive(folder: Path, target: Path, *, fmt: str) -> None:
    """Archive *folder* (as its top-level directory) to *target*, replacing it only when complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if fmt == "zip":
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
                for path in sorted(folder.rglob("*")):
                    arc = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                    if path.is_dir():
                        continue
                    stored = path.suffix == ".whl"  # already compressed
                    z.write(path, arc, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        else:
            with tarfile.open(tmp, "w:gz", compresslevel=6) as t:
                t.add(folder, arcname=folder.name)
        tmp.chmod(0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    digest = _sha256(target)
    (target.parent / (target.name + ".sha256")).write_text(
        f"{digest}  {target.name}\n", encoding="utf-8"
    )


def build_platform(
    platform: Platform,
    out: Path,
    cache: Cache,
    pythons: tuple[str, ...],
    runtime: Path | None,
    project: Path,
    extra: list[Path],
) -> Built:
    version = project_version()
    selected: dict[str, Path] = {}
    for python in pythons:
        for wheel in download(platform, python, cache, project, [cache.jieba]):
            selected.setdefault(wheel.name, wheel)
    for wheel in extra:
        selected.setdefault(wheel.name, wheel)
    name = f"zhengbing-{version}-{platform.name}"
    with tempfile.TemporaryDirectory(prefix=".bundle-", dir=out) as staging:
        folder = Path(staging) / name
        manifest = assemble(folder, platform, version, sorted(selected.values()), pythons, runtime)
        archive = out / (name + platform.archive_suffix)
        write_archive(folder, archive, fmt="zip" if platform.os == "windows" else "tar")
    return Built(
        platform.name,
        archive,
        archive.stat().st_size,
        len(selected),
        pythons,
        runtime=manifest["runtime"] if isinstance(manifest["runtime"], str) else None,
    )


# --- the corpus alone -----------------------------------------------------------------------


def _text_date(path: Path) -> _dt.date | None:
    """版本日期 (or 公布日期) from a law text's front matter."""
    head = path.read_text(encoding="utf-8")[:4000]
    for key in ("版本日期", "公布日期"):
        found = re.search(rf"^{key}:\s*'?(\d{{4}}-\d{{2}}-\d{{2}})", head, re.M)
        if found:
            return _dt.date.fromisoformat(found.group(1))
    return None


def build_corpus(out: Path, since: _dt.date | None = None, today: _dt.date | None = None) -> Path:
    """``zhengbing-corpus-<date>.zip``: the law texts, for ``zhengbing corpus add``.

    With *since*, only texts published or revised on or after that date: an update for offices
    whose installed version already carries the older ones (importing a text the program
    already ships would list it twice).
    """
    today = today or _dt.date.today()
    source = ROOT / "corpus" / "policies"
    texts = []
    for path in sorted(source.rglob("*.md")):
        if path.name == "SOURCES.md":
            continue
        date = _text_date(path)
        if since is None or (date is not None and date >= since):
            texts.append(path)
    if not texts:
        raise BuildError(f"{source} 里没有{f' {since} 以后的' if since else ''}法规文本。")
    target = out / f"zhengbing-corpus-{today:%Y%m%d}.zip"
    out.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=out)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for path in texts:
                z.write(path, f"法规/{path.relative_to(source).as_posix()}")
            z.comment = (
                f"征兵文稿工具箱法规资料（{today:%Y-%m-%d}，{len(texts)} 件）。"
                "导入：在工作区里运行 zhengbing corpus add 本文件"
            ).encode()
        tmp.chmod(0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


# --- command line -------------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def parse_runtimes(values: list[str]) -> dict[str, Path]:
    runtimes: dict[str, Path] = {}
    for value in values:
        name, sep, path = value.partition("=")
        name = ALIASES.get(name, name)
        if not sep or name not in PLATFORMS:
            raise BuildError(
                f"--runtime 的写法是 平台=归档路径，例如 windows-amd64=python.zip：{value}"
            )
        runtimes[name] = Path(path)
    return runtimes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bash run.sh bundle",
        description="生成离线安装包（写到 dist/offline/）。",
    )
    parser.add_argument(
        "targets",
        nargs="*",
        metavar="平台",
        help=f"{' '.join(PLATFORMS)}（默认全部），或 corpus（只打包法规资料）",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "offline", help="输出文件夹")
    parser.add_argument(
        "--cache", type=Path, default=ROOT / "build" / "offline-cache", help="下载缓存文件夹"
    )
    parser.add_argument(
        "--python",
        default=",".join(PYTHONS),
        help=f"支持的 Python 版本，逗号分隔（默认 {','.join(PYTHONS)}）",
    )
    parser.add_argument(
        "--runtime",
        action="append",
        default=[],
        metavar="平台=归档",
        help="随包附带的便携 Python（python-build-standalone 或 Windows 嵌入式 zip）",
    )
    parser.add_argument(
        "--since",
        metavar="日期",
        help="corpus：只打包这一天（YYYY-MM-DD）及以后公布或修订的法规",
    )
    args = parser.parse_args(argv)
    try:
        out: Path = args.out.resolve()
        targets = [ALIASES.get(t, t) for t in args.targets] or list(PLATFORMS)
        unknown = [t for t in targets if t not in PLATFORMS and t != "corpus"]
        if unknown:
            raise BuildError(
                f"不认识的平台：{'、'.join(unknown)}。可选：{' '.join(PLATFORMS)} corpus"
            )
        pythons = tuple(v.strip() for v in args.python.split(",") if v.strip())
        if not pythons or any(not re.fullmatch(r"3\.\d+", v) for v in pythons):
            raise BuildError(f"--python 的写法是 3.10,3.11 这样的版本列表：{args.python}")
        pythons = tuple(sorted(pythons, key=lambda v: int(v.split(".")[1])))
        runtimes = parse_runtimes(args.runtime)
        out.mkdir(parents=True, exist_ok=True)
        if "corpus" in targets:
            try:
                since = _dt.date.fromisoformat(args.since) if args.since else None
            except ValueError as exc:
                raise BuildError(f"--since 的写法是 2024-05-01 这样的日期：{args.since}") from exc
            archive = build_corpus(out, since)
            print(f"法规资料包：{archive}（{_size(archive.stat().st_size)}）")
            targets = [t for t in targets if t != "corpus"]
        if not targets:
            return 0
        cache = Cache(args.cache.resolve())
        project = build_project_wheel(cache)
        extra = [jieba_wheel(cache), pip_wheel(cache, pythons[0])]
        for name in targets:
            platform = PLATFORMS[name]
            runtime = runtimes.get(name) or runtime_from_env(platform)
            built = build_platform(platform, out, cache, pythons, runtime, project, extra)
            note = f"，自带 Python {built.runtime}" if built.runtime else ""
            print(
                f"{built.platform}：{built.archive}（{_size(built.size)}，{built.wheels} 个 wheel，"
                f"Python {'、'.join(built.pythons)}{note}）"
            )
    except BuildError as exc:
        print(f"生成离线安装包失败：{exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    raise SystemExit(main())
