"""登记: the registration form, its rule checks before confirming, and the printable receipt."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from rest_framework import serializers

from xinfang.api.serializers import PetitionCreateIn
from xinfang.api.views import _draft
from xinfang.common.exceptions import XinfangError
from xinfang.common.submissions import FIELD, form_token_issue, submit_once
from xinfang.intake.services import petition_links_confirm, routing_feedback_record
from xinfang.orgs.constants import Perm, UnitKind
from xinfang.orgs.selectors import unit_groups, unit_tree
from xinfang.petitions.constants import Channel, PetitionerKind, PetitionType
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.services import petition_check, petition_register

from .common import error_text, field_errors, report_error, staff_user, with_visible_petition

PERSON_FIELDS = ("kind", "name", "id_number", "phone", "email", "address")


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
    received_on = data.pop("received_on", "")
    if received_on and "received_at" not in data:
        data["received_at"] = _received_at(received_on)
    return data


def _received_at(received_on: str) -> str:
    """The date a letter or visit was received (Art. 22, 23: the clocks run from it); today means now."""
    try:
        day = date.fromisoformat(received_on)
    except ValueError:
        return received_on  # the serializer reports the bad value on received_at
    if day == timezone.localdate():
        return timezone.now().isoformat()
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


def _choices() -> dict[str, Any]:
    tree = unit_tree()  # the unit pickers follow the unit tree (#11.7)
    units = [unit for unit in tree.values() if unit.is_active]
    places = [unit for unit in units if unit.kind in (UnitKind.COMMUNITY, UnitKind.STREET)]
    return {
        "channels": Channel.choices,
        "types": PetitionType.choices,
        "kinds": PetitionerKind.choices,
        "categories": Category.objects.values_list("code", "name"),
        "locations": unit_groups(places, tree=tree),
        "units": unit_groups(units, tree=tree),
    }


def _validated(request: HttpRequest) -> tuple[dict[str, Any], Any]:
    data = PetitionCreateIn(data=form_data(request.POST))
    data.is_valid(raise_exception=True)
    return data.validated_data, _draft(data.validated_data, staff_user(request))


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if not staff_user(request).may(Perm.REGISTER):
        # The menu hides 登记 from roles without it; a typed address gets the same answer.
        return render(request, "web/forbidden.html", {"what": "登记信访事项"}, status=403)
    token = request.POST.get(FIELD, "") if request.method == "POST" else form_token_issue()
    errors: dict[str, str] = {}
    if request.method == "POST":

        def create() -> int:
            _, draft = _validated(request)
            petition, _ = petition_register(draft=draft)
            _feedback(request, petition)
            return petition.pk

        try:
            # Post/redirect/get; a re-sent form (reload, back, double click) shows the first receipt.
            done = submit_once(token, purpose="web_register", create=create)
        except (XinfangError, serializers.ValidationError) as error:
            report_error(request, error)
            errors = field_errors(error)
        else:
            if done.result_id is None:
                messages.info(request, "该登记表已提交，未重复登记")
                return redirect("web:home")
            if not done.created:
                messages.info(request, "该登记表已提交，未重复登记")
            return redirect("web:receipt", pk=done.result_id)
    return render(
        request,
        "web/register.html",
        {
            **_choices(),
            "values": request.POST,
            "form_token": token,
            "errors": errors,
            "today": timezone.localdate(),
        },
    )


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
