"""Regular expressions compiled on first use, skipped when a literal they need is absent.

Compiling a pattern with a class of Chinese characters costs about a millisecond; the checker
has about a hundred patterns and a check runs in a fresh process. ``lazy(pattern, needs=…)``
compiles only when a text is searched that contains at least one of the ``needs`` strings
(every match must contain one of them), so patterns for faults a draft cannot have cost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any


class LazyPattern:
    __slots__ = ("pattern", "flags", "needs", "_compiled")

    def __init__(self, pattern: str, flags: int = 0, needs: tuple[str, ...] | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self.needs = needs
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def _absent(self, text: str) -> bool:
        needs = self.needs
        if needs is None:
            return False
        for n in needs:
            if n in text:
                return False
        return True

    def finditer(self, text: str, *args: Any) -> Iterator[re.Match[str]]:
        if self._absent(text):
            return iter(())
        return self.compiled.finditer(text, *args)

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        return None if self._absent(text) else self.compiled.search(text, *args)

    def match(self, text: str, *args: Any) -> re.Match[str] | None:
        return None if self._absent(text) else self.compiled.match(text, *args)

    def fullmatch(self, text: str, *args: Any) -> re.Match[str] | None:
        return None if self._absent(text) else self.compiled.fullmatch(text, *args)

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return text if self._absent(text) else self.compiled.sub(repl, text, count)

    def findall(self, text: str) -> list[Any]:
        return [] if self._absent(text) else self.compiled.findall(text)


def lazy(pattern: str, flags: int = 0, *, needs: tuple[str, ...] | None = None) -> LazyPattern:
    return LazyPattern(pattern, flags, needs)
