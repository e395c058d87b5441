"""Prepare a 1,000,000-petition benchmark database from a smaller generated one (PostgreSQL only).

Used when `xinfang demo generate --count 1000000` cannot finish in the time available (on a
2-core machine shared with five other jobs it ran at 90-200 petitions/s). Steps, each printed
with its time and the load average:

1. clone the generated petitions (new ids, numbers and 查询码; same texts, people, units and
   dates) until the table holds ``--target`` rows — the events of the clones are not copied, so
   detail pages of clones show no history; the intake analysis reads none;
2. index the generated petitions with the product's ``intake_backfill`` (bulk mode: the key
   index is built after the load);
3. copy the clones' signatures, band keys and risk assessments from their originals in SQL
   (same texts give the same keys), rebuild the key index, VACUUM ANALYZE.

Clones make buckets fuller than distinct texts would (each text three times): a pessimistic
case for the near-duplicate lookup.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xf_intake_1m \
        .venv/bin/python benchmarks/intake_scale_db.py --generated 342000
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

from xinfang.intake.indexing import _key_index, intake_backfill  # noqa: E402


def step(name: str, started: float) -> float:
    now = time.perf_counter()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(json.dumps({"step": name, "seconds": round(now - started, 1), "load": load}), flush=True)
    return now


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", type=int, required=True, help="ids 1..N are generated petitions")
    parser.add_argument("--target", type=int, default=1_000_000)
    parser.add_argument("--skip-clone", action="store_true", help="petitions already cloned")
    args = parser.parse_args()
    n, target = args.generated, args.target
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) "
            "FROM information_schema.columns WHERE table_name = 'petitions_petition' "
            "AND column_name NOT IN ('id', 'number', 'query_code', 'search_vector')"
        )
        columns = cursor.fetchone()[0]
    copies = [(k, min(n, target - k * n)) for k in range(1, (target + n - 1) // n) if target - k * n > 0]
    if not args.skip_clone:
        for k, count in copies:
            sql(
                f"INSERT INTO petitions_petition (id, number, query_code, {columns}) "  # noqa: S608
                f"SELECT id + %s, 'XF{k + 2}' || substr(number, 4), "
                f"upper(substr(md5(id::text || 'c{k}'), 1, 12)), {columns} "
                "FROM petitions_petition WHERE id <= %s",
                [k * n, count],
            )
        sql("SELECT setval(pg_get_serial_sequence('petitions_petition', 'id'), %s)", [target])
        sql("ANALYZE petitions_petition")
        started = step("clone petitions", started)
    done = intake_backfill(upto=n)
    started = step(f"index {done} generated petitions (intake_backfill)", started)
    _key_index(drop=True)
    for k, count in copies:
        for table, cols in (
            ("intake_lshkey", "key, petition_id + %s"),
            ("intake_textsignature", "petition_id + %s, minhash, title_minhash"),
            ("intake_riskassessment", "petition_id + %s, score, level, reasons, assessed_at"),
        ):
            target_cols = {
                "intake_lshkey": "key, petition_id",
                "intake_textsignature": "petition_id, minhash, title_minhash",
                "intake_riskassessment": "petition_id, score, level, reasons, assessed_at",
            }[table]
            sql(
                f"INSERT INTO {table} ({target_cols}) SELECT {cols} FROM {table} "  # noqa: S608
                "WHERE petition_id <= %s ON CONFLICT DO NOTHING",
                [k * n, count],
            )
    started = step("copy the clones' index rows", started)
    _key_index(drop=False)
    started = step("build the key index", started)
    for table in ("intake_lshkey", "intake_textsignature", "intake_riskassessment"):
        sql(f"VACUUM (ANALYZE) {table}")
    step("vacuum analyze", started)


if __name__ == "__main__":
    main()
