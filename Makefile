# Two set-up commands: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-days test-pg lint typecheck install demo clean reliability

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The demo runs under xinfang.settings.dev (DEBUG, plain HTTP, random keys in var/dev-secrets.env);
# everything else runs under the production defaults of xinfang.settings.base.
run: export DJANGO_SETTINGS_MODULE = xinfang.settings.dev
run: $(STAMP)
	mkdir -p var
	$(BIN)/xinfang migrate --no-input -v 0
	$(BIN)/xinfang demo setup
	$(BIN)/xinfang demo generate --count 2000 --seed 2026 --if-empty
	$(BIN)/xinfang intake setup --index-only
	@echo "打开 http://127.0.0.1:8000/ 用上面的演示账号登录；接口文档 http://127.0.0.1:8000/api/docs/"
	@echo "admin、juzhang、anquan、shenji 须输入动态口令：另开终端运行 .venv/bin/xinfang demo otp admin（或 juzhang 等）"
	@echo "分拨模型在服务启动的同时于后台训练（约半分钟，完成后显示交叉验证结果）；此前由分拨路由表和分类默认值给出建议"
	$(BIN)/xinfang intake setup & $(BIN)/xinfang runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/pytest -n 2 --ds=xinfang.settings.test

# The law's tests run on days where windows meet rest days and holidays, not only on the day the
# suite happens to run (tests/conftest.py --today): the Friday before the Spring Festival break (a
# make-up working Saturday follows), the eve of National Day, a Saturday, and the year's last day
# at 07:30 in Beijing, when the UTC date is still the 30th.
LAW_DAYS ?= 2026-02-13 2026-09-30 2026-12-05 2026-12-31T07:30
test-days: $(STAMP)
	@for day in $(LAW_DAYS); do \
		echo "== the law's tests on $$day"; \
		$(BIN)/pytest -q -n 2 --ds=xinfang.settings.test tests/petitions/law tests/statute --today $$day || exit 1; \
	done

# Same suite on PostgreSQL (DATABASE_URL must point to a server; pytest-django creates test_<name>).
test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/xinfang} $(BIN)/pytest -n 2 --ds=xinfang.settings.test

# The reliability harness (#12.5): a live `xinfang serve` on PostgreSQL under schemathesis, conflicting
# acts, a 50-client load run, kill -9 mid-load and a backup/restore round trip. Drops and recreates
# the database named in RELIABILITY_DB.
RELIABILITY_DB ?= postgres://postgres@127.0.0.1:5432/xinfang_reliability
reliability: $(STAMP)
	$(BIN)/python benchmarks/reliability.py --database $(RELIABILITY_DB)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var/*.sqlite3*
