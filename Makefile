# Two commands for a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
FLASK  := $(BIN)/flask --app wsgi
PYTEST_ARGS ?=

.PHONY: run test setup translations migrate lint bench bench-pages bench-matching bench-live bench-faults bench-soak bench-digest extract-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed translations

# Compiled catalogues are build output: made from the .po files every time.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d forum/translations

migrate: setup
	$(FLASK) db upgrade

run: migrate
	$(FLASK) seed-reference
	@if [ "$${JEJARING_DEMO:-1}" != "0" ]; then $(FLASK) seed-demo --if-empty; fi
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python wsgi.py

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .

extract-messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o forum/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i forum/translations/messages.pot -d forum/translations

bench-pages: setup
	$(BIN)/python bench/bench_pages.py

bench-matching: setup
	$(BIN)/python bench/bench_matching.py

bench-live: setup
	$(BIN)/python bench/bench_live.py

bench-faults: setup
	$(BIN)/python bench/bench_faults.py

bench-soak: setup
	$(BIN)/python bench/bench_soak.py

bench-digest: setup
	$(BIN)/python bench/bench_digest.py

bench: bench-pages bench-matching bench-live bench-faults

clean:
	rm -rf $(VENV) .pytest_cache
