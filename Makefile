# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make run    install, create + seed the SQLite database on first run, serve on :5000
#   make test   install test tools, lint, run every test (unit, functional, browser)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/flask --app quizapp init-db
	@echo ""
	@echo "Close Reading is starting on http://$(HOST):$(PORT)"
	@echo "Demo logins:"
	@$(BIN)/flask --app quizapp demo-logins
	@echo ""
	$(BIN)/flask --app quizapp run --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check quizapp tests bench
	$(BIN)/ruff format --check quizapp tests bench

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python bench/attempts.py
	$(BIN)/python bench/reports.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
