"""Benchmark: bulk demo generation and audit verification on a fresh database.

Usage:
    .venv/bin/python benchmarks/demo_generate.py --count 100000            # fresh SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinfang_bench \
        .venv/bin/python benchmarks/demo_generate.py --count 1000000

Prints one JSON line: count, seconds, petitions per second, events, audit-verify seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xinfang.settings.devkeys import load_dev_keys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-verify", action="store_true")
    args = parser.parse_args()
    load_dev_keys()  # this installation's random keys (var/dev-secrets.env)
    env = dict(os.environ)
    if "DATABASE_URL" not in env:
        path = Path(tempfile.mkdtemp(prefix="xinfang-bench-")) / "bench.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
    xinfang = str(Path(sys.executable).with_name("xinfang"))

    said: dict[str, str] = {}

    def run(*command: str) -> float:
        started = time.perf_counter()
        done = subprocess.run([xinfang, *command], env=env, check=True, stdout=subprocess.PIPE, text=True)
        said[command[0] + " " + command[1] if len(command) > 1 else command[0]] = done.stdout.strip()
        return time.perf_counter() - started

    run("migrate", "--no-input", "-v", "0")
    run("demo", "setup")
    generate = run("demo", "generate", "--count", str(args.count), "--seed", str(args.seed))
    verify = None if args.skip_verify else run("audit", "verify")
    print(
        json.dumps(
            {
                "database": env["DATABASE_URL"].split(":", 1)[0],
                "count": args.count,
                "generate_seconds": round(generate, 1),
                "petitions_per_second": round(args.count / generate),
                "audit_verify_seconds": None if verify is None else round(verify, 1),
                # The command's own summary: its phases (载入, 建索引与约束, …) in seconds.
                "summary": said.get("demo generate", "").splitlines()[-1:],
                "load_average": " ".join(f"{v:.2f}" for v in os.getloadavg()),
            }
        )
    )


if __name__ == "__main__":
    main()
