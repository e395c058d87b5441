"""``xinfang backup`` / ``xinfang restore`` round trip ends with the key check and ``audit verify``;
a restore with the wrong keys is refused before the database is touched."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import Org, person, register
from tests.jobs.test_worker import database_url


def xinfang(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "xinfang", *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "xinfang.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_round_trip_and_wrong_key(org: Org, tmp_path: Path) -> None:
    register(org, petitioner=person(id_number="11010519491231002X", phone="13912345678"))
    source = database_url()
    archive = tmp_path / "backup.tar.gz"
    made = xinfang("backup", "--output", str(archive), DATABASE_URL=source)
    assert made.returncode == 0, made.stderr
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    if connection.vendor == "sqlite":
        target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        name = f"{connection.settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        target = source.rsplit("/", 1)[0] + "/" + name
    refused = xinfang(
        "restore", str(archive), "--yes", DATABASE_URL=target, XINFANG_SM4_KEY=secrets.token_hex(16)
    )
    assert refused.returncode != 0 and "SM4 密钥与备份不符" in refused.stderr
    restored = xinfang("restore", str(archive), "--yes", DATABASE_URL=target)
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert "密钥校验通过" in restored.stdout and "审计校验通过" in restored.stdout
    again = xinfang("audit", "verify", DATABASE_URL=target)
    assert again.returncode == 0
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
