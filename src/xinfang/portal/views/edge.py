"""What every public portal view shares: the Chinese 429, errors on forms, the proved-code session."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xinfang.common.exceptions import RateLimited, XinfangError

View = Callable[..., HttpResponse]

# Query codes this browser has proved with the phone digits, and when last used. A public
# or shared phone should not keep a matter open: the proof lapses after half an hour idle
# without shortening a staff login that may share the session.
SESSION_KEY = "portal_matters"
PROOF_IDLE_SECONDS = 30 * 60

# Service field names -> portal form field names.
FIELD_NAMES = {
    "file": "materials",
    "petitioner.name": "name",
    "petitioner.id_number": "id_number",
    "petitioner.phone": "phone",
    "petitioner.email": "email",
    "petitioner.address": "address",
    "accused_description": "accused",
}


def limited(view: View) -> View:
    """Answer RateLimited with a Chinese 429 page and a Retry-After header."""

    @wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except RateLimited as error:
            context = {"message": error.message, "retry_after": error.retry_after}
            response = render(request, "portal/limited.html", context, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response

    return run


def add_errors(form: forms.Form, error: XinfangError) -> None:
    """Put a service's refusal on the form: per field where it names one, else on top with its article."""
    for field, message in error.fields.items():
        name = FIELD_NAMES.get(field, field)
        if name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, message)
    if not error.fields:
        form.add_error(None, error_sentence(error))


def error_sentence(error: XinfangError) -> str:
    if error.article and error.article not in error.message:
        return f"{error.message}（依据《信访工作条例》{error.article}）"
    return error.message


def prove(request: HttpRequest, code: str) -> None:
    proofs = _live_proofs(request)
    proofs[code] = time.time()
    request.session[SESSION_KEY] = proofs


def forget(request: HttpRequest, code: str) -> None:
    proofs = _live_proofs(request)
    proofs.pop(code, None)
    request.session[SESSION_KEY] = proofs


def is_proved(request: HttpRequest, code: str) -> bool:
    """True while this browser's proof of ``code`` is fresh; each visit renews it."""
    if code not in _live_proofs(request):
        return False
    prove(request, code)
    return True


def _live_proofs(request: HttpRequest) -> dict[str, float]:
    stored = request.session.get(SESSION_KEY)
    proofs = stored if isinstance(stored, dict) else {}
    now = time.time()
    return {code: seen for code, seen in proofs.items() if now - float(seen) < PROOF_IDLE_SECONDS}
