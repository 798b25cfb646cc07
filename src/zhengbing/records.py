"""Small value classes that cost nothing to define (start-up time of ``render``).

A class deriving from :class:`Record` lists its fields in ``__slots__`` and writes its own
``__init__``; it compares equal to an instance of the same class with equal fields and shows
its fields in its repr, like a dataclass (and, like a dataclass with ``eq``, is unhashable).
Defining a dataclass runs generated code at import (about 0.5 ms a class); these run none.
"""

from __future__ import annotations


class Record:
    """Fields in ``__slots__``; dataclass-like equality and repr; unhashable (mutable)."""

    __slots__ = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._fields() == other._fields()  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({shown})"
