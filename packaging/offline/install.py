"""Offline installer of an office bundle (run by install.sh / install.bat; standard library only).

    python tools/install.py [--target 文件夹]

Checks, before anything is written: the bundle is for this machine (operating system, processor,
32/64-bit Python, glibc), the Python version is one the bundle carries wheels for, every file
listed in ``bundle.json`` is present and intact, and the target folder is writable. Then it
builds the new environment in a temporary folder next to the old one (a virtual environment
made from this Python, or a copy of the bundled portable Python), installs with
``pip install --no-index --find-links wheels`` using the bundled pip wheel, checks that the
program starts, and only then swaps it in for ``app/``. Nothing else in the target folder is
touched: workspaces, the user data folder and the settings stay as they are, and a failed or
interrupted installation leaves the previous version working.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

BUNDLE = Path(__file__).resolve().parent.parent
APP = "app"
MARKER = "zhengbing-install.json"  # in app/: what was installed; an app/ without it is not ours
EXIT_INPUT = 2
EXIT_FAILED = 1


class InstallError(Exception):
    """A problem the person installing can fix; the message says what to do (Chinese)."""


def fail(message: str, code: int = EXIT_INPUT) -> int:
    print(f"安装未完成：{message}", file=sys.stderr)
    print("本机原有的安装（如果有）没有被改动。", file=sys.stderr)
    return code


def load_manifest(bundle: Path) -> dict:
    path = bundle / "bundle.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InstallError(
            f"安装包不完整或已损坏：无法读取 {path}（{exc}）。请重新拷贝安装包，完整解压后再运行安装。"
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("name") != "zhengbing":
        raise InstallError(f"{path} 不是征兵文稿工具箱的安装包清单。请重新拷贝安装包。")
    return manifest


def this_platform() -> tuple[str, str, int]:
    """(os, machine, pointer bits) of the running Python."""
    system = "windows" if sys.platform.startswith("win") else sys.platform
    if system.startswith("linux"):
        system = "linux"
    return system, platform.machine().lower(), struct.calcsize("P") * 8


def check_platform(manifest: dict) -> None:
    system, machine, bits = this_platform()
    wanted_os = manifest.get("os")
    label = manifest.get("platform_label", manifest.get("platform"))
    here = f"{system} {machine}，{bits} 位 Python"
    if system != wanted_os or machine not in manifest.get("machines", []):
        raise InstallError(
            f"这个安装包是给 {label} 用的，本机是 {here}。"
            f"请改用与本机相符的安装包（zhengbing-{manifest.get('version')}-<平台>）。"
        )
    if bits != manifest.get("pointer_bits", bits):
        raise InstallError(
            f"这个安装包需要 {manifest.get('pointer_bits')} 位 Python，本机用的是 {bits} 位 Python"
            f"（{sys.executable}）。请改用与之相符的安装包，或换用 {manifest.get('pointer_bits')} 位 Python。"
        )
    glibc = manifest.get("glibc")
    if system == "linux" and glibc:
        name, found = platform.libc_ver()
        if name == "glibc" and found and _version(found) < _version(glibc):
            raise InstallError(
                f"本机的 glibc 是 {found}，本安装包需要 {glibc} 或更新（银河麒麟 V10、统信 UOS 20 及以后的版本都满足）。"
                "请升级操作系统，或联系提供安装包的人员。"
            )


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def check_python(manifest: dict) -> None:
    pythons = manifest.get("pythons", [])
    mine = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if mine in pythons:
        return
    span = f"{pythons[0]}–{pythons[-1]}" if pythons else "?"
    if pythons and _version(mine) < _version(pythons[0]):
        problem = f"{sys.executable} 是 Python {mine}，版本太旧"
    else:
        problem = f"{sys.executable} 是 Python {mine}，本安装包没有带这个版本的依赖"
    raise InstallError(
        f"{problem}。本安装包支持 Python {span}。"
        "请按“离线安装说明.txt”准备合适的 Python，或用 PYTHON 环境变量指定它，"
        "或使用自带 Python 运行环境的安装包。"
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_files(bundle: Path, manifest: dict) -> None:
    bad = []
    for rel, info in sorted(manifest.get("files", {}).items()):
        path = bundle / rel
        try:
            if path.stat().st_size != info["size"] or _sha256(path) != info["sha256"]:
                bad.append(f"{rel}（已损坏）")
        except OSError:
            bad.append(f"{rel}（缺失）")
    if bad:
        shown = "、".join(bad[:5]) + (f" 等 {len(bad)} 个文件" if len(bad) > 5 else "")
        raise InstallError(
            f"安装包不完整或已损坏：{shown}。请重新拷贝安装包（可用同目录的 .sha256 文件核对），"
            "完整解压后再运行安装。"
        )


def check_target(target: Path) -> None:
    try:
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target, prefix=".zhengbing-write-test-"):
            pass
    except OSError as exc:
        raise InstallError(
            f"无法写入安装位置 {target}（{exc.strerror or exc}）。"
            "请换一个有写权限的文件夹（例如自己的用户目录或 D 盘下的文件夹），"
            "用 --target 指定它，或把安装包解压到那里再运行安装。"
        ) from exc
    app = target / APP
    if (app.exists() or app.is_symlink()) and not (app / MARKER).is_file():
        raise InstallError(
            f"{app} 已经存在，但不是征兵文稿工具箱装的，安装不会替换它。"
            "请用 --target 另选一个安装文件夹（例如新建一个空文件夹）。"
        )


def app_python(app: Path) -> Path:
    for rel in ("Scripts/python.exe", "python.exe", "bin/python3"):
        if (app / rel).exists():
            return app / rel
    raise InstallError(f"{app} 里没有找到 Python。安装包可能已损坏，请重新拷贝。")


def clean_env() -> dict[str, str]:
    drop = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PIP_")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PIP_NO_INPUT"] = "1"
    return env


def run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(
            command, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
    except OSError as exc:
        raise InstallError(
            f"{what}失败：无法运行 {command[0]}（{exc.strerror or exc}）。"
            "如果安装文件夹所在的磁盘不允许运行程序，请换一个文件夹用 --target 安装。"
        ) from exc
    if done.returncode != 0:
        tail = "\n".join(done.stdout.decode("utf-8", "replace").strip().splitlines()[-12:])
        raise InstallError(f"{what}失败：\n{tail}\n请把以上信息发给提供安装包的人员。")


def build_app(bundle: Path, manifest: dict, staging: Path) -> Path:
    """Create the environment in *staging*/app and install the program into it."""
    app = staging / APP
    runtime = bundle / "runtime"
    if manifest.get("runtime") and runtime.is_dir():
        shutil.copytree(runtime, app, symlinks=True)
    else:
        run([sys.executable, "-m", "venv", "--without-pip", str(app)], "创建 Python 虚拟环境")
    python = app_python(app)
    pips = sorted((bundle / "wheels").glob("pip-*.whl"))
    if not pips:
        raise InstallError("安装包里缺少 pip 的 wheel 文件。请重新拷贝安装包。")
    # pip runs straight from its wheel; put on sys.path explicitly because the Windows
    # embeddable Python (a ._pth file) does not add a script's folder itself.
    bootstrap = (
        f"import sys; sys.path.insert(0, {str(pips[-1])!r}); "
        "from pip._internal.cli.main import main; sys.exit(main())"
    )
    command = [
        str(python),
        "-c",
        bootstrap,
        "install",
        "--no-index",
        "--find-links",
        str(bundle / "wheels"),
        "--disable-pip-version-check",
        "--no-warn-script-location",
        "--no-cache-dir",
        "--isolated",
    ]
    if manifest.get("runtime"):
        command.append("--break-system-packages")
    command.append(f"zhengbing=={manifest['version']}")
    run(command, "安装软件包（pip install --no-index）")
    run([str(python), "-m", "zhengbing", "--version"], "试运行")
    record = {
        "version": manifest["version"],
        "platform": manifest.get("platform"),
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "runtime": manifest.get("runtime"),
    }
    (app / MARKER).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return app


def _retarget_scripts(app: Path, old: Path, new: Path) -> None:
    """Console scripts of a virtual environment name its Python by absolute path: fix it."""
    bin_dir = app / "bin"
    if not bin_dir.is_dir():
        return
    old_b, new_b = f"#!{old}/".encode(), f"#!{new}/".encode()
    for script in bin_dir.iterdir():
        if script.is_symlink() or not script.is_file():
            continue
        data = script.read_bytes()
        if data.startswith(old_b):
            script.write_bytes(new_b + data[len(old_b) :])


def swap_in(target: Path, staging: Path) -> None:
    """Replace target/app by staging/app: the old one moves aside first and comes back on failure."""
    new, final = staging / APP, target / APP
    _retarget_scripts(new, new, final)
    old = target / f".zhengbing-old-{uuid.uuid4().hex[:8]}"
    had_old = final.exists()
    if had_old:
        try:
            os.replace(final, old)
        except OSError as exc:
            _retarget_scripts(new, final, new)
            raise InstallError(
                f"无法替换 {final}（{exc.strerror or exc}）。请先关闭正在运行的征兵文稿工具箱，再运行安装。"
            ) from exc
    try:
        os.replace(new, final)
    except OSError as exc:
        if had_old:
            os.replace(old, final)
        raise InstallError(f"无法把新版本放到 {final}（{exc.strerror or exc}）。") from exc
    if had_old:
        shutil.rmtree(old, ignore_errors=True)


def copy_launchers(bundle: Path, target: Path) -> None:
    """When installing elsewhere, the launcher and the guide go along (written atomically)."""
    if target.resolve() == bundle.resolve():
        return
    for name in ("zhengbing", "zhengbing.bat", "离线安装说明.txt"):
        source = bundle / name
        if not source.is_file():
            continue
        tmp = target / f".{name}.{uuid.uuid4().hex[:8]}"
        shutil.copy2(source, tmp)
        os.replace(tmp, target / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="离线安装征兵文稿工具箱（不需要网络，不需要管理员权限）"
    )
    parser.add_argument(
        "--target",
        type=Path,
        default=None,
        help="安装到哪个文件夹（默认：安装包所在的文件夹）",
    )
    args = parser.parse_args(argv)
    bundle = BUNDLE
    target = (args.target or bundle).expanduser().absolute()
    try:
        manifest = load_manifest(bundle)
        check_platform(manifest)
        check_python(manifest)
        print(
            f"正在检查安装包（征兵文稿工具箱 {manifest['version']}，{manifest.get('platform')}）……"
        )
        check_files(bundle, manifest)
        check_target(target)
        staging = Path(tempfile.mkdtemp(prefix=".zhengbing-new-", dir=target))
        try:
            print("正在安装（不需要网络）……")
            build_app(bundle, manifest, staging)
            swap_in(target, staging)
            copy_launchers(bundle, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except InstallError as exc:
        return fail(str(exc))
    except OSError as exc:
        where = f"（{exc.filename}）" if exc.filename else ""
        return fail(
            f"读写文件时出错{where}：{exc.strerror or exc}。请检查磁盘空间和文件夹权限后重新运行安装。",
            EXIT_FAILED,
        )
    except KeyboardInterrupt:
        return fail("安装被中断。", EXIT_FAILED)
    launcher = target / ("zhengbing.bat" if os.name == "nt" else "zhengbing")
    print(f"安装完成：征兵文稿工具箱 {manifest['version']}，位置 {target}")
    print(f"试用：{launcher} demo    图形界面：{launcher} tui")
    print("工作区、资料和设置都在各自的文件夹里，升级或重装不会删除它们。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
