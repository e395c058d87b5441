"""The whole matrix over HTTP against the production server, at two table sizes, side by side.

For each database (built once with ``xinfang demo generate`` and reused), the script migrates
it, starts ``xinfang serve`` (gunicorn as deployed, with the workers' warm-up; production settings
plus the bare insert endpoint of ``benchmarks/bare``),
opens sessions for the demo users, and times every request of ``MATRIX`` ``--repeat`` times
after a warm-up: lists, filters, sorts and searches (a no-match search, a rare word, narrow
scopes), the detail page, home (the first request after start = cold, then warm), the
dashboard, 智能分析, the API list and create, the bare insert, and an interactive ledger. Bulk
jobs (counter rebuild, a large ledger built by the worker) are timed in-process. It prints p50
and p95 per size, the ratio of the p95s, and the load average before and after each size.

    source keys.env   # XINFANG_SECRET_KEY, XINFANG_SM4_KEY, XINFANG_LOOKUP_KEY of the databases
    .venv/bin/python benchmarks/scale.py \\
        --db 10k=postgres://postgres@127.0.0.1:5432/xf_scale_10k \\
        --db 1m=postgres://postgres@127.0.0.1:5432/xf_scale_1m --repeat 15 --out var/scale.json

Build a database first (once): ``createdb …; DATABASE_URL=… xinfang migrate; xinfang demo setup;
xinfang demo generate --count 1000000 --seed 1``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = 8765

# (name, user, method, path[, body]) — "{detail}" is filled with a recent petition id.
MATRIX: list[tuple[str, str, str, str]] = [
    ("list, all data", "juzhang", "GET", "/petitions/"),
    ("list, page 20", "juzhang", "GET", "/petitions/?page=20"),
    ("list, oldest first", "juzhang", "GET", "/petitions/?sort=-received"),
    ("list, by due date", "juzhang", "GET", "/petitions/?sort=due"),
    ("list, by number", "juzhang", "GET", "/petitions/?sort=number"),
    ("filter status = handling", "juzhang", "GET", "/petitions/?status=handling"),
    ("filter status = mediating", "juzhang", "GET", "/petitions/?status=mediating"),
    ("filter overdue", "juzhang", "GET", "/petitions/?overdue=true"),
    ("filter overdue, by due date", "juzhang", "GET", "/petitions/?overdue=true&sort=due"),
    ("filter key cases", "juzhang", "GET", "/petitions/?key=true"),
    ("filter category + channel", "juzhang", "GET", "/petitions/?category=labour&channel=visit"),
    ("search 拖欠工资", "juzhang", "GET", "/petitions/?q=" + quote("拖欠工资")),
    ("search 工资拖欠 (word order)", "juzhang", "GET", "/petitions/?q=" + quote("工资拖欠")),
    ("search 暖气 (no match)", "juzhang", "GET", "/petitions/?q=" + quote("暖气")),
    ("search rare word 噪音 + overdue", "juzhang", "GET", "/petitions/?overdue=true&q=" + quote("噪音")),
    ("search 物业费 + category", "juzhang", "GET", "/petitions/?category=property_mgmt&q=" + quote("物业费")),
    ("search by petition number", "juzhang", "GET", "/petitions/?q={number}"),
    ("list, one department (zhujian)", "zhujian", "GET", "/petitions/"),
    ("search 逾期交房, one department", "zhujian", "GET", "/petitions/?q=" + quote("逾期交房")),
    ("list, one street (longcheng)", "longcheng", "GET", "/petitions/"),
    ("search 工资, one street", "longcheng", "GET", "/petitions/?q=" + quote("工资")),
    ("filter overdue, one street, by due", "longcheng", "GET", "/petitions/?overdue=true&sort=due"),
    ("list, street head and below", "longcheng_head", "GET", "/petitions/"),
    ("detail page", "juzhang", "GET", "/petitions/{detail}/"),
    ("home (warm), bureau leader", "juzhang", "GET", "/"),
    ("home (warm), street handler", "longcheng", "GET", "/"),
    ("home (warm), registrar", "dengji", "GET", "/"),
    ("dashboard", "juzhang", "GET", "/analytics/"),
    ("supervision overview (unread count)", "juzhang", "GET", "/supervision/"),
    ("ledger, one street overdue (XLSX)", "longcheng", "GET", "/ledgers/export.xlsx?overdue=true"),
    ("API list", "@dengji", "GET", "/api/petitions/"),
    ("API list, search 拖欠工资", "@dengji", "GET", "/api/petitions/?q=" + quote("拖欠工资")),
    ("API list, next cursor page", "@dengji", "GET", "{cursor}"),
]
CREATE_BODY = {
    "channel": "letter",
    "type": "appeal",
    "category": "labour",
    "title": "工地拖欠农民工工资",
    "content": "某建筑公司拖欠十二名工人三个月工资，多次讨要无果，请求依法处理。",
    "request": "支付工资",
    "facts": "已干满三个月",
    "reasons": "劳动合同",
    "people_count": 1,
    "petitioner": {"name": "测试人", "phone": "13800001111", "address": "龙城街道"},
}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def busy_cores(seconds: float = 2.0) -> float | None:
    """How many cores other work keeps busy right now (from /proc/stat; None off Linux).

    Read before the benchmark starts its own server: a busy machine makes every request wait to
    be scheduled, the same few milliseconds for the bare insert as for a registration, so a ratio
    measured then comes out *lower* than on a quiet machine (docs/benchmarks.md, ninth round).
    """

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    if total1 == total0:
        return 0.0
    return (1 - (idle1 - idle0) / (total1 - total0)) * (os.cpu_count() or 1)


QUIET_CORES = 0.3  # above this, other work is running and same-run ratios are flattered


def quiet_note(busy: float | None) -> str:
    if busy is None:
        return "other work before the run: not measured (no /proc/stat)"
    note = f"other work before the run: {busy:.2f} cores busy"
    if busy > QUIET_CORES:
        note += (
            "\nWARNING: the machine was not quiet; every request waited to be scheduled, so ratios "
            "(above all create / bare) come out lower than on a quiet machine — do not quote them"
        )
    return note


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def env_for(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bare.settings",
        PYTHONPATH=f"{ROOT / 'benchmarks'}:{env.get('PYTHONPATH', '')}",
        XINFANG_SSL_REDIRECT="false",
        XINFANG_VAR_DIR=env.get("XINFANG_VAR_DIR", str(ROOT / "var")),
    )
    return env


PREPARE = r"""
import json, django
django.setup()
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from xinfang.orgs.models import User
from xinfang.petitions.models import Petition
from xinfang.orgs.models import Unit
from django.conf import settings
out = {"sessions": {}, "cookie": settings.SESSION_COOKIE_NAME}
for name in ("juzhang", "dengji", "zhujian", "longcheng", "longcheng_head"):
    user = User.objects.get(username=name)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    try:  # leaders and administrators pass a second factor (TOTP): mark the session as verified
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="benchmark", confirmed=True)
        s[DEVICE_ID_SESSION_KEY] = device.persistent_id
    except ImportError:
        pass
    s.create()
    out["sessions"][name] = s.session_key
from xinfang.security.tokens import token_issue
out["token"] = token_issue(user=User.objects.get(username="dengji"), scopes=["read", "write"], name="benchmark")[0]
latest = Petition.objects.order_by("-received_at").values("pk", "number")[5]
out["detail"], out["number"] = latest["pk"], latest["number"]
out["location"] = Unit.objects.filter(kind="community").order_by("pk").values_list("pk", flat=True).first()
out["petitions"] = Petition.objects.order_by().count() if Petition.objects.count() < 2_000_000 else None
print(json.dumps(out))
"""

JOBS = r"""
import json, time, tempfile, django
django.setup()
from xinfang.petitions.tally import tally_rebuild
from xinfang.ledgers.export import ledger_write
from xinfang.orgs.models import User
from xinfang.petitions import selectors
t = time.perf_counter(); tally_rebuild(); rebuild = time.perf_counter() - t
leader = User.objects.get(username="juzhang")
rows = selectors.petitions_filter(selectors.petitions_visible_to(leader), overdue=True)
t = time.perf_counter()
with tempfile.TemporaryFile() as f:
    made = ledger_write(rows, f, title="超期台账")
ledger = time.perf_counter() - t
print(json.dumps({"counter rebuild (s)": round(rebuild, 1), "overdue ledger job (s)": round(ledger, 1),
                  "overdue ledger rows": made.rows}))
"""


class Client:
    cookie_name = "sessionid"

    def __init__(self, cookie: str = "", token: str = "") -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        self.headers = {"Host": "127.0.0.1"}
        if cookie:
            self.headers["Cookie"] = f"{self.cookie_name}={cookie}"
        if token:
            self.headers["Authorization"] = f"Token {token}"

    def request(
        self, method: str, path: str, body: Any = None, extra: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        headers = dict(self.headers, **(extra or {}))
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection (gunicorn --keep-alive 5): reconnect.
                self.conn.close()
                if attempt == 2:
                    raise
                continue
            content = response.read()
            return response.status, content, (time.perf_counter() - started) * 1000
        raise AssertionError("unreachable")


def timed_gets(client: Client, method: str, path: str, repeat: int, name: str) -> tuple[list[float], bool]:
    """``repeat`` timings after two warm-ups; a ledger above the interactive limit answers 302
    (to the exports page: a worker job builds it), which is reported rather than refused."""
    times, by_job = [], False
    for i in range(repeat + 2):
        status, content, ms = client.request(method, path)
        if status == 302 and path.startswith("/ledgers/"):
            by_job = True
        elif status != 200:
            raise SystemExit(f"{name}: HTTP {status} {content[:300]!r}")
        if i >= 2:
            times.append(ms)
    return times, by_job


POSTS: list[tuple[str, str, dict[str, str]]] = [
    ("API create (registration)", "/api/petitions/", {}),
    ("API create, Prefer: return=minimal", "/api/petitions/", {"Prefer": "return=minimal"}),
    ("bare insert endpoint", "/bare/insert/", {}),
]


# A petitioner comes back: the registrations of this many consecutive rounds are one person's (each
# registration's rule checks and identity link then read a few earlier matters of that person).
RETURNS = 3


def registration_body(body: dict[str, Any], run: int, i: int) -> dict[str, Any]:
    """The ``i``-th registration of a run: its own title, the petitioner of rounds ``i // RETURNS``
    of this run only. One person registering every matter of a run would make the checks read up
    to 200 earlier matters (EARLIER_LIMIT) of a history no real petitioner has; a petitioner of
    earlier runs would pile up run after run."""
    phone = f"139{(run * 100_000 + i // RETURNS) % 10**8:08d}"
    petitioner = dict(body["petitioner"], phone=phone)
    return dict(body, title=f"{body['title']}{i}", petitioner=petitioner)


def timed_posts(client: Client, body: dict[str, Any], repeat: int, only: list[str]) -> dict[str, list[float]]:
    """``repeat`` timings of each chosen POST after two warm-ups, taken in turn (full, minimal, bare,
    full, …) so that the ratios to the bare insert compare requests made under the same load."""
    posts = [row for row in POSTS if chosen(row[0], only)]
    times: dict[str, list[float]] = {name: [] for name, _, _ in posts}
    run = random.randrange(1000)
    for i in range(repeat + 2):
        for name, path, extra in posts:
            status, content, ms = client.request("POST", path, registration_body(body, run, i), extra)
            if status != 201:
                raise SystemExit(f"{name}: HTTP {status} {content[:300]!r}")
            if i >= 2:
                times[name].append(ms)
    return times


def chosen(name: str, only: list[str]) -> bool:
    """Every row without ``--only``; else the rows whose name contains one of its texts."""
    return not only or any(word.lower() in name.lower() for word in only)


def run_size(
    label: str, url: str, repeat: int, workers: int, only: list[str], *, jobs: bool = True
) -> dict[str, Any]:
    env = env_for(url)
    xinfang = str(BIN / "xinfang")
    subprocess.run([xinfang, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([xinfang, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    prepared = json.loads(
        subprocess.run([str(BIN / "python"), "-c", PREPARE], env=env, check=True, capture_output=True).stdout
    )
    # The production server as deployed (``xinfang serve``: gthread workers, no preload, each worker
    # warming its templates and database connection before its first request).
    server = subprocess.Popen(
        [
            xinfang,
            "serve",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--timeout",
            "300",
            "--no-collectstatic",
            "--access-log",
            "/dev/null",
        ],
        env=env,
    )
    try:
        for _ in range(240):  # a loaded machine may take a minute or two to import the app
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with {server.returncode} (port {PORT} in use?)")
            try:
                if Client().request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        result: dict[str, Any] = {"load_before": load(), "timings": {}, "petitions": prepared["petitions"]}
        sessions = prepared["sessions"]
        Client.cookie_name = prepared["cookie"]
        clients = {name: Client(cookie=key) for name, key in sessions.items()}
        clients["@dengji"] = Client(token=prepared["token"])
        cold_name = "home (cold: first request after start), bureau leader"
        if chosen(cold_name, only):
            result["timings"][cold_name] = [clients["juzhang"].request("GET", "/")[2]]
        first = json.loads(clients["@dengji"].request("GET", "/api/petitions/")[1])
        cursor = (
            first["next"].split("127.0.0.1", 1)[-1].split(f":{PORT}", 1)[-1]
            if first.get("next")
            else "/api/petitions/"
        )
        for name, user, method, path in MATRIX:
            if not chosen(name, only):
                continue
            path = path.format(detail=prepared["detail"], number=prepared["number"], cursor=cursor)
            times, by_job = timed_gets(clients[user], method, path, repeat, name)
            result["timings"][name] = times
            if by_job:
                result.setdefault("answered_by_job", []).append(name)
        body = dict(CREATE_BODY, location_unit=prepared["location"])
        result["timings"].update(timed_posts(clients["@dengji"], body, repeat, only))
        result["load_after"] = load()
    finally:
        server.terminate()
        server.wait()
    if jobs:
        out = subprocess.run(
            [str(BIN / "python"), "-c", JOBS], env=env, check=True, capture_output=True
        ).stdout
        result["jobs"] = json.loads(out)
    return result


def main() -> None:
    global PORT
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True, help="LABEL=DATABASE_URL (smallest first)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="")
    parser.add_argument("--port", type=int, default=PORT, help="the server's port on 127.0.0.1")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only the rows whose name contains this text (repeatable, case-insensitive), "
        "e.g. --only create --only bare; the bulk jobs are then skipped",
    )
    args = parser.parse_args()
    PORT = args.port
    busy = busy_cores()
    sizes = [item.split("=", 1) for item in args.db]
    results = {
        label: run_size(label, url, args.repeat, args.workers, args.only, jobs=not args.only)
        for label, url in sizes
    }
    labels = [label for label, _ in sizes]
    print(
        f"machine: {os.cpu_count()} cores; load before/after: "
        + "; ".join(f"{lab} {results[lab]['load_before']} / {results[lab]['load_after']}" for lab in labels)
    )
    head = " | ".join(f"{lab} p50 | {lab} p95" for lab in labels)
    print(f"| request | {head} | ratio p95 |")
    print("|---|" + "---|" * (2 * len(labels) + 1))
    worst = (0.0, "")
    for name in results[labels[0]]["timings"]:
        cells, p95s = [], []
        for lab in labels:
            values = results[lab]["timings"][name]
            p95s.append(pct(values, 0.95))
            cells += [f"{statistics.median(values):.1f}", f"{p95s[-1]:.1f}"]
        ratio = p95s[-1] / p95s[0] if p95s[0] else 0.0
        if "bare" not in name:
            worst = max(worst, (ratio, name))
        print(f"| {name} | {' | '.join(cells)} | {ratio:.2f} |")
    for lab in labels:
        timings = results[lab]["timings"]
        if "bare insert endpoint" in timings:
            bare = statistics.median(timings["bare insert endpoint"])
            for create_name in ("API create (registration)", "API create, Prefer: return=minimal"):
                if create_name in timings:
                    create = statistics.median(timings[create_name])
                    print(
                        f"{lab}: {create_name} / bare insert (p50) = {create:.1f} / {bare:.1f} ms"
                        f" = {create / bare:.2f}×"
                    )
        if "jobs" in results[lab]:
            print(f"{lab}: jobs {results[lab]['jobs']}")
        if results[lab].get("answered_by_job"):
            print(
                f"{lab}: above the interactive limit, answered by a worker job: {results[lab]['answered_by_job']}"
            )
    print(f"worst ratio: {worst[0]:.2f} ({worst[1]})")
    print(quiet_note(busy))
    if args.out:
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
