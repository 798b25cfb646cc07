from __future__ import annotations

import pytest

ENGINES = ("whoosh", "fts5")


@pytest.fixture(scope="session", params=ENGINES)
def index(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One index of the bundled corpus per engine for the whole session, in a temporary cache
    folder; every test that uses it runs against both engines with the same assertions."""
    from zhengbing.index import open_index

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ZHENGBING_INDEX_DIR", str(tmp_path_factory.mktemp("retrieval-index")))
        mp.setenv("ZHENGBING_SEARCH_ENGINE", request.param)
        idx = open_index(None)
        assert idx.engine == request.param
        yield idx
        idx.close()
