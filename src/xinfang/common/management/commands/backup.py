"""``xinfang backup --output FILE``: the database and a fingerprint of the keys that read it.

The archive (``.tar.gz``) holds ``manifest.json`` (time, database vendor, key version and an SM3
fingerprint of each configured key — never a key itself) and the database: ``pg_dump -Fc`` on
PostgreSQL, SQLite's online backup otherwise. Keys are backed up separately, in the secret store:
a backup alone cannot decrypt personal data. ``xinfang restore`` checks the fingerprints and that
sampled ciphertexts decrypt, then verifies the audit chain.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from xinfang.common import crypto

FORMAT = 1


def key_fingerprints() -> dict[str, Any]:
    ring = crypto.key_ring()
    return {
        "sm4_version": ring.version,
        "sm4": {str(v): crypto.sm3_hex(b"fingerprint:" + k)[:16] for v, k in sorted(ring.sm4.items())},
        "lookup": crypto.sm3_hex(b"fingerprint:" + ring.lookup)[:16],
    }


def pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def pg_args() -> list[str]:
    db = settings.DATABASES["default"]
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-U", str(db.get("USER") or "postgres")]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    return args


class Command(BaseCommand):
    help = "备份：导出数据库与密钥指纹（不含密钥本身）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "keys": key_fingerprints(),
        }
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "database.dump"
            if connection.vendor == "postgresql":
                name = str(settings.DATABASES["default"]["NAME"])
                result = subprocess.run(  # noqa: S603
                    ["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *pg_args(), name],  # noqa: S607
                    env=pg_env(),
                    capture_output=True,
                    text=True,
                )
                if result.returncode:
                    raise CommandError(f"pg_dump 失败：{result.stderr.strip()}")
            elif connection.vendor == "sqlite":
                connection.ensure_connection()
                with sqlite3.connect(dump) as target:
                    connection.connection.backup(target)
            else:
                raise CommandError(f"不支持的数据库：{connection.vendor}")
            output.parent.mkdir(parents=True, exist_ok=True)
            with tarfile.open(output, "w:gz") as archive:
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, arcname="database.dump")
        os.chmod(output, 0o600)
        self.stdout.write(self.style.SUCCESS(f"备份完成：{output}（{output.stat().st_size:,} 字节）"))
