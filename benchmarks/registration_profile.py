"""In-process profile of one API registration against the bare insert, on a generated database.

The Django test client (no server) posts scale.py's registration body with the registrar's token:
one request under a query log (each query and its milliseconds), then ``--count`` timed requests
(wall p50 and minimum, CPU per request by ``time.process_time``), and with ``--profile`` a cProfile
of them (CPU time, top functions by cumulative time). ``--phases`` times the steps of the request
instead (wall milliseconds per request spent inside each named function, nested steps counted in
their callers too), the map of where a registration's time goes.

    source keys.env; export XINFANG_SSL_REDIRECT=false
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xf_scale_10k PYTHONPATH=src:benchmarks \\
        .venv/bin/python benchmarks/registration_profile.py minimal --queries

``minimal`` sends ``Prefer: return=minimal``, ``full`` asks for the full detail, ``bare`` posts to
the bare insert endpoint (``benchmarks/bare``). Settings: production plus the bare endpoint.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bare.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from scale import CREATE_BODY, registration_body  # noqa: E402

from xinfang.orgs.models import Unit, User  # noqa: E402
from xinfang.security.tokens import token_issue  # noqa: E402


def poster(mode: str) -> Callable[[int], None]:
    """A function posting the ``i``-th registration (scale.registration_body: its own title, a petitioner
    of this run who comes back for a few registrations)."""
    user = User.objects.get(username="dengji")
    raw, _ = token_issue(user=user, scopes=["read", "write"], name="registration_profile")
    place = Unit.objects.filter(kind="community").order_by("pk").values_list("pk", flat=True).first()
    body = dict(CREATE_BODY, location_unit=place)
    run = random.randrange(1000)
    path = "/bare/insert/" if mode == "bare" else "/api/petitions/"
    headers = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    if mode == "minimal":
        headers["HTTP_PREFER"] = "return=minimal"
    client = Client(HTTP_HOST="127.0.0.1")

    def post(i: int) -> None:
        data = json.dumps(registration_body(body, run, i))
        response = client.post(path, data, content_type="application/json", **headers)  # type: ignore[arg-type]
        if response.status_code != 201:
            raise SystemExit(f"HTTP {response.status_code}: {response.content[:300]!r}")

    return post


def logged(post: Callable[[int], None], i: int) -> list[tuple[float, str]]:
    """One request's queries with their milliseconds."""
    queries: list[tuple[float, str]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Generator[Any] | Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(wrapper):
        post(i)
    return queries


# (module, attribute, label): the steps of one registration, outermost first.
PHASES = [
    ("rest_framework.views", "APIView.dispatch", "DRF dispatch (all below)"),
    ("xinfang.security.tokens", "ExpiringTokenAuthentication.authenticate", "token authentication"),
    ("xinfang.api.views", "PetitionListCreateView.post", "the view (all below)"),
    ("xinfang.api.serializers", "PetitionCreateIn.is_valid", "input serializer (category, place reads)"),
    ("xinfang.api.views", "petition_register", "petition_register (all below)"),
    ("xinfang.orgs.models", "User.roles_cached", "registrar's roles"),
    ("xinfang.petitions.services.registration", "earlier_same_category", "rule checks: earlier matters"),
    ("xinfang.petitions.services.registration", "check_draft", "rule checks: decisions"),
    ("xinfang.petitions.services.registration", "identity_link", "identity link"),
    ("xinfang.petitions.services.registration", "petition_number_next", "number and id"),
    ("xinfang.petitions.services.registration", "clocks_derive", "clocks derived"),
    ("xinfang.petitions.services.registration", "event_record", "event (SM3 chain) + task row"),
    ("xinfang.petitions.services.core", "enqueue_with_act", "  of which the task row"),
    ("xinfang.petitions.models", "Petition.save", "petition INSERT"),
    ("xinfang.petitions.services.registration", "tally_shift", "counters"),
    ("xinfang.petitions.services.registration", "deadlines_refresh", "clock rows"),
]


def timed_phases() -> dict[str, float]:
    """Wrap each step of PHASES so that it adds its wall seconds to the returned totals."""
    import functools
    import importlib

    totals: dict[str, float] = dict.fromkeys((label for _, _, label in PHASES), 0.0)
    for module_name, attribute, label in PHASES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        inner = getattr(owner, name)

        def timed(*args: Any, _inner: Any = inner, _label: str = label, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return _inner(*args, **kwargs)
            finally:
                totals[_label] += time.perf_counter() - started

        setattr(owner, name, functools.wraps(inner)(timed))
    return totals


def phases(mode: str, count: int) -> None:
    totals = timed_phases()
    post = poster(mode)
    for i in range(3):
        post(i)
    for label in totals:
        totals[label] = 0.0
    walls = []
    for i in range(count):
        started = time.perf_counter()
        post(10 + i)
        walls.append(time.perf_counter() - started)
    print(f"{mode}: {count} requests, wall per request {sum(walls) * 1000 / count:.2f} ms (test client)")
    for label, seconds in totals.items():
        print(f"  {seconds * 1000 / count:7.2f} ms  {label}")
    print(f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def alternate(modes: list[str], count: int) -> None:
    """The modes' requests in turn in one process (each ratio under the same load and caches)."""
    posts = {mode: poster(mode) for mode in modes}
    walls: dict[str, list[float]] = {mode: [] for mode in modes}
    cpus: dict[str, float] = dict.fromkeys(modes, 0.0)
    for i in range(count + 3):
        for mode, post in posts.items():
            started, cpu = time.perf_counter(), time.process_time()
            post(1000 + i)
            if i >= 3:
                cpus[mode] += time.process_time() - cpu
                walls[mode].append((time.perf_counter() - started) * 1000)
    floor = modes[-1]
    for mode in modes:
        p50, cpu_ms = statistics.median(walls[mode]), cpus[mode] * 1000 / count
        print(
            f"{mode}: wall p50 {p50:.1f} ms ({p50 / statistics.median(walls[floor]):.2f}× {floor}), "
            f"CPU {cpu_ms:.1f} ms ({cpus[mode] / cpus[floor]:.2f}× {floor})"
        )
    print(f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["minimal", "full", "bare"], nargs="+")
    parser.add_argument("--count", type=int, default=60, help="timed requests (after 3 warm-ups)")
    parser.add_argument("--queries", action="store_true", help="print each query of one request")
    parser.add_argument("--profile", action="store_true", help="cProfile the timed requests (CPU time)")
    parser.add_argument("--phases", action="store_true", help="wall time per step of the request")
    args = parser.parse_args()
    if args.phases:
        phases(args.mode[0], args.count)
        return
    if len(args.mode) > 1:
        alternate(args.mode, args.count)
        return
    args.mode = args.mode[0]
    post = poster(args.mode)
    for i in range(3):
        post(i)
    queries = logged(post, 3)
    print(f"{args.mode}: {len(queries)} queries, {sum(ms for ms, _ in queries):.1f} ms waiting for them")
    if args.queries:
        for ms, sql in queries:
            print(f"  {ms:6.2f}  {sql[:160]}")
    profile = cProfile.Profile(time.process_time) if args.profile else None
    times = []
    cpu = time.process_time()
    for i in range(args.count):
        started = time.perf_counter()
        if profile is not None:
            profile.runcall(post, 10 + i)
        else:
            post(10 + i)
        times.append((time.perf_counter() - started) * 1000)
    cpu_ms = (time.process_time() - cpu) * 1000 / args.count
    print(
        f"{args.mode}: wall p50 {statistics.median(times):.1f} ms, min {min(times):.1f} ms; "
        f"CPU {cpu_ms:.1f} ms a request; load {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    if profile is not None:
        order, rows = os.environ.get("PROFILE_SORT", "cumulative"), int(os.environ.get("PROFILE_ROWS", "60"))
        pstats.Stats(profile).sort_stats(order).print_stats(rows)


if __name__ == "__main__":
    main()
