"""gunicorn server hooks for ``xinfang serve`` (passed as ``--config python:xinfang.common.gunicorn_hooks``)."""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    """After a worker has loaded the application (its own, or the preloaded one after the fork):
    warm its database connection before it accepts a request (``common.warmup``)."""
    from xinfang.common.warmup import database_warm_up

    database_warm_up()
