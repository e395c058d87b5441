"""Dashboard, report downloads and the activity log pages (thin: parse, call, render)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from xinfang.common.exceptions import ValidationFailed, XinfangError
from xinfang.orgs.forms import UnitChoiceField
from xinfang.orgs.models import Unit, User
from xinfang.web.views.common import error_text, staff_user

from .dashboard import Filters, dashboard_context
from .models import ActivityKind
from .periods import Period, add_months, month_of, parse_month
from .selectors import activities_in, stats_refreshed_at
from .services import activity_record

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    try:
        filters = Filters.parse(request.GET)
    except ValidationFailed as error:
        messages.error(request, error_text(error))
        filters = Filters.parse({})
    context = dashboard_context(user, filters)
    context["refreshed_at"] = stats_refreshed_at()
    context["last_month"] = add_months(month_of(timezone.localdate()), -1)
    return render(request, "analytics/dashboard.html", context)


def _unit_name(user: User) -> str:
    return user.unit.name if user.unit else ""


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download under its Chinese name (RFC 6266 / RFC 5987 ``filename*=utf-8''…``)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def monthly_download(request: HttpRequest) -> HttpResponse:
    """The monthly report over what the user may see."""
    try:
        month = parse_month(request.GET.get("month", ""))
    except ValidationFailed as error:
        messages.error(request, error_text(error))
        return redirect("analytics:dashboard")
    # Imported here: matplotlib and python-docx load only when a report is asked for.
    from .docx_report import monthly_docx
    from .monthly import monthly_report

    user = staff_user(request)
    report = monthly_report(month=month, user=user)
    name = f"{_unit_name(user)}信访工作月报（{month.year}年{month.month}月）.docx"
    return _attachment(monthly_docx(report), DOCX, name)


@login_required
def annual_download(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    if not year.isdigit():
        messages.error(request, "年份应为四位数字，例如 2026")
        return redirect("analytics:dashboard")
    from .annual import annual_figures, annual_xlsx

    user = staff_user(request)
    figures = annual_figures(year=int(year), user=user)
    return _attachment(annual_xlsx(figures), XLSX, f"{_unit_name(user)}信访工作年度统计（{year}年）.xlsx")


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ActivityKind.choices)
    held_on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    unit = UnitChoiceField(label="单位", queryset=Unit.objects.filter(is_active=True))
    title = forms.CharField(label="主题", max_length=200)
    batches = forms.IntegerField(label="批次", initial=1)
    person_times = forms.IntegerField(label="人次", initial=0)
    lawyers = forms.IntegerField(label="第三方律师（人次）", initial=0)
    social_workers = forms.IntegerField(label="社会工作者（人次）", initial=0)
    psychologists = forms.IntegerField(label="心理咨询师（人次）", initial=0)
    leader = forms.CharField(label="接访领导", required=False, max_length=60)
    note = forms.CharField(label="备注", required=False, max_length=500)


@login_required
def activities(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = ActivityForm(request.POST or None, initial={"unit": user.unit, "held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            activity_record(actor=user, **form.cleaned_data)
        except XinfangError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "已登记工作活动")
            return redirect("analytics:activities")
    year = timezone.localdate().year
    return render(
        request,
        "analytics/activities.html",
        {
            "form": form,
            "rows": activities_in(Period.year(year)).select_related("unit")[:200],
            "year": year,
        },
    )
