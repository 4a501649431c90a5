"""`python -m index` (index/cli.py): bad input, JSON shapes, stdin mode with one model load.

Commands run in-process through `main(argv, out=...)`. Model loading is counted: the CLI's
`SentenceTransformerEmbedder(...)` is replaced by a factory that hands out the session's already
loaded real model, so answers are real and "loads the model once" is observable.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from index_testkit import REPO, SEED_IDS, SEEDS

import index.engine
from index.cli import main
from index.config import BUNDLED_MODEL
from index.records import MAX_QUESTION_CHARS

QUOTE_KEYS = {"text", "source", "also", "score"}
SOURCE_KEYS = {"id", "title", "outlet", "author", "published", "url"}


class ModelLoads:
    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self.count = 0

    def __call__(self, setting: str = BUNDLED_MODEL):
        assert setting == BUNDLED_MODEL
        self.count += 1
        return self.embedder


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, real_embedder) -> ModelLoads:
    counter = ModelLoads(real_embedder)
    monkeypatch.setattr(index.engine, "SentenceTransformerEmbedder", counter)
    monkeypatch.chdir(tmp_path)  # no developer .env
    for name in ("SEEDS_DIR", "DATA_DIR", "EMBEDDING_MODEL", "ANSWER_THRESHOLD"):
        monkeypatch.delenv(name, raising=False)
    return counter


@pytest.fixture
def data_args(real_engine, real_data_dir: Path) -> list[str]:
    """Point the CLI at the session's already built index of the real seeds."""
    return ["--seeds", str(SEEDS), "--data", str(real_data_dir)]


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch | None = None, stdin: str | None = None):
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    status = main(argv, out=out)
    return status, out.getvalue()


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   ", "\t\n "])
def test_empty_question_is_refused_before_loading_anything(loads, caplog, question) -> None:
    status, out = run(["ask", question])
    assert status == 2 and out == ""
    [message] = errors(caplog)
    assert "Ask a question" in message
    assert loads.count == 0


def test_overlong_question_is_refused(loads, caplog) -> None:
    status, out = run(["ask", "why " * 600])
    assert status == 2 and out == ""
    [message] = errors(caplog)
    assert f"{MAX_QUESTION_CHARS:,}" in message and "2,399 characters" in message
    assert loads.count == 0
    # exactly the limit is fine: it is the limit, not one less
    status, _ = run(["ask", "a" * (MAX_QUESTION_CHARS - 1) + "?", "--seeds", "nowhere"])
    assert status == 2 and "does not exist" in errors(caplog)[-1]


def test_empty_seeds_folder_is_a_clear_error(loads, caplog, tmp_path: Path) -> None:
    empty = tmp_path / "empty-seeds"
    empty.mkdir()
    for argv in (["ask", "Who signed?"], ["sources"], ["build"]):
        caplog.clear()
        status, out = run([*argv, "--seeds", str(empty), "--data", str(tmp_path / "data")])
        assert status == 2 and out == ""
        [message] = errors(caplog)
        assert str(empty) in message and "no articles" in message


def test_no_questions_on_stdin(loads, caplog, monkeypatch) -> None:
    status, _ = run(["ask"], monkeypatch, stdin="\n   \n")
    assert status == 2 and "no questions" in errors(caplog)[0]
    assert loads.count == 0


def test_one_subprocess_exits_2_with_one_line_on_stderr() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SEEDS_DIR", "DATA_DIR")}
    done = subprocess.run(
        [sys.executable, "-m", "index", "ask", ""],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2
    assert done.stdout == b""
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Ask a question" in stderr and "Traceback" not in stderr


# --- answers and sources --------------------------------------------------------------------------


def test_sources_json_lists_the_five_seeds(loads, data_args) -> None:
    status, out = run(["sources", "--json", *data_args])
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == list(SEED_IDS)
    assert {*SOURCE_KEYS, "chunks", "chars"} <= set(rows[0])
    titles = {r["id"][:3]: r for r in rows}
    assert titles["001"]["title"] == "U.S. and Japan Sign Rare Earths Supply Deal"
    assert titles["004"]["author"] == "Chaney A. Finn"
    assert all(r["chunks"] > 0 and r["url"] == "" for r in rows)
    assert loads.count == 0  # an up-to-date index is listed without the model

    status, text = run(["sources", *data_args])
    assert status == 0 and "Japan in Critical Minerals Agreement with U.S." in text


def test_ask_json_has_exactly_the_documented_shape(loads, data_args) -> None:
    status, out = run(["ask", "Where was the agreement signed?", "--json", *data_args])
    assert status == 0 and loads.count == 1
    [line] = out.splitlines()
    answer = json.loads(line)
    assert set(answer) == {"question", "answered", "quotes", "took_ms"}
    assert answer["question"] == "Where was the agreement signed?"
    assert answer["answered"] is True and isinstance(answer["took_ms"], float)
    assert 1 <= len(answer["quotes"]) <= 3
    for quote in answer["quotes"]:
        assert set(quote) == QUOTE_KEYS
        assert set(quote["source"]) == SOURCE_KEYS
        assert quote["source"]["id"] in SEED_IDS and quote["source"]["title"]
        assert all(isinstance(s, str) and s in SEED_IDS for s in quote["also"])
        assert isinstance(quote["score"], float)
    assert any("Akasaka Palace" in q["text"] for q in answer["quotes"])


def test_ask_k_limits_the_quotes(loads, data_args) -> None:
    status, out = run(["ask", "Where was the agreement signed?", "-k", "1", "--json", *data_args])
    assert status == 0 and len(json.loads(out)["quotes"]) == 1


def test_ask_plain_text_shows_quote_and_source(loads, data_args) -> None:
    status, out = run(["ask", "What is lithium essential for?", *data_args])
    assert status == 0
    assert "“Lithium is essential for rechargeable batteries.”" in out
    assert "U.S.–Japan trade agreement on mining and critical mineral supply chains" in out


def test_stdin_answers_every_line_with_one_model_load(loads, data_args, monkeypatch) -> None:
    questions = [
        "What is lithium essential for?",
        "",
        "Who are the EU's partners?",
        "What is the capital of Australia?",
    ]
    status, out = run(["ask", "--json", *data_args], monkeypatch, stdin="\n".join(questions) + "\n")
    assert status == 0
    assert loads.count == 1
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["question"] for a in answers] == [q for q in questions if q]
    assert [a["answered"] for a in answers] == [True, True, False]
    assert "rechargeable batteries" in answers[0]["quotes"][0]["text"]
    assert "Norway, Chile, Namibia" in answers[1]["quotes"][0]["text"]
    assert answers[2]["quotes"] == []


def test_stdin_reports_a_bad_line_and_answers_the_rest(loads, data_args, monkeypatch) -> None:
    stdin = "What is lithium essential for?\n" + "x" * 2500 + "\nWhere was the agreement signed?\n"
    status, out = run(["ask", "--json", *data_args], monkeypatch, stdin=stdin)
    assert status == 2 and loads.count == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3
    assert lines[0]["answered"] and lines[2]["answered"]
    assert "2,000" in lines[1]["error"] and len(lines[1]["question"]) <= 200


def test_build_on_an_up_to_date_index_embeds_nothing(loads, data_args) -> None:
    status, out = run(["build", *data_args])
    assert status == 0
    assert out.startswith("Index up to date: 5 sources")
    assert "0 texts embedded" in out
