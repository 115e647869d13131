# The two commands of the README: `make run` and `make test`. Everything else serves them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
# The PostgreSQL the second test run uses: DATABASE_URL, else the local default.
PG_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/postgres)

.PHONY: run test audit install install-test migrate lint format messages clean bench bench-clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/bin/activate
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	mkdir -p var/static var/media
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	@echo "Open http://127.0.0.1:$(PORT)/ for the paper and http://127.0.0.1:$(PORT)/admin/ for the newsroom."
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@echo "== tests on SQLite =="
	TEST_DATABASE_URL=sqlite:///var/test.sqlite3 $(VENV)/bin/pytest -q
	@if $(PY) scripts/pg_ready.py "$(PG_URL)"; then \
		echo "== tests on PostgreSQL =="; \
		TEST_DATABASE_URL="$(PG_URL)" $(VENV)/bin/pytest -q; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL does not answer at $(PG_URL), and CI requires it." >&2; exit 1; \
	else \
		echo "PostgreSQL does not answer at $(PG_URL): the PostgreSQL run was skipped."; \
	fi

# Known vulnerabilities in the pinned dependencies (pip-audit, PyPI's data) and the bundled
# CKEditor against the reviewed build; scripts/audit.py says what fails and when.
audit: install-test
	$(PY) scripts/audit.py

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerates the catalogue (needs GNU gettext); the compiled .mo is committed.
messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --no-obsolete
	$(PY) manage.py compilemessages -l zh_Hans

# The benchmark (README "Benchmark"): gunicorn + wrk against a generated archive on loopback.
# make bench [SIZE=20000] [DB=sqlite|pg|both] [DURATION=5] [BENCH_ARGS="--only search"]
SIZE ?= 20000
DB ?= sqlite
DURATION ?= 5
BENCH_ARGS ?=

bench: install
	$(PY) scripts/bench.py --size $(SIZE) --db $(DB) --duration $(DURATION) $(BENCH_ARGS)

# Removes the bench's SQLite databases, static files and results (not PostgreSQL's bench_*).
bench-clean:
	rm -rf var/bench

clean:
	rm -rf $(VENV) var
