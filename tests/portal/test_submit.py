"""Online petitions and suggestions: the notice must be acknowledged, fields are checked in Chinese
naming the field, materials are checked before anything is stored, and nothing is half-written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import Org, person, valid_id
from tests.factories import portal_form as form
from xinfang.petitions.constants import Channel, PetitionType
from xinfang.petitions.lifecycle import Act
from xinfang.petitions.models import Attachment, Petition
from xinfang.portal import services

pytestmark = pytest.mark.django_db


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_the_form_shows_the_notice_with_its_articles(org: Org, client: Client) -> None:
    page = client.get("/portal/submit/").content.decode()
    for words in ("逐级反映", "第二十条第一款", "第十九条第三款", "第二十六条", "携带危险物品", "第四十七条"):
        assert words in page
    assert 'name="acknowledged"' in page


def test_submission_registers_online_and_shows_the_query_code_with_masked_identity(
    org: Org, client: Client
) -> None:
    posted = client.post("/portal/submit/", {**form(org), "materials": [pdf()]})
    assert posted.status_code == 302 and posted["Location"] == "/portal/submitted/"  # post/redirect/get
    response = client.get(posted["Location"])
    petition = Petition.objects.get()
    page = response.content.decode()
    assert petition.query_code in page and petition.number in page
    assert valid_id(11) not in page and "13700001234" not in page and "137****1234" in page
    assert "no-store" in response["Cache-Control"]
    assert petition.channel == Channel.ONLINE and petition.petitioner_name == "李四"
    assert petition.type == PetitionType.APPEAL and petition.request == "恢复原收费标准"
    register, attach = petition.events.order_by("seq")
    assert register.payload["source"] == "portal" and attach.kind == Act.ATTACH
    attachment = Attachment.objects.get(petition=petition)
    assert attachment.name == "证明.pdf" and Path(attachment.file.path).is_relative_to(settings.MEDIA_ROOT)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"acknowledged": ""}, "acknowledged", "请先阅读并勾选确认信访须知"),
        ({"name": ""}, "name", "请填写姓名"),
        ({"id_number": "110101199003071234"}, "id_number", "身份证号码无效"),
        ({"id_number": ""}, "id_number", "请填写身份证号码"),
        ({"phone": "123"}, "phone", "手机号码格式无效"),
        ({"address": ""}, "address", "请填写住址"),
        ({"title": ""}, "title", "请填写标题"),
        ({"title": "长" * 101}, "title", "标题不能超过100个字"),
        ({"content": ""}, "content", "请填写事实和理由"),
        ({"request": ""}, "request", "请填写投诉请求"),
        ({"category": ""}, "category", "请选择问题类别"),
        ({"location_unit": "999999"}, "location_unit", "请选择有效的问题发生地"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    org: Org, client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/portal/submit/", form(org, **overrides))
    html = response.content.decode()
    assert response.status_code == 200 and f'data-field="{field}"' in html and message in html
    assert 'id="error-summary"' in html and f'href="#id_{field}"' in html
    assert not Petition.objects.exists()


def test_accusation_needs_the_accused(org: Org, client: Client) -> None:
    response = client.post("/portal/submit/", form(org, category=org.categories["accusation"].pk))
    html = response.content.decode()
    assert 'data-field="accused"' in html and "第三十条" in html and not Petition.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("病毒.exe", b"MZ...", content_type="application/octet-stream"), "类型不支持"),
        (SimpleUploadedFile("假.pdf", b"<html>", content_type="application/pdf"), "内容与扩展名不符"),
        (SimpleUploadedFile("空.txt", b"", content_type="text/plain"), "空文件"),
    ],
)
def test_a_bad_attachment_refuses_the_whole_submission(
    org: Org, client: Client, upload: SimpleUploadedFile, message: str
) -> None:
    before = stored_files()
    response = client.post("/portal/submit/", {**form(org), "materials": [pdf(), upload]})
    html = response.content.decode()
    assert 'data-field="materials"' in html and message in html and upload.name in html
    assert not Petition.objects.exists() and not Attachment.objects.exists()
    assert stored_files() == before  # the good file before it was not written either


def test_too_many_attachments(org: Org, client: Client) -> None:
    files = [pdf(f"证明{n}.pdf") for n in range(6)]
    response = client.post("/portal/submit/", {**form(org), "materials": files})
    assert "证明材料最多上传5个" in response.content.decode() and not Petition.objects.exists()


def test_oversized_attachment(org: Org, client: Client) -> None:
    big = SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    response = client.post("/portal/submit/", {**form(org), "materials": [big]})
    assert "超过10MB" in response.content.decode() and not Petition.objects.exists()


class BrokenUpload(SimpleUploadedFile):
    """An upload whose stream breaks when read in full, as when the client drops mid-transfer."""

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            raise OSError("connection reset")
        return super().read(size)


def test_a_failure_after_a_file_was_stored_removes_it(org: Org) -> None:
    before = stored_files()
    broken = BrokenUpload("断.pdf", b"%PDF-1.4 partial", content_type="application/pdf")
    with pytest.raises(OSError, match="connection reset"):
        services.portal_petition_submit(
            person=person(),
            title="电梯停运",
            content="电梯停运一个月。",
            category=org.categories["property_mgmt"],
            location_unit=org.community_a,
            request="修复电梯",
            files=[pdf(), broken],
        )
    assert stored_files() == before and not Petition.objects.exists()


def test_suggestion_form_registers_a_suggestion(org: Org, client: Client) -> None:
    page = client.get("/portal/suggest/").content.decode()
    assert "建议内容" in page and "劳资纠纷" not in page and 'name="accused"' not in page
    response = client.post(
        "/portal/suggest/",
        form(org, category=org.categories["suggestion"].pk, request="增设公交线路"),
        follow=True,
    )
    petition = Petition.objects.get()
    assert petition.type == PetitionType.SUGGESTION and petition.request == "增设公交线路"
    assert "第二十九条" in response.content.decode()


def test_suggestion_form_refuses_other_categories(org: Org, client: Client) -> None:
    response = client.post("/portal/suggest/", form(org))
    assert "请选择有效的建议类别" in response.content.decode() and not Petition.objects.exists()


def _token(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_reload_back_and_double_submit_create_one_petition(org: Org, client: Client) -> None:
    """#11.5: the receipt is a GET; the form's one-time token makes a re-sent POST show it again."""
    token = _token(client.get("/portal/submit/").content.decode())
    data = {**form(org), "form_token": token}
    first = client.post("/portal/submit/", data)
    receipt = client.get(first["Location"]).content.decode()
    petition = Petition.objects.get()
    assert petition.query_code in receipt
    assert petition.query_code in client.get("/portal/submitted/").content.decode()  # reload of the receipt
    again = client.post("/portal/submit/", data)  # back button + resubmit, or a double click
    assert again.status_code == 302 and again["Location"] == "/portal/submitted/"
    assert petition.query_code in client.get(again["Location"]).content.decode()
    assert Petition.objects.count() == 1
    # The same token from another browser creates nothing and shows no one's query code.
    other = Client()
    elsewhere = other.get(other.post("/portal/submit/", data)["Location"]).content.decode()
    assert "已经提交过" in elsewhere and petition.query_code not in elsewhere
    assert Petition.objects.count() == 1
    # A fresh form is a new petition.
    fresh = _token(client.get("/portal/submit/").content.decode())
    assert fresh != token
    client.post("/portal/submit/", {**form(org, title="另一件事"), "form_token": fresh})
    assert Petition.objects.count() == 2


def test_a_refused_submission_keeps_its_token_usable(org: Org, client: Client) -> None:
    token = _token(client.get("/portal/submit/").content.decode())
    refused = client.post("/portal/submit/", {**form(org, title=""), "form_token": token})
    assert refused.status_code == 200 and f'value="{token}"' in refused.content.decode()
    assert not Petition.objects.exists()
    client.post("/portal/submit/", {**form(org), "form_token": token})
    assert Petition.objects.count() == 1


def test_an_email_instead_of_a_phone_is_enough_and_neither_is_refused(org: Org, client: Client) -> None:
    """Issue #15.2: the petitioner is told how the matter goes by whichever contact they give."""
    response = client.post("/portal/submit/", form(org, phone="", email="lisi@example.cn"), follow=True)
    petition = Petition.objects.get()
    assert (petition.petitioner_phone, petition.petitioner_email) == ("", "lisi@example.cn")
    assert "l***@example.cn" in response.content.decode()  # the receipt shows it masked
    refused = client.post("/portal/submit/", form(org, phone="", id_number=valid_id(12)))
    assert "请填写手机号码或电子邮箱" in refused.content.decode()
    assert Petition.objects.count() == 1
