"""Art. 22(1), 23(2): the 15 days run from the day the letter or visit was received (收到之日).

Registration takes that date — a letter received last week and registered today — and the clocks
start from it; the date may not lie in the future."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import Org, valid_id
from xinfang.orgs.models import User
from xinfang.petitions.models import Petition

FORM = {
    "channel": "letter",
    "category": "housing",
    "title": "小区逾期交房",
    "content": "开发商逾期交房一年，请求依法处理。",
    "petitioner_name": "赵六",
}


def signed_in(client: Client, user: User) -> None:
    """``user`` signed in on the test's day, with a password set that day: the suite may run on an
    earlier day (``--today``), and a password set then would have expired by 2026-06-15."""
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    client.force_login(user)


def form(org: Org, **overrides: str) -> dict[str, str]:
    return {
        **FORM,
        "location_unit": str(org.community_a.pk),
        "petitioner_id_number": valid_id(41),
        **overrides,
    }


@time_machine.travel("2026-06-15 10:00 +0800", tick=False)
def test_registration_page_takes_the_received_date_and_the_clock_starts_from_it(
    org: Org, client: Client
) -> None:
    signed_in(client, org.registrar)
    page = client.get("/register/").content.decode()
    assert 'name="received_on"' in page and "收到日期" in page
    response = client.post("/register/", form(org, received_on="2026-06-08"))
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert timezone.localdate(petition.received_at).isoformat() == "2026-06-08"
    assert petition.events.get(seq=1).payload["received_on"] == "2026-06-08"
    d1 = petition.deadlines.get(code="D1")  # registered by the petition department (Art. 22(1))
    assert d1.start_on.isoformat() == "2026-06-08"
    assert d1.due_on.isoformat() == "2026-06-23"  # 15 days from receipt, not from registration


@time_machine.travel("2026-06-15 10:00 +0800", tick=False)
def test_today_or_empty_means_now(org: Org, client: Client) -> None:
    signed_in(client, org.registrar)
    client.post("/register/", form(org, received_on="2026-06-15"))
    client.post("/register/", form(org, petitioner_id_number=valid_id(42)))
    days = {timezone.localdate(p.received_at).isoformat() for p in Petition.objects.all()}
    assert days == {"2026-06-15"} and Petition.objects.count() == 2


@time_machine.travel("2026-06-15 10:00 +0800", tick=False)
def test_a_future_date_is_refused_and_nothing_is_written(org: Org, client: Client) -> None:
    signed_in(client, org.registrar)
    page = client.post("/register/", form(org, received_on="2026-06-20"), follow=True).content.decode()
    assert not Petition.objects.exists()
    assert "收到时间不能晚于当前时间" in page


@time_machine.travel("2026-06-15 10:00 +0800", tick=False)
def test_direct_petition_at_a_department_runs_d2_from_receipt(org: Org, client: Client) -> None:
    from tests.factories import ALL_PERMS, staff

    clerk = staff(org.housing, perms=ALL_PERMS)
    client.force_login(clerk)
    client.post("/register/", form(org, received_on=(timezone.localdate() - timedelta(days=3)).isoformat()))
    d2 = Petition.objects.get().deadlines.get(code="D2")  # Art. 23(2)
    assert d2.start_on.isoformat() == "2026-06-12"
