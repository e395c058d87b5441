"""Benchmark: set-based intake indexing (duplicate signatures and band keys, risk) throughput.

Against DATABASE_URL: with ``--rebuild`` the derived tables (signatures, band keys, risk
assessments and alerts, term weights) are emptied first; then ``intake_backfill`` — exactly what
`xinfang intake backfill` and the first step of `xinfang intake setup` run — indexes every
petition. Prints petitions, seconds, petitions per second and the load average before/after.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xf_intake_10k .venv/bin/python benchmarks/intake_index.py --rebuild
"""

from __future__ import annotations

import argparse
import json
import os
import time

from xinfang.settings.devkeys import load_dev_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
load_dev_keys()  # this installation's random keys (var/dev-secrets.env)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from xinfang.intake.indexing import intake_backfill  # noqa: E402
from xinfang.intake.models import LshKey, RiskAlert, RiskAssessment, TermWeights, TextSignature  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    if args.rebuild:
        tables = [m._meta.db_table for m in (LshKey, TextSignature, RiskAlert, RiskAssessment, TermWeights)]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {', '.join(tables)}")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    before = load()
    cpu = time.process_time()
    started = time.perf_counter()
    done = intake_backfill(batch=args.batch)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "indexed": done,
                "seconds": round(seconds, 1),
                "petitions_per_second": round(done / max(seconds, 1e-9)),
                "client_cpu_seconds": round(time.process_time() - cpu, 1),
                "band_keys": LshKey.objects.count() if connection.vendor != "postgresql" else None,
                "load_before": before,
                "load_after": load(),
            }
        )
    )


if __name__ == "__main__":
    main()
