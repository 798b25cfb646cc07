"""Ending the app promptly when its terminal goes away or it is told to stop.

A terminal closed right after Ctrl+Q, an SSH window shut, a browser tab closed under
``zhengbing serve``, ``kill``: in each case unsaved text goes to the recovery file and the
process ends within a couple of seconds, whatever state it is in (even half-way through
quitting, with Textual's input thread reading end-of-file of the vanished terminal).

How: signal handlers only write one byte to a pipe (nothing else is safe in a handler that
may interrupt the main thread while it holds a lock). A daemon thread waits on that pipe and
on the terminal itself (``poll`` reports a hang-up without reading any input). When either
speaks, the thread keeps the unsaved text, asks the app to exit, and if the app has not
finished after a short grace period ends the process with ``os._exit``.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

GRACE_S = 1.5  # time the app gets to exit normally before the process is ended
HANGUP = 1  # exit code 128 + SIGHUP's number, also for a terminal that went away silently
_STOP = 0  # byte written by close(): the app is done, the watcher may stop


class Lifeline:
    """Watches the terminal (or the pipe of a served session) and the stop signals."""

    def __init__(
        self,
        *,
        keep_unsaved: Callable[[], None],
        request_exit: Callable[[int], None],
        fd: int | None = None,
        grace: float = GRACE_S,
        hard_exit: Callable[[int], Any] = os._exit,
    ) -> None:
        self._keep_unsaved = keep_unsaved
        self._request_exit = request_exit
        self._fd = fd
        self._grace = grace
        self._hard_exit = hard_exit
        self._read, self._write = os.pipe()
        self._thread: threading.Thread | None = None
        self.reason: int | None = None  # the signal number (or HANGUP) that ended the app

    def install(self) -> None:
        """Route SIGHUP/SIGTERM here and start the watching thread."""
        for name in ("SIGHUP", "SIGTERM"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self._on_signal)
        self._thread = threading.Thread(target=self._watch, name="zhengbing-lifeline", daemon=True)
        self._thread.start()

    def _on_signal(self, signum: int, _frame: object) -> None:
        try:
            os.write(self._write, bytes([signum & 0xFF]))
        except OSError:
            os._exit(128 + signum)

    def close(self) -> None:
        """The app has finished normally: stop watching (a later hang-up just ends us)."""
        try:
            os.write(self._write, bytes([_STOP]))
        except OSError:
            pass

    def _wait(self) -> int:
        """Block until a signal (its number), a hang-up (HANGUP) or close() (0)."""
        if not hasattr(select, "poll"):  # Windows: signals only
            data = os.read(self._read, 1)
            return data[0] if data else _STOP
        poller = select.poll()
        poller.register(self._read, select.POLLIN)
        if self._fd is not None:
            # no POLLIN: typing must not wake us, only the end of the terminal
            poller.register(self._fd, 0)
        while True:
            for fd, mask in poller.poll():
                if fd == self._read:
                    data = os.read(self._read, 1)
                    return data[0] if data else _STOP
                if mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    return HANGUP

    def _watch(self) -> None:
        reason = self._wait()
        if reason == _STOP:
            # finished normally; a terminal closed during the rest of the shut-down must
            # still not leave the process behind
            self._fd_only()
            return
        self._end(reason)

    def _fd_only(self) -> None:
        if self._fd is None or not hasattr(select, "poll"):
            return
        poller = select.poll()
        poller.register(self._fd, 0)
        while True:
            for _fd, mask in poller.poll():
                if mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    time.sleep(self._grace)  # a normal shut-down may still finish
                    self._hard_exit(128 + HANGUP)
                    return

    def _end(self, reason: int) -> None:
        self.reason = reason
        code = 128 + reason
        try:
            self._keep_unsaved()
        except Exception:  # noqa: S110 - nothing more can be done on the way out
            pass
        try:
            self._request_exit(code)
        except Exception:  # noqa: S110 - the hard exit below still ends the process
            pass
        time.sleep(self._grace)
        try:
            sys.stderr.flush()
        except Exception:  # noqa: S110
            pass
        self._hard_exit(code)
