"""Materials: type and size checked, stored outside the web root, visible only with the petition."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import Org, client_for, petition_in, register, staff
from xinfang.orgs.constants import DataScope
from xinfang.petitions.lifecycle import Status

PDF = b"%PDF-1.4\n% synthetic test document\n"


def test_upload_list_download_and_event(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    client = client_for(org.registrar)
    response = client.post(
        f"/api/petitions/{petition.pk}/attachments/",
        {"file": SimpleUploadedFile("欠薪证据.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    attachment_id = response.json()["id"]
    assert client.get(f"/api/petitions/{petition.pk}/attachments/").json()[0]["name"] == "欠薪证据.pdf"
    download = client.get(f"/api/petitions/{petition.pk}/attachments/{attachment_id}/")
    assert b"".join(download.streaming_content) == PDF
    # The schema documents application/octet-stream; the download never claims the upload's own type.
    assert download["Content-Type"] == "application/octet-stream"
    assert "attachment;" in download["Content-Disposition"]
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == "attach" and event.payload["size"] == len(PDF)
    stored = petition.attachments.get().file.path
    assert stored.startswith(str(settings.MEDIA_ROOT))
    assert not settings.STATIC_URL or "media" not in settings.STATIC_URL


def test_wrong_type_or_disguised_content_rejected(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    client = client_for(org.registrar)
    for upload in (SimpleUploadedFile("run.exe", b"MZ..."), SimpleUploadedFile("fake.pdf", b"MZ not a pdf")):
        response = client.post(
            f"/api/petitions/{petition.pk}/attachments/", {"file": upload}, format="multipart"
        )
        assert response.status_code == 400
        assert "file" in response.json()["fields"]
    assert not petition.attachments.exists()
    assert petition.events.count() == 1


def test_accused_unit_cannot_reach_attachments(org: Org) -> None:
    accusation = register(
        org, category=org.categories["accusation"], accused_unit=org.street_a, content="举报材料"
    )
    client_for(org.registrar).post(
        f"/api/petitions/{accusation.pk}/attachments/",
        {"file": SimpleUploadedFile("证据.pdf", PDF)},
        format="multipart",
    )
    attachment = accusation.attachments.get()
    outsider = client_for(staff(org.street_a, scope=DataScope.ALL))
    assert outsider.get(f"/api/petitions/{accusation.pk}/attachments/").status_code == 404
    assert outsider.get(f"/api/petitions/{accusation.pk}/attachments/{attachment.pk}/").status_code == 404
