# Two set-up commands: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-pg lint typecheck install demo clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(BIN)/xinfang migrate --no-input -v 0
	$(BIN)/xinfang demo setup
	$(BIN)/xinfang demo generate --count 2000 --seed 2026 --if-empty
	$(BIN)/xinfang intake setup
	@echo "打开 http://127.0.0.1:8000/ 用上面的演示账号登录；接口文档 http://127.0.0.1:8000/api/docs/"
	$(BIN)/xinfang runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/pytest -n 2 --ds=xinfang.settings.test

# Same suite on PostgreSQL (DATABASE_URL must point to a server; pytest-django creates test_<name>).
test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/xinfang} $(BIN)/pytest -n 2 --ds=xinfang.settings.test

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var/*.sqlite3*
