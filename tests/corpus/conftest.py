from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh workspace folder with a minimal profile."""
    root = tmp_path / "工作区"
    root.mkdir()
    (root / "zhengbing.toml").write_text(
        '[unit]\nunit = "青山镇"\nlevel = "镇"\nprovince = "浙江省"\nyear = 2025\n',
        encoding="utf-8",
    )
    return root


@pytest.fixture
def ws(workspace: Path):
    from zhengbing.workspace import find_workspace

    return find_workspace(workspace)
