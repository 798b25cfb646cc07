"""The checker's tables (templates/data/check/*.yaml), loaded once per process."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from zhengbing.resources import templates_dir


@cache
def load_table(name: str) -> Any:
    path = templates_dir() / "data" / "check" / f"{name}.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader
