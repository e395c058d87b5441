"""Forms that are safe to use all day (#11.5) and a file record that shows its content (#11.6)."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ALL_PERMS, Org, petition_in, staff
from tests.ledgers.test_ledgers import HEADER, logged_in, xlsx
from xinfang.orgs.constants import Perm
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition


def test_a_failed_act_keeps_every_input_and_marks_the_field(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.HANDLING)
    client.force_login(org.housing_handler)
    response = client.post(
        f"/petitions/{petition.pk}/act/reply/",
        {
            "outcome": "explain",
            "opinion": "经调查，已向信访人解释说明政策。",
            "legal_basis": "",
            "version": petition.version,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert '<details class="act" data-act="reply" open>' in page
    assert "经调查，已向信访人解释说明政策。</textarea>" in page
    assert '<option value="explain" selected>' in page
    assert re.search(r'name="legal_basis"[^>]*aria-invalid="true"', page)
    assert 'data-field="legal_basis"' in page
    assert Petition.objects.get(pk=petition.pk).status == Status.HANDLING


def test_classify_has_no_default_route(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.ACCEPTED)
    client.force_login(org.housing_handler)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    form = page[page.index('data-act="classify"') :]
    select = form[form.index('name="route"') : form.index("</select>")]
    assert '<option value="">请选择</option>' in select and "selected" not in select
    response = client.post(f"/petitions/{petition.pk}/act/classify/", {"version": petition.version})
    assert response.status_code == 400 and Petition.objects.get(pk=petition.pk).status == Status.ACCEPTED


def test_irreversible_acts_ask_for_confirmation_naming_the_notice(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.REGISTERED)
    client.force_login(org.registrar)
    data = {"ground": "other", "reason": "不属于信访事项受理范围", "version": petition.version}
    step = client.post(f"/petitions/{petition.pk}/act/decline/", data)
    page = step.content.decode()
    assert step.status_code == 200 and "此操作不可撤销" in page and "不予受理告知书" in page
    assert "不属于信访事项受理范围" in page and 'name="confirmed" value="1"' in page
    assert "<script" not in page.split("<main>")[1]  # CSP: a confirmation page, no inline script
    assert Petition.objects.get(pk=petition.pk).status == Status.REGISTERED
    back = client.post(f"/petitions/{petition.pk}/act/decline/", {**data, "edit": "1"}).content.decode()
    assert "不属于信访事项受理范围</textarea>" in back  # 返回修改 keeps the input
    client.post(f"/petitions/{petition.pk}/act/decline/", {**data, "confirmed": "1"})
    assert Petition.objects.get(pk=petition.pk).status == Status.NOT_ACCEPTED


def test_close_before_the_window_lapses_requires_the_petitioners_acceptance(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.ANSWERED)
    client.force_login(org.housing_handler)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    form = page[page.index('data-act="close"') :]
    form = form[: form.index("</form>")]
    assert re.search(r'name="petitioner_accepts" value="true"\s+required', form)
    assert "期满前办结须信访人表示认可" in form


def _register_form(org: Org, token: str) -> dict[str, str]:
    return {
        "form_token": token,
        "channel": "letter",
        "category": "housing",
        "title": "楼顶漏水",
        "content": "楼顶漏水三个月无人维修。",
        "petitioner_name": "王五",
        "petitioner_id_number": "",
        "petitioner_phone": "13900001111",
        "location_unit": str(org.community_a.pk),
        "people_count": "1",
    }


def test_staff_registration_is_post_redirect_get_and_created_once(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.registrar)
    page = client.get("/register/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    first = client.post("/register/", _register_form(org, token))
    assert first.status_code == 302 and "/receipt/" in first["Location"]
    second = client.post("/register/", _register_form(org, token))  # reload / double click
    assert second["Location"] == first["Location"]
    assert Petition.objects.count() == 1
    assert client.get(first["Location"]).status_code == 200


def test_failed_registration_keeps_input_and_marks_the_field(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.registrar)
    data = {**_register_form(org, "t" * 32), "title": "", "major_urgent": "on"}
    page = client.post("/register/", data).content.decode()
    assert 'value="王五"' in page and "楼顶漏水三个月无人维修。</textarea>" in page
    assert re.search(r'name="major_urgent" checked', page)
    assert re.search(r'name="title" aria-invalid="true"', page)
    assert not Petition.objects.exists()


def test_importing_the_same_file_twice_is_refused_with_a_report(org: Org) -> None:
    content = xlsx(
        [HEADER, ["来信", "劳资纠纷", "欠薪", "公司拖欠工资", "赵六", "", "", "甲社区", "2025-03-01"]]
    )
    client = logged_in(org.registrar)
    first = client.post(
        "/ledgers/import/", {"file": SimpleUploadedFile("历史.xlsx", content)}
    ).content.decode()
    assert "已导入 1 件" in first and Petition.objects.count() == 1
    again = client.post(
        "/ledgers/import/", {"file": SimpleUploadedFile("再次.xlsx", content)}
    ).content.decode()
    assert "该文件已于" in again and "未重复导入" in again and "历史.xlsx" in again
    assert Petition.objects.count() == 1


def test_timeline_shows_what_each_act_said_masked_by_role(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.REGISTERED)
    petition = services.petition_dispatch(
        petition=petition,
        actor=org.registrar,
        to_unit=org.housing,
        mode="assign",
        due_days=20,
        note="请依法办理",
    )
    petition = services.petition_sign(petition=petition, actor=org.housing_handler)
    petition = services.petition_accept(
        petition=petition, actor=org.housing_handler, notice="已受理，60日内答复"
    )
    petition = services.petition_classify(
        petition=petition, actor=org.housing_handler, route=6, note="需调查核实"
    )
    petition = services.petition_note(
        petition=petition, actor=org.housing_handler, note="电话联系信访人13812345678，约定现场查看"
    )
    petition = services.petition_request_extension(
        petition=petition, actor=org.housing_handler, days=15, reason="需委托房屋安全鉴定"
    )
    head = staff(org.housing, perms=ALL_PERMS)
    petition = services.petition_extend(petition=petition, actor=head, days=15, reason="需委托房屋安全鉴定")
    petition = services.petition_reply(
        petition=petition,
        actor=org.housing_handler,
        outcome="support",
        opinion="责成开发商维修",
        legal_basis="《物业管理条例》",
    )
    client.force_login(org.housing_handler)  # no 查看完整个人信息
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    timeline = page[
        page.index('<ol class="timeline">') : page.index("</ol>", page.index('<ol class="timeline">'))
    ]
    for said in (
        "交办",
        "交办办理期限（日）</dt><dd>20",
        "请依法办理",
        "已受理，60日内答复",
        "听取陈述、调查核实、出具信访处理意见书（第三十一条第六项）",
        "需委托房屋安全鉴定",
        "予以支持",
        "责成开发商维修",
        "《物业管理条例》",
        "信访处理意见书（DOCX）",
        "受理告知书（DOCX）",
        "延期告知书（DOCX）",
    ):
        assert said in timeline, said
    assert "13812345678" not in timeline and "138****5678" in timeline
    client.force_login(staff(org.housing, perms=[Perm.HANDLE, Perm.VIEW_PII]))
    assert "13812345678" in client.get(f"/petitions/{petition.pk}/").content.decode()
