"""The clock list on a petition's page reads right after an extension (usability finding D5)."""

from __future__ import annotations

from tests.factories import Org, petition_in
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status


def test_an_approved_extension_is_not_shown_as_met(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.HANDLING)
    services.petition_extend(petition=petition, actor=org.housing_handler, days=30, reason="需专业鉴定")
    client.force_login(org.housing_handler)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    rows = page[page.index("<h3>法定期限</h3>") : page.index("可办理操作")].split("<tr>")
    d5 = next(row for row in rows if "D5 ·" in row)
    d6 = next(row for row in rows if "D6 ·" in row)
    assert "按期完成" not in d5  # nothing was finished: the handling goes on
    assert "已延期" in d5 and "已批准延期30日" in d5
    assert "计时中" in d6  # the extended handling clock runs until the reply
    assert petition.deadlines.get(code="D5").state == "extended"


def test_a_clock_opened_twice_is_labelled_per_instance(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.RETURN_REQUESTED)
    services.petition_approve_return(petition=petition, actor=org.registrar)
    client.force_login(org.registrar)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    rows = [row for row in page[page.index("<h3>法定期限</h3>") :].split("<tr>") if "D1 ·" in row]
    assert len(rows) == 2
    assert "（第2次）" in rows[1] and "（第2次）" not in rows[0]
