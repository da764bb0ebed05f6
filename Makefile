# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint bench schema validate clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PIP) install -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py

test: $(VENV)/.dev
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: $(VENV)/.dev
	$(PY) -m bench

schema: $(VENV)/.runtime
	$(PY) -m decision_aid schema

validate: $(VENV)/.runtime
	$(PY) -m decision_aid validate --report pathways/

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
