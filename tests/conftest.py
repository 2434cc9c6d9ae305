"""Shared test set-up: question fixture folders are data, never collected as tests; and no test
reaches the user's data folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

collect_ignore_glob = ["fixtures/*", "fixtures/**/*", "ui/questions/*", "ui/questions/**/*"]


@pytest.fixture(autouse=True, scope="session")
def own_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A data folder of this test process's own (each xdist worker has its own temporary
    root), so a test that forgets to pass one neither writes to the user's progress nor shares
    a database with a test running in parallel. Tests that need a folder still make theirs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRAINER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield
