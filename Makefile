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
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; fi
	@$(PY) manage.py loadprogramme programmes/jmdi-phase-2.yaml
	@$(PY) manage.py loaddemo

run: demo ## Everything above, then serve the platform at http://127.0.0.1:8000
	@echo "Serving at http://$(HOST)/ (Ctrl+C to stop)"
	@$(PY) manage.py runserver $(HOST)

serve: setup ## Production start under gunicorn (docs/deployment.md says what to set)
	@scripts/serve

test: setup ## Run the whole test suite (DATABASE_URL picks the database; SQLite by default)
	@scripts/ensure-chromium || true
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; fi
	@$(PY) -m pytest -p no:cacheprovider -n 2 $(PYTEST_ARGS)

lint: setup ## ruff (lint + format check) and mypy
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) -m mypy jmdi config

messages: setup ## Extract translatable strings into locale/*/LC_MESSAGES/django.po
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
