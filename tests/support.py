"""Helpers shared by tests (importable as `support`: the tests folder is on sys.path)."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(*names: str) -> None:
    """Skip when a system tool is missing — but fail when CI=true (CI must install it)."""
    missing = [n for n in names if shutil.which(n) is None]
    if not missing:
        return
    message = (
        f"missing system tool(s): {', '.join(missing)} (install with: bash run.sh test as root)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
