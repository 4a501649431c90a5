"""`python -m index` (index/cli.py): bad input, JSON shapes, stdin mode with one model load.

Commands run in-process through `main(argv, out=...)`. Model loading is counted: the engine's
`TransformerEmbedder(...)` is replaced by a factory that hands out the session's already
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
from index_testkit import REPO, SEED_IDS, SEEDS, model_factory

import index.engine
from index.cli import main
from index.embed import TransformerEmbedder
from index.records import MAX_QUESTION_CHARS

QUOTE_KEYS = {"text", "kind", "source", "also", "score"}
ANSWER_KEYS = {"question", "answered", "reason", "read_as", "examples", "unmentioned", "untold", "unrecorded", "quotes", "took_ms"}
DECLINED = "How do I change a bicycle tyre?"
SOURCE_KEYS = {"id", "title", "outlet", "author", "published", "url"}


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, real_embedder) -> type:
    counter = model_factory(lambda: real_embedder, like=TransformerEmbedder)
    monkeypatch.setattr(index.engine, "TransformerEmbedder", counter)
    monkeypatch.chdir(tmp_path)  # no developer .env
    for name in ("SEEDS_DIR", "DATA_DIR", "EMBEDDING_MODEL", "ANSWER_THRESHOLD", "MODEL_CACHE_DIR", "EMBEDDING_BACKEND"):
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
    assert set(answer) == ANSWER_KEYS
    assert answer["question"] == "Where was the agreement signed?"
    assert answer["answered"] is True and isinstance(answer["took_ms"], float)
    assert (answer["reason"], answer["read_as"], answer["examples"]) == ("", "", [])
    assert 1 <= len(answer["quotes"]) <= 3
    for quote in answer["quotes"]:
        assert set(quote) == QUOTE_KEYS
        assert set(quote["source"]) == SOURCE_KEYS
        assert quote["source"]["id"] in SEED_IDS and quote["source"]["title"]
        assert all(isinstance(s, str) and s in SEED_IDS for s in quote["also"])
        assert isinstance(quote["score"], float) and quote["kind"] == "passage"
    assert any("Akasaka Palace" in q["text"] for q in answer["quotes"])


def test_ask_k_limits_the_quotes(loads, data_args) -> None:
    status, out = run(["ask", "Where was the agreement signed?", "-k", "1", "--json", *data_args])
    assert status == 0 and len(json.loads(out)["quotes"]) == 1


def test_ask_plain_text_shows_quote_and_source(loads, data_args) -> None:
    status, out = run(["ask", "What is lithium essential for?", *data_args])
    assert status == 0
    assert "\n1. “" in out and "Lithium is essential for rechargeable batteries.”" in out
    assert "U.S.–Japan trade agreement on mining and critical mineral supply chains" in out


def test_stdin_answers_every_line_with_one_model_load(loads, data_args, monkeypatch) -> None:
    questions = [
        "What is lithium essential for?",
        "",
        "Who are the EU's partners?",
        DECLINED,
    ]
    status, out = run(["ask", "--json", *data_args], monkeypatch, stdin="\n".join(questions) + "\n")
    assert status == 0
    assert loads.count == 1
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["question"] for a in answers] == [q for q in questions if q]
    assert [a["answered"] for a in answers] == [True, True, False]
    assert "rechargeable batteries" in answers[0]["quotes"][0]["text"]
    assert "Norway, Chile, Namibia" in answers[1]["quotes"][0]["text"]
    assert answers[2]["quotes"] == [] and answers[2]["reason"] == "not_covered"


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


# --- hostile input at the boundary ------------------------------------------------------------


def one_line_error(caplog: pytest.LogCaptureFixture) -> str:
    [message] = errors(caplog)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_invalid_utf8_argument_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SEEDS_DIR", "DATA_DIR")}
    done = subprocess.run(
        [
            *(sys.executable, "-m", "index", "ask", b"Who signed \xff\xfe it?"),
            *("--seeds", str(SEEDS), "--data", str(tmp_path / "data")),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and done.stdout == b""
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "not valid text" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "data").exists()  # refused before anything was loaded or built


@pytest.mark.parametrize("question", ["\u200b", "\u200b\u200d\ufeff", "\u202e \u2066"])
def test_zero_width_question_is_empty(loads, caplog, question: str) -> None:
    status, out = run(["ask", question])
    assert status == 2 and out == ""
    assert "Ask a question" in one_line_error(caplog)
    assert loads.count == 0


def bytes_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """A stdin like the real one: text over a byte buffer, strict UTF-8."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_line_of_invalid_utf8_is_reported_and_the_rest_answered(
    loads, data_args, monkeypatch
) -> None:
    bytes_stdin(
        monkeypatch,
        b"What is lithium essential for?\n"
        b"Who signed \xff\xfe the deal?\n"
        b"\xe2\x80\x8b\n"  # a zero-width space alone: a blank line, not a question
        b"Where was the agreement signed?\n",
    )
    status, out = run(["ask", "--json", *data_args])
    assert status == 2 and loads.count == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    assert rows[0]["answered"] and rows[2]["answered"]
    assert rows[1] == {
        "line": 2,
        "question": "Who signed \ufffd\ufffd the deal?",
        "error": rows[1]["error"],
    }
    assert "not valid text" in rows[1]["error"]


def test_stdin_errors_in_text_mode_name_their_line(loads, data_args, monkeypatch, caplog) -> None:
    bytes_stdin(monkeypatch, b"What is lithium essential for?\n\n\xc3(\nx" + b"y" * 2500 + b"\n")
    status, out = run(["ask", *data_args])
    assert status == 2
    assert "rechargeable batteries" in out
    assert [m.split(":")[0] for m in errors(caplog)] == ["line 3", "line 4"]


def test_stdin_with_only_bad_lines_loads_nothing(loads, monkeypatch, caplog) -> None:
    bytes_stdin(monkeypatch, b"\xff\n\xfe\xfe\n")
    status, out = run(["ask"])
    assert status == 2 and out == "" and loads.count == 0
    assert [m.split(":")[0] for m in errors(caplog)] == ["line 1", "line 2"]


@pytest.mark.parametrize("rounds", ["0", "-3"])
def test_bench_with_no_rounds_is_one_line(loads, caplog, rounds: str) -> None:
    status, out = run(["bench", "--rounds", rounds])
    assert status == 2 and out == ""
    assert "--rounds must be at least 1" in one_line_error(caplog)
    assert loads.count == 0


@pytest.mark.parametrize(
    ("command", "content", "message"),
    [
        ("bench", None, "cannot read"),
        ("eval", None, "cannot read"),
        ("bench", '{"q": "Who signed?"}\n{"q": \n', ":2: not a question line"),
        ("eval", '{"q": "Who signed?"}\n[1, 2]\n', ":2: not a question line (not a JSON object)"),
        ("eval", '{"q": "Who?", "expect": 3}\n', ':1: not a question line ("expect"'),
        ("eval", '{"q": ""}\n', ":1: not a question line (Ask a question"),
        ("bench", '{"q": "\u200b"}\n', ":1: not a question line (Ask a question"),
        ("eval", "\n\n", "has no questions"),
        ("eval", '{"q": "Who?", "abstain": true, "added_answer": [{"file": "d1.txt"}]}\n', ':1: not a question line ("added_answer"'),
        # an out-of-scope question without its flag would count as a real one no quote can hit
        ("eval", '{"id": "g1", "q": "Who signed?", "expect": []}\n', 'g1 has neither expected strings nor "abstain"'),
    ],
)
def test_bad_question_files_are_one_line(loads, caplog, tmp_path, command, content, message):
    path = tmp_path / "questions.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    argv = ["bench", "--questions", str(path)] if command == "bench" else ["eval", str(path)]
    status, out = run(argv)
    assert status == 2 and out == ""
    assert message in one_line_error(caplog)
    assert loads.count == 0


def test_a_question_file_that_is_not_utf8_is_one_line(loads, caplog, tmp_path) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_bytes(b'{"q": "caf\xe9?"}\n')
    status, _ = run(["eval", str(path)])
    assert status == 2 and "not UTF-8" in one_line_error(caplog)


def test_build_prints_each_skip_once(monkeypatch, tmp_path, caplog, seeds_dir) -> None:
    from index_testkit import FakeEmbedder

    monkeypatch.setattr(index.engine, "TransformerEmbedder", model_factory(FakeEmbedder))
    monkeypatch.chdir(tmp_path)
    (seeds_dir / "005_photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    with (seeds_dir / "sources.toml").open("a") as fh:
        fh.write('\n["gone.txt"]\ntitle = "Gone"\n')
    argv = ["build", "--seeds", str(seeds_dir), "--data", str(tmp_path / "data")]
    for first in (True, False):  # a fresh build, then an up-to-date one
        caplog.clear()
        status, out = run(argv)
        assert status == 0
        assert out.startswith("Index built" if first else "Index up to date")
        shown = out + "\n".join(r.getMessage() for r in caplog.records)
        assert shown.count("005_photo.txt") == 1, shown
        assert shown.count("gone.txt") == 1, shown


def test_an_unreadable_seeds_folder_is_one_line(loads, monkeypatch, caplog, tmp_path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    real_iterdir = Path.iterdir

    def iterdir(self: Path):
        if self == seeds:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)  # chmod cannot stop root, who runs CI
    for argv in (["build"], ["ask", "Who signed?"], ["sources"]):
        caplog.clear()
        status, out = run([*argv, "--seeds", str(seeds), "--data", str(tmp_path / "data")])
        assert status == 2 and out == ""
        message = one_line_error(caplog)
        assert "cannot read the seeds folder" in message and "Permission denied" in message
    assert loads.count == 0


def test_an_unexpected_failure_is_one_line_with_status_1(monkeypatch, caplog) -> None:
    import index.cli

    def broken(settings):
        raise RuntimeError("the model file is damaged")

    monkeypatch.setattr(index.cli, "_open", broken)
    status, out = run(["ask", "Who signed?"])
    assert status == 1 and out == ""
    assert one_line_error(caplog) == "failed: RuntimeError: the model file is damaged"
    assert caplog.records[-1].exc_info is None  # no traceback without -v


def test_ask_reads_a_follow_up_with_previous_and_says_why_it_declines(loads, data_args) -> None:
    status, out = run(
        ["ask", "how much?", "--previous", "When will JERA start importing US LNG?", *data_args]
    )
    assert status == 0
    assert (
        "(read with your earlier question: When will JERA start importing US LNG? How much?)" in out
    )
    assert "5.5 million tons" in out
    status, out = run(["ask", "レアアースの協定はどこで署名されましたか？", *data_args])
    assert status == 0
    assert "That looks like Japanese. I can only read questions in English" in out
    assert "don't cover" not in out
    status, out = run(["ask", "How do I bake a loaf of sourdough bread?", "--json", *data_args])
    declined = json.loads(out)
    assert declined["reason"] == "not_covered" and len(declined["examples"]) == 2
