"""Public pages: the portal home, online petitions and suggestions, the progress query, the adopted list."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from xinfang.common.exceptions import XinfangError
from xinfang.common.idcard import normalise_id_number
from xinfang.common.masking import mask_id_number, mask_phone
from xinfang.common.ratelimit import rate_limit_hit
from xinfang.petitions.drafts import PersonDraft

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
    form = SubmitForm(request.POST or None, request.FILES or None, suggestion=suggestion)
    if request.method == "POST":
        identity = normalise_id_number(request.POST.get("id_number", "")) or None
        rate_limit_hit(request, scope="portal_submit", identity=identity)
        if form.is_valid():
            data = form.cleaned_data
            try:
                petition = services.portal_petition_submit(
                    person=PersonDraft(
                        name=data["name"],
                        id_number=data["id_number"],
                        phone=data["phone"],
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
            except XinfangError as error:
                add_errors(form, error)
            else:
                context = {
                    "petition": petition,
                    "suggestion": suggestion,
                    "masked": {
                        "name": data["name"][:1] + "*" * (len(data["name"]) - 1),
                        "id_number": mask_id_number(data["id_number"]),
                        "phone": mask_phone(data["phone"]),
                    },
                }
                return render(request, "portal/receipt.html", context)
    return render(request, "portal/submit.html", {"form": form, "suggestion": suggestion})


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
            petition = selectors.petition_for_query(
                query_code=form.cleaned_data["query_code"], phone_last4=form.cleaned_data["phone_last4"]
            )
            if petition is None:
                # One answer for "no such code" and "wrong digits": codes cannot be probed.
                form.add_error(None, "查询码或手机号后四位不正确，请核对后重试")
            else:
                prove(request, petition.query_code)
                return redirect("portal:matter", code=petition.query_code)
    return render(request, "portal/query.html", {"form": form})


@require_GET
def adopted(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/adopted.html", {"entries": selectors.publications_public()[:200]})
