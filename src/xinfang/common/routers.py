"""Read routing to a streaming replica (docs/deploy.md §5), enabled by ``DATABASE_REPLICA_URL``.

Only the analytics app's summary tables are read from the replica: dashboards and reports
tolerate a second of replication lag; case lists and every act must read their own writes.
"""

from __future__ import annotations

from typing import Any

REPLICA_APPS = frozenset({"analytics"})


class AnalyticsReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return "replica" if model._meta.app_label in REPLICA_APPS else None

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
