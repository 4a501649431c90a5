"""`python -m bot` serving an index built into a read-only data folder (a container image).

The index and the model need no write access; the answer log does, so it is pointed elsewhere
(DATABASE_URL, MEMBER_SALT), as the README's operator section says. The folder is a real
read-only tmpfs; where this machine does not let the test mount one, the test is skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .bot_harness import CorpusDirs, bot_environment, folder_snapshot, running_bot
from .fake_discord import BOT_USER_ID, GENERAL_CHANNEL_ID, MEMBER_ID, FakeDiscord

MENTION = f"<@{BOT_USER_ID}>"


@pytest.fixture
def read_only_corpus(built_corpus: CorpusDirs, tmp_path: Path):
    point = tmp_path / "ro"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(point)], check=False
    )
    if shutil.which("mount") is None or mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs privileges)")
    try:
        shutil.copytree(built_corpus.seeds_dir, point / "seeds")
        shutil.copytree(built_corpus.data_dir, point / "data")
        if subprocess.run(["mount", "-o", "remount,ro", str(point)], check=False).returncode:
            pytest.skip("cannot remount the tmpfs read-only here")
        yield CorpusDirs(point / "seeds", point / "data")
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


async def test_the_bot_answers_from_a_read_only_data_folder(
    fake_discord: FakeDiscord, read_only_corpus: CorpusDirs, monkeypatch, tmp_path: Path
):
    before = folder_snapshot(read_only_corpus.data_dir)
    env = bot_environment(
        fake_discord,
        read_only_corpus.seeds_dir,
        read_only_corpus.data_dir,
        DATABASE_URL=f"sqlite:///{tmp_path / 'answers.sqlite3'}",
        MEMBER_SALT="a-secret-salt-of-enough-length",
    )
    async with running_bot(fake_discord, monkeypatch, tmp_path, env):
        posted = await fake_discord.post_message(
            GENERAL_CHANNEL_ID, MEMBER_ID, f"{MENTION} Where was the agreement signed?"
        )
        reply = await fake_discord.wait_for_message(
            GENERAL_CHANNEL_ID,
            predicate=lambda m: m.get("message_reference", {}).get("message_id") == posted["id"],
            since=0,
        )
    assert reply["embeds"] and "Akasaka Palace" in reply["embeds"][0]["description"]
    assert folder_snapshot(read_only_corpus.data_dir) == before
