# One command each: `make demo` runs the product's main job; `make test` runs the whole test suite.
# Both create the virtual environment in .venv on first use, so they work on a fresh clone.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: install test lint unit demo bench help-text schema clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(INSTALLED)

install: $(INSTALLED)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

unit: $(INSTALLED)
	$(PY) -m pytest -n auto -q

# The whole suite: lint, types, and every test on SQLite and (when it is running) PostgreSQL.
test: lint unit

# The product's main job in one command: about 40 households through 18 simulated months on a throw-away
# SQLite database (real services, daily reviews, reminders into a mail folder), then the supervisors' report.
# (examples/journey.sh walks one household through the journey command by command.)
demo: $(INSTALLED)
	$(VENV)/bin/rto demo

bench: $(INSTALLED)
	$(PY) bench/run.py

# Render `rto --help` again into the text cli.py serves without loading click.
help-text: $(INSTALLED)
	for lang in nb nn en; do \
	  $(PY) -c "from commands.app import top_help; import sys; sys.stdout.write(top_help('$$lang'))" > commands/help.$$lang.txt; \
	done

# Render the SQLModel tables (workflow/tables.py) again into the Core tables the code runs on (workflow/schema.py).
schema: $(INSTALLED)
	$(PY) -m workflow.schema_source > workflow/schema.py.new && mv workflow/schema.py.new workflow/schema.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
