"""Public pages: the portal home, online petitions and suggestions, the progress query, the adopted list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from xinfang.common.exceptions import XinfangError
from xinfang.common.idcard import normalise_id_number
from xinfang.common.masking import mask_email, mask_id_number, mask_phone
from xinfang.common.ratelimit import rate_limit_hit
from xinfang.common.submissions import FIELD, form_token_issue, submit_once
from xinfang.petitions.drafts import PersonDraft
from xinfang.petitions.models import Petition
from xinfang.security.querycodes import (
    locked_message,
    query_code_failed,
    query_code_locked,
    query_code_succeeded,
)

from .. import selectors, services
from ..forms import QueryForm, SubmitForm, normalise_query_code
from .edge import add_errors, limited, prove


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@never_cache  # the answer may echo the identity typed in; no shared-device cache keeps it
@require_http_methods(["GET", "POST"])
@limited
def submit(request: HttpRequest, *, suggestion: bool = False) -> HttpResponse:
    """Post/redirect/get: a successful submission redirects to its receipt; the form's one-time
    token makes a reload, the back button or a double click show that receipt again instead of
    creating a second petition (#11.5)."""
    form = SubmitForm(request.POST or None, request.FILES or None, suggestion=suggestion)
    token = request.POST.get(FIELD, "") if request.method == "POST" else form_token_issue()
    if request.method == "POST":
        identity = normalise_id_number(request.POST.get("id_number", "")) or None
        rate_limit_hit(request, scope="portal_submit", identity=identity)
        if form.is_valid():
            data = form.cleaned_data

            def create() -> int:
                petition = services.portal_petition_submit(
                    person=PersonDraft(
                        name=data["name"],
                        id_number=data["id_number"],
                        phone=data["phone"],
                        email=data.get("email") or "",
                        address=data["address"],
                    ),
                    title=data["title"],
                    content=data["content"],
                    category=data["category"],
                    location_unit=data["location_unit"],
                    request=data["request"],
                    files=data["materials"],
                    accused_description=data.get("accused", ""),
                    suggestion=suggestion,
                )
                return petition.pk

            try:
                done = submit_once(token, purpose="portal_submit", create=create)
            except XinfangError as error:
                add_errors(form, error)
            else:
                if done.created and done.result_id is not None:
                    _receipt_keep(request, done.result_id, data, suggestion=suggestion)
                return redirect("portal:submitted")
    return render(
        request, "portal/submit.html", {"form": form, "suggestion": suggestion, "form_token": token}
    )


RECEIPT_KEY = "portal_receipt"


def _receipt_keep(request: HttpRequest, petition_id: int, data: dict[str, Any], *, suggestion: bool) -> None:
    """The receipt of this browser's last submission, kept in its session (never in the URL)."""
    request.session[RECEIPT_KEY] = {
        "petition": petition_id,
        "suggestion": suggestion,
        "masked": {
            "name": data["name"][:1] + "*" * (len(data["name"]) - 1),
            "id_number": mask_id_number(data["id_number"]),
            "phone": mask_phone(data["phone"]) if data.get("phone") else "",
            "email": mask_email(data["email"]) if data.get("email") else "",
        },
    }


@never_cache
@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    """The receipt after a submission (the GET of post/redirect/get); reloading it creates nothing."""
    kept = request.session.get(RECEIPT_KEY)
    petition = Petition.objects.filter(pk=kept["petition"]).first() if kept else None
    if kept is None or petition is None:
        return render(request, "portal/submitted_unknown.html")
    context = {"petition": petition, "suggestion": kept["suggestion"], "masked": kept["masked"]}
    return render(request, "portal/receipt.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@limited
def query(request: HttpRequest) -> HttpResponse:
    form = QueryForm(request.POST or None)
    if request.method == "POST":
        # Counted per query code, so guessing the four digits of one code is slow from any address.
        code = normalise_query_code(request.POST.get("query_code", ""))
        rate_limit_hit(request, scope="portal_query", identity=code or None)
        if form.is_valid():
            typed = form.cleaned_data["query_code"]
            if query_code_locked(typed):
                form.add_error(None, locked_message())
                return render(request, "portal/query.html", {"form": form}, status=423)
            petition = selectors.petition_for_query(
                query_code=typed, contact=form.cleaned_data["phone_last4"]
            )
            if petition is None:
                # One answer for "no such code" and "wrong digits": codes cannot be probed; unknown
                # codes lock after the same number of tries, so the lock tells nothing either.
                if query_code_failed(typed):
                    form.add_error(None, locked_message())
                    return render(request, "portal/query.html", {"form": form}, status=423)
                form.add_error(None, "查询码或手机号后四位（电子邮箱）不正确，请核对后重试")
            else:
                query_code_succeeded(typed)
                prove(request, petition.query_code)
                return redirect("portal:matter", code=petition.query_code)
    return render(request, "portal/query.html", {"form": form})


@require_GET
def adopted(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/adopted.html", {"entries": selectors.publications_public()[:200]})
