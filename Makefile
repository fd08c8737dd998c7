# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format clean screenshots

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "RealDesk needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

## run: install into .venv, migrate, load demo data on first run, serve on 127.0.0.1:8000
## (another port: make run PORT=8080)
run: $(VENV)/.installed-run
	$(BIN)/realdesk demo --first-run
	$(BIN)/realdesk serve --port $(PORT)

## test: lint and the whole test suite (DATABASE_URL picks the database; SQLite by default)
test: $(VENV)/.installed-dev lint
	$(BIN)/pytest

## screenshots: regenerate docs/screenshots/ (main pages, 1280x800 and 390x844, English and
## German) from the demo data in its own database under var/screenshots
screenshots: $(VENV)/.installed-dev
	$(BIN)/python tools/screenshots.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var
