"""Fixtures for the retrieval core's tests.

The real model costs seconds to export and load, so it is made once per session and shared
(`real_embedder`, `real_engine`): the one-off ONNX export goes into one model folder for the
whole session (`model_dir`), so it happens at most once per test run, not per test. Everything else uses
`FakeEmbedder` (see index_testkit.py), which hashes words into a small normalized vector, so
results are exact and repeatable.
"""

from __future__ import annotations

import os
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
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the model's ONNX export is kept: MODEL_CACHE_DIR (tests/conftest.py sets one
    shared by every run), else a folder of this session; made once, by the first user."""
    shared = os.environ.get("MODEL_CACHE_DIR")
    return Path(shared) if shared else tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def real_embedder(model_dir: Path):
    """The bundled all-MiniLM-L6-v2 on ONNX Runtime, exported and loaded once per session."""
    from index.embed import TransformerEmbedder

    embedder = TransformerEmbedder(BUNDLED_MODEL, backend="onnx", threads=1, cache_dir=model_dir)
    assert embedder.backend == "onnx", "the ONNX export failed; the tests would measure torch"
    return embedder


@pytest.fixture(scope="session")
def real_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("real-data")


@pytest.fixture(scope="session")
def real_settings(real_data_dir: Path, model_dir: Path) -> CoreSettings:
    return make_settings(SEEDS, real_data_dir, model_cache_dir=model_dir)


@pytest.fixture(scope="session")
def real_engine(real_embedder, real_settings: CoreSettings) -> Iterator[object]:
    """The real engine over the real seeds, built once into a temporary data folder."""
    from index.engine import Engine

    engine = Engine.open(real_settings, embedder=real_embedder, build_embedder=real_embedder)
    yield engine
    engine.close()
