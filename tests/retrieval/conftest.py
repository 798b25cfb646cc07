from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def index(tmp_path_factory: pytest.TempPathFactory):
    """One index of the bundled corpus for the whole session, in a temporary cache folder."""
    from zhengbing.index import open_index

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ZHENGBING_INDEX_DIR", str(tmp_path_factory.mktemp("retrieval-index")))
        idx = open_index(None)
        yield idx
        idx.close()
