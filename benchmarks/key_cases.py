"""Benchmark: the "重点案件" list page by its old definition against the maintained flag (issue 13).

Against DATABASE_URL, in-process: the first page of ``petitions_visible_to(user)`` filtered by the
old condition (``keycase.key_case_definition()``: major OR people ≥ threshold OR a repeat link) and
by the flag (``selectors.key_case_condition()``), through ``pages.list_page`` as the list and the API
build it, for a bureau leader, a department and a street, in two orders. Prints p50 and max (ms),
the plan, the capped count, the queries, whether both give the same rows, and the load average.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xf_kc100 .venv/bin/python benchmarks/key_cases.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from xinfang.settings.devkeys import load_dev_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
load_dev_keys()  # this installation's random keys (var/dev-secrets.env)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from xinfang.orgs.models import User  # noqa: E402
from xinfang.petitions import pages, selectors  # noqa: E402
from xinfang.petitions.keycase import key_case_definition  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(user: User, condition: Q, order: str, repeat: int) -> tuple[float, float, pages.Page, int]:
    rows = selectors.petitions_visible_to(user).filter(condition)
    times, page, queries = [], None, 0
    for i in range(repeat + 2):  # two warm-ups
        pages.boundary_forget()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            page = pages.list_page(rows, order=order, number=1, size=20)
        if i >= 2:
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    assert page is not None
    return statistics.median(times), max(times), page, queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--users", default="juzhang,zhujian,longcheng")
    args = parser.parse_args()
    print(f"load before: {load()}")
    for name in args.users.split(","):
        user = User.objects.get(username=name)
        for order in ("received", "due"):
            old = run(user, key_case_definition(), order, args.repeat)
            new = run(user, selectors.key_case_condition(), order, args.repeat)
            same = old[2].object_list == new[2].object_list
            print(
                f"{name:10} {order:8} definition p50 {old[0]:6.1f} max {old[1]:6.1f} ({old[2].plan}, "
                f"{old[2].count}, {old[3]} q) | flag p50 {new[0]:6.1f} max {new[1]:6.1f} ({new[2].plan}, "
                f"{new[2].count}, {new[3]} q) | same rows: {same}"
            )
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
