"""Art. 35 and 36(1): the petitioner's 复查 / 复核 windows run "自收到书面答复之日起" — from the
送达 (service) of the opinion, not from the day it was issued (ADR 0014 §3).

2025 calendar facts used: 07-05 and 07-06 are a weekend; 07-09 is a Wednesday.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from tests.factories import Org, client_for, login_verified, petition_in
from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Deadline, Petition
from xinfang.petitions.wording import public_sentence

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def on(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ), tick=False)


def answered_unserved(org: Org, issued: str = "2025-06-03") -> Petition:
    with on("2025-05-20"):
        petition = petition_in(org, Status.HANDLING)
    with on(issued):
        return services.petition_reply(
            petition=petition,
            actor=org.housing_handler,
            outcome="not_support",
            opinion="经调查，不予支持。",
            legal_basis="《信访工作条例》第三十二条",
        )


def serve(
    org: Org, petition: Petition, served: str, *, recorded: str | None = None, **extra: object
) -> Petition:
    with on(recorded or served):
        return services.petition_serve(
            petition=petition,
            actor=org.housing_handler,
            document="opinion",
            served_on=date.fromisoformat(served),
            manner="post",
            **extra,
        )


def request_review(org: Org, petition: Petition, received: str, *, recorded: str | None = None) -> Petition:
    with on(recorded or received):
        return services.petition_request_review(
            petition=petition,
            actor=org.reviewer,
            unit=org.government,
            reason="不服处理意见",
            received_on=date.fromisoformat(received),
        )


def clock(petition: Petition, code: str) -> Deadline:
    return petition.deadlines.filter(code=code).order_by("-instance").first()  # type: ignore[return-value]


def test_art35_unserved_opinion_has_no_running_window(org: Org) -> None:
    petition = answered_unserved(org)
    d7 = clock(petition, "D7")
    assert (d7.state, d7.due_on) == ("unserved", None)
    assert petition.next_due_on is None
    # Not started, so it cannot lapse: 60 days later the matter still cannot be closed on lapse.
    with on("2025-08-05"), pytest.raises(RuleViolation) as refused:
        services.petition_close(petition=petition, actor=org.housing_handler)
    assert refused.value.article == "第三十五条" and "未送达" in refused.value.message
    # …and a request made before any recorded service is not late.
    petition = request_review(org, petition, "2025-08-05")
    assert petition.status == Status.UNDER_REVIEW and clock(petition, "D7").state == "met"


def test_art35_window_runs_from_service_last_day_accepted(org: Org) -> None:
    petition = serve(org, answered_unserved(org), "2025-06-09")
    d7 = clock(petition, "D7")
    assert (d7.state, d7.start_on, d7.due_on) == ("running", date(2025, 6, 9), date(2025, 7, 9))
    petition = request_review(org, petition, "2025-07-09")
    assert petition.status == Status.UNDER_REVIEW and clock(petition, "D7").state == "met"


def test_art35_the_day_after_the_window_is_refused(org: Org) -> None:
    petition = serve(org, answered_unserved(org), "2025-06-09")
    with pytest.raises(RuleViolation) as refused:
        request_review(org, petition, "2025-07-10")
    assert refused.value.article == "第三十五条" and "2025年07月09日" in refused.value.message


def test_art35_last_day_on_a_rest_day_rolls_to_the_next_working_day(org: Org) -> None:
    # Served 06-05: day 30 is Saturday 07-05, so the window ends on Monday 07-07 (民法典 第二百零三条).
    petition = serve(org, answered_unserved(org), "2025-06-05")
    assert clock(petition, "D7").due_on == date(2025, 7, 7)
    petition = request_review(org, petition, "2025-07-07")
    assert petition.status == Status.UNDER_REVIEW


def test_art35_service_before_the_document_was_issued_is_refused(org: Org) -> None:
    petition = answered_unserved(org, issued="2025-06-03")
    with pytest.raises(ValidationFailed) as refused:
        serve(org, petition, "2025-06-02", recorded="2025-06-10")
    assert "served_on" in refused.value.fields and "不能早于" in refused.value.fields["served_on"]
    assert clock(petition, "D7").state == "unserved"


def test_art35_service_in_the_future_is_refused(org: Org) -> None:
    petition = answered_unserved(org, issued="2025-06-03")
    with pytest.raises(ValidationFailed) as refused:
        serve(org, petition, "2025-06-12", recorded="2025-06-10")
    assert refused.value.fields["served_on"] == "送达日期不能晚于今天"


def test_art35_a_reply_recorded_today_with_a_service_date_last_month_is_refused(org: Org) -> None:
    with on("2025-05-20"):
        petition = petition_in(org, Status.HANDLING)
    with on("2025-07-01"), pytest.raises(ValidationFailed) as refused:
        services.petition_reply(
            petition=petition,
            actor=org.housing_handler,
            outcome="explain",
            opinion="解释说明",
            legal_basis="《信访工作条例》第三十二条",
            served_on=date(2025, 6, 1),
        )
    assert "served_on" in refused.value.fields
    petition.refresh_from_db()
    assert petition.status == Status.HANDLING  # the opinion and its service are one transaction


def test_art35_the_earliest_valid_service_counts(org: Org) -> None:
    petition = serve(org, answered_unserved(org), "2025-06-09", recorded="2025-06-12")
    petition = serve(org, petition, "2025-06-05", recorded="2025-06-12")  # the postal receipt came back
    assert clock(petition, "D7").due_on == date(2025, 7, 7)
    petition = serve(org, petition, "2025-06-10", recorded="2025-06-12")  # a later copy changes nothing
    assert clock(petition, "D7").due_on == date(2025, 7, 7)


def test_art35_a_late_recorded_request_counts_from_its_receipt(org: Org) -> None:
    """Received 06-20, recorded 07-20 (after the window's end 07-07): met, and D8 runs from 06-20."""
    petition = serve(org, answered_unserved(org), "2025-06-05")
    petition = request_review(org, petition, "2025-06-20", recorded="2025-07-20")
    d7, d8 = clock(petition, "D7"), clock(petition, "D8")
    assert (d7.state, d7.stopped_on) == ("met", date(2025, 6, 20))
    # 06-20 + 30 = Sunday 07-20, rolled to Monday 07-21.
    assert (d8.start_on, d8.due_on) == (date(2025, 6, 20), date(2025, 7, 21))


def test_art36_review_opinion_opens_the_recheck_window_on_service(org: Org) -> None:
    petition = serve(org, answered_unserved(org), "2025-06-05")
    petition = request_review(org, petition, "2025-06-20")
    with on("2025-07-01"):
        petition = services.petition_decide_review(
            petition=petition, actor=org.reviewer, outcome="uphold", opinion="维持"
        )
    assert clock(petition, "D9").state == "unserved"
    with on("2025-07-04"):
        petition = services.petition_serve(
            petition=petition,
            actor=org.reviewer,
            document="review_opinion",
            served_on=date(2025, 7, 3),
            manner="electronic",
        )
    d9 = clock(petition, "D9")
    assert (d9.state, d9.start_on, d9.due_on) == ("running", date(2025, 7, 3), date(2025, 8, 4))


def test_art35_serve_through_the_api_with_a_proof_and_on_the_staff_page(org: Org) -> None:
    petition = answered_unserved(org)
    with on("2025-06-10"):
        page = (
            login_verified(Client(), org.housing_handler).get(f"/petitions/{petition.pk}/").content.decode()
        )
        assert "未送达" in page and f'action="/petitions/{petition.pk}/act/serve/"' in page
        api = client_for(org.housing_handler)
        refused = api.post(
            f"/api/petitions/{petition.pk}/acts/serve/",
            {"document": "opinion", "served_on": "2025-06-01", "manner": "direct"},
            format="json",
        )
        assert refused.status_code == 400 and "served_on" in refused.json()["fields"]
        done = api.post(
            f"/api/petitions/{petition.pk}/acts/serve/",
            {"document": "opinion", "served_on": "2025-06-09", "manner": "direct", "note": "本人签收"},
            format="json",
        )
    assert done.status_code == 200, done.content
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == "serve"
    assert event.payload["document_seq"] == petition.events.get(kind="reply").seq
    assert public_sentence("serve", event.payload).startswith("信访处理意见书已送达")
    assert clock(petition, "D7").start_on == date(2025, 6, 9)


def test_art35_the_portal_says_unserved_then_shows_the_service(org: Org) -> None:
    from tests.portal.conftest import open_matter

    petition = answered_unserved(org)
    with on("2025-06-10"):
        client = Client()
        page = client.get(open_matter(client, petition)).content.decode()
        assert 'id="window-unserved"' in page and "未送达" in page
    petition = serve(org, petition, "2025-06-09", recorded="2025-06-10")
    with on("2025-06-10"):
        page = client.get(f"/portal/matter/{petition.query_code}/").content.decode()
    assert "信访处理意见书已送达" in page and "2025年7月9日" in page
