"""``xinfang keys rotate``: re-encrypt personal data under the current key version, in batches.

Rotation without downtime:

1. Generate a new SM4 key (``xinfang keys generate``). Configure it as ``XINFANG_SM4_KEY`` with
   ``XINFANG_SM4_KEY_VERSION`` one higher, and move the old key to ``XINFANG_SM4_OLD_KEYS``
   (``"1:<old hex>"``); for a new lookup key, put the old one in ``XINFANG_LOOKUP_OLD_KEYS``.
   Restart web and worker processes one at a time: every process can read both versions, new
   writes use the new one, and searches match both the old and the new lookup hashes.
2. ``xinfang keys rotate`` re-encrypts each row still on an old version and recomputes its lookup
   hashes, one short transaction per batch (default 500 rows), so the service keeps running.
3. When it reports 0 rows left, remove the old keys from the configuration.

``xinfang keys status`` counts rows per key version; ``xinfang keys check`` decrypts a sample and
fails if any row cannot be read with the configured keys (used by ``xinfang restore``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from xinfang.common import crypto


def _targets() -> list[tuple[str, str, list[str], dict[str, tuple[str, Callable[[str], str]]]]]:
    """(table, pk column, encrypted columns, {hash column: (source column, hash function)})."""
    from xinfang.petitions.identity import email_hash, id_number_hash, phone_hash
    from xinfang.petitions.models import Petition, Petitioner, Representative

    return [
        (Petitioner._meta.db_table, "id", ["id_number"], {"id_number_hash": ("id_number", id_number_hash)}),
        # The petitioner as given on each petition (ADR 0014 §5).
        (
            Petition._meta.db_table,
            "id",
            ["petitioner_id_number", "petitioner_phone", "petitioner_email"],
            {
                "petitioner_id_number_hash": ("petitioner_id_number", id_number_hash),
                "petitioner_phone_hash": ("petitioner_phone", phone_hash),
                "petitioner_email_hash": ("petitioner_email", email_hash),
            },
        ),
        (
            Representative._meta.db_table,
            "id",
            ["id_number", "phone"],
            {"id_number_hash": ("id_number", id_number_hash), "phone_hash": ("phone", phone_hash)},
        ),
    ]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


class Command(BaseCommand):
    help = "密钥管理：rotate 按批重新加密个人信息；status 统计各密钥版本；check 校验密钥可解密；generate 生成新密钥"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate", help="re-encrypt rows on old key versions, in batches")
        rotate.add_argument("--batch", type=int, default=500)
        rotate.add_argument("--pause", type=float, default=0.0, help="seconds between batches")
        sub.add_parser("status", help="rows per key version")
        check = sub.add_parser("check", help="decrypt a sample of rows with the configured keys")
        check.add_argument("--sample", type=int, default=200)
        sub.add_parser("generate", help="print a new random SM4 key and lookup key")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "generate":
            self.stdout.write(f"XINFANG_SM4_KEY={secrets.token_hex(16)}")
            self.stdout.write(f"XINFANG_LOOKUP_KEY={secrets.token_urlsafe(32)}")
            return
        if action == "status":
            for table, versions in keys_status().items():
                shown = "，".join(f"版本 {v}: {n} 行" for v, n in sorted(versions.items())) or "无加密数据"
                self.stdout.write(f"{table}：{shown}（当前版本 {crypto.key_ring().version}）")
            return
        if action == "check":
            checked = keys_check(sample=options["sample"])
            self.stdout.write(self.style.SUCCESS(f"密钥校验通过：抽查 {checked} 个密文均可解密"))
            return
        started = time.monotonic()
        done = keys_rotate(batch=options["batch"], pause=options["pause"], progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"已重新加密 {done} 行，用时 {time.monotonic() - started:.1f} 秒；剩余旧版本 0 行"
            )
        )


def keys_status() -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    with connection.cursor() as cursor:
        for table, _pk, columns, _hashes in _targets():
            counts: dict[int, int] = {}
            for column in columns:
                cursor.execute(f"SELECT {_q(column)} FROM {_q(table)} WHERE {_q(column)} <> ''")  # noqa: S608
                for (value,) in cursor.fetchall():
                    version = crypto.token_version(value or "")
                    if version is not None:
                        counts[version] = counts.get(version, 0) + 1
            out[table] = counts
    return out


def keys_check(*, sample: int = 200) -> int:
    checked = 0
    with connection.cursor() as cursor:
        for table, pk, columns, _hashes in _targets():
            for column in columns:
                cursor.execute(
                    f"SELECT {_q(pk)}, {_q(column)} FROM {_q(table)} WHERE {_q(column)} <> '' "  # noqa: S608
                    f"ORDER BY {_q(pk)} DESC LIMIT %s",
                    [sample],
                )
                for row_id, value in cursor.fetchall():
                    try:
                        crypto.decrypt(value)
                    except crypto.DecryptionError as exc:
                        raise CommandError(
                            f"{table}.{column} #{row_id} 无法用当前配置的密钥解密：{exc}"
                        ) from exc
                    checked += 1
    return checked


def _stale(values: dict[str, str], columns: list[str], current: int) -> bool:
    return any(values[c] and crypto.token_version(values[c]) != current for c in columns)


def keys_rotate(*, batch: int = 500, pause: float = 0.0, progress: Callable[[str], Any] | None = None) -> int:
    """Re-encrypt every row whose ciphertext is on an old key version or whose lookup hashes are stale."""
    ring = crypto.key_ring()
    done = 0
    for table, pk, columns, hashes in _targets():
        last = 0
        names = [pk, *columns, *hashes]
        select = ", ".join(_q(n) for n in names)
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {select} FROM {_q(table)} WHERE {_q(pk)} > %s ORDER BY {_q(pk)} LIMIT %s",  # noqa: S608
                    [last, batch],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                ids = [row[0] for row in rows]
                # Lock the batch so a concurrent edit waits for it instead of being overwritten.
                if connection.vendor == "postgresql":
                    cursor.execute(
                        f"SELECT 1 FROM {_q(table)} WHERE {_q(pk)} = ANY(%s) FOR UPDATE",  # noqa: S608
                        [ids],
                    )
                    cursor.execute(f"SELECT {select} FROM {_q(table)} WHERE {_q(pk)} = ANY(%s)", [ids])  # noqa: S608
                    rows = sorted(cursor.fetchall())
                for row in rows:
                    values = dict(zip(names, row, strict=True))
                    plain = {c: crypto.decrypt(values[c]) if values[c] else "" for c in columns}
                    new_hashes = {h: fn(plain[src]) for h, (src, fn) in hashes.items()}
                    if not _stale(values, columns, ring.version) and all(
                        values[h] == new_hashes[h] for h in hashes
                    ):
                        continue
                    updates = {c: crypto.encrypt(plain[c]) if plain[c] else "" for c in columns} | new_hashes
                    assignments = ", ".join(f"{_q(n)} = %s" for n in updates)
                    cursor.execute(
                        f"UPDATE {_q(table)} SET {assignments} WHERE {_q(pk)} = %s",  # noqa: S608
                        [*updates.values(), values[pk]],
                    )
                    done += 1
                last = ids[-1]
            if progress is not None:
                progress(f"{table}：已处理至 #{last}，累计重新加密 {done} 行")
            if pause:
                time.sleep(pause)
    return done
