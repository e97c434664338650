# The README's two commands are `make demo` and `make test`. Both create .venv and install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS ?= dev,gateway,ml

.PHONY: demo test test-slow lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

demo: $(STAMP)
	rm -rf out/demo out/demo-scan
	$(BIN)/antidistill simulate --scenario demo --seed 7 --out out/demo
	$(BIN)/antidistill scan out/demo --out out/demo-scan
	$(BIN)/antidistill eval --labels out/demo/labels.parquet --scan out/demo-scan
	@echo "report: $(CURDIR)/out/demo-scan/report.html"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q -m "not slow and not spark"

test-slow: $(STAMP)
	$(BIN)/pytest -q -m "slow"

bench: $(STAMP)
	$(BIN)/python bench/scan.py --scenario demo

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
