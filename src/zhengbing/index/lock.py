"""One writer at a time: an OS file lock (released automatically when a process dies)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from zhengbing.errors import BusyError, OutputError

DEFAULT_TIMEOUT = float(os.environ.get("ZHENGBING_LOCK_TIMEOUT", "60"))


class WriterLock:
    """``with WriterLock(path, timeout):`` waits up to *timeout* seconds, then BusyError."""

    def __init__(self, path: Path, timeout: float | None = None, what: str = "检索索引") -> None:
        self.path = path
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.what = what
        self._fd: int | None = None

    def _try(self, fd: int) -> bool:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                return False
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise OutputError(
                f"无法创建{self.what}的锁文件 {self.path}（{exc.strerror}）。",
                hint="缓存文件夹不可写：请检查其权限，或设置环境变量 ZHENGBING_INDEX_DIR "
                "指向一个可写的文件夹。",
            ) from None
        deadline = time.monotonic() + self.timeout
        delay = 0.05
        while not self._try(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise BusyError(
                    f"{self.what}正被另一个 zhengbing 进程更新（锁文件：{self.path}），"
                    f"等待 {self.timeout:g} 秒后仍未完成。",
                    hint="请等另一个窗口中的导入或检索结束后再试。"
                    "若确认没有其他 zhengbing 在运行，可以删除上述锁文件。",
                )
            time.sleep(delay)
            delay = min(delay * 1.5, 0.5)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        except OSError:
            pass
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
