"""ID and phone numbers never reach the database in plain text, yet stay findable by exact match."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from tests.factories import Org, person, register
from xinfang.common import crypto
from xinfang.common.masking import mask_id_number, mask_phone
from xinfang.petitions.models import Petitioner
from xinfang.petitions.selectors import petitions_filter, petitions_visible_to

ID = "11010519491231002X"
PHONE = "13912345678"


def all_text_in_database() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # table names come from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_no_plaintext_in_any_table(org: Org) -> None:
    register(org, petitioner=person(id_number=ID, phone=PHONE))
    dump = all_text_in_database()
    assert ID not in dump and PHONE not in dump
    assert ID[:6] + "19491231" not in dump
    assert Petitioner.objects.get().id_number == ID


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_in_the_sqlite_file(org: Org, tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("file-level check is for the embedded database; the table scan covers PostgreSQL")
    register(org, petitioner=person(id_number=ID, phone=PHONE))
    target = tmp_path / "copy.sqlite3"
    import sqlite3

    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    raw = target.read_bytes()
    assert ID.encode() not in raw and PHONE.encode() not in raw
    assert "甲街道".encode() in raw  # the copy really holds the data


def test_exact_match_through_keyed_hash(org: Org) -> None:
    petition = register(org, petitioner=person(id_number=ID, phone=PHONE))
    visible = petitions_visible_to(org.registrar)
    assert list(petitions_filter(visible, id_number=ID.lower())) == [petition]
    assert list(petitions_filter(visible, phone="139-1234-5678")) == [petition]
    assert list(petitions_filter(visible, phone="13912345679")) == []


def test_ciphertext_is_randomised_and_authenticated(settings) -> None:  # type: ignore[no-untyped-def]
    first, second = crypto.encrypt(ID), crypto.encrypt(ID)
    assert first != second
    assert crypto.decrypt(first) == ID
    tampered = first[:-4] + ("AAAA" if not first.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered)


def test_masks() -> None:
    assert mask_id_number(ID) == "110105********002X"
    assert mask_phone(PHONE) == "139****5678"
