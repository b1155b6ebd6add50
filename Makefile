# ipcounty: `make run` serves the demo district, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1:8000

.DEFAULT_GOAL := help
WORKERS ?= 3
# Test processes: one per core by default (pytest-xdist; each gets its own test database).
TEST_PROCESSES ?= auto
.PHONY: help install system-deps messages run serve worker test test-fast lint makemessages bench

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

system-deps: ## Install missing system packages (gettext, Chromium, CJK fonts)
	bash scripts/system-deps.sh

install: $(VENV)/.installed system-deps node_modules/.package-lock.json messages tmsearch/__pycache__/.kernels-warm ## Create the virtual environment and install everything

# The trademark engine's kernels are compiled by numba and cached beside them: compiled here
# (about 40 s on 2 cores, again only when they change), not at the first search of the server or
# of a test (tmsearch/warm.py).
tmsearch/__pycache__/.kernels-warm: $(VENV)/.installed tmsearch/kernel.py tmsearch/search.py tmsearch/segment.py
	$(PY) -m tmsearch.warm
	mkdir -p $(@D) && touch $@

# The tests' JavaScript tools (axe-core, pinned in package-lock.json), from the npm registry.
node_modules/.package-lock.json: package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv -v0

run: install ## Migrate, load the demo district and serve it at http://127.0.0.1:8000 (with the job worker)
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	@# The background-job worker runs beside the web server and stops with it.
	$(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

serve: install ## Production: gunicorn on $(HOST); needs SECRET_KEY and ALLOWED_HOSTS (docs/deployment.md)
	IPCOUNTY_DEPLOY=1 $(PY) manage.py check --deploy --fail-level WARNING
	IPCOUNTY_DEPLOY=1 $(PY) manage.py migrate --noinput -v0
	IPCOUNTY_DEPLOY=1 $(PY) manage.py load_refdata --if-empty
	IPCOUNTY_DEPLOY=1 $(PY) manage.py collectstatic --noinput -v0
	@# One worker beside gunicorn; an office with several machines runs `make worker` (or
	@# `manage.py run_worker`) as a service of its own instead (docs/tasks.md).
	IPCOUNTY_DEPLOY=1 $(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	IPCOUNTY_DEPLOY=1 $(BIN)/gunicorn ipcounty.wsgi --bind $(HOST) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

worker: install ## Run only the background-job worker (imports, reports, syncs, the daily schedule)
	$(PY) manage.py run_worker

# LINT=0 runs the suite alone: CI (.ci/run) runs the checks that do not depend on the database once,
# not again on its PostgreSQL pass.
LINT ?= 1
test: install ## Run checks and the whole test suite (browser tests included)
ifneq ($(LINT),0)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(BIN)/ruff check .
	$(BIN)/mypy
endif
	$(PY) -m pytest -n $(TEST_PROCESSES) --dist loadfile --durations=30

test-fast: install ## The suite without the browser tests
	$(PY) -m pytest -m "not browser"

makemessages: $(VENV)/.installed ## Refresh the .po files from the source
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=bench --no-obsolete

bench: install ## Run the benchmarks and print their figures
	$(PY) bench/run.py
