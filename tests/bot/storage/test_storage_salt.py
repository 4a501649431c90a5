"""The generated salt: created once, atomically, private, and then only ever read."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from bot.storage import load_or_create_salt


def test_created_private_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "member-salt"
    salt = load_or_create_salt(path)
    assert len(salt) == 64
    int(salt, 16)  # hex
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_salt(path) == salt
    assert load_or_create_salt(str(path)) == salt
    assert sorted(p.name for p in path.parent.iterdir()) == ["member-salt"]  # no temp files left


def test_a_configured_file_is_read_as_is(tmp_path: Path) -> None:
    path = tmp_path / "salt"
    path.write_text("  my-own-secret-salt-value\n")
    path.chmod(0o600)
    assert load_or_create_salt(path) == "my-own-secret-salt-value"


def test_a_broken_file_is_not_silently_replaced(tmp_path: Path) -> None:
    path = tmp_path / "salt"
    path.write_text("\n")
    with pytest.raises(ValueError, match="does not hold a usable salt"):
        load_or_create_salt(path)
    assert path.read_text() == "\n"


def test_racing_creators_agree(tmp_path: Path) -> None:
    path = tmp_path / "salt"
    start = threading.Barrier(8, timeout=60)
    results: list[str] = []

    def create() -> None:
        start.wait()
        results.append(load_or_create_salt(path))

    threads = [threading.Thread(target=create, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert set(results) == {path.read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["salt"]
