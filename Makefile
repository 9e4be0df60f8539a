# Two commands: `make run` serves the site with demo content, `make test` runs every check.
SHELL := /bin/bash
# uv installs into ~/.local/bin on a fresh machine: make sure the scripts find it too.
export PATH := $(HOME)/.local/bin:$(PATH)
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-sqlite test-postgres lint bench

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

run: install
	DJANGO_SETTINGS_MODULE=cms.settings.dev bash demo/run_site.sh $(HOST) $(PORT)

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .

# axe-core for the browser tests' accessibility checks, pinned by package-lock.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: install $(AXE)
	bash tests/with_services.sh bash tests/run_suite.sh

bench: install
	bash bench/load.sh
