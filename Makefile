# The JMDI Platform. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/sh
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: help setup run demo serve test test-fast lint typecheck messages bench generate loadcheck lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

setup: ## Create .venv, install locked Python and front-end dependencies
	@scripts/setup

demo: setup ## Migrate, load the JMDI programme and the demo data, print the logins
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py loadprogramme programmes/jmdi-phase-2.yaml
	@$(PY) manage.py loaddemo

run: demo ## Everything above, then serve the platform at http://127.0.0.1:8000 with its task worker
	@scripts/dev-server $(HOST)

serve: setup ## Production start under gunicorn (docs/deployment.md says what to set)
	@scripts/serve

test: setup ## Run the whole test suite (DATABASE_URL picks the database; SQLite by default)
	@scripts/ensure-chromium || true
	@$(PY) -m pytest -p no:cacheprovider -n 2 $(PYTEST_ARGS)

lint: setup ## ruff (lint + format check), mypy, and the layering of the apps (import-linter)
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) -m mypy jmdi config
	@.venv/bin/lint-imports --no-cache

# The compiled catalogues (.mo) are committed, so the platform runs without gettext
# installed; the tests check they match their .po files (nothing recompiles them first).
messages: setup ## Extract translatable strings into locale/*/LC_MESSAGES/django.po and compile them
	@$(PY) manage.py makemessages -l fr -l es -l ar --ignore=.venv --ignore=node_modules --ignore=var --no-obsolete
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

generate: setup ## Generate synthetic data: make generate SCALE=small|large
	@$(PY) manage.py generatedata --scale $(or $(SCALE),small)

bench: setup ## Benchmark pages (p50/p95, queries) against the current database
	@$(PY) manage.py benchmark $(BENCH_ARGS)

loadcheck: setup ## Load check against a running `make serve` on 127.0.0.1 (see loadtest/run)
	@loadtest/run

lock: ## Re-resolve requirements/lock.txt and requirements/load.txt from pyproject.toml
	@$(PY) -m pip install --quiet uv
	@.venv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.12 --universal --no-header -o requirements/lock.txt
	@.venv/bin/uv pip compile pyproject.toml --extra load -c requirements/lock.txt --generate-hashes --python-version 3.12 --universal --no-header -o requirements/load.txt

clean: ## Remove the local database, collected files and caches (not .venv)
	rm -rf var static/vendor .pytest_cache
