"""A petitioner's own matter, opened with 查询码 + phone digits: progress, documents, materials,
evaluation and the 复查 / 复核 request. Nothing here is reachable without the proof in the session."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xinfang.common.exceptions import ValidationFailed, XinfangError
from xinfang.common.ratelimit import rate_limit_hit
from xinfang.documents.render import document_docx
from xinfang.petitions.models import Petition
from xinfang.petitions.services.review import review_organ_choices

from .. import selectors, services
from ..forms import EvaluateForm, ReviewRequestForm
from .edge import add_errors, error_sentence, forget, is_proved, limited

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _proved(request: HttpRequest, code: str) -> Petition | None:
    return selectors.petition_by_proved_code(code) if is_proved(request, code) else None


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/not_found.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
@limited
def matter(request: HttpRequest, code: str) -> HttpResponse:
    petition = _proved(request, code)
    if petition is None:
        return redirect("portal:query")
    organs = [(unit.pk, unit.name) for unit in review_organ_choices(petition)]
    forms: dict[str, Form] = {"evaluate": EvaluateForm(), "review": ReviewRequestForm(organs=organs)}
    if request.method == "POST":
        rate_limit_hit(request, scope="portal_act", identity=code)
        action = request.POST.get("action", "")
        if action not in forms:
            return redirect("portal:matter", code=code)
        form = forms[action] = (
            ReviewRequestForm(request.POST, organs=organs)
            if action == "review"
            else EvaluateForm(request.POST)
        )
        if form.is_valid():
            try:
                _act(petition, action, form.cleaned_data)
            except ValidationFailed as error:
                add_errors(form, error)
            except XinfangError as error:
                # Refusals that rest on the regulation (window passed, wrong state) read as a notice.
                messages.error(request, error_sentence(error))
                return redirect("portal:matter", code=code)
            else:
                messages.success(request, _DONE[action])
                return redirect("portal:matter", code=code)
    return render(request, "portal/matter.html", _context(petition, forms))


_DONE = {
    "evaluate": "感谢您的评价",
    "review": "您的请求已提交，上一级机关将自收到之日起30日内提出意见",
}


def _act(petition: Petition, action: str, data: dict[str, Any]) -> None:
    if action == "evaluate":
        services.portal_evaluate(petition=petition, option=data["option"], comment=data["comment"])
    else:
        services.portal_review_request(petition=petition, reason=data["reason"], unit_id=data.get("unit"))


def _context(petition: Petition, forms: dict[str, Form]) -> dict[str, object]:
    confidential = selectors.is_confidential(petition)
    return {
        "petition": petition,
        "confidential": confidential,
        "timeline": selectors.public_timeline(petition),
        "clocks": selectors.petitioner_clocks(petition),
        "documents": selectors.documents_for_petitioner(petition),
        "materials": selectors.own_materials(petition),
        "suggestion_reply": selectors.suggestion_reply(petition),
        "may_evaluate": selectors.may_evaluate(petition),
        "window": None if confidential else selectors.review_window(petition),
        "evaluate_form": forms["evaluate"],
        "review_form": forms["review"],
        "review_organs": review_organ_choices(petition),
    }


@never_cache
@require_GET
def matter_document(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """A notice or opinion addressed to the petitioner, rendered on demand (never a public file)."""
    petition = _proved(request, code)
    if petition is None or kind not in {k.code for k in selectors.documents_for_petitioner(petition)}:
        return _not_found(request)
    filename, content = document_docx(petition, kind)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@never_cache
@require_GET
def matter_material(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    """The petitioner's own uploaded material, read from storage outside the web root."""
    petition = _proved(request, code)
    attachment = selectors.own_materials(petition).filter(pk=pk).first() if petition else None
    if attachment is None:
        return _not_found(request)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@require_POST
@limited
def matter_leave(request: HttpRequest, code: str) -> HttpResponse:
    """退出查询: forget the proof on this browser (a shared phone, an internet café)."""
    rate_limit_hit(request, scope="portal_act", identity=code)
    forget(request, code)
    messages.success(request, "已退出查询")
    return redirect("portal:query")
