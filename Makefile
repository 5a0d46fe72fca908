# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_DB ?= sqlite:///$(CURDIR)/.tmp/demo.sqlite

.PHONY: demo test eval bench clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

demo: $(VENV)/.base
	rm -f $(CURDIR)/.tmp/demo.sqlite $(CURDIR)/.tmp/demo.sqlite-wal $(CURDIR)/.tmp/demo.sqlite-shm
	mkdir -p .tmp
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch ingest examples/
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch stats
	NKWATCH_DB=$(DEMO_DB) $(VENV)/bin/nkwatch events list

test: $(VENV)/.dev
	bash scripts/system-deps.sh
	$(PY) -m pytest -q

eval: $(VENV)/.base
	$(PY) scripts/eval.py

bench: $(VENV)/.base
	$(PY) bench/ingest.py

clean:
	rm -rf $(VENV) .tmp .pytest_cache
