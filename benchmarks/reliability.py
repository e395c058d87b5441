"""Reliability harness (#12.5): a live ``xinfang serve`` on PostgreSQL, attacked as CI would.

Steps (each prints PASS/FAIL; the last line reads "N passed, N failed"):

1. schemathesis over /api/schema/ — bounded examples, 0 server errors, responses match the schema;
2. a burst of 100 simultaneous clients — the bounded pool queues them, no 5xx;
3. conflicting acts — pairs of simultaneous dispatches of one petition: exactly one succeeds, the
   other is a 409, never a 5xx;
4. load — locust, 50 clients registering and acting on petitions: 0 5xx, 0 lost (every 201 is in
   the database);
5. kill -9 — the server is killed mid-load and restarted: every acknowledged petition is present
   and ``xinfang audit verify`` passes;
6. backup / restore — ``xinfang backup`` then ``xinfang restore`` into a fresh database, which
   checks the keys and ends with ``audit verify``.

Usage (CI runs the quick form; ``--minutes 10`` gives the figures in docs/benchmarks.md):

    .venv/bin/python benchmarks/reliability.py --database postgres://postgres@127.0.0.1:5432/xf_rel
    .venv/bin/python benchmarks/reliability.py --database … --only load --minutes 10 [--floor]

Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
XINFANG = str(BIN / "xinfang")
RESULTS: list[tuple[str, bool, str]] = []


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def psql(url: str, sql: str) -> None:
    admin = with_db(url, "postgres")
    subprocess.run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


class Env:
    def __init__(self, database: str, floor: bool) -> None:
        self.database = database
        self.vars = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "xinfang.settings.floor" if floor else "xinfang.settings.base",
            "DATABASE_URL": database,
            # Random per run unless given (``--reuse`` needs the keys the database was filled with).
            "XINFANG_SECRET_KEY": os.environ.get("XINFANG_SECRET_KEY") or secrets.token_urlsafe(50),
            "XINFANG_SM4_KEY": os.environ.get("XINFANG_SM4_KEY") or secrets.token_hex(16),
            "XINFANG_LOOKUP_KEY": os.environ.get("XINFANG_LOOKUP_KEY") or secrets.token_urlsafe(32),
            # TLS terminates at nginx in a deployment; the harness speaks plain HTTP on loopback.
            "XINFANG_SSL_REDIRECT": "false",
            "XINFANG_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "XINFANG_VAR_DIR": tempfile.mkdtemp(prefix="xinfang-rel-"),
            "XINFANG_STATIC_ROOT": tempfile.mkdtemp(prefix="xinfang-rel-static-"),
            "XINFANG_TASK_BACKEND": "database",
            "XINFANG_LOG_LEVEL": "ERROR",
        }
        self.server_log = open(Path(self.vars["XINFANG_VAR_DIR"]) / "server.log", "ab")

    def run(self, *args: str, check: bool = True, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [XINFANG, *args], env=self.vars, check=check, capture_output=True, text=True, **kwargs
        )


class Server:
    def __init__(self, env: Env, port: int, workers: int, threads: int) -> None:
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.process: subprocess.Popen[bytes] | None = None
        self.base = f"http://127.0.0.1:{port}"
        self.collected = False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                XINFANG,
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--access-log",
                os.devnull,
                *(["--no-collectstatic"] if self.collected else []),
            ],
            env=self.env.vars,
            start_new_session=True,  # its own process group: kill -9 reaches master and workers
            stdout=subprocess.DEVNULL,
            stderr=self.env.server_log,
        )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"xinfang serve exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base}/readyz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        self.collected = True  # restarts reuse the collected static files
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError("xinfang serve did not become ready within 300 s")

    def kill9(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(
    base: str, method: str, path: str, token: str = "", body: Any = None, timeout: float = 30
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", data=data, method=method)  # noqa: S310
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, raw[:200]


def demo_password() -> str:
    from xinfang.demo.org import DEMO_PASSWORD

    return DEMO_PASSWORD


def issue_token(base: str, username: str) -> str:
    DEMO_PASSWORD = demo_password()  # noqa: N806

    status, body = call(
        base,
        "POST",
        "/api/auth/token/",
        body={"username": username, "password": DEMO_PASSWORD, "scopes": ["read", "write"], "days": 1},
    )
    if status != 201:
        raise RuntimeError(f"token for {username}: {status} {body}")
    return str(body["token"])


class Fixture:
    """Units and a valid petition body for the demo district."""

    def __init__(self, base: str, token: str) -> None:
        _, units = call(base, "GET", "/api/units/", token)
        by_name = {u["name"]: u["id"] for u in units}
        self.community = by_name["幸福社区"]
        self.labour = by_name["区人力资源和社会保障局"]
        self.counter = 0
        self.lock = threading.Lock()

    def body(self, tag: str) -> dict[str, Any]:
        from xinfang.common.idcard import id_check_digit

        with self.lock:
            self.counter += 1
            n = self.counter
        seed = (os.getpid() * 100_003 + n + int(time.time())) % 10_000_000
        first17 = f"44030619{seed % 70 + 30:02d}0101{seed % 1000:03d}"[:17]
        return {
            "channel": "visit",
            "category": "labour",
            "title": f"拖欠工资{tag}{n}",
            "content": f"某公司拖欠工人工资，第{n}件（{tag}）。",
            "request": "支付工资",
            "people_count": 1,
            "location_unit": self.community,
            "petitioner": {"name": f"测试{n % 97}", "id_number": first17 + id_check_digit(first17)},
        }


def record(name: str, ok: bool, detail: str) -> None:
    RESULTS.append((name, ok, detail))
    log(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


def step_schemathesis(server: Server, token: str, examples: int) -> None:
    report = Path(tempfile.mkdtemp(prefix="xinfang-st-"))
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{server.base}/api/schema/",
        "--url",
        server.base,
        "-H",
        f"Authorization: Token {token}",
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--max-examples",
        str(examples),
        "--phases",
        "examples,coverage,fuzzing",
        "--exclude-path",
        "/api/auth/token/",  # issuing and revoking the harness's own token is tested elsewhere
        "--request-timeout",
        "30",
        "--seed",
        "2026",
        "--workers",
        "1",  # hypothesis' lambda-source cache is not thread-safe (an "AST recursion depth" runtime error)
        "--continue-on-failure",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(report),
    ]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    tail = "\n".join(result.stdout.strip().splitlines()[-25:])
    print(tail, flush=True)
    record(
        "schemathesis",
        result.returncode == 0,
        f"exit {result.returncode} in {time.monotonic() - started:.0f}s (max {examples} examples per operation)",
    )


def _dispatch(base: str, token: str, pk: int, version: int, to_unit: int) -> int:
    status, _ = call(
        base,
        "POST",
        f"/api/petitions/{pk}/acts/dispatch/",
        token,
        {"to_unit": to_unit, "mode": "transfer", "version": version},
    )
    return status


def step_conflicts(server: Server, token: str, fixture: Fixture, pairs: int) -> None:
    outcomes: Counter[str] = Counter()
    bad: list[str] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(pairs):
            status, created = call(server.base, "POST", "/api/petitions/", token, fixture.body("并发"))
            if status != 201:
                bad.append(f"create {status} {created}")
                continue
            pk, version = created["id"], created["version"]
            barrier = threading.Barrier(2)

            def act(pk: int = pk, version: int = version, barrier: threading.Barrier = barrier) -> int:
                barrier.wait(timeout=10)
                return _dispatch(server.base, token, pk, version, fixture.labour)

            statuses = sorted(f.result() for f in [pool.submit(act), pool.submit(act)])
            outcomes[str(statuses)] += 1
            if statuses != [200, 409]:
                bad.append(f"#{pk}: {statuses}")
    record(
        "conflicting acts",
        not bad,
        f"{pairs} pairs: {dict(outcomes)}{'; ' + '; '.join(bad[:5]) if bad else ''}",
    )


def step_burst(server: Server, token: str, clients: int = 100, rounds: int = 3) -> None:
    """100 clients at once: the bounded pool queues them; none gets a 5xx ("too many clients")."""
    statuses: Counter[int] = Counter()
    barrier = threading.Barrier(clients)
    lock = threading.Lock()

    def client(n: int) -> None:
        barrier.wait(timeout=60)
        for i in range(rounds):
            path = "/api/petitions/?page_size=20" if (n + i) % 2 else "/api/me/"
            try:
                status, _ = call(server.base, "GET", path, token, timeout=120)
            except OSError:
                status = 0
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    ok = set(statuses) == {200}
    record("burst of 100 clients", ok, f"{dict(statuses)} in {time.monotonic() - started:.1f}s")


def numbers_in_database(env: Env, numbers: set[str]) -> set[str]:
    script = (
        "import json,sys\n"
        "from xinfang.petitions.models import Petition\n"
        "wanted=json.load(sys.stdin)\n"
        "print(json.dumps(list(Petition.objects.filter(number__in=wanted).values_list('number', flat=True))))\n"
    )
    result = env.run("shell", "-c", script, input=json.dumps(sorted(numbers)))
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def step_load(env: Env, server: Server, users: int, seconds: int, label: str = "load") -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix="xinfang-locust-"))
    acknowledged = out / "acknowledged.txt"
    vars_ = {
        **env.vars,
        "XINFANG_LOAD_USERNAME": "dengji",
        "XINFANG_LOAD_PASSWORD": demo_password(),
        "XINFANG_LOAD_ACK_FILE": str(acknowledged),
    }
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--host",
        server.base,
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "20",
        "--csv",
        str(out / "stats"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    started = time.monotonic()
    subprocess.run(command, env=vars_, capture_output=True, text=True, timeout=seconds + 300, check=False)
    elapsed = time.monotonic() - started
    stats = _locust_stats(out / "stats_stats.csv")
    failures = _locust_failures(out / "stats_failures.csv")
    acked = set(acknowledged.read_text().split()) if acknowledged.exists() else set()
    present = numbers_in_database(env, acked) if acked else set()
    lost = acked - present
    five = sum(n for (status, n) in failures if status >= 500)
    ok = five == 0 and not lost and stats["requests"] > 0 and bool(acked)
    record(
        label,
        ok,
        f"{users} clients × {seconds}s: {stats['requests']} requests, {stats['rps']:.1f}/s, "
        f"p50 {stats['p50']} ms, p95 {stats['p95']} ms, 5xx {five}, other failures "
        f"{sum(n for s, n in failures if s < 500)}, acknowledged {len(acked)}, lost {len(lost)} ({elapsed:.0f}s)",
    )
    return {**stats, "acknowledged": len(acked), "lost": len(lost), "5xx": five}


def _locust_stats(path: Path) -> dict[str, Any]:
    import csv

    if not path.exists():
        return {"requests": 0, "rps": 0.0, "p50": "-", "p95": "-"}
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    total = next((r for r in rows if r["Name"] == "Aggregated"), rows[-1])
    return {
        "requests": int(total["Request Count"]),
        "rps": float(total["Requests/s"]),
        "p50": total["50%"],
        "p95": total["95%"],
    }


def _locust_failures(path: Path) -> list[tuple[int, int]]:
    import csv
    import re

    if not path.exists():
        return []
    out = []
    with path.open() as handle:
        for row in csv.DictReader(handle):
            match = re.search(r"(\d{3})", row.get("Error", ""))
            out.append((int(match.group(1)) if match else 0, int(row.get("Occurrences", "0"))))
    return out


def step_kill9(env: Env, server: Server, token: str, fixture: Fixture, seconds: int) -> None:
    acknowledged: set[str] = set()
    statuses: Counter[int] = Counter()
    stop = threading.Event()
    lock = threading.Lock()

    def client() -> None:
        while not stop.is_set():
            try:
                status, body = call(
                    server.base, "POST", "/api/petitions/", token, fixture.body("断电"), timeout=10
                )
            except OSError:
                status, body = 0, None  # connection refused or reset while the server is down
            with lock:
                statuses[status] += 1
                if status == 201:
                    acknowledged.add(body["number"])
            if status == 0:
                time.sleep(0.2)

    threads = [threading.Thread(target=client) for _ in range(16)]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 2)
    before = len(acknowledged)
    server.kill9()
    log(f"kill -9 after {before} acknowledged petitions; restarting")
    server.start()
    time.sleep(seconds / 2)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    present = numbers_in_database(env, acknowledged)
    lost = acknowledged - present
    verify = env.run("audit", "verify", check=False)
    five = sum(n for s, n in statuses.items() if s >= 500)
    ok = not lost and verify.returncode == 0 and len(acknowledged) > before > 0 and five == 0
    record(
        "kill -9 mid-load",
        ok,
        f"{len(acknowledged)} acknowledged ({before} before the kill), lost {len(lost)}, "
        f"statuses {dict(statuses)}, audit verify: {verify.stdout.strip() or verify.stderr.strip()[-200:]}",
    )


def step_backup_restore(env: Env, database: str) -> None:
    archive = Path(tempfile.mkdtemp(prefix="xinfang-backup-")) / "backup.tar.gz"
    backup = env.run("backup", "--output", str(archive), check=False)
    copy_name = urlsplit(database).path.lstrip("/") + "_restored"
    psql(database, f'DROP DATABASE IF EXISTS "{copy_name}"')
    psql(database, f'CREATE DATABASE "{copy_name}"')
    target = Env.__new__(Env)
    target.database = with_db(database, copy_name)
    target.vars = {**env.vars, "DATABASE_URL": target.database}
    restore = target.run("restore", str(archive), "--yes", check=False)
    wrong = Env.__new__(Env)
    wrong.database = target.database
    wrong.vars = {**target.vars, "XINFANG_SM4_KEY": secrets.token_hex(16)}
    refused = wrong.run("restore", str(archive), "--yes", check=False)
    ok = backup.returncode == 0 and restore.returncode == 0 and "审计校验通过" in restore.stdout
    ok = ok and refused.returncode != 0 and "SM4" in refused.stderr
    record(
        "backup / restore",
        ok,
        f"backup: {backup.stdout.strip()[-80:] or backup.stderr[-300:]}; restore: "
        f"{restore.stdout.strip().splitlines()[-1] if restore.stdout.strip() else restore.stderr[-300:]}; "
        f"wrong key refused: {refused.returncode != 0}",
    )
    psql(database, f'DROP DATABASE IF EXISTS "{copy_name}"')


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database", required=True, help="postgres://… (the database is dropped and recreated)"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="0: a free port (other servers may share the host)"
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=0.5, help="length of the load run")
    parser.add_argument("--examples", type=int, default=10, help="schemathesis examples per operation")
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--petitions", type=int, default=300, help="demo petitions before the run")
    parser.add_argument(
        "--only", choices=["schemathesis", "burst", "conflicts", "load", "kill9", "backup"], action="append"
    )
    parser.add_argument("--floor", action="store_true", help="serve without the project's middleware")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database (same keys in the environment)"
    )
    args = parser.parse_args()
    steps = set(args.only or ["schemathesis", "burst", "conflicts", "load", "kill9", "backup"])

    name = urlsplit(args.database).path.lstrip("/")
    env = Env(args.database, args.floor)
    os.environ.update(
        {k: v for k, v in env.vars.items() if k.startswith(("XINFANG_", "DJANGO_", "DATABASE_"))}
    )
    if not args.reuse:
        psql(args.database, f'DROP DATABASE IF EXISTS "{name}"')
        psql(args.database, f'CREATE DATABASE "{name}"')
        log("migrate and demo data")
        env.run("migrate", "--no-input", "-v", "0")
        env.run("demo", "setup")
        env.run("demo", "generate", "--count", str(args.petitions), "--seed", "2026")
    import django

    django.setup()
    server = Server(env, args.port or free_port(), args.workers, args.threads)
    try:
        server.start()
    except RuntimeError:
        server.stop()
        raise
    log(f"xinfang serve ready on {server.base} ({args.workers} workers × {args.threads} threads)")
    steps_run: list[Callable[[], Any]] = []
    try:
        token = issue_token(server.base, "dengji")
        fixture = Fixture(server.base, token)
        if "schemathesis" in steps:
            steps_run.append(lambda: step_schemathesis(server, token, args.examples))
        if "burst" in steps:
            steps_run.append(lambda: step_burst(server, token))
        if "conflicts" in steps:
            steps_run.append(lambda: step_conflicts(server, token, fixture, args.pairs))
        if "load" in steps:
            steps_run.append(lambda: step_load(env, server, args.users, int(args.minutes * 60)))
        if "kill9" in steps:
            steps_run.append(lambda: step_kill9(env, server, token, fixture, 16))
        for step in steps_run:
            step()
    finally:
        server.stop()
    if "backup" in steps:
        step_backup_restore(env, args.database)
    passed = sum(1 for _, ok, _ in RESULTS if ok)
    failed = len(RESULTS) - passed
    print("reliability:", flush=True)
    for step_name, ok, detail in RESULTS:
        print(f"  {'PASS' if ok else 'FAIL'} {step_name}: {detail}", flush=True)
    print(f"reliability: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
