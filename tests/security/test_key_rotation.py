"""``xinfang keys rotate``: batch re-encryption without downtime (#12.1). Old and new rows still
decrypt and stay searchable during and after the rotation."""

from __future__ import annotations

import secrets

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.factories import Org, person, register, valid_id
from xinfang.common import crypto
from xinfang.petitions.models import Petition, Petitioner
from xinfang.petitions.selectors import petitions_filter, petitions_visible_to
from xinfang.security.management.commands.keys import keys_check, keys_rotate, keys_status

pytestmark = pytest.mark.django_db

IDS = [valid_id(101), valid_id(202), valid_id(303)]
PHONES = ["13912345678", "13800138000", "13700137000"]


def raw_tokens() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number FROM {Petitioner._meta.db_table} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def found(org: Org, **query: str) -> int:
    return petitions_filter(petitions_visible_to(org.registrar), **query).count()


def test_rotation_keeps_every_row_readable_and_searchable(org: Org, settings) -> None:  # type: ignore[no-untyped-def]
    old_sm4, old_lookup = settings.XINFANG_SM4_KEY, settings.XINFANG_LOOKUP_KEY
    register(org, petitioner=person(id_number=IDS[0], phone=PHONES[0]))
    register(org, petitioner=person(id_number=IDS[1], phone=PHONES[1]))
    assert {crypto.token_version(t) for t in raw_tokens()} == {1}
    new = {
        "XINFANG_SM4_KEY": secrets.token_hex(16),
        "XINFANG_SM4_KEY_VERSION": 2,
        "XINFANG_SM4_OLD_KEYS": f"1:{old_sm4}",
        "XINFANG_LOOKUP_KEY": secrets.token_urlsafe(32),
        "XINFANG_LOOKUP_OLD_KEYS": old_lookup,
    }
    with override_settings(**new):
        # Mid-rotation: a new row is written under version 2; old rows are still version 1.
        register(org, petitioner=person(id_number=IDS[2], phone=PHONES[2]))
        assert sorted(crypto.token_version(t) for t in raw_tokens()) == [1, 1, 2]
        assert keys_status()[Petitioner._meta.db_table] == {1: 2, 2: 1}  # the person record: ID only
        # The details given on each petition (ADR 0014 §5): ID number and phone per petition.
        assert keys_status()[Petition._meta.db_table] == {1: 4, 2: 2}
        for id_number, phone in zip(IDS, PHONES, strict=True):
            assert found(org, id_number=id_number) == 1 and found(org, phone=phone) == 1
        assert keys_rotate(batch=1) == 4  # two person records and two petitions, one row per batch
        assert {crypto.token_version(t) for t in raw_tokens()} == {2}
        assert keys_rotate() == 0  # idempotent
    # After rotation the old keys are removed from the configuration: everything still works.
    done = {**new, "XINFANG_SM4_OLD_KEYS": "", "XINFANG_LOOKUP_OLD_KEYS": ""}
    with override_settings(**done):
        assert sorted(Petitioner.objects.values_list("id_number", flat=True)) == sorted(IDS)
        for id_number, phone in zip(IDS, PHONES, strict=True):
            assert found(org, id_number=id_number) == 1 and found(org, phone=phone) == 1
        assert keys_status()[Petition._meta.db_table] == {2: 6}
        assert keys_check() == 9  # 3 person records + 3 petitions × (ID number, phone)
    # With the old key configuration, the rotated rows are unreadable: the key really changed.
    with pytest.raises(crypto.DecryptionError):
        list(Petitioner.objects.values_list("id_number", flat=True))


def test_check_fails_without_the_right_key(org: Org) -> None:
    from django.core.management.base import CommandError

    register(org, petitioner=person(id_number=IDS[0], phone=PHONES[0]))
    with (
        override_settings(XINFANG_SM4_KEY=secrets.token_hex(16)),
        pytest.raises(CommandError, match="无法用当前配置的密钥解密"),
    ):
        call_command("keys", "check")
