# Two commands matter (see README.md): `make book` and `make test`.
# Both work on a fresh machine with only Python 3.11: they create .venv and install into it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg
NOTEBOOKS := $(wildcard book/*.ipynb)

.PHONY: venv assets book test matrix stacks unit nbval browser lint execute serve lab screenshots bench clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11 is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(STAMP)

# MathJax, RequireJS and the ipywidgets HTML manager, pinned and hash-checked (assets/fetch.py).
assets: $(STAMP)
	$(BIN)/python assets/fetch.py

# Clean build of the committed outputs (nbval checks them), warnings are errors.
book: assets
	rm -rf _build/html _build/jupyter_execute _build/.doctrees
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo
	@echo "The book is built. Open file://$(CURDIR)/_build/html/index.html"
	@echo "To run the \"Try it yourself\" blocks: make serve, then open http://localhost:$(PORT)/"

lint: $(STAMP)
	$(BIN)/ruff check .

# Everything: lint, the book build, strict nbval under the CPU matrix, the
# tests and notebooks on the oldest and a Colab-like version stack, then one
# pytest run over the library tests, the browser tests and strict nbval on
# every notebook on this CPU. Its summary ends with what the browser tests
# measured (request and error counts, slider latencies).
test: lint book matrix stacks
	$(BIN)/pytest -n 2 --dist loadfile $(NBVAL) tests book

# Strict nbval under x86-64-v2/-v3/-v4 SIMD paths, other OpenBLAS kernels and
# thread counts, and a simulated other libm (tools/cpu_matrix.py).
matrix: $(STAMP)
	$(BIN)/python tools/cpu_matrix.py

# The w2vlib tests and every notebook on pyproject's lower bounds and on a
# Colab-like stack, each in its own venv under .venv-stacks/ (tools/stacks.py).
stacks: $(STAMP)
	$(BIN)/python tools/stacks.py oldest colab

unit: $(STAMP)
	$(BIN)/pytest -n 2 tests --ignore=tests/browser

nbval: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile $(NBVAL) book

# The browser tests alone, on the book already built (`make book`).
browser: $(STAMP)
	$(BIN)/pytest tests/browser

# Re-execute every notebook in place (outputs and widget state are committed).
execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

# The built book over HTTP: the try-it blocks need it (browsers do not start
# Python's module worker for file:// pages).
PORT ?= 8000
serve: _build/html/index.html
	@echo "Serving the book on http://localhost:$(PORT)/ (Ctrl+C stops)"
	$(BIN)/python -m http.server --bind 127.0.0.1 -d _build/html $(PORT)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=book

# A PNG of every built page (laptop and phone width) in screenshots/; builds the book if it is missing.
screenshots: $(STAMP) _build/html/index.html
	$(BIN)/python tools/screenshots.py

_build/html/index.html:
	$(MAKE) book

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build .pytest_cache .ruff_cache
