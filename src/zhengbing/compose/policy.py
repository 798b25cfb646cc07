"""The dated policy table (``templates/data/policy.yaml``): how conscription runs in a given year.

Templates see ``policy`` with the value of every entry for the document's year, e.g.
``policy.两次征兵`` (True from 2020), ``policy.政治考核``, ``policy.士兵称谓``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from zhengbing import resources
from zhengbing.errors import InputError

POLICY_FILE = "policy.yaml"


@cache
def _table() -> dict[str, list[tuple[int, Any]]]:
    path = resources.templates_dir() / "data" / POLICY_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table: dict[str, list[tuple[int, Any]]] = {}
    for key, entries in data.items():
        if not isinstance(entries, list) or not entries:
            raise InputError(f"{path}：“{key}”应是按年度排列的列表。")
        pairs = sorted((int(e["since"]), e["value"]) for e in entries)
        table[str(key)] = pairs
    return table


def policy_for(year: int) -> dict[str, Any]:
    """Every entry's value in *year* (the last one whose ``since`` is not after it)."""
    out: dict[str, Any] = {}
    for key, pairs in _table().items():
        value = pairs[0][1]
        for since, v in pairs:
            if since <= year:
                value = v
        out[key] = value
    return out
