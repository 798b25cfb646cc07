"""Keep two needless, slow imports of whoosh out of the cold start of ``zhengbing search``.

whoosh-reloaded imports ``urllib.request`` (for a ``urlretrieve`` it never calls) and the
``cached_property`` package (which imports asyncio) — together a sizeable part of the time a
one-shot search spends starting up. Before whoosh is imported, this module registers stand-ins:
``cached_property.cached_property`` is :func:`functools.cached_property` (same behaviour for
whoosh's use), and ``urllib.request.urlretrieve`` loads the real module when called. Any
other attribute of either module loads and installs the real module, so other code that
imports them later gets the genuine article.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from typing import Any


class _StandIn(types.ModuleType):
    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(_load_real(self.__name__), attr)


def _load_real(name: str) -> types.ModuleType:
    current = sys.modules.get(name)
    if current is not None and not isinstance(current, _StandIn):
        return current
    sys.modules.pop(name, None)
    try:
        real = importlib.import_module(name)
    except BaseException:
        if current is not None:
            sys.modules[name] = current
        raise
    parent, _, child = name.rpartition(".")
    if parent and parent in sys.modules:
        setattr(sys.modules[parent], child, real)
    return real


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    return _load_real("urllib.request").urlretrieve(*args, **kwargs)


def install() -> None:
    if "cached_property" not in sys.modules:
        stub = _StandIn("cached_property")
        stub.cached_property = functools.cached_property  # type: ignore[attr-defined]
        sys.modules["cached_property"] = stub
    if "urllib.request" not in sys.modules:
        import urllib

        stub = _StandIn("urllib.request")
        stub.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
        sys.modules["urllib.request"] = stub
        urllib.request = stub  # type: ignore[attr-defined]
