"""Benchmark: analytics dashboard requests and the monthly report on an already generated database.

Usage (after `xinfang demo generate` into the database named by DATABASE_URL):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinfang_1m .venv/bin/python benchmarks/dashboard_report.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinfang_100k .venv/bin/python benchmarks/dashboard_report.py

Applies pending migrations, builds the monthly summary once (timed: `xinfang report refresh --full`),
times an incremental refresh with nothing new, then the dashboard requests (median of 7 after 2
warm-ups, whole request through Django's test client, with the number of SQL queries) and the
monthly report for last month (median of 3 after 1 warm-up, data gathering plus DOCX with three
charts), and once the whole `xinfang report monthly` command (process start included). Prints one
JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from xinfang.settings.devkeys import load_dev_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
load_dev_keys()  # this installation's random keys (var/dev-secrets.env)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from xinfang.analytics.docx_report import monthly_docx  # noqa: E402
from xinfang.analytics.monthly import monthly_report  # noqa: E402
from xinfang.analytics.periods import add_months, month_of  # noqa: E402
from xinfang.analytics.services import stats_refresh  # noqa: E402
from xinfang.orgs.models import Unit, User  # noqa: E402
from xinfang.petitions.models import Petition  # noqa: E402


def _cases() -> list[tuple[str, str, str]]:
    this = month_of(timezone.localdate())
    last = add_months(this, -1)
    year = f"start={add_months(last, -11):%Y-%m}&end={last:%Y-%m}"
    housing = Unit.objects.get(name="区住房和城乡建设局").pk
    return [
        ("juzhang", "this month, all data (bureau leader)", "/analytics/"),
        ("juzhang", "last month, rank by satisfaction", f"/analytics/?end={last:%Y-%m}&rank_by=satisfaction"),
        ("juzhang", "12 months", f"/analytics/?{year}"),
        ("juzhang", "12 months, one unit", f"/analytics/?{year}&unit={housing}"),
        ("zhujian", "one department (own-unit scope), 12 months", f"/analytics/?{year}"),
        ("longcheng", "one street, this month", "/analytics/"),
    ]


def timed(action: Callable[[], object], runs: int, warmups: int) -> float:
    for _ in range(warmups):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def main() -> None:
    setup_test_environment()
    call_command("migrate", "--no-input", "-v", "0")
    started = time.perf_counter()
    months = stats_refresh(full=True)
    full_refresh = time.perf_counter() - started
    started = time.perf_counter()
    stats_refresh()
    incremental = time.perf_counter() - started

    results: dict[str, dict[str, float | int]] = {}
    clients: dict[str, Client] = {}
    for username, label, url in _cases():
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]

        def get(client: Client = client, url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        ms = timed(get, runs=7, warmups=2)
        with CaptureQueriesContext(connection) as queries:
            get()
        results[label] = {"median_ms": ms, "queries": len(queries.captured_queries)}

    last = add_months(month_of(timezone.localdate()), -1)
    gather = timed(lambda: monthly_report(month=last), runs=3, warmups=1)
    report = monthly_report(month=last)
    whole = timed(lambda: monthly_docx(monthly_report(month=last)), runs=3, warmups=1)
    xinfang = str(Path(sys.executable).with_name("xinfang"))
    output = Path(tempfile.mkdtemp(prefix="xinfang-report-")) / "monthly.docx"
    command = [xinfang, "report", "monthly", "--month", f"{last:%Y-%m}", "--output", str(output)]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    cli = time.perf_counter() - started
    print(
        json.dumps(
            {
                "petitions": Petition.objects.count(),
                "month_petitions": report.total["total"],
                "full_refresh_s": round(full_refresh, 1),
                "months_built": len(months),
                "incremental_refresh_ms": round(incremental * 1000, 1),
                "dashboard": results,
                "monthly_report_data_ms": gather,
                "monthly_report_docx_ms": whole,
                "monthly_report_command_s": round(cli, 2),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
