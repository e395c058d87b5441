"""Public portal pages (no staff login) and the staff pages for people's suggestions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from xinfang.common.exceptions import NotFound, RateLimited, ValidationFailed, XinfangError
from xinfang.common.ratelimit import rate_limit_hit
from xinfang.documents.render import document_docx
from xinfang.orgs.constants import Perm
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.drafts import PersonDraft
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petition_get_for
from xinfang.web.views.common import staff_user

from . import selectors, services
from .forms import EvaluateForm, PublicationForm, QueryForm, ReviewRequestForm, SubmitForm

SESSION_KEY = "portal_matters"  # query codes this browser has proved (query code + phone digits)

View = Callable[..., HttpResponse]


def limited(view: View) -> View:
    """Answer RateLimited with a Chinese 429 page and a Retry-After header."""

    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except RateLimited as error:
            response = render(request, "portal/limited.html", {"message": error.message}, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response

    run.__name__ = view.__name__
    return run


# Service field names -> portal form field names.
FIELD_NAMES = {
    "file": "materials",
    "petitioner.name": "name",
    "petitioner.id_number": "id_number",
    "petitioner.phone": "phone",
    "accused_description": "accused",
}


def _field_errors(form: Any, error: XinfangError) -> None:
    for field, message in error.fields.items():
        name = FIELD_NAMES.get(field, field)
        form.add_error(name if name in form.fields else None, message)
    if not error.fields:
        article = f"（{error.article}）" if error.article and error.article not in error.message else ""
        form.add_error(None, error.message + article)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@require_http_methods(["GET", "POST"])
@limited
def submit(request: HttpRequest, *, suggestion: bool = False) -> HttpResponse:
    form = SubmitForm(request.POST or None, request.FILES or None, suggestion=suggestion)
    if request.method == "POST":
        rate_limit_hit(request, scope="portal_submit", identity=request.POST.get("id_number") or None)
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
                )
            except XinfangError as error:
                _field_errors(form, error)
            else:
                return render(
                    request, "portal/receipt.html", {"petition": petition, "suggestion": suggestion}
                )
    return render(request, "portal/submit.html", {"form": form, "suggestion": suggestion})


@require_http_methods(["GET", "POST"])
@limited
def query(request: HttpRequest) -> HttpResponse:
    form = QueryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["query_code"].strip().upper()
        rate_limit_hit(request, scope="portal_query", identity=code)
        petition = selectors.petition_for_query(query_code=code, phone_last4=form.cleaned_data["phone_last4"])
        if petition is None:
            # One answer for "no such code" and "wrong digits": codes cannot be probed.
            form.add_error(None, "查询码或手机号后四位不正确")
        else:
            proved = set(request.session.get(SESSION_KEY, []))
            request.session[SESSION_KEY] = sorted(proved | {petition.query_code})
            return redirect("portal:matter", code=petition.query_code)
    return render(request, "portal/query.html", {"form": form})


def _proved(request: HttpRequest, code: str) -> Petition | None:
    if code not in request.session.get(SESSION_KEY, []):
        return None
    return Petition.objects.select_related("category", "current_unit").filter(query_code=code).first()


@require_http_methods(["GET", "POST"])
@limited
def matter(request: HttpRequest, code: str) -> HttpResponse:
    petition = _proved(request, code)
    if petition is None:
        return redirect("portal:query")
    evaluate_form, review_form = EvaluateForm(), ReviewRequestForm()
    if request.method == "POST":
        rate_limit_hit(request, scope="portal_act", identity=code)
        action = request.POST.get("action")
        try:
            if action == "evaluate":
                evaluate_form = EvaluateForm(request.POST)
                if evaluate_form.is_valid():
                    services.portal_evaluate(
                        petition=petition,
                        option=evaluate_form.cleaned_data["option"],
                        comment=evaluate_form.cleaned_data["comment"],
                    )
                    messages.success(request, "感谢您的评价")
                    return redirect("portal:matter", code=code)
            elif action == "review":
                review_form = ReviewRequestForm(request.POST)
                if review_form.is_valid():
                    services.portal_review_request(
                        petition=petition, reason=review_form.cleaned_data["reason"]
                    )
                    messages.success(request, "您的请求已提交，上一级机关将在30日内提出意见")
                    return redirect("portal:matter", code=code)
        except ValidationFailed as error:
            _field_errors(evaluate_form if action == "evaluate" else review_form, error)
        except XinfangError as error:
            article = f"（依据《信访工作条例》{error.article}）" if error.article else ""
            messages.error(request, f"{error.message}{article}")
            return redirect("portal:matter", code=code)
    confidential = petition.type == PetitionType.ACCUSATION
    context = {
        "petition": petition,
        "confidential": confidential,
        "timeline": selectors.public_timeline(petition),
        "documents": selectors.documents_for_petitioner(petition),
        "may_evaluate": not confidential and selectors.may_evaluate(petition),
        "window": None if confidential else selectors.review_window(petition),
        "evaluate_form": evaluate_form,
        "review_form": review_form,
    }
    return render(request, "portal/matter.html", context)


def matter_document(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    petition = _proved(request, code)
    if petition is None or kind not in {k.code for k in selectors.documents_for_petitioner(petition)}:
        return render(request, "portal/not_found.html", status=404)
    filename, content = document_docx(petition, kind)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def adopted(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/adopted.html", {"entries": selectors.publications_public()[:200]})


@login_required
def staff_suggestions(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    context = {
        "outstanding": selectors.suggestions_outstanding(user=user)[:200],
        "adopted": selectors.suggestions_adopted(user=user).select_related("publication")[:200],
        "may_publish": user.may(Perm.REPLY),
    }
    return render(request, "portal/staff_suggestions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_publication(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    try:
        petition = petition_get_for(user, pk)
    except NotFound:
        return render(request, "web/not_found.html", status=404)
    entry = getattr(petition, "publication", None)
    initial = (
        {
            "title": entry.title,
            "summary": entry.summary,
            "outcome": entry.outcome,
            "published": entry.published,
        }
        if entry
        else {"title": petition.title[:100]}
    )
    form = PublicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not user.may(Perm.REPLY):
            form.add_error(None, "您无权公开人民建议办理情况")
        else:
            try:
                services.suggestion_publication_save(petition=petition, actor=user, **form.cleaned_data)
            except XinfangError as error:
                _field_errors(form, error)
            else:
                messages.success(request, "已保存")
                return redirect(reverse("portal:staff-suggestions"))
    return render(request, "portal/publication_form.html", {"form": form, "petition": petition})
