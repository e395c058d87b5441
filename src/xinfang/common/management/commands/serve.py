"""``xinfang serve``: the production web server (gunicorn, whitenoise for static files).

Runs the system checks (refusing to start without the deployment's keys), collects static files
unless ``--no-collectstatic``, then replaces itself with gunicorn serving ``xinfang.wsgi``. Each
worker process keeps a bounded psycopg pool (``XINFANG_DB_POOL_MAX``); requests beyond the
workers' threads wait in gunicorn's backlog instead of failing.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_workers() -> int:
    return int(os.environ.get("XINFANG_WEB_WORKERS", str(min(2 * (os.cpu_count() or 1) + 1, 9))))


class Command(BaseCommand):
    help = "生产 Web 服务：gunicorn + whitenoise（启动前检查密钥与配置）"
    requires_system_checks = "__all__"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("XINFANG_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=int(os.environ.get("XINFANG_WEB_THREADS", "4")))
        parser.add_argument("--timeout", type=int, default=60)
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument("--access-log", default="-", help="file, or - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", "--no-input", verbosity=0)
        gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
        if not os.path.exists(gunicorn):
            raise CommandError("gunicorn 未安装（pip install gunicorn）")
        argv = [
            gunicorn,
            "xinfang.wsgi:application",
            # Hooks: each worker warms its database connection before its first request.
            "--config",
            "python:xinfang.common.gunicorn_hooks",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--timeout",
            str(options["timeout"]),
            "--graceful-timeout",
            "30",
            "--keep-alive",
            "5",
            "--max-requests",
            "2000",
            "--max-requests-jitter",
            "200",
            "--backlog",
            "2048",
            # No shared control socket under $HOME: several servers may run on one host.
            "--no-control-socket",
            "--forwarded-allow-ips",
            os.environ.get("XINFANG_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "--access-logfile",
            options["access_log"],
            "--access-logformat",
            '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s',
        ]
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        self.stdout.write(
            f"xinfang serve: {options['workers']} 个进程 × {options['threads']} 线程，监听 {options['bind']}"
        )
        self.stdout.flush()
        os.execve(gunicorn, argv, env)  # noqa: S606 - replace this process with gunicorn
