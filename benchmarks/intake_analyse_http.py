"""Benchmark: the registration page's 智能分析, end to end over HTTP, and the near-duplicate lookup cold.

Against the database in DATABASE_URL (PostgreSQL; indexed by `xinfang intake backfill` and with
models from `xinfang intake train`), the script starts a server process
(`xinfang runserver --noreload`, production settings, DEBUG off), logs in as the registrar
`dengji` through the real login form, and POSTs the registration form to /intake/analyse/
(routing top 3 with reasons, repeat and near-duplicate candidates, risk) for ``--requests``
probes. Probes are existing petitions' titles and texts with a sentence changed (so near-
duplicates exist), a fresh ID number and a random place; timing is the client's wall time
per request, after ``--warmup`` requests. It prints p50/p95/max, with the load average.

``--cold N`` also times N near-duplicate lookups (`similar_texts`, the same function the
panel calls) in this process, each after dropping the operating system's page cache
(needs root; PostgreSQL's own 128 MB buffer stays as it is) with probes unseen before.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xf_intake_10k .venv/bin/python benchmarks/intake_analyse_http.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from xinfang.settings.devkeys import load_dev_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
load_dev_keys()  # this installation's random keys (var/dev-secrets.env)

import django  # noqa: E402

django.setup()

import requests  # noqa: E402

from xinfang.common.idcard import id_check_digit  # noqa: E402
from xinfang.orgs.models import Unit  # noqa: E402
from xinfang.petitions.models import Petition  # noqa: E402

PASSWORD = "Xinfang@2026"  # noqa: S105 - the public demo password (README)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def quantiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max_ms": round(ordered[-1], 1),
        "n": len(ordered),
    }


def probes(count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    top = Petition.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked: list[tuple[str, str]] = []
    while len(picked) < count:
        pk = rng.randint(1, top)
        row = Petition.objects.filter(pk__gte=pk).order_by("pk").values_list("title", "content").first()
        if row:
            picked.append(row)
    places = list(Unit.objects.filter(is_active=True).values_list("pk", flat=True))
    out = []
    for i, (title, content) in enumerate(picked):
        sentences = re.split(r"(?<=[。！？])", content)
        sentences[rng.randrange(len(sentences))] = "另外，相关情况已多次向社区反映。"
        first17 = f"1101051980{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{i % 1000:03d}"
        out.append(
            {
                "title": title,
                "content": "".join(sentences),
                "request": "请求依法处理",
                "location_unit": str(rng.choice(places)),
                "petitioner_id_number": first17 + id_check_digit(first17),
                "people_count": str(rng.choice([1, 1, 1, 3, 8])),
            }
        )
    return out


def serve(port: int) -> subprocess.Popen[bytes]:
    xinfang = str(Path(sys.executable).with_name("xinfang"))
    # production settings serve hashed static files: collect them first (as a deployment does)
    subprocess.run([xinfang, "collectstatic", "--noinput", "-v", "0"], check=True, env=dict(os.environ))
    process = subprocess.Popen(
        [xinfang, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env={**os.environ, "XINFANG_SSL_REDIRECT": "0"},  # plain HTTP on the loopback
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            return process
        except requests.ConnectionError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("server did not start")


class Browser:
    """A client that keeps cookies itself: production cookies are Secure, and this benchmark
    talks plain HTTP to 127.0.0.1 only, where a cookie jar would hold them back."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def _send(self, method: str, path: str, **kwargs: object) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})  # type: ignore[call-overload]
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.http.cookies.clear()
        reply = self.http.request(
            method, f"{self.base}{path}", headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        self.cookies.update({c.name: c.value or "" for c in reply.cookies})
        return reply

    def get(self, path: str) -> requests.Response:
        return self._send("GET", path)

    def post(
        self, path: str, data: dict[str, str], headers: dict[str, str] | None = None
    ) -> requests.Response:
        return self._send("POST", path, data=data, headers=headers or {})


def token_of(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    return found.group(1) if found else ""


def login(base: str) -> Browser:
    browser = Browser(base)
    page = browser.get("/accounts/login/")
    answer = browser.post(
        "/accounts/login/",
        {"username": "dengji", "password": PASSWORD, "csrfmiddlewaretoken": token_of(page)},
    )
    if "xf_session" not in browser.cookies:
        raise SystemExit(f"login failed: {answer.status_code}")
    return browser


def http_run(args: argparse.Namespace) -> dict[str, object]:
    base = f"http://127.0.0.1:{args.port}"
    server = serve(args.port)
    try:
        browser = login(base)
        page = browser.get("/register/")
        token = token_of(page)
        if page.status_code != 200 or not token:
            raise SystemExit(f"not logged in: /register/ answered {page.status_code}")
        headers = {"X-CSRFToken": token, "HX-Request": "true"}
        timings: list[float] = []
        sample = probes(args.requests + args.warmup, args.seed)
        statuses: dict[int, int] = {}
        matched = 0
        for i, form in enumerate(sample):
            started = time.perf_counter()
            reply = browser.post("/intake/analyse/", {**form, "csrfmiddlewaretoken": token}, headers)
            elapsed = (time.perf_counter() - started) * 1000
            statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
            if reply.status_code != 200 and statuses[reply.status_code] == 1:
                print(reply.status_code, reply.text[:300], file=sys.stderr)
            if i >= args.warmup:
                timings.append(elapsed)
                matched += "内容相似" in reply.text
        return {
            "requests": quantiles(timings),
            "status": statuses,
            "probes_with_a_similar_candidate": matched,
            "load_before_after": load(),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def cold_run(args: argparse.Namespace) -> dict[str, object]:
    from xinfang.intake.duplicates import similar_texts

    sample = probes(args.cold, args.seed + 1)
    timings = []
    for form in sample:
        subprocess.run(["sync"], check=False)
        Path("/proc/sys/vm/drop_caches").write_text("1\n")
        started = time.perf_counter()
        similar_texts(form["title"], form["content"])
        timings.append((time.perf_counter() - started) * 1000)
    return {"lookups_cold": quantiles(timings)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--cold", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args()
    result: dict[str, object] = {
        "database": os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1],
        "petitions": Petition.objects.order_by("-pk").values_list("pk", flat=True).first(),
        "load_at_start": load(),
    }
    if args.requests:
        result["analyse_http"] = http_run(args)
    if args.cold:
        result.update(cold_run(args))
        result["load_at_end"] = load()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
