"""``xinfang restore FILE``: load a ``xinfang backup`` archive, check the keys, verify the audit chain.

Refuses before touching the database when the configured keys do not match the backup's
fingerprints (personal data would be unreadable). After loading, decrypts a sample of ciphertexts
(``xinfang keys check``) and recomputes the audit chain (``xinfang audit verify``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

from .backup import key_fingerprints, pg_args, pg_env


class Command(BaseCommand):
    help = "恢复：导入备份，校验密钥与审计哈希链"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="replace the current database without asking")

    def handle(self, *args: Any, **options: Any) -> None:
        with tempfile.TemporaryDirectory() as tmp, tarfile.open(options["archive"], "r:gz") as archive:
            archive.extractall(tmp, filter="data")
            manifest = json.loads((Path(tmp) / "manifest.json").read_text())
            dump = Path(tmp) / "database.dump"
            self._check_keys(manifest["keys"])
            if manifest["vendor"] != connection.vendor:
                raise CommandError(f"备份来自 {manifest['vendor']}，当前数据库为 {connection.vendor}")
            if not options["yes"]:
                raise CommandError("恢复将覆盖当前数据库；确认请加 --yes")
            self._load(dump)
        connections.close_all()
        call_command("keys", "check", stdout=self.stdout)
        call_command("audit", "verify", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("恢复完成：密钥校验与审计校验均通过"))

    def _check_keys(self, saved: dict[str, Any]) -> None:
        current = key_fingerprints()
        needed = saved["sm4"].get(str(saved["sm4_version"]))
        if needed not in current["sm4"].values():
            raise CommandError(
                f"当前配置的 SM4 密钥与备份不符（需要版本 {saved['sm4_version']} 的密钥）；"
                "请先从密钥管理系统取回该版本密钥，配置为 XINFANG_SM4_KEY 或 XINFANG_SM4_OLD_KEYS"
            )
        if saved["lookup"] != current["lookup"]:
            raise CommandError("当前配置的检索密钥 XINFANG_LOOKUP_KEY 与备份不符")

    def _load(self, dump: Path) -> None:
        if connection.vendor == "postgresql":
            name = str(settings.DATABASES["default"]["NAME"])
            connections.close_all()
            result = subprocess.run(  # noqa: S603
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "-d", name, *pg_args(), str(dump)],  # noqa: S607
                env=pg_env(),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(f"pg_restore 失败：{result.stderr.strip()[-2000:]}")
        else:
            target = Path(str(settings.DATABASES["default"]["NAME"]))
            connections.close_all()
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(dump, target)
