"""Several processes on one data folder: a rebuild in one is served by the others, no restart.

The second process is a real one (`python tests/index/process_worker.py`), as a shard process
or an operator's `python -m index build` would be; both use a deterministic bag-of-words
embedder, so nothing here needs the model.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from index_testkit import SEEDS, make_settings

from index.engine import Engine
from index.records import ReindexBusy

WORKER = Path(__file__).with_name("process_worker.py")
NEW_ARTICLE = (
    "Zebracorn Refinery Opens In Nevada\n"
    "The Zebracorn company opened a rare earth refinery in Nevada on Monday, officials said. "
    "The zebracorn plant will separate neodymium for magnets.\n"
)


def worker(data: Path, seeds: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(WORKER), str(seeds), str(data), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds, tmp_path / "data"


def test_a_rebuild_in_another_process_is_served_without_a_restart(folders) -> None:
    from process_worker import BagEmbedder

    seeds, data = folders
    # Threshold near 0: the bag-of-words embedder is not what abstention was calibrated on.
    settings = make_settings(seeds, data, watch_seconds=0.1, answer_threshold=0.001)
    engine = Engine.open(settings, embedder=BagEmbedder(), watch=True)
    try:
        assert not any("Zebracorn" in q.text for q in engine.answer("zebracorn refinery").quotes)
        errors: list[BaseException] = []
        answered = 0
        stop = threading.Event()

        def ask_all_the_time() -> None:
            nonlocal answered
            while not stop.is_set():
                try:
                    engine.answer("Where was the agreement signed?")
                    answered += 1
                except BaseException as exc:  # every question in flight must succeed
                    errors.append(exc)

        asker = threading.Thread(target=ask_all_the_time)
        asker.start()
        (seeds / "zebracorn.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        done = worker(data, seeds, "build")
        assert done.returncode == 0, done.stderr
        deadline = time.monotonic() + 20
        while "zebracorn" not in {s.source.id for s in engine.sources()}:
            if time.monotonic() > deadline:
                pytest.fail("the other process's index was never served")
            time.sleep(0.05)
        assert any("Zebracorn" in q.text for q in engine.answer("zebracorn refinery").quotes)
        stop.set()
        asker.join()
        assert errors == [] and answered > 0
    finally:
        engine.close()


def test_only_one_rebuild_runs_across_processes(folders) -> None:
    from process_worker import BagEmbedder

    seeds, data = folders
    engine = Engine.open(make_settings(seeds, data), embedder=BagEmbedder())
    try:
        holder = subprocess.Popen(
            [sys.executable, str(WORKER), str(seeds), str(data), "hold"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"  # the other process has the lock
        with pytest.raises(ReindexBusy, match="Another process"):
            engine.reindex()
        holder.terminate()
        holder.wait(timeout=10)
        engine.reindex()  # a killed holder leaves nothing locked
    finally:
        engine.close()
