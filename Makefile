# One command sets everything up and runs the bot, one runs the whole test suite.
# torch is installed first and pinned: an unpinned torch pulls gigabytes of CUDA wheels.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TORCH  := torch==2.13.0

.PHONY: install run test lint index bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m bot

test: install
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: install
	$(PY) -m ruff check .

index: install
	$(PY) -m index build

eval: install
	$(PY) -m index eval eval/questions-a.jsonl eval/questions-b.jsonl eval/questions-e-test.jsonl eval/members.jsonl eval/dev.jsonl
	$(PY) -m index eval eval/questions-a.jsonl eval/questions-b.jsonl eval/questions-e-test.jsonl eval/members.jsonl eval/dev.jsonl --extra-seeds eval/distractors

bench: install
	$(PY) -m index bench

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .hypothesis
