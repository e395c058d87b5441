"""Ledgers as XLSX with Chinese headers; imports are validated row by row and all-or-nothing."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from tests.factories import Org, petition_in, valid_id
from xinfang.audit.models import AccessRecord
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = [
    "信访形式",
    "问题分类",
    "标题",
    "信访内容",
    "信访人姓名",
    "身份证号",
    "联系电话",
    "问题属地",
    "收到时间",
]


def test_export_filtered_list_with_chinese_headers(org: Org) -> None:
    mine = petition_in(org, Status.DISPATCHED)
    petition_in(org, Status.REGISTERED)  # still at the bureau: not visible to the department
    response = logged_in(org.housing_handler).get("/ledgers/export.xlsx", {"status": "dispatched"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "查询码", "标题", "信访人")
    assert [r[0] for r in rows[1:]] == [mine.number]
    assert AccessRecord.objects.filter(purpose="ledger_export", petition=mine).exists()


def test_import_all_rows_valid(org: Org) -> None:
    content = xlsx(
        [
            HEADER,
            [
                "来信",
                "劳资纠纷",
                "欠薪",
                "公司拖欠工资",
                "甲",
                valid_id(1),
                "13800000001",
                "甲社区",
                "2025-03-01",
            ],
            [
                "网上",
                "物业管理",
                "物业费",
                "物业乱收费",
                "乙",
                "",
                "13800000002",
                "乙社区",
                "2025-03-02 10:30",
            ],
        ]
    )
    response = logged_in(org.registrar).post(
        "/ledgers/import/", {"file": SimpleUploadedFile("历史.xlsx", content)}
    )
    assert "已导入 2 件" in response.content.decode()
    assert Petition.objects.count() == 2
    assert Petition.objects.filter(received_at__date="2025-03-01").exists()


def test_import_reports_row_column_problem_and_writes_nothing(org: Org) -> None:
    content = xlsx(
        [
            HEADER,
            [
                "来信",
                "劳资纠纷",
                "欠薪",
                "公司拖欠工资",
                "甲",
                valid_id(1),
                "13800000001",
                "甲社区",
                "2025-03-01",
            ],
            ["飞鸽", "劳资纠纷", "欠薪", "内容", "乙", "", "", "甲社区", "2025-03-01"],
            ["来信", "劳资纠纷", "欠薪", "内容", "丙", "123", "", "甲社区", "2025-03-01"],
            ["来信", "劳资纠纷", "欠薪", "内容", "丁", "", "", "火星社区", "昨天"],
        ]
    )
    page = logged_in(org.registrar).post("/ledgers/import/", {"file": SimpleUploadedFile("h.xlsx", content)})
    text = page.content.decode()
    assert "未导入任何数据" in text
    assert "<td>3</td><td>信访形式</td>" in text
    assert "<td>4</td><td>身份证号</td>" in text
    assert "<td>5</td><td>问题属地</td>" in text
    assert not Petition.objects.exists()


def test_import_csv_and_unreadable_file(org: Org) -> None:
    csv_text = ",".join(HEADER) + "\n电话,教育,学位,入学难,戊,,13900000009,乙社区,2025-04-01\n"
    client = logged_in(org.registrar)
    response = client.post(
        "/ledgers/import/", {"file": SimpleUploadedFile("a.csv", csv_text.encode("utf-8-sig"))}
    )
    assert "已导入 1 件" in response.content.decode()
    broken = client.post("/ledgers/import/", {"file": SimpleUploadedFile("b.xlsx", b"not a workbook")})
    assert "无法读取文件" in broken.content.decode()


def test_import_needs_register_permission(org: Org) -> None:
    content = xlsx([HEADER, ["来信", "劳资纠纷", "欠薪", "x", "甲", "", "", "甲社区", "2025-03-01"]])
    from tests.factories import staff

    viewer = staff(org.housing, perms=["handle"])
    response = logged_in(viewer).post("/ledgers/import/", {"file": SimpleUploadedFile("h.xlsx", content)})
    assert "无权导入" in response.content.decode()
    assert not Petition.objects.exists()


def test_key_case_ledger(org: Org) -> None:
    from tests.factories import register

    major = register(org, major_urgent=True, title="重大紧急")
    register(org, title="普通")
    response = logged_in(org.registrar).get("/ledgers/export.xlsx", {"key": "true"})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert [r[0] for r in rows[1:]] == [major.number]
    assert "%E9%87%8D%E7%82%B9" in response["Content-Disposition"]  # 重点案件台账


def test_import_gbk_csv_as_excel_for_chinese_windows_saves_it(org: Org) -> None:
    csv_text = ",".join(HEADER) + "\n电话,教育,学位,入学难,戊,,13900000009,乙社区,2025-04-01\n"
    response = logged_in(org.registrar).post(
        "/ledgers/import/", {"file": SimpleUploadedFile("国标.csv", csv_text.encode("gbk"))}
    )
    assert "已导入 1 件" in response.content.decode()
    assert Petition.objects.get().title == "学位"


def test_import_reports_every_problem_of_every_row(org: Org) -> None:
    content = xlsx(
        [
            HEADER,
            ["飞鸽", "没有的分类", "", "x", "甲", "", "", "甲社区", "昨天"],
            ["来信", "劳资纠纷", "欠薪", "x", "甲", "", "", "火星", "2025-03-01"],
        ]
    )
    page = logged_in(org.registrar).post("/ledgers/import/", {"file": SimpleUploadedFile("h.xlsx", content)})
    text = page.content.decode()
    for row, column in ((2, "信访形式"), (2, "问题分类"), (2, "标题"), (2, "收到时间"), (3, "问题属地")):
        assert f"<td>{row}</td><td>{column}</td>" in text, (row, column)
    assert not Petition.objects.exists()


def test_import_template_downloads_under_a_chinese_name(org: Org) -> None:
    response = logged_in(org.registrar).get("/ledgers/import/template.xlsx")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert set(HEADER) <= {c.value for c in sheet[1]}
