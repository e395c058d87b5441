"""Import of petitions handled before the system existed: the state, closing date and outcome
their ledger recorded, as an act in the event log (#11.7; finding "imported history is overdue")."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.factories import Org
from tests.ledgers.test_ledgers import HEADER, logged_in, xlsx
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition

STATE = [*HEADER, "办理状态", "办结日期", "处理结果"]


def row(title: str, *state: str) -> list[str]:
    return ["来信", "劳资纠纷", title, "公司拖欠工资", "甲", "", "", "甲社区", "2025-03-01", *state]


def test_historical_state_is_an_import_act_with_no_running_clock(org: Org) -> None:
    content = xlsx(
        [
            STATE,
            row("已办结的", "已办结", "2025-04-20", "予以支持"),
            row("不予受理的", "不予受理", "2025-03-05", ""),
            row("仍在办的", "", "", ""),
        ]
    )
    page = logged_in(org.registrar).post(
        "/ledgers/import/", {"file": SimpleUploadedFile("台账.xlsx", content)}
    )
    assert "已导入 3 件" in page.content.decode()
    closed = Petition.objects.get(title="已办结的")
    assert closed.status == Status.CLOSED and closed.reply_outcome == "support"
    assert closed.closed_at is not None and closed.closed_at.date() == date(2025, 4, 20)
    events = list(closed.events.order_by("seq").values_list("kind", "to_status", "payload"))
    assert [(kind, to) for kind, to, _ in events] == [
        ("register", "registered"),
        ("import_history", "closed"),
    ]
    assert events[-1][2]["closed_on"] == "2025-04-20" and events[-1][2]["source"] == "台账.xlsx"
    # Nothing runs or is overdue: the clocks were cancelled on the closing date, not "met".
    for clock in closed.deadlines.all():
        assert clock.state == "cancelled" and clock.stopped_on == date(2025, 4, 20), clock.code
    assert closed.next_due_on is None
    assert Petition.objects.get(title="不予受理的").status == Status.NOT_ACCEPTED
    assert Petition.objects.get(title="仍在办的").status == Status.REGISTERED
    # The file record shows what the ledger said.
    detail = logged_in(org.registrar).get(f"/petitions/{closed.pk}/").content.decode()
    assert "导入历史办理情况" in detail and "2025-04-20" in detail and "予以支持" in detail


def test_every_state_problem_names_its_row_and_column_in_chinese(org: Org) -> None:
    content = xlsx(
        [
            STATE,
            row("a", "结案了", "2025-04-20", ""),
            row("b", "已办结", "", ""),
            row("c", "已办结", "2025-02-01", ""),
            row("d", "不予受理", "2025-03-05", "予以支持"),
            row("e", "", "2025-03-05", ""),
            row("f", "已办结", "下个月", "挺好"),
        ]
    )
    page = logged_in(org.registrar).post("/ledgers/import/", {"file": SimpleUploadedFile("h.xlsx", content)})
    text = page.content.decode()
    assert "未导入任何数据" in text and not Petition.objects.exists()
    for number, column, words in (
        (2, "办理状态", "应为 已登记、已办结、不予受理、不再受理、已导入法定途径 之一"),
        (3, "办结日期", "必填"),
        (4, "办结日期", "不能早于收到时间（2025-03-01）"),
        (5, "处理结果", "只有已办结的事项才有处理结果"),
        (6, "办理状态", "须同时填写办理状态"),
        (7, "办结日期", "日期格式应为"),
        (7, "处理结果", "予以支持、解释说明、不予支持"),
    ):
        assert f"<td>{number}</td><td>{column}</td>" in text, (number, column)
        assert words in text, words


def test_template_has_the_state_columns_and_their_notes(org: Org) -> None:
    response = logged_in(org.registrar).get("/ledgers/import/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[-3:] == ["办理状态", "办结日期", "处理结果"]
    notes = {r[0]: r[1] for r in book["填写说明"].iter_rows(values_only=True)}
    assert "已办结" in notes["办理状态"] and "不早于收到时间" in notes["办结日期"]


def test_the_import_act_is_never_offered_on_a_petition_page(org: Org) -> None:
    from tests.factories import register
    from xinfang.petitions.lifecycle import Act
    from xinfang.petitions.permissions import acts_available

    petition = register(org)
    assert Act.IMPORT_HISTORY not in acts_available(org.registrar, petition)
