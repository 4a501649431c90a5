"""Fixtures for the storage tests: every test gets its own real SQLite file in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from storage_testkit import SALT, FakeClock, sqlite_url

from bot.storage import Storage


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "quotebot.sqlite3"


@pytest.fixture
def storage(db_path: Path, clock: FakeClock) -> Iterator[Storage]:
    opened = Storage.open(sqlite_url(db_path), salt=SALT, clock=clock)
    yield opened
    opened.close()
