# perfcheck — make run / make test work on a fresh clone that has Python 3.10+, pip and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
SAMPLE ?= samples/qingshuitang-2018-overall.docx

.PHONY: run test lint bench accuracy samples clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/perfcheck $(SAMPLE)

lint: $(TEST_STAMP)
	$(BIN)/ruff check perfcheck tests samples bench
	$(BIN)/mypy

test: $(TEST_STAMP)
	$(BIN)/ruff check perfcheck tests samples bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

# perfcheck on the real corpus (../shared/corpus) against the hand-verified tests/corpus/expectations (issue 11 §4).
accuracy: $(TEST_STAMP)
	$(BIN)/python tests/corpus/corpus_accuracy.py

samples: $(TEST_STAMP)
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
