"""Ledger XLSX: every matching row (never silently cut), real dates, frozen header, autofilter, a job when large."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.factories import Org, petition_in, register
from xinfang.ledgers import export
from xinfang.ledgers.models import LedgerExport
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.supervision.models import Notification


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _book(content: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(content))


def test_ledger_format_columns_dates_filter_and_frozen_header(org: Org) -> None:
    closed = petition_in(org, Status.CLOSED)
    petition_in(org, Status.HANDLING)
    response = logged_in(org.leader).get("/ledgers/export.xlsx")
    assert response.status_code == 200
    assert (
        "%E4%BF%A1%E8%AE%BF%E4%BA%8B%E9%A1%B9%E5%8F%B0%E8%B4%A6" in response["Content-Disposition"]
    )  # 信访事项台账
    book = _book(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    sheet = book["信访事项台账"]
    header = [c.value for c in sheet[1]]
    for column in ("承办人", "办结时间", "办理结果", "满意度", "收到时间", "最近期限"):
        assert column in header
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:Q{sheet.max_row}"
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    row = rows[closed.number]
    assert isinstance(row["收到时间"], datetime) and isinstance(row["办结时间"], datetime)
    assert row["办理结果"] == "维持" or row["办理结果"]  # the recheck outcome
    assert row["承办人"] == closed.handler.display_name if closed.handler else True
    notes = dict(book["说明"].iter_rows(values_only=True))
    assert notes["件数"].startswith("2 件") and "未截断" in notes["件数"]


def test_user_text_never_becomes_a_formula(org: Org) -> None:
    register(org, title='=HYPERLINK("http://x","点我")')
    response = logged_in(org.registrar).get("/ledgers/export.xlsx")
    sheet = _book(b"".join(response.streaming_content))["信访事项台账"]  # type: ignore[attr-defined]
    titles = [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ['\'=HYPERLINK("http://x","点我")']


def test_more_rows_than_any_cap_become_a_job_with_every_row_and_a_notice(
    org: Org, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks, settings
) -> None:  # type: ignore[no-untyped-def]
    """Shrunk limits: 3 rows per sheet, 4 for a download; 9 petitions give a job with three sheets."""
    monkeypatch.setattr(export, "SHEET_ROWS", 3)
    settings.XINFANG_LEDGER_INTERACTIVE_ROWS = 4
    for _ in range(9):
        register(org)
    client = logged_in(org.registrar)
    with django_capture_on_commit_callbacks(execute=True):  # the job is enqueued once the request commits
        response = client.get("/ledgers/export.xlsx", follow=True)
    page = response.content.decode()
    assert "超过 4 件" in page and "全部事项" in page
    job = LedgerExport.objects.get()
    assert job.state == LedgerExport.State.DONE and job.rows == 9 == Petition.objects.count()
    note = Notification.objects.get(recipient=org.registrar, kind="ledger_ready")
    assert "9 件" in note.title
    download = client.get(note.link)
    assert download.status_code == 200
    book = _book(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    data_sheets = [s for s in book.worksheets if s.title != "说明"]
    assert [s.title for s in data_sheets] == ["信访事项台账", "信访事项台账（续1）", "信访事项台账（续2）"]
    numbers = [r[0] for s in data_sheets for r in s.iter_rows(min_row=2, values_only=True)]
    assert sorted(numbers) == sorted(Petition.objects.values_list("number", flat=True))
    assert "9 件" in dict(book["说明"].iter_rows(values_only=True))["件数"]
    assert logged_in(org.leader).get(note.link).status_code == 404  # only its owner downloads it


def test_an_export_file_is_named_by_its_day_in_beijing() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from xinfang.ledgers.models import LedgerExport

    # As the database gives it back: in UTC, where it is still 9 June.
    made = datetime(2026, 6, 10, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)
    assert LedgerExport(title="超期台账", created_at=made).download_name == "超期台账-20260610.xlsx"
