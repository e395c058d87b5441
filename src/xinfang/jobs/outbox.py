"""A task enqueued by an act, written with the act's transaction where its queue is in the same database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, router, transaction


def queued_in_database(task: Any) -> bool:
    """Whether ``task``'s backend keeps its queue as rows of the default database (production's
    django-tasks database backend), not elsewhere or in-process (the tests' immediate backend)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    return isinstance(backend, DatabaseBackend) and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS


def enqueue_with_act(task: Any, enqueue: Callable[[], object]) -> None:
    """Enqueue ``task`` (by calling ``enqueue``) for the act of the open transaction.

    On the database queue the task's row is written inside that transaction: it commits with
    the act and rolls back with it (an outbox), so the worker never sees an act that was rolled
    back, no act is committed without its task, and the request commits once, not twice. Any
    other backend enqueues after the commit (the immediate one runs the task at once).
    """
    if queued_in_database(task):
        enqueue()
    else:
        transaction.on_commit(enqueue)
