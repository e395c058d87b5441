"""The landing page: who you are, what you may see, where to work."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xinfang.petitions.lifecycle import Status
from xinfang.petitions.selectors import petitions_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    visible = petitions_visible_to(request.user)  # type: ignore[arg-type]
    counts = dict(visible.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    rows = [(Status(code).label, code, counts.get(code, 0)) for code in Status.values]
    overdue = visible.filter(next_due_on__lt=timezone.localdate()).count()
    return render(request, "home.html", {"rows": rows, "total": sum(counts.values()), "overdue": overdue})
