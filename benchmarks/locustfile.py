"""Load for the reliability harness: clients that register petitions, act on them and read lists.

Each simulated client gets its own API token once, then loops: register (POST /api/petitions/),
dispatch it with its version (POST …/acts/dispatch/), read it back, and now and then list. Every
petition acknowledged with 201 is written to ``XINFANG_LOAD_ACK_FILE`` so the harness can check
that none was lost. Used by benchmarks/reliability.py; the host is always 127.0.0.1.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from locust import HttpUser, between, events, task

ACK_FILE = os.environ.get("XINFANG_LOAD_ACK_FILE", "")
USERNAME = os.environ.get("XINFANG_LOAD_USERNAME", "dengji")
_acked: list[str] = []
_lock = threading.Lock()
_counter = [0]
_shared: dict[str, Any] = {}


PASSWORD = os.environ.get("XINFANG_LOAD_PASSWORD", "")
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check_digit(first17: str) -> str:
    """GB 11643 check digit (kept here: the load process does not load Django)."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _id_number(n: int) -> str:
    seed = (os.getpid() * 7919 + n + int(time.time())) % 10_000_000
    first17 = f"44030619{seed % 70 + 30:02d}0201{seed % 1000:03d}"[:17]
    return first17 + id_check_digit(first17)


class Registrar(HttpUser):
    wait_time = between(0.05, 0.3)

    def on_start(self) -> None:
        with _lock:
            token = _shared.get("token")
        if token is None:
            response = self.client.post(
                "/api/auth/token/",
                json={
                    "username": USERNAME,
                    "password": PASSWORD,
                    "scopes": ["read", "write"],
                    "days": 1,
                },
                name="/api/auth/token/",
            )
            token = response.json()["token"]
            units = {
                u["name"]: u["id"]
                for u in self.client.get(
                    "/api/units/", headers={"Authorization": f"Token {token}"}, name="/api/units/"
                ).json()
            }
            with _lock:
                _shared.setdefault("token", token)
                _shared.setdefault("community", units["幸福社区"])
                _shared.setdefault("labour", units["区人力资源和社会保障局"])
                token = _shared["token"]
        self.client.headers["Authorization"] = f"Token {token}"

    @task(4)
    def register_and_dispatch(self) -> None:
        with _lock:
            _counter[0] += 1
            n = _counter[0]
        body = {
            "channel": "online",
            "category": "labour",
            "title": f"负载测试拖欠工资{n}",
            "content": f"负载测试：某公司拖欠工人工资，第{n}件。",
            "request": "支付工资",
            "people_count": 1,
            "location_unit": _shared["community"],
            "petitioner": {"name": f"负载{n % 89}", "id_number": _id_number(n)},
        }
        with self.client.post(
            "/api/petitions/", json=body, name="/api/petitions/ [POST]", catch_response=True
        ) as r:
            if r.status_code == 201:
                created = r.json()
                with _lock:
                    _acked.append(created["number"])
                r.success()
            else:
                r.failure(f"{r.status_code} {r.text[:200]}")
                return
        self.client.post(
            f"/api/petitions/{created['id']}/acts/dispatch/",
            json={"to_unit": _shared["labour"], "mode": "transfer", "version": created["version"]},
            name="/api/petitions/{id}/acts/dispatch/",
        )
        self.client.get(f"/api/petitions/{created['id']}/", name="/api/petitions/{id}/")

    @task(1)
    def list_petitions(self) -> None:
        self.client.get("/api/petitions/?page_size=20", name="/api/petitions/ [GET]")


@events.quitting.add_listener
def _write_acknowledged(environment: Any, **kwargs: Any) -> None:
    if ACK_FILE:
        with _lock, open(ACK_FILE, "w", encoding="utf-8") as handle:
            handle.write("\n".join(_acked))
