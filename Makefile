# Crossdesk: `make run` starts the app (`make dev` for development), `make test` runs every test. Nothing else to install.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := .tools/bin/uv
PY := .venv/bin/python
export UV_PROJECT_ENVIRONMENT := .venv
export UV_PYTHON_DOWNLOADS := never
export PYTHONUNBUFFERED := 1
PORT ?= $(shell python3 bin/free-port 8000)

.PHONY: help setup run dev test lint format messages makemessages clean

help:
	@echo "make run    set up and start Crossdesk (web, Celery worker and beat) with demo data"
	@echo "make dev    the same with Django's autoreloading debug server, for developers"
	@echo "make test   set up and run the whole test suite on PostgreSQL, Redis and Chromium"
	@echo "make lint   ruff checks and formatting"

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: .venv/.synced messages

# Compiled at install time from the committed .po catalogues (no gettext needed).
messages: .venv/.synced
	@$(PY) bin/compile-messages

makemessages: .venv/.synced
	$(PY) manage.py makemessages --locale zh_Hans --no-obsolete --ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' --ignore 'tests/*' --ignore 'var/*'
	$(PY) bin/translate-catalogue

# Every command of run and dev sees the port served, so seed_demo, web, worker and beat
# all build links (emails, notifications, PDF verification) on it (CROSSDESK_SITE_URL).
run dev: export CROSSDESK_PORT = $(PORT)

run: setup
	@bin/ensure-system-packages run
	@mkdir -p var/mail var/media var/log
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py seed_demo
	@echo
	@echo "Crossdesk is starting on port $(PORT); its address and the demo logins follow once it answers."
	@echo
	@exec bin/serve run

# For developers: Django's autoreloading debug server with worker and beat (DEBUG on).
dev: setup
	@bin/ensure-system-packages run
	@mkdir -p var/mail var/media
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@echo
	@echo "Crossdesk (development) is starting on port $(PORT); its address and the demo logins follow once it answers."
	@echo
	@exec bin/serve dev

test: setup node_modules/.installed
	@bin/ensure-system-packages test
	bin/with-test-services .venv/bin/pytest $(PYTEST_ARGS)

lint: .venv/.synced
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: .venv/.synced
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

clean:
	rm -rf .venv .tools node_modules var .pytest_cache .ruff_cache
