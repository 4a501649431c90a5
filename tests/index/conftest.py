"""Fixtures for the retrieval core's tests.

The real model costs seconds to import and load, so it is loaded once per session and shared
(`real_embedder`, `real_engine`); everything else uses `FakeEmbedder` (see index_testkit.py),
which hashes words into a small normalized vector, so results are exact and repeatable.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from index_testkit import SEEDS, FakeEmbedder, make_settings

from index.config import BUNDLED_MODEL, CoreSettings


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A private, editable copy of the real seeds folder (articles and sources.toml)."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def fake() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def fake_settings(seeds_dir: Path, tmp_path: Path) -> CoreSettings:
    return make_settings(seeds_dir, tmp_path / "data")


@pytest.fixture(scope="session")
def real_embedder():
    """The bundled all-MiniLM-L6-v2, loaded once for the whole session."""
    from index.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(BUNDLED_MODEL)


@pytest.fixture(scope="session")
def real_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("real-data")


@pytest.fixture(scope="session")
def real_engine(real_embedder, real_data_dir: Path) -> Iterator[object]:
    """The real engine over the real seeds, built once into a temporary data folder."""
    from index.engine import Engine

    engine = Engine.open(make_settings(SEEDS, real_data_dir), embedder=real_embedder)
    yield engine
    engine.close()
