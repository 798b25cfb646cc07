"""Reading text in the encodings Chinese offices produce, and crash-safe writing.

Decoding order: byte-order mark → UTF-8 → GB18030 (a superset of GBK and GB2312). The name
of the encoding used is returned so commands can tell the user.

Writing: every output goes to a temporary file in the target folder and is renamed over the
target only when complete, so an interrupted run never leaves a half-written file. An existing
file is replaced only when asked (``force``) and then kept as a timestamped backup first.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zhengbing.errors import InputError, OutputError

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8（带 BOM）"),
    (b"\xff\xfe", "utf-16-le", "UTF-16LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16BE"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # human-readable label, e.g. "UTF-8", "GB18030"

    @property
    def is_legacy(self) -> bool:
        return self.encoding == "GB18030"


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode *data* read from *name*; raise :class:`InputError` when no encoding fits."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}：文件以 {label} 标记开头，但第 {exc.start} 字节处无法按 {label} 解码。",
                    hint="请用记事本或 WPS 打开后另存为 UTF-8 编码再试。",
                ) from None
            return Decoded(_normalise_newlines(text), label)
    try:
        return Decoded(_normalise_newlines(data.decode("utf-8")), "UTF-8")
    except UnicodeDecodeError as utf8_exc:
        utf8_error = utf8_exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data.count(b"\n", 0, utf8_error.start) + 1
        raise InputError(
            f"{name}：无法识别文件编码（既不是 UTF-8，也不是 GB18030/GBK），第 {line} 行附近有无法解码的字节。",
            hint="请确认这是文本文件；如是 Word 文件请直接使用 .docx；否则另存为 UTF-8 编码再试。",
        ) from None
    if "\x00" in text:
        raise InputError(
            f"{name}：这不是文本文件（含有二进制内容）。", hint="请提供 .md、.txt 或 .docx 文件。"
        )
    return Decoded(_normalise_newlines(text), "GB18030")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


MAX_INPUT_BYTES = 50 * 1024 * 1024  # the documented limit of every user file


def _mb(n: int) -> str:
    return f"{n // 1024 // 1024} MB"


def read_user_bytes(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_INPUT_BYTES, what: str = "文件"
) -> bytes:
    """The one way to read a file the user named: open it once, refuse anything that is not a
    regular file (a folder, a FIFO, a device, a socket) with a message naming it, and stop
    reading after *max_bytes* bytes actually read — never trust the size the system reports.

    The file is opened without blocking, so a FIFO nobody writes to is refused instead of
    hanging; a symlink is followed to what it points at, and that is checked.
    """
    import stat

    p = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise InputError(f"找不到{what}：{p}", hint="请检查路径是否正确。") from None
    except IsADirectoryError:
        raise InputError(f"{p} 是文件夹，不是文件。", hint="请给出其中的一个文件。") from None
    except PermissionError:
        raise InputError(f"没有权限读取{what}：{p}", hint="请检查文件权限。") from None
    except OSError as exc:
        raise InputError(f"无法读取{what}：{p}（{exc.strerror}）") from None
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{p} 是文件夹，不是文件。", hint="请给出其中的一个文件。")
        if not stat.S_ISREG(mode):
            raise InputError(
                f"{p} 不是普通文件（{_special_kind(mode)}），不会读取。",
                hint="请给出保存在磁盘上的普通文件，不要用命名管道、设备或指向它们的链接。",
            )
        if info.st_size > max_bytes:  # a regular file's size is a fast first answer
            raise InputError(
                f"{p}：文件过大（{_mb(info.st_size)}），超过上限 {_mb(max_bytes)}。",
                hint=f"请拆分成不超过 {_mb(max_bytes)} 的文件。",
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1024 * 1024, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise InputError(
                    f"{p}：文件过大（超过上限 {_mb(max_bytes)}）。",
                    hint=f"请拆分成不超过 {_mb(max_bytes)} 的文件。",
                )
    except OSError as exc:
        raise InputError(f"无法读取{what}：{p}（{exc.strerror}）") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _special_kind(mode: int) -> str:
    import stat

    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_INPUT_BYTES) -> Decoded:
    """Read a text file in any supported encoding, with Chinese errors for unreadable files."""
    p = Path(path)
    return decode_bytes(read_user_bytes(p, max_bytes=max_bytes), str(p))


# bidi controls (LRE … RLO, LRI … PDI, LRM, RLM, ALM) make a name display as something else
_BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)
NAME_BYTES = 255  # the file-name limit of ext4, NTFS (in UTF-16 units, more generous), APFS
NAME_RESERVE = 48  # kept free for "-2", ".备份-YYYYmmdd-HHMMSS" and the temporary ".….tmp"


def clean_name_text(text: str) -> str:
    """*text* in NFC with every bidi control removed (for file names, ids and titles)."""
    import unicodedata

    return unicodedata.normalize("NFC", text).translate(_BIDI_CONTROLS)


def fit_file_name(stem: str, suffix: str = "", *, limit: int = NAME_BYTES - NAME_RESERVE) -> str:
    """``stem + suffix`` cleaned (NFC, no bidi controls) and, when longer than *limit* bytes
    in UTF-8, shortened at a character boundary with a stable suffix made from the full stem
    (so the same long title always gives the same name, and two long titles differ)."""
    import hashlib

    stem = clean_name_text(stem)
    if len((stem + suffix).encode("utf-8")) <= limit:
        return stem + suffix
    tag = "~" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    budget = limit - len((tag + suffix).encode("utf-8"))
    out = stem.encode("utf-8")[: max(budget, 0)].decode("utf-8", "ignore")
    return out + tag + suffix


def backup_name(path: Path) -> Path:
    """A free name for a backup of *path*: 名称.备份-YYYYmmdd-HHMMSS.后缀."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.备份-{stamp}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.备份-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def check_output_path(path: Path, *, force: bool) -> None:
    """Raise :class:`OutputError` when *path* cannot or must not be written."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise OutputError(
            f"输出文件夹不存在：{folder}", hint="请先创建该文件夹，或用 -o 指定其他位置。"
        )
    if not folder.is_dir():
        raise OutputError(f"输出位置不是文件夹：{folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"输出文件夹不可写：{folder}", hint="请检查权限，或用 -o 指定其他位置。")
    if path.is_dir():
        raise OutputError(f"输出路径是一个文件夹：{path}", hint="请给出文件名。")
    if path.exists() and not force:
        raise OutputError(
            f"输出文件已存在：{path}",
            hint="如需覆盖请加 --force（原文件会先备份），或用 -o 指定新文件名。",
        )


def atomic_write(
    path: str | os.PathLike[str],
    write: Callable[[Path], None],
    *,
    force: bool = False,
    backup: bool = True,
) -> Path | None:
    """Write *path* crash-safely: ``write(tmp)`` fills a temporary file that is then renamed.

    Returns the backup path when an existing file was replaced (and backed up), else None.
    """
    target = Path(path)
    check_output_path(target, force=force)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        tmp = _new_temporary(folder, target.name)
    except OSError as exc:
        raise _output_error(target, exc) from None
    backup_path: Path | None = None
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if target.exists() and backup:
            backup_path = backup_name(target)
            # the backup is written under a temporary name too: never a half-copied backup
            partial = backup_path.with_name(f".{backup_path.name}.tmp")
            try:
                shutil.copy2(target, partial)
                os.replace(partial, backup_path)
            finally:
                partial.unlink(missing_ok=True)
        if target.exists():
            # keep the original permissions of a replaced file
            shutil.copymode(target, tmp)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if backup_path is not None:  # the original was not replaced: its copy is not needed
            backup_path.unlink(missing_ok=True)
        ours = {str(tmp), str(target)}
        if backup_path is not None:
            ours |= {str(backup_path), str(backup_path.with_name(f".{backup_path.name}.tmp"))}
        if exc.filename is not None and str(exc.filename) not in ours:
            raise  # an input the write function reads, not an output problem
        raise _output_error(target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return backup_path


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _new_temporary(folder: Path, name: str) -> Path:
    """Create a new, empty, private file ``.<name>.<random>.tmp`` in *folder* (what
    ``tempfile.mkstemp`` does, without importing tempfile and random at every start)."""
    if len(name.encode("utf-8")) > NAME_BYTES - 20:  # keep the temporary name within the limit
        name = fit_file_name(name, limit=NAME_BYTES - 20)
    for _ in range(100):
        tmp = folder / f".{name}.{os.urandom(6).hex()}.tmp"
        try:
            fd = os.open(tmp, _TEMP_FLAGS, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name in {folder}")


def _output_error(target: Path, exc: OSError) -> OutputError:
    """An OS refusal while writing *target* (no permission, disk full, …) as a Chinese error."""
    import errno

    if exc.errno == errno.ENOSPC:
        reason = "磁盘空间不足"
        hint = "请清理磁盘空间后再试；原有文件没有被改动。"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "没有写入权限"
        hint = "请检查文件夹权限，或用 -o 指定其他位置；原有文件没有被改动。"
    else:
        reason = exc.strerror or type(exc).__name__
        hint = "请检查该位置是否可写，或换一个位置；原有文件没有被改动。"
    return OutputError(f"无法写入 {target}（{reason}）。", hint=hint)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, force: bool = False, backup: bool = True
) -> Path | None:
    return atomic_write(path, lambda tmp: tmp.write_bytes(data), force=force, backup=backup)


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, force: bool = False, backup: bool = True
) -> Path | None:
    return atomic_write_bytes(path, text.encode("utf-8"), force=force, backup=backup)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
