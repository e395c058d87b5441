"""Ledger downloads (XLSX) and the import of historical petitions."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xinfang.api.views import ListFilterIn
from xinfang.audit.services import access_record
from xinfang.ledgers.export import ledger_xlsx
from xinfang.ledgers.importer import COLUMNS, REQUIRED, petitions_import
from xinfang.orgs.constants import Perm
from xinfang.petitions import selectors

from .common import client_ip, staff_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    params = ListFilterIn(data={k: v for k, v in request.GET.items() if v not in ("", None)})
    params.is_valid(raise_exception=False)
    petitions = selectors.petitions_filter(
        selectors.petitions_visible_to(user), **(params.validated_data or {})
    )
    petitions = petitions.order_by("-received_at", "-id")
    title = (
        "超期台账"
        if request.GET.get("overdue")
        else "重点案件台账"
        if request.GET.get("key")
        else "信访事项台账"
    )
    content, count = ledger_xlsx(petitions, title=title)
    exported = petitions.values_list("petitioner_id", "pk")[:count]
    access_record(
        user=user, pairs=list(exported), purpose="ledger_export", unmasked=False, ip=client_ip(request)
    )
    response = HttpResponse(content, content_type=XLSX)
    name = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def ledger_import(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    context: dict[str, object] = {"columns": list(COLUMNS), "required": REQUIRED}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if not user.may(Perm.REGISTER) or user.unit is None:
            messages.error(request, "您无权导入信访事项")
        elif upload is None:
            messages.error(request, "请选择要导入的 XLSX 或 CSV 文件")
        else:
            imported, problems = petitions_import(name=upload.name or "", content=upload.read(), actor=user)
            context["problems"] = problems
            if imported:
                messages.success(request, f"已导入 {imported} 件历史信访事项")
            else:
                messages.error(request, f"校验发现 {len(problems)} 处问题，未导入任何数据")
    return render(request, "web/import.html", context)
