"""Offline bundles: built once per test session, installed with the network cut, checked complete.

The linux-x86_64 bundle is extracted with tar, installed by its install.sh and its launcher runs
``demo`` inside a network namespace with no interfaces (``unshare -n``; CI runs as root and
must have it). Every other bundle is checked complete for its platform and each Python version
it claims, by pip's resolver (``--dry-run --no-index``) and by walking the dependency closure
with the target's own environment markers. Downloads are cached under build/offline-cache.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILDER = ROOT / "packaging" / "bundle.py"
CACHE = ROOT / "build" / "offline-cache"
VERSION_PLATFORMS = ("linux-x86_64", "linux-aarch64", "windows-amd64", "windows-x86")

pytestmark = pytest.mark.slow


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zhengbing_bundle_builder", BUILDER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bundle = _load_builder()


def _base_python() -> str:
    return getattr(sys, "_base_executable", None) or sys.executable


def _clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not k.startswith("PIP_")
    }
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(
        [str(Path(_base_python()).parent)]
        + [p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
    )
    env.update(extra)
    return env


def _offline() -> list[str]:
    """The command prefix that cuts the network; fails under CI=true when it cannot."""
    problem = None
    if shutil.which("unshare") is None:
        problem = "unshare (util-linux) is missing"
    else:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
        if probe.returncode != 0:
            problem = f"unshare -n does not work here: {probe.stderr.strip()}"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{problem}: the offline installation cannot be tested")
        pytest.skip(problem)
    return [shutil.which("unshare") or "unshare", "-n"]


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=_clean_env(**env), capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "dist"
    done = subprocess.run(
        [sys.executable, str(BUILDER), "--out", str(out), "--cache", str(CACHE)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for name in VERSION_PLATFORMS:
        assert name in done.stdout
    return out


def _archive(dist: Path, platform: str) -> Path:
    version = bundle.project_version()
    return dist / f"zhengbing-{version}-{platform}{bundle.PLATFORMS[platform].archive_suffix}"


def _extract(archive: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as z:
            z.extractall(into)
    else:
        subprocess.run(["tar", "-xzf", str(archive), "-C", str(into)], check=True)
    (folder,) = list(into.iterdir())
    return folder


@pytest.fixture(scope="session")
def extracted(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("extracted")
    return {name: _extract(_archive(dist, name), base / name) for name in VERSION_PLATFORMS}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".zhengbing-"))


# --- the archives ------------------------------------------------------------------------


def test_archives_sizes_and_checksums(dist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = []
    for name in VERSION_PLATFORMS:
        archive = _archive(dist, name)
        assert archive.is_file()
        digest = (archive.parent / (archive.name + ".sha256")).read_text().split()[0]
        assert digest == bundle._sha256(archive)
        lines.append(f"{archive.name}: {archive.stat().st_size / 1e6:.1f} MB")
        assert 15e6 < archive.stat().st_size < 120e6
    with capsys.disabled():
        print("\noffline bundles:\n  " + "\n  ".join(lines))


@pytest.mark.parametrize("platform", VERSION_PLATFORMS)
def test_bundle_holds_what_its_platform_needs(extracted: dict[str, Path], platform: str) -> None:
    folder = extracted[platform]
    manifest = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
    assert manifest["platform"] == platform
    assert manifest["pythons"] == list(bundle.PYTHONS)
    assert manifest["version"] == bundle.project_version()
    windows = platform.startswith("windows")
    scripts = ["install.bat", "zhengbing.bat"] if windows else ["install.sh", "zhengbing"]
    for name in [*scripts, "离线安装说明.txt", "tools/install.py"]:
        assert name in manifest["files"], name
    wheels = sorted(p.name for p in (folder / "wheels").glob("*.whl"))
    assert any(w.startswith(f"zhengbing-{manifest['version']}-") for w in wheels)
    assert any(w.startswith("jieba-") and w.endswith("-py3-none-any.whl") for w in wheels)
    assert any(w.startswith("pip-") for w in wheels)
    assert any(w.startswith("tomli-") for w in wheels)  # Python 3.10 only, by marker
    rjieba = [w for w in wheels if w.startswith("rjieba-")]
    assert rjieba and all(
        any(tag in w for tag in bundle.PLATFORMS[platform].wheel_tags) for w in rjieba
    )
    guide = (folder / "离线安装说明.txt").read_text(encoding="utf-8-sig")
    assert "3.10–3.13" in guide and "demo" in guide and "tui" in guide
    if windows:
        for name in scripts:
            raw = (folder / name).read_bytes()
            assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
            assert "征兵文稿工具箱" in raw.decode("gbk")  # the console code page of Chinese Windows
    else:
        for name in scripts:
            assert os.access(folder / name, os.X_OK)


@pytest.mark.parametrize("python", bundle.PYTHONS)
@pytest.mark.parametrize("platform", VERSION_PLATFORMS)
def test_bundle_resolves_offline_for_each_python(
    extracted: dict[str, Path], platform: str, python: str, tmp_path: Path
) -> None:
    folder = extracted[platform]
    wheels = folder / "wheels"
    target = bundle.PLATFORMS[platform]
    # the target's own markers: every requirement met by a wheel in the bundle
    project = next(wheels.glob("zhengbing-*.whl"))
    chosen, missing = bundle.closure(list(wheels.glob("*.whl")), project, target, python)
    assert not missing, f"{platform} / {python}: {missing}"
    names = {bundle.parse_wheel_filename(p.name)[0] for p in chosen}
    assert ("tomli" in names) == (python == "3.10")
    # and pip's resolver, offline, for that platform and Python
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--isolated",
        "--no-index",
        "--disable-pip-version-check",
        "--find-links",
        str(wheels),
        "--target",
        str(tmp_path / "x"),
        *bundle._platform_args(target, python),
        f"zhengbing=={bundle.project_version()}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Would install" in done.stdout and "zhengbing" in done.stdout


# --- installing --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def office(extracted: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The linux-x86_64 bundle installed into its own folder with the network cut."""
    offline = _offline()
    folder = tmp_path_factory.mktemp("office") / "bundle"
    shutil.copytree(extracted["linux-x86_64"], folder, symlinks=True)
    done = _run([*offline, "./install.sh"], folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "安装完成" in done.stdout
    return folder


def test_installs_and_runs_demo_without_network(office: Path, tmp_path: Path) -> None:
    done = _run([*_offline(), str(office / "zhengbing"), "demo", str(tmp_path / "示例")], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    docx = [line.split("：", 1)[1] for line in done.stdout.splitlines() if "Word：" in line]
    assert len(docx) == 2
    for path in docx:
        assert Path(path).is_file() and Path(path).stat().st_size > 5000
        assert zipfile.is_zipfile(path)
    assert _leftovers(office) == []


def test_reinstall_over_older_keeps_user_data(office: Path, tmp_path: Path) -> None:
    workspace = office / "我的工作区"
    (workspace / "资料").mkdir(parents=True)
    (workspace / "zhengbing.toml").write_text('unit = "云岭镇人武部"\n', encoding="utf-8")
    (workspace / "资料" / "本单位总结.md").write_text("# 总结\n\n正文。\n", encoding="utf-8")
    xdg = {k: str(tmp_path / k.lower()) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    recovery = Path(xdg["XDG_DATA_HOME"]) / "zhengbing" / "recovery" / "草稿.md"
    recovery.parent.mkdir(parents=True)
    recovery.write_text("未保存的草稿\n", encoding="utf-8")
    marker = office / "app" / "old-version-marker"
    marker.write_text("old\n")
    before = {p: p.read_bytes() for p in [*workspace.rglob("*"), recovery] if p.is_file()}

    done = _run([*_offline(), "./install.sh"], office, **xdg)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not marker.exists()  # the environment was replaced as a whole
    assert {p: p.read_bytes() for p in before} == before
    assert _leftovers(office) == []
    again = _run([str(office / "zhengbing"), "--version"], tmp_path)
    assert again.returncode == 0 and bundle.project_version() in again.stdout


def test_installs_elsewhere_with_the_launcher(extracted: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "装在别处"
    done = _run([*_offline(), "./install.sh", "--target", str(target)], extracted["linux-x86_64"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (extracted["linux-x86_64"] / "app").exists()
    assert (target / "离线安装说明.txt").is_file()
    version = _run([str(target / "zhengbing"), "--version"], tmp_path)
    assert version.returncode == 0 and bundle.project_version() in version.stdout


# --- bad input: a Chinese message, nothing half-installed -------------------------------


def _refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_bundle_for_another_platform_is_refused(extracted: dict[str, Path]) -> None:
    folder = extracted["linux-aarch64"]
    done = _run(["./install.sh"], folder)
    _refused(done, "这个安装包是给", "ARM64", "请改用")
    assert not (folder / "app").exists() and _leftovers(folder) == []


def _fake_python(folder: Path, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fake = folder / "python3"
    fake.write_text(f'#!/bin/sh\ncase "$*" in *print*) echo {version};; esac\nexit 1\n')
    fake.chmod(0o755)
    return fake


def _bare_path(folder: Path) -> str:
    """A PATH with the shell tools install.sh uses and no Python."""
    folder.mkdir(parents=True, exist_ok=True)
    for tool in ("dirname",):
        (folder / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    return str(folder)


def test_too_old_python_is_refused(extracted: dict[str, Path], tmp_path: Path) -> None:
    folder = extracted["linux-x86_64"]
    fake = _fake_python(tmp_path / "old", "3.8")
    _refused(_run(["./install.sh"], folder, PYTHON=str(fake)), "3.8", "Python 3.10–3.13")
    path = _bare_path(tmp_path / "bin") + os.pathsep + str(fake.parent)
    _refused(_run(["/bin/sh", "./install.sh"], folder, PATH=path), "版本不合适", "3.8")
    assert not (folder / "app").exists() and _leftovers(folder) == []


def test_missing_python_is_refused(extracted: dict[str, Path], tmp_path: Path) -> None:
    folder = extracted["linux-x86_64"]
    path = _bare_path(tmp_path / "bin")
    _refused(_run(["/bin/sh", "./install.sh"], folder, PATH=path), "没有找到 Python")
    _refused(_run(["./install.sh"], folder, PYTHON=str(tmp_path / "nowhere" / "python3")), "不存在")
    assert not (folder / "app").exists()


def test_damaged_archive_is_refused(dist: Path, tmp_path: Path) -> None:
    archive = _archive(dist, "linux-x86_64")
    damaged = tmp_path / archive.name
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size * 6 // 10])
    into = tmp_path / "x"
    into.mkdir()
    subprocess.run(["tar", "-xzf", str(damaged), "-C", str(into)], capture_output=True)
    (folder,) = list(into.iterdir())
    done = _run(["./install.sh"], folder)
    _refused(done, "安装包不完整或已损坏", "重新拷贝")
    assert not (folder / "app").exists() and _leftovers(folder) == []


def test_corrupted_wheel_is_refused(extracted: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    shutil.copytree(extracted["linux-x86_64"], folder)
    wheel = next((folder / "wheels").glob("textual-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0xFF
    wheel.write_bytes(bytes(data))
    _refused(_run(["./install.sh"], folder), wheel.name, "已损坏")
    assert not (folder / "app").exists()


def test_unwritable_target_is_refused(extracted: dict[str, Path], tmp_path: Path) -> None:
    blocker = tmp_path / "普通文件"
    blocker.write_text("not a folder\n")
    folder = extracted["linux-x86_64"]
    done = _run(["./install.sh", "--target", str(blocker / "征兵")], folder)
    _refused(done, "无法写入安装位置", "--target")
    assert blocker.read_text() == "not a folder\n"


def test_foreign_app_folder_is_not_replaced(extracted: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "家目录"
    (target / "app").mkdir(parents=True)
    (target / "app" / "我的程序.txt").write_text("别删\n", encoding="utf-8")
    done = _run(["./install.sh", "--target", str(target)], extracted["linux-x86_64"])
    _refused(done, "不是征兵文稿工具箱装的", "--target")
    assert (target / "app" / "我的程序.txt").read_text(encoding="utf-8") == "别删\n"
    assert _leftovers(target) == []


def test_launcher_before_install_says_what_to_do(extracted: dict[str, Path]) -> None:
    folder = extracted["linux-aarch64"]
    done = _run(["./zhengbing", "demo"], folder)
    assert done.returncode == 3 and "install.sh" in done.stderr


# --- a portable Python runtime -----------------------------------------------------------


def test_bundle_with_portable_runtime_needs_no_python(tmp_path: Path) -> None:
    """A relocatable Python (here a prepared environment) travels in the bundle and is used."""
    offline = _offline()
    runtime_dir = tmp_path / "rt" / "python"
    subprocess.run(
        [_base_python(), "-m", "venv", "--copies", "--without-pip", str(runtime_dir)], check=True
    )
    runtime = tmp_path / "runtime.tar.gz"
    with tarfile.open(runtime, "w:gz") as t:
        t.add(runtime_dir, arcname="python")
    out = tmp_path / "dist"
    done = subprocess.run(
        [
            sys.executable,
            str(BUILDER),
            "--out",
            str(out),
            "--cache",
            str(CACHE),
            "--runtime",
            f"linux-x86_64={runtime}",
            "linux-x86_64",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "自带 Python" in done.stdout
    folder = _extract(_archive(out, "linux-x86_64"), tmp_path / "x")
    assert (folder / "runtime" / "bin" / "python3").exists()
    assert "自带 Python" in (folder / "离线安装说明.txt").read_text(encoding="utf-8")
    path = _bare_path(tmp_path / "bin")
    installed = _run([*offline, "/bin/sh", "./install.sh"], folder, PATH=path)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    demo = _run(
        [*offline, "/bin/sh", str(folder / "zhengbing"), "demo", "示例"], tmp_path, PATH=path
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert list((tmp_path / "示例" / "成稿").glob("*.docx"))


# --- the law corpus alone ----------------------------------------------------------------


def test_corpus_update_is_taken_by_corpus_add(tmp_path: Path) -> None:
    import datetime as dt

    archive = bundle.build_corpus(tmp_path, since=dt.date(2024, 1, 1), today=dt.date(2026, 3, 1))
    assert archive.name == "zhengbing-corpus-20260301.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert names and all(n.startswith("法规/") and n.endswith(".md") for n in names)
    assert any("国防教育法(2024-09-13)" in n for n in names)
    assert not any("2011" in n or "SOURCES" in n for n in names)
    workspace = tmp_path / "ws"
    init = _run(
        [sys.executable, "-m", "zhengbing", "init", "--unit", "云岭镇", str(workspace)], tmp_path
    )
    assert init.returncode == 0, init.stdout + init.stderr
    added = _run([sys.executable, "-m", "zhengbing", "corpus", "add", str(archive)], workspace)
    assert added.returncode == 0, added.stdout + added.stderr
    assert f"导入 {len(names)} 个，失败 0 个" in added.stdout
    assert len(list((workspace / "资料").glob("*.md"))) == len(names)


def test_windows_embeddable_runtime_gets_site_packages(tmp_path: Path) -> None:
    """The embeddable zip's ._pth file is changed so that installed packages are importable."""
    archive = tmp_path / "python-3.12.9-embed-amd64.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("python.exe", b"MZ")
        z.writestr("python3.dll", b"MZ")
        z.writestr("python312.dll", b"MZ")
        z.writestr("python312.zip", b"")
        z.writestr(
            "python312._pth",
            "python312.zip\r\n.\r\n\r\n# Uncomment to run site.main()\r\n#import site\r\n",
        )
    dest = tmp_path / "runtime"
    version = bundle.unpack_runtime(archive, bundle.PLATFORMS["windows-amd64"], dest)
    assert version == "3.12"
    lines = (dest / "python312._pth").read_text(encoding="utf-8").splitlines()
    assert "Lib\\site-packages" in lines and "import site" in lines and "#import site" not in lines
    assert "python312.zip" in lines
    assert (dest / "Lib" / "site-packages").is_dir()
    with pytest.raises(bundle.BuildError, match="bin/python3"):
        bundle.unpack_runtime(archive, bundle.PLATFORMS["linux-x86_64"], tmp_path / "other")


def test_builder_refuses_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bundle.main(["--out", str(tmp_path), "macos"]) == 2
    assert "不认识的平台" in capsys.readouterr().err
    assert bundle.main(["--out", str(tmp_path), "--python", "3", "linux-x86_64"]) == 2
    assert "--python" in capsys.readouterr().err
    assert bundle.main(["--out", str(tmp_path), "--runtime", "x.zip", "linux-x86_64"]) == 2
    assert "--runtime" in capsys.readouterr().err
    assert bundle.main(["--out", str(tmp_path), "corpus", "--since", "昨天"]) == 2
    assert "--since" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
