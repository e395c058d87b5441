"""Ledger downloads (XLSX) and the import of historical petitions."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from xinfang.api.views import ListFilterIn
from xinfang.audit.services import access_record
from xinfang.ledgers.export import interactive_rows, ledger_write
from xinfang.ledgers.importer import COLUMNS, REQUIRED, petitions_import
from xinfang.ledgers.models import LedgerExport
from xinfang.ledgers.tasks import ledger_export_build
from xinfang.orgs.constants import Perm
from xinfang.petitions import selectors

from ..paging import capped_count
from .common import client_ip, staff_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTER_LABELS = {
    "status": "状态",
    "category": "问题分类",
    "channel": "信访形式",
    "type": "信访类型",
    "unit": "当前办理单位",
    "received_from": "收到时间自",
    "received_to": "收到时间至",
    "overdue": "仅超期",
    "key": "重点案件",
    "q": "关键词",
    "id_number": "身份证号",
    "phone": "电话",
}


def _conditions(data: dict[str, Any]) -> str:
    """The filters in Chinese, personal numbers masked, for the page, the file and the notice."""
    from xinfang.common.masking import mask_id_number, mask_phone
    from xinfang.orgs.models import Unit
    from xinfang.petitions.constants import Channel, PetitionType
    from xinfang.petitions.lifecycle import Status
    from xinfang.petitions.models import Category

    shown = []
    for name, value in data.items():
        if value in ("", None, False):
            continue
        text: object = value
        if name == "status":
            text = Status(value).label
        elif name == "channel":
            text = Channel(value).label
        elif name == "type":
            text = PetitionType(value).label
        elif name == "category":
            text = Category.objects.filter(code=value).values_list("name", flat=True).first() or value
        elif name == "unit":
            text = Unit.objects.filter(pk=value).values_list("name", flat=True).first() or value
        elif name in ("overdue", "key"):
            text = "是"
        elif name == "id_number":
            text = mask_id_number(str(value))
        elif name == "phone":
            text = mask_phone(str(value))
        shown.append(f"{FILTER_LABELS.get(name, name)}：{text}")
    return "；".join(shown)


def _title(request: HttpRequest) -> str:
    if request.GET.get("overdue"):
        return "超期台账"
    return "重点案件台账" if request.GET.get("key") else "信访事项台账"


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse | FileResponse:
    """Every matching petition: at once up to ``interactive_rows()``, beyond that built by the worker."""
    user = staff_user(request)
    raw = {k: v for k, v in request.GET.items() if v not in ("", None) and k in FILTER_LABELS}
    params = ListFilterIn(data=raw)
    if not params.is_valid():
        wrong = "；".join(
            f"{FILTER_LABELS.get(k, k)}：{'；'.join(map(str, v))}" for k, v in params.errors.items()
        )
        messages.error(request, f"筛选条件有误，未导出台账（{wrong}）")
        return redirect("web:petition-list")
    petitions = selectors.petitions_filter(selectors.petitions_visible_to(user), **params.validated_data)
    title, conditions = _title(request), _conditions(params.validated_data)
    limit = interactive_rows()
    if capped_count(petitions, limit + 1) > limit:
        export = LedgerExport.objects.create(
            requested_by=user, title=title, params=raw, conditions=conditions
        )
        transaction.on_commit(lambda: ledger_export_build.enqueue(export.pk))
        messages.info(
            request,
            f"符合条件的信访事项超过 {limit} 件，系统正在后台生成包含全部事项的「{title}」，"
            "完成后将通知您，可在本页下载。",
        )
        return redirect("web:ledger-exports")
    scratch = tempfile.TemporaryFile(suffix=".xlsx")
    made = ledger_write(
        petitions, scratch, title=title, conditions=conditions, requested_by=user.display_name
    )
    access_record(
        user=user,
        pairs=list(petitions.order_by().values_list("petitioner_id", "pk")),
        purpose="ledger_export",
        unmasked=False,
        ip=client_ip(request),
    )
    scratch.seek(0)
    name = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(scratch, as_attachment=True, filename=name, content_type=XLSX)
    response["X-Ledger-Rows"] = str(made.rows)
    return response


@login_required
def ledger_exports(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    exports = LedgerExport.objects.filter(requested_by=user)[:50]
    return render(
        request, "web/ledger_exports.html", {"exports": exports, "interactive_rows": interactive_rows()}
    )


@login_required
def ledger_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    user = staff_user(request)
    export = LedgerExport.objects.filter(pk=pk, requested_by=user, state=LedgerExport.State.DONE).first()
    if export is None or not export.file:
        return render(request, "web/not_found.html", status=404)
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.download_name, content_type=XLSX
    )


@login_required
def ledger_import(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not user.may(Perm.REGISTER) or user.unit is None:
        return render(request, "web/forbidden.html", {"what": "导入信访事项"}, status=403)
    context: dict[str, object] = {"columns": list(COLUMNS), "required": REQUIRED}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的 XLSX 或 CSV 文件")
        else:
            imported, problems = petitions_import(name=upload.name or "", content=upload.read(), actor=user)
            context["problems"] = problems
            if imported:
                messages.success(request, f"已导入 {imported} 件历史信访事项")
            else:
                messages.error(request, f"校验发现 {len(problems)} 处问题，未导入任何数据")
    return render(request, "web/import.html", context)


@login_required
def ledger_import_template(request: HttpRequest) -> HttpResponse:
    """The import template: the header row (required columns marked in the note) and one example row."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "信访事项"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(list(IMPORT_EXAMPLE.get(c, "") for c in COLUMNS))
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append(["必填列", "、".join(REQUIRED)])
    notes.append(["收到时间", "如 2025-03-01 或 2025-03-01 09:30"])
    notes.append(["信访形式", "网上、来信、来访、电话、传真 之一"])
    notes.append(["问题分类、问题属地", "与系统中的分类名称、单位名称一致"])
    notes.append(
        [
            "办理状态",
            "系统启用前已办理完毕的事项填写：已办结、不予受理、不再受理、已导入法定途径 之一；"
            "不填或填“已登记”的，导入后按新登记的事项办理",
        ]
    )
    notes.append(["办结日期", "填写了办理状态的必填，如 2025-04-20；不早于收到时间，不晚于今天"])
    notes.append(["处理结果", "已办结的可填：予以支持、解释说明、不予支持 之一，可不填"])
    notes.append(["CSV", "也可另存为 CSV（UTF-8 或 GBK 编码）上传"])
    buffer = io.BytesIO()
    book.save(buffer)
    return HttpResponse(
        buffer.getvalue(),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, "信访事项导入模板.xlsx")},
    )


IMPORT_EXAMPLE = {
    "信访形式": "来信",
    "问题分类": "劳资纠纷",
    "标题": "拖欠工资",
    "信访内容": "某公司拖欠三个月工资未发放",
    "投诉请求": "要求支付欠薪",
    "信访人姓名": "张三",
    "问题属地": "甲社区",
    "收到时间": "2025-03-01",
    "人数": "1",
    "办理状态": "已办结",
    "办结日期": "2025-04-20",
    "处理结果": "予以支持",
}
