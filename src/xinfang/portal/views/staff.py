"""Staff pages for 人民建议征集 (Art. 29): the outstanding list for leaders and the public 转化运用清单."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from xinfang.common.exceptions import NotFound, XinfangError
from xinfang.orgs.constants import Perm
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.selectors import petition_get_for
from xinfang.web.views.common import staff_user

from .. import selectors, services
from ..forms import PublicationForm
from .edge import add_errors

# Writing what the public reads about a suggestion is answering it: the 答复 permission.
PUBLISH_PERM = Perm.REPLY


@login_required
@require_GET
def staff_suggestions(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    context = {
        "outstanding": selectors.suggestions_outstanding(user=user)[:200],
        "adopted": selectors.suggestions_adopted(user=user).select_related("publication")[:200],
        "may_publish": user.may(PUBLISH_PERM),
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
    if petition.type != PetitionType.SUGGESTION:
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
        else {}
    )
    form = PublicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not user.may(PUBLISH_PERM):
            form.add_error(None, "您没有答复权限，不能编写或公开人民建议转化运用情况")
        else:
            try:
                services.suggestion_publication_save(petition=petition, actor=user, **form.cleaned_data)
            except XinfangError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, "已保存" + ("并公开" if form.cleaned_data["published"] else "（未公开）")
                )
                return redirect("portal:staff-suggestions")
    context = {"form": form, "petition": petition, "entry": entry, "may_publish": user.may(PUBLISH_PERM)}
    return render(request, "portal/publication_form.html", context)
