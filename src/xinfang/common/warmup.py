"""What a web worker loads before its first request, so that request costs what the next ones do.

``process_warm_up`` runs when ``xinfang.wsgi`` is imported (in gunicorn's master with
``--preload``, else in each worker): the search word dictionary, every view module behind the
URLconf with the reverse lookups of its resolvers, and the project's templates compiled into the
cached loader; then what it loaded is exempted from the garbage collector (``heap_freeze``).
Nothing in it holds a connection, so it is safe before a fork.

``database_warm_up`` runs in each worker after it has loaded the application (gunicorn's
``post_worker_init`` hook, ``xinfang.common.gunicorn_hooks``): one query per table on a pooled
connection, which stays open in the worker's pool. A new PostgreSQL connection reads each
table's and index's description from the catalogue the first time a query plans over it
(the petition table has about thirty indexes); this pays it before the first request.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def process_warm_up() -> None:
    from django.urls import get_resolver

    from xinfang.petitions.search import warm_up

    warm_up()
    urls_prepare(get_resolver())
    templates_compile()
    heap_freeze()


def heap_freeze() -> None:
    """Collect once, then exempt everything loaded so far from the cyclic garbage collector.

    The word dictionary, the routing model, the URL patterns and the templates are millions of
    long-lived objects; each full collection walked them all — 120 ms at a random request (the
    first one of a worker always), measured with ``gc.callbacks``. Frozen, a full collection walks
    only what requests created since (``gc.freeze``).
    """
    gc.collect()
    gc.freeze()


def urls_prepare(root: Any) -> int:
    """Import every view module behind the URLconf and build each resolver's reverse lookup (what
    the first ``{% url %}`` of a page builds otherwise: 190 ms for the home page's first render).
    Returns the resolvers prepared."""
    root.url_patterns  # noqa: B018 - importing the URLconf is the point
    pending, prepared = [root], 0
    while pending:
        resolver = pending.pop()
        resolver.reverse_dict  # noqa: B018 - building it is the point
        pending.extend(child for _, child in resolver.namespace_dict.values())
        prepared += 1
    return prepared


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
    heap_freeze()
    return touched
