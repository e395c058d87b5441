"""登记: the registration form, its rule checks before confirming, and the printable receipt."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework import serializers

from xinfang.api.serializers import PetitionCreateIn
from xinfang.api.views import _draft
from xinfang.common.exceptions import XinfangError
from xinfang.intake.services import petition_links_confirm, routing_feedback_record
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit
from xinfang.petitions.constants import Channel, PetitionerKind, PetitionType
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.services import petition_check, petition_register

from .common import error_text, report_error, staff_user, with_visible_petition

PERSON_FIELDS = ("kind", "name", "id_number", "phone", "address")


def _representatives(text: str) -> list[dict[str, str]]:
    """One representative per line: 姓名, 身份证号, 电话 (comma or space separated)."""
    reps = []
    for line in text.splitlines():
        parts = [p for p in line.replace("，", ",").replace(" ", ",").split(",") if p]
        if parts:
            reps.append(
                {
                    "name": parts[0],
                    "id_number": parts[1] if len(parts) > 1 else "",
                    "phone": parts[2] if len(parts) > 2 else "",
                }
            )
    return reps


def form_data(post: QueryDict) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in post.items() if not k.startswith("petitioner_") and v != ""}
    data.pop("csrfmiddlewaretoken", None)
    data["petitioner"] = {f: post[f"petitioner_{f}"] for f in PERSON_FIELDS if post.get(f"petitioner_{f}")}
    data["representatives"] = _representatives(post.get("representatives", ""))
    for flag in ("litigation_related", "major_urgent", "name_address_unclear"):
        data[flag] = flag in post
    return data


def _choices() -> dict[str, Any]:
    units = Unit.objects.filter(is_active=True)
    return {
        "channels": Channel.choices,
        "types": PetitionType.choices,
        "kinds": PetitionerKind.choices,
        "categories": Category.objects.values_list("code", "name"),
        "locations": units.filter(kind__in=[UnitKind.COMMUNITY, UnitKind.STREET]).values_list("pk", "name"),
        "units": units.values_list("pk", "name"),
    }


def _validated(request: HttpRequest) -> tuple[dict[str, Any], Any]:
    data = PetitionCreateIn(data=form_data(request.POST))
    data.is_valid(raise_exception=True)
    return data.validated_data, _draft(data.validated_data, staff_user(request))


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            _, draft = _validated(request)
            petition, _ = petition_register(draft=draft)
        except (XinfangError, serializers.ValidationError) as error:
            report_error(request, error)
        else:
            _feedback(request, petition)
            return redirect("web:receipt", pk=petition.pk)
    return render(request, "web/register.html", {**_choices(), "values": request.POST})


def _feedback(request: HttpRequest, petition: Petition) -> None:
    """Whether the registrar kept or corrected the smart-intake suggestions (feeds training), and the
    repeat / duplicate candidates the registrar confirmed as links."""
    suggested = {
        target: request.POST.get(f"suggested_{target}", "") for target in ("category", "type", "litigation")
    }
    chosen = {
        "category": petition.category.code,
        "type": petition.type,
        "litigation": str(petition.litigation_related),
    }
    routing_feedback_record(petition=petition, suggested=suggested, chosen=chosen)
    petition_links_confirm(
        petition=petition, actor=staff_user(request), picks=request.POST.getlist("link_candidate")
    )


@login_required
@require_POST
def register_check(request: HttpRequest) -> HttpResponse:
    """htmx: the rule decisions for the form as it stands, written nowhere."""
    try:
        _, draft = _validated(request)
        decisions = petition_check(draft=draft)
    except (XinfangError, serializers.ValidationError) as error:
        return render(request, "web/_rule_checks.html", {"invalid": _error_text(error)})
    return render(request, "web/_rule_checks.html", {"decisions": decisions, "checked": True})


def _error_text(error: Exception) -> str:
    return "请先补全或更正：" + error_text(error)


@login_required
@with_visible_petition
def receipt(request: HttpRequest, petition: Petition) -> HttpResponse:
    return render(request, "web/receipt.html", {"p": petition})
