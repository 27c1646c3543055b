# The README's two commands are `make serve` and `make test`; both install what they need.
SHELL := /bin/bash
PY := .venv/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve check test build lint lock clean system-deps bench pdf diagrams facts receipts

serve: .venv/.installed node_modules/.installed  ## serve the site at http://127.0.0.1:8000; an edit rebuilds only what changed
	.venv/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

check: .venv/.installed node_modules/.installed  ## the fast path: schema, strict build and the tests of the pages you changed (or PAGES="docs/…")
	$(PY) -m mianjing.fast $(PAGES)

test: system-deps .venv/.installed node_modules/.installed  ## install everything and run the whole test suite
	$(PY) -m pytest; status=$$?; \
	$(PY) -m mianjing.servers --leftovers || status=1; \
	exit $$status

build: .venv/.installed node_modules/.installed  ## build the site into site/ (strict)
	.venv/bin/mkdocs build --strict

lint: .venv/.installed  ## the checks pre-commit runs, on every file
	.venv/bin/ruff check . && $(PY) -m mianjing.copywriting

lock:  ## recompile requirements.lock from requirements.in (needs network to PyPI)
	python3 -m pip install --quiet uv && python3 -m uv pip compile requirements.in --generate-hashes \
	  --python-version 3.11 --python-platform x86_64-manylinux_2_28 -o requirements.lock

.venv/.installed: requirements.lock
	scripts/install-system-deps.sh serve
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	scripts/install-system-deps.sh serve
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps:  ## the Debian/Ubuntu packages the tests need (real servers, Chromium, CJK fonts)
	scripts/install-system-deps.sh test

facts: system-deps .venv/.installed  ## capture fact snapshots from the real systems → data/facts/*.json (review the diff, commit)
	$(PY) -m mianjing.capture

receipts: system-deps .venv/.installed node_modules/.installed  ## run the measuring tests, write their numbers → data/receipts.json
	MIANJING_RECEIPTS=write $(PY) -m pytest -m receipts -q; status=$$?; \
	$(PY) -m mianjing.servers --leftovers || status=1; \
	exit $$status

clean:
	rm -rf .venv node_modules site .cache test-artifacts

bench: system-deps .venv/.installed node_modules/.installed  ## benchmarks → benchmarks/results/latest.{json,md}
	cd benchmarks && npm ci --no-audit --no-fund --loglevel=error
	$(PY) -m benchmarks.run

diagrams: .venv/.installed node_modules/.installed  ## pre-render every ```mermaid diagram to SVG (docs/assets/diagrams/; needs Chromium)
	scripts/install-system-deps.sh pdf
	$(PY) -m mianjing.diagrams

pdf: .venv/.installed node_modules/.installed  ## the site with its print page, and the whole site as one PDF: site/mianjing.pdf
	scripts/install-system-deps.sh pdf
	MIANJING_PRINT_PAGE=true .venv/bin/mkdocs build --strict
	$(PY) -m mianjing.pdf site site/mianjing.pdf
