# Everyday commands. `make help` lists them. They use the project's .venv (make one with
# `bash scripts/start.sh` or `bash scripts/test.sh`, which install what is needed).

PYTHON ?= .venv/bin/python
PYTEST := $(PYTHON) -m pytest -q -p no:cacheprovider

.PHONY: help quick test lint app

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

quick:  ## unit tests only (no Splink runs, no app, no browser): under a minute
	$(PYTEST) tests/unit -m "not slow and not e2e"

test:  ## every test: lint, unit, integration, pages, browser (the same as scripts/test.sh)
	bash scripts/test.sh

lint:  ## ruff and mypy over the engine, ui/, pages/ and app.py
	$(PYTHON) -m ruff check .
	$(PYTHON) -m mypy

app:  ## start the app on http://localhost:8501 (this computer only)
	bash scripts/start.sh
