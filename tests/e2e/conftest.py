"""Fixtures for end-to-end tests against the fake Discord in fake_discord.py."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Generator, Iterator
from pathlib import Path

import pytest

from .bot_harness import CorpusDirs, RunningBot, bot_environment, build_corpus, copy_of, running_bot
from .fake_discord import FakeDiscord

# Loggers whose ERROR records fail a test: discord.py only logs exceptions raised in event
# handlers, commands and views ("Ignoring exception in ..."), so without this a broken handler
# looks like a slow one. "bot" is the project's package (its loggers are "bot.*").
WATCHED_LOGGERS = ("discord", "bot")
ALLOW_MARKER = "allow_logged_errors"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{ALLOW_MARKER}: the test expects ERROR logs from discord.py or the bot"
    )


class ErrorCollector(logging.Handler):
    """Keeps ERROR records; ``reported`` counts those already turned into a failure."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.reported = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def unreported(self) -> str:
        """The new records, formatted with their tracebacks ("" if none); marks them reported."""
        formatter = logging.Formatter("%(name)s %(levelname)s: %(message)s")
        new = self.records[self.reported :]
        self.reported = len(self.records)
        if not new:
            return ""
        details = "\n".join(formatter.format(record) for record in new)
        return f"errors were logged during the test:\n{details}"


@pytest.fixture(autouse=True)
def no_errors_logged(request: pytest.FixtureRequest) -> Iterator[ErrorCollector]:
    """Fail the test if discord.py or the bot logs an ERROR (opt out: allow_logged_errors).

    Errors logged while the test runs fail the test itself (see pytest_runtest_makereport);
    errors logged later, while fixtures such as the bot or the fake shut down, fail its
    teardown. Autouse fixtures are set up first and torn down last, so those are caught too.
    """
    collector = ErrorCollector()
    loggers = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        yield collector
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    message = collector.unreported()
    if message and request.node.get_closest_marker(ALLOW_MARKER) is None:
        pytest.fail(message, pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Turn a passing test whose run logged an ERROR into a failing one."""
    report = yield
    collector = getattr(item, "funcargs", {}).get("no_errors_logged")
    if (
        call.when == "call"
        and report.passed
        and isinstance(collector, ErrorCollector)
        and item.get_closest_marker(ALLOW_MARKER) is None
    ):
        message = collector.unreported()
        if message:
            report.outcome = "failed"
            report.longrepr = message
    return report


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord with the default world; stopped (and checked) after the test."""
    async with FakeDiscord() as fake:
        yield fake


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusDirs:
    """The seeds and their index, built once for the whole e2e session (the slow part).

    Never run a bot on it directly: a bot writes its answer log into the data folder. Take a
    `copy_of` it (about a megabyte), which loads the saved index instead of building it again.
    """
    return build_corpus(tmp_path_factory.mktemp("built-corpus"))


@pytest.fixture
def corpus(built_corpus: CorpusDirs, tmp_path: Path) -> CorpusDirs:
    """A private copy of the session's corpus: this test may change it and keeps its own
    answer log in it. A module needing something else overrides this fixture."""
    return copy_of(built_corpus, tmp_path / "corpus")


@pytest.fixture
async def bot(
    fake_discord: FakeDiscord, corpus: CorpusDirs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """The real bot on `corpus`, connected to `fake_discord`."""
    env = bot_environment(fake_discord, corpus.seeds_dir, corpus.data_dir)
    async with running_bot(fake_discord, monkeypatch, tmp_path, env) as running:
        yield running
