"""Full garbage collections while the user rests, not in the middle of a key press.

A running app holds some 100,000 long-lived objects (modules, widgets, styles, caches). The
interpreter's automatic full collection walks all of them and, on a 2-core office machine,
stops the app for 80–170 ms at moments it chooses, e.g. while a dialog is opening. Here the
objects made at start-up are frozen once (``gc.freeze``: full collections no longer walk them),
automatic full collections are turned off (young objects are still collected as usual), and
:meth:`IdleCollector.tick`, called every second, runs the full collection when there has been
no input for a moment, or at the latest every half minute, so memory is still given back.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0  # no key or mouse input for this long: a full collection may run
LONGEST_SECONDS = 30.0  # a full collection runs at least this often, input or not
_NEVER = 1_000_000  # the third threshold: automatic full collections do not happen


class IdleCollector:
    """Freezes the start-up objects and runs full collections at rest."""

    def __init__(
        self,
        idle: float = IDLE_SECONDS,
        longest: float = LONGEST_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._idle = idle
        self._longest = longest
        self._clock = clock
        self._saved: tuple[int, int, int] | None = None
        self._last_input = clock()
        self._last_full = clock()
        self.full_collections = 0

    @property
    def active(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        """One full collection now (at rest), then freeze what is left and take over."""
        if self.active:
            return
        gc.collect()
        gc.freeze()
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], self._saved[1], _NEVER)
        self._last_full = self._clock()

    def touched(self) -> None:
        """The user pressed a key or used the mouse."""
        self._last_input = self._clock()

    def tick(self) -> bool:
        """Run a full collection if one is due; True when it ran."""
        if not self.active:
            return False
        now = self._clock()
        waiting = gc.get_count()[2] > 0  # younger collections have passed objects on since
        resting = now - self._last_input >= self._idle
        overdue = now - self._last_full >= self._longest
        if not waiting or not (resting or overdue):
            return False
        gc.collect()
        self._last_full = self._clock()
        self.full_collections += 1
        return True

    def stop(self) -> None:
        """Give the interpreter its own collection back (an app run from Python ends)."""
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        self._saved = None
        gc.unfreeze()
