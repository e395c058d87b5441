"""What a web worker loads before its first request, so that request costs what the next ones do.

``process_warm_up`` runs when ``xinfang.wsgi`` is imported (in gunicorn's master with
``--preload``, else in each worker): the search word dictionary, every view module behind the
URLconf, and the project's templates compiled into the cached loader. Nothing in it holds a
connection, so it is safe before a fork.

``database_warm_up`` runs in each worker after it has loaded the application (gunicorn's
``post_worker_init`` hook, ``xinfang.common.gunicorn_hooks``): one query per table on a pooled
connection, which stays open in the worker's pool. A new PostgreSQL connection reads each
table's and index's description from the catalogue the first time a query plans over it
(the petition table has about thirty indexes); this pays it before the first request.
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def process_warm_up() -> None:
    from django.urls import get_resolver

    from xinfang.petitions.search import warm_up

    warm_up()
    get_resolver().url_patterns  # noqa: B018 - importing the URLconf is the point
    templates_compile()


def templates_compile() -> int:
    """Compile every template of the project (not third-party apps') into the cached loader."""
    from django.template import engines
    from django.template.backends.django import DjangoTemplates

    package = Path(__file__).resolve().parent.parent
    compiled = 0
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        for folder in engine.template_dirs:
            root = Path(folder).resolve()
            if not root.is_relative_to(package):
                continue  # the admin's and other apps' templates compile on first use
            for path in sorted(root.rglob("*.html")):
                engine.get_template(path.relative_to(root).as_posix())
                compiled += 1
    return compiled


def database_warm_up() -> int:
    """Plan one query over every table on this process's connection; returns the tables touched.

    Never stops a worker from starting: the database may come up after the web server."""
    from django.apps import apps
    from django.db import DatabaseError, connection

    touched = 0
    try:
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy:
                model._default_manager.exists()
                touched += 1
    except DatabaseError as error:
        logger.warning("数据库预热失败（不影响启动）：%s", error)
    finally:
        connection.close()  # back to the pool, its server process now warm
    return touched
