# Kantine: `make demo` starts the platform, `make test` runs the tests. `make help` lists the rest.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --python $(PY) -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## create the virtualenv and install everything (the other targets call it)

# The browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@echo "installing Debian's chromium for the browser tests …"
	@if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends chromium

browser: $(CHROMIUM) ## install Debian's Chromium for the browser tests, when it is missing

demo: setup ## start NATS, PostgreSQL and the services in the background, load demo data, print the URLs
	KANTINE_DEV_SIGNIN=$${KANTINE_DEV_SIGNIN:-true} KANTINE_TRACE_VIEWER=$${KANTINE_TRACE_VIEWER:-phoenix} $(VENV)/bin/kantine up
	$(VENV)/bin/kantine demo-data
	@echo
	@$(PY) -c "import json; s=json.load(open('.kantine/state.json')); print('Web page      ', s['http']['url'], ' (demo sign-in: pick anyone)')"
	@$(PY) -c "import json; s=json.load(open('.kantine/state.json')); print('NATS          ', s['nats']['url']); print('NATS monitor  ', s['nats'].get('monitor', '-')); print('PostgreSQL    ', s['postgres']['url']); [print(f'{n:<14}', 'grpc://' + v['grpc'], '  metrics', v.get('metrics', '-')) for n, v in s['services'].items()]"
	@$(PY) -c "import json; t=json.load(open('.kantine/state.json')).get('traces'); print('Traces        ', t['url'] if t else '- (KANTINE_TRACE_VIEWER=off, or your own OTEL_EXPORTER_OTLP_ENDPOINT)')"
	@$(PY) -c "import json; m=json.load(open('.kantine/state.json')).get('mail', {}); print('Mail (SMTP)   ', m.get('smtp', '-'), '(your own server)' if m.get('external') else 'caught in ' + m.get('dir', '-') + ', list with: $(VENV)/bin/kantine mail')"
	@echo "Stop it all with: make down     Look at it with: $(VENV)/bin/kantine status"

down: setup ## stop everything `make demo` started
	$(VENV)/bin/kantine down

status: setup ## processes, stream, consumer lag, dead letters
	$(VENV)/bin/kantine status

test: setup browser ## run every test (unit, integration, end-to-end) on real NATS and PostgreSQL
	$(PY) tools/protogen.py --check
	$(PY) -m pytest -q -p no:cacheprovider

test-unit: setup ## only the fast tests that need no servers
	$(PY) -m pytest -q tests/unit

lint: setup ## ruff, mypy, import-linter (services never import each other), generated code current, Helm chart valid
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) tools/protogen.py --check
	$(PY) tools/chartcheck.py

format: setup ## apply ruff's formatting and fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

proto: setup ## regenerate kantine/v1 from proto/ and the AsyncAPI document
	$(PY) tools/protogen.py
	$(PY) tools/asyncapi.py

fuzz: setup ## fuzz every API operation far longer than `make test` does (schemathesis); reports in .kantine/fuzz
	KANTINE_FUZZ_EXAMPLES=$${KANTINE_FUZZ_EXAMPLES:-100} KANTINE_FUZZ_REPORTS=$(CURDIR)/.kantine/fuzz \
	  $(PY) -m pytest -q -s -p no:cacheprovider -o timeout=0 tests/integration/test_gateway_fuzz.py

bench: setup ## measure raw limits and Kantine's rates on this machine; writes docs/benchmarks.md
	$(PY) -m bench

chaos: setup ## kill -9 every process under load, again and again, then check nothing was lost or doubled; writes docs/reliability.md
	$(PY) -m tools.chaos

.PHONY: help setup browser demo down status test test-unit lint format proto fuzz bench chaos
