# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ray]'  # ray: so the tests run the Ray engine too
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/dotterel demo --db demo.duckdb
	@echo "The commands above use .venv/bin/dotterel (or activate it: . .venv/bin/activate)."

test: $(STAMP)
	$(BIN)/ruff check dotterel tests benchmarks
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check dotterel tests benchmarks

clean:
	rm -rf $(VENV) *.egg-info demo.duckdb artifacts .pytest_cache
