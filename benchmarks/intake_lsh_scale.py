"""Benchmark: near-duplicate lookup time at 10,000 versus 1,000,000 indexed petitions.

The index is the product's own: `intake.duplicates.signature` / `all_keys` rows (text and title channels) of
(band, bucket, petition) under a B-tree on (band, bucket), with signatures kept beside them
for scoring, exactly as `similar_texts` reads them. Synthetic texts come from the demo
generator (template-based, so buckets are fuller than with real text: a pessimistic case).
It runs on a throw-away SQLite file so no database server is needed.

Usage: .venv/bin/python benchmarks/intake_lsh_scale.py --sizes 10000 1000000
Prints one JSON line per size: rows, build seconds, median and p95 lookup ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")

import django

django.setup()

from xinfang.demo import texts  # noqa: E402
from xinfang.intake.duplicates import CANDIDATE_CAP, all_keys, as_array, near, signature  # noqa: E402

CODES = list(texts.CATEGORY_CODES)
PLACES = [
    ("龙城街道", "东苑社区"),
    ("凤凰街道", "凤凰社区"),
    ("滨江街道", "滨江社区"),
    ("清河街道", "清河社区"),
]


def text_for(rng: random.Random) -> tuple[str, str]:
    place, community = rng.choice(PLACES)
    made = texts.petition_text(rng, rng.choice(CODES), place=place, community=community)
    return made.title, made.content


def build(path: Path, size: int, seed: int) -> float:
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE bucket (band INTEGER, bucket INTEGER, petition INTEGER)")
    db.execute("CREATE TABLE sig (petition INTEGER PRIMARY KEY, minhash BLOB, title_minhash BLOB)")
    rng = random.Random(seed)
    batch_b: list[tuple[int, int, int]] = []
    batch_s: list[tuple[int, bytes, bytes]] = []
    for pk in range(1, size + 1):
        title, content = text_for(rng)
        values, title_values = signature(f"{title} {content}"), signature(title)
        batch_s.append((pk, values.tobytes(), title_values.tobytes()))
        batch_b.extend((band, key, pk) for band, key in all_keys(values, title_values))
        if len(batch_s) >= 20000:
            db.executemany("INSERT INTO bucket VALUES (?,?,?)", batch_b)
            db.executemany("INSERT INTO sig VALUES (?,?,?)", batch_s)
            batch_b, batch_s = [], []
    db.executemany("INSERT INTO bucket VALUES (?,?,?)", batch_b)
    db.executemany("INSERT INTO sig VALUES (?,?,?)", batch_s)
    db.execute("CREATE INDEX bucket_key ON bucket (band, bucket)")
    db.commit()
    db.close()
    return time.perf_counter() - started


def lookup(db: sqlite3.Connection, probe: tuple[str, str]) -> int:
    title, content = probe
    values, title_values = signature(f"{title} {content}"), signature(title)
    keys = all_keys(values, title_values)
    clause = " OR ".join("(band = ? AND bucket = ?)" for _ in keys)
    params = [v for key in keys for v in key]
    query = f"SELECT petition FROM bucket WHERE {clause} LIMIT ?"  # noqa: S608 - placeholders only
    ids = [row[0] for row in db.execute(query, [*params, CANDIDATE_CAP])]
    if not ids:
        return 0
    marks = ",".join("?" * len(set(ids)))
    rows = db.execute(f"SELECT minhash, title_minhash FROM sig WHERE petition IN ({marks})", list(set(ids)))  # noqa: S608
    return sum(
        1
        for blob, title_blob in rows
        if near(values, title_values, as_array(blob), as_array(title_blob)) is not None
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--dir", type=Path, help="keep the built indexes here and reuse them on the next run")
    args = parser.parse_args()
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="xinfang-lsh-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        path = workdir / f"lsh-{size}.sqlite3"
        seconds = 0.0 if path.exists() else build(path, size, seed=1)
        db = sqlite3.connect(path)
        rng = random.Random(99)
        probes = [text_for(rng) for _ in range(args.queries)]
        for text in probes[:20]:
            lookup(db, text)
        timings, found = [], 0
        for text in probes:
            started = time.perf_counter()
            found += lookup(db, text) > 0
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        print(
            json.dumps(
                {
                    "indexed": size,
                    "build_s": round(seconds, 1),
                    "lookup_median_ms": round(statistics.median(timings), 2),
                    "lookup_p95_ms": round(timings[int(len(timings) * 0.95)], 2),
                    "queries_with_match": found,
                    "queries": len(probes),
                }
            ),
            flush=True,
        )
        db.close()


if __name__ == "__main__":
    main()
