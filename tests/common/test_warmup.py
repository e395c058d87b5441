"""A web worker loads before its first request what that request would otherwise pay for."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.template import engines

from xinfang.common import gunicorn_hooks
from xinfang.common.warmup import database_warm_up, heap_freeze, templates_compile, urls_prepare

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "xinfang"


def test_every_project_template_is_compiled_into_the_cached_loader() -> None:
    ours = list(PACKAGE.rglob("templates/**/*.html"))
    assert ours, "the project has templates"
    assert templates_compile() == len(ours)  # a template that does not compile fails here
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    if hasattr(loader, "get_template_cache"):  # the cached loader (DEBUG off, as in production)
        assert "web/home.html" in loader.get_template_cache


@pytest.mark.django_db(transaction=True)
def test_the_database_warm_up_plans_over_every_table_and_gives_the_connection_back() -> None:
    managed = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    queries: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert database_warm_up() == len(managed)
    tables = {m._meta.db_table for m in managed}
    assert all(any(f'"{table}"' in sql for sql in queries) for table in tables)
    assert connection.connection is None  # closed here (returned to the pool on PostgreSQL)


def test_serve_runs_gunicorn_with_the_worker_warm_up_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, list[str]] = {}

    def fake_exec(path: str, argv: list[str], env: dict[str, str]) -> None:
        seen["argv"] = argv

    monkeypatch.setattr(os, "execve", fake_exec)
    call_command("serve", "--no-collectstatic", "--bind", "127.0.0.1:0")
    argv = seen["argv"]
    assert argv[argv.index("--config") + 1] == "python:xinfang.common.gunicorn_hooks"
    assert callable(gunicorn_hooks.post_worker_init)


def test_every_resolver_has_its_reverse_lookup_built() -> None:
    from django.urls import get_resolver

    root = get_resolver()
    assert urls_prepare(root) > 1  # the root and the namespaced includes
    assert root._reverse_dict and all(child._reverse_dict for _, child in root.namespace_dict.values())


def test_what_was_loaded_is_exempt_from_the_collector() -> None:
    tracked = len(gc.get_objects())
    heap_freeze()
    try:
        assert gc.get_freeze_count() > 0
        assert len(gc.get_objects()) < tracked / 2  # a full collection no longer walks them
    finally:
        gc.unfreeze()
