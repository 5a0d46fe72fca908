# Two commands on a fresh machine: `make demo` and `make test`.
# Python packages come from the lock files in requirements/ (exact versions, with hashes), so a
# fresh machine next month installs what CI tested. `make lock` regenerates them. The locks are
# complete, so pip installs them with --no-deps (no resolving: pip's resolver, asked for an
# extra such as weasyprint's fonttools[woff], would look for the newest release and refuse it as
# unpinned) and `pip check` then proves every requirement is met.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -q --disable-pip-version-check
DEMO_DB ?= sqlite:///$(CURDIR)/.tmp/demo.sqlite

.PHONY: demo test fuzz train eval bench lock clean

# Browser libraries for the dashboard (Leaflet, uPlot) come from npm at the exact versions of
# package-lock.json and are copied into the package's static folder (not committed; no CDN at run
# time). Order-only for the venv: a new lock refreshes the copies without reinstalling Python.
VENDOR := nkwatch/web/static/vendor

.PHONY: assets sysdeps
assets: $(VENDOR)/.stamp

# Debian packages (npm, Pango for WeasyPrint): installed when missing, a quick check otherwise.
sysdeps:
	bash scripts/system-deps.sh base

$(VENDOR)/.stamp: package.json package-lock.json | sysdeps
	npm ci --no-audit --no-fund --ignore-scripts
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/uplot
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(VENDOR)/leaflet/
	cp -R node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css $(VENDOR)/uplot/
	cp node_modules/leaflet/LICENSE $(VENDOR)/leaflet/LICENSE
	cp node_modules/uplot/LICENSE $(VENDOR)/uplot/LICENSE
	touch $@

$(VENV)/.base: pyproject.toml requirements/base.lock | $(VENDOR)/.stamp
	$(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes --no-deps -r requirements/base.lock
	$(PY) -m pip check
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.lock
	$(PIP) --require-hashes --no-deps -r requirements/dev.lock
	$(PY) -m pip check
	touch $@

$(VENV)/.bench: $(VENV)/.base requirements/bench.lock
	$(PIP) --require-hashes --no-deps -r requirements/bench.lock
	$(PY) -m pip check
	touch $@

demo: $(VENV)/.base
	rm -f $(CURDIR)/.tmp/demo.sqlite $(CURDIR)/.tmp/demo.sqlite-wal $(CURDIR)/.tmp/demo.sqlite-shm
	mkdir -p .tmp
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch ingest examples/
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch stats
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch events list
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch targets show target/regional-development-20x10 --as-of 2027-12-31
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch targets show target/hwasong-stage-5 --as-of 2027-12-31
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch brief --title "[SYNTHETIC] Demo briefing" --format pdf -o .tmp/demo-briefing.pdf
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch brief --title "[SYNTHETIC] Demo briefing" --format md -o .tmp/demo-briefing.md
	@echo
	@echo "Dashboard over this demo database (reading is open; \`nkwatch users add NAME\` to review):"
	@echo "  NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch serve    ->  http://127.0.0.1:8000/"

test: $(VENV)/.dev
	bash scripts/system-deps.sh test
	$(PY) -m pytest -q

# Property-based tests with many more examples than `make test` runs (see docs/reliability.md).
fuzz: $(VENV)/.dev
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/fuzz

# Train the learned stage on the local corpus (.eval/corpus/docs.jsonl; docs/corpus.md) and write
# nkwatch/learn/model.json.gz and eval/corpus/scores.json (fold scores; docs/model.md).
train: $(VENV)/.dev
	$(PY) -m nkwatch.learn.train
	$(PY) -m nkwatch.kb.train

eval: $(VENV)/.base
	$(PY) scripts/eval.py

bench: $(VENV)/.bench
	$(PY) bench/ingest.py
	$(PY) bench/extract.py
	$(PY) bench/resolve.py
	$(PY) bench/events_list.py
	$(PY) bench/long_document.py
	$(PY) bench/merge.py
	$(PY) bench/api.py
	$(PY) bench/brief.py
	$(PY) bench/archive.py

# Re-resolve every dependency to its newest allowed version and write the locks (needs uv).
lock: $(VENV)/.base
	$(PIP) uv
	for extra in base dev bench; do \
	  opt=$$( [ $$extra = base ] || echo "--extra $$extra" ); \
	  $(VENV)/bin/uv pip compile pyproject.toml requirements/build.in $$opt --generate-hashes \
	    --python-version 3.11 -q -o requirements/$$extra.lock; \
	done

clean:
	rm -rf $(VENV) .tmp .pytest_cache
