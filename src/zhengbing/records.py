"""Small value classes that cost nothing to define (start-up time of ``render``).

A class deriving from :class:`Record` lists its fields in ``__slots__`` and writes its own
``__init__``; it compares equal to an instance of the same class with equal fields and shows
its fields in its repr, like a dataclass. :class:`FrozenRecord` instances cannot be changed
after ``__init__`` (which sets fields with ``object.__setattr__``) and hash by their fields.
Defining a dataclass runs generated code at import (about 0.5 ms a class); these run none.
"""

from __future__ import annotations


class FrozenRecordError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


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


class FrozenRecord(Record):
    """A :class:`Record` that cannot change after ``__init__`` and hashes by its fields."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._fields())
