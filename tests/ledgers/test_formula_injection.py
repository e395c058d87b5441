"""XLSX cells never become formulas from user text (#12.4). On the old main a name starting with
`=` submitted through Open311 `first_name` became a live formula in the ledger export."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.factories import Org, person, register
from tests.open311.conftest import valid_post
from xinfang.common.xlsx import safe_row, safe_text
from xinfang.ledgers.export import ledger_xlsx
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_visible_to

ATTACKS = [
    '=HYPERLINK("http://evil.example","点我")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_escape_leading_formula_characters(text: str) -> None:
    assert safe_text(text) == "'" + text
    assert safe_text("正常标题") == "正常标题" and safe_text(12) == 12
    assert safe_row([text, 3]) == ["'" + text, 3]


def cells(content: bytes) -> list[object]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.mark.django_db
def test_ledger_export_writes_user_text_as_text(org: Org) -> None:
    register(org, title=ATTACKS[0], petitioner=person(name=ATTACKS[1]))
    content, count = ledger_xlsx(petitions_visible_to(org.registrar), title="台账")
    values = cells(content)
    assert count == 1 and "'" + ATTACKS[0] in values and "'" + ATTACKS[1] in values


@pytest.mark.django_db
def test_open311_first_name_cannot_plant_a_formula(org: Org) -> None:
    from django.core.cache import cache

    from xinfang.open311.services import api_client_issue

    cache.clear()
    _client, api_key = api_client_issue(name="12345热线")
    response = Client().post(
        "/open311/v2/requests.json", valid_post(api_key, first_name="=cmd|' /C calc'!A0", last_name="")
    )
    assert response.status_code == 201, response.content
    petition = Petition.objects.get()
    content, _ = ledger_xlsx(Petition.objects.filter(pk=petition.pk), title="台账")
    assert any(isinstance(v, str) and v.startswith("'=cmd") for v in cells(content))


@pytest.mark.django_db
def test_web_ledger_download_is_escaped(org: Org) -> None:
    from tests.factories import login_verified

    register(org, title="=1+2")
    client = login_verified(Client(), org.registrar)
    response = client.get("/ledgers/export.xlsx")
    assert response.status_code == 200
    assert "'=1+2" in cells(b"".join(response.streaming_content))  # type: ignore[attr-defined]
