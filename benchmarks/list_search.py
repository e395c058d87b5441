"""Benchmark: list and search pages on an already generated database (10k vs 1M petitions).

Usage (after `xinfang demo generate` into the database named by DATABASE_URL):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinfang_10k .venv/bin/python benchmarks/list_search.py
Prints one JSON object: petitions in the table and the median milliseconds per request (7 runs, 2 warm-ups).
"""

from __future__ import annotations

import json
import os
import statistics
import time

from xinfang.settings.devkeys import load_dev_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
load_dev_keys()  # this installation's random keys (var/dev-secrets.env)

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from xinfang.orgs.models import User  # noqa: E402
from xinfang.petitions.models import Petition  # noqa: E402

CASES = [
    ("juzhang", "list, all data", "/petitions/"),
    ("juzhang", "list, page 20", "/petitions/?page=20"),
    ("juzhang", "filter status=handling", "/petitions/?status=handling"),
    ("juzhang", "filter overdue", "/petitions/?overdue=true"),
    ("juzhang", "search 拖欠工资", "/petitions/?q=拖欠工资"),
    ("juzhang", "search 物业费 + category", "/petitions/?q=物业费&category=property_mgmt"),
    ("zhujian", "list, one department", "/petitions/"),
    ("zhujian", "search 逾期交房, one department", "/petitions/?q=逾期交房"),
    ("longcheng", "list, one street", "/petitions/"),
    ("juzhang", "home (to-do and counts)", "/"),
]


def timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    setup_test_environment()
    clients: dict[str, Client] = {}
    results = {}
    for username, label, url in CASES:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        for _ in range(2):
            timed(client, url)
        results[label] = round(statistics.median(timed(client, url) for _ in range(7)), 1)
    print(json.dumps({"petitions": Petition.objects.count(), "median_ms": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
