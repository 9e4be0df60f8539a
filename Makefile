# Two commands: `make run` serves the site with demo content, `make test` runs every check.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-sqlite test-postgres lint bench

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

run: install
	DJANGO_SETTINGS_MODULE=cms.settings.dev bash cms/run_site.sh $(HOST) $(PORT)

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .

test: install
	bash tests/with_services.sh bash tests/run_suite.sh

bench: install
	bash bench/load.sh
