# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make

.PHONY: run test lint format seed serve migrate clean bench bench-sqlite bench-load bench-quotes

# Re-install only when the requirement files change.
$(STAMP)/runtime: requirements.txt
	@mkdir -p $(STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(STAMP)/dev: $(STAMP)/runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

migrate: $(STAMP)/runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

seed: migrate
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py setup_groups

## run: install, migrate, load the seed corpus and serve on http://127.0.0.1:8000
run: seed
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## test: install what the tests need and run the whole suite
test: $(STAMP)/dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench-load: 60 s of readers and editors against gunicorn on PostgreSQL (docs/bench.md); not in `make test`
bench-load: $(STAMP)/runtime
	$(BIN)/python bench/load.py $(BENCH_LOAD_ARGS)

## bench-quotes: time the quote extractor; with POLNEAR=path, score it on PolNeAR's dev split (docs/bench.md)
bench-quotes: $(STAMP)/runtime
	$(BIN)/python bench/quotes.py $(if $(POLNEAR),--polnear $(POLNEAR) --split $(or $(SPLIT),dev))

## bench: time every page and API request at scale on PostgreSQL (docs/bench.md); BENCH_ARGS="--statements 10000" for the quick run
bench: $(STAMP)/runtime
	nice -n 10 $(BIN)/python bench/run.py $(BENCH_ARGS)

## bench-sqlite: the same pages and API requests on SQLite at 100,000 statements (docs/bench.md)
bench-sqlite: $(STAMP)/runtime
	nice -n 10 $(BIN)/python bench/sqlite.py $(BENCH_ARGS)


## lint: ruff, and the import-linter contract that keeps the layers one-way (pyproject.toml)
lint: $(STAMP)/dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)/dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(STAMP) staticfiles
