"""Pages of the identity controls: TOTP sign-in and enrolment, password change, the security
administrator's lockouts, the audit administrator's security log, and the API token endpoint."""

from __future__ import annotations

import base64
import csv
import io
from datetime import datetime, time
from typing import Any

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfang.common.errorpages import error_response
from xinfang.common.xlsx import safe_row
from xinfang.orgs.models import User

from . import duties
from .lockout import lockout_message, lockout_minutes
from .log import record
from .models import ApiToken, SecurityEvent
from .models import SecurityEventKind as K
from .tokens import token_issue

LOG_PAGE = 100
EXPORT_MAX = 100_000


def _next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def totp_secret_b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _qr_svg_data_uri(uri: str) -> str:
    import segno

    svg = segno.make(uri, error="m").svg_data_uri(scale=4)
    return str(svg)


@login_required
def otp_view(request: HttpRequest) -> HttpResponse:
    """Enter the current TOTP code; on the first sign-in, enrol an authenticator app first."""
    user = request.user
    assert isinstance(user, User)
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    error = ""
    if request.method == "POST":
        code = "".join(ch for ch in request.POST.get("otp_token", "") if ch.isdigit())
        if confirmed is not None:
            device = confirmed if confirmed.verify_token(code) else None
        else:
            pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            device = pending if pending is not None and pending.verify_token(code) else None
            if device is not None:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(K.OTP_ENROLLED, request=request, user=user)
        if device is not None:
            django_otp.login(request, device)
            record(K.OTP_VERIFIED, request=request, user=user)
            return HttpResponseRedirect(_next(request))
        record(K.OTP_FAILED, request=request, user=user)
        error = "动态口令不正确或已过期，请输入验证器当前显示的 6 位数字。"
    context: dict[str, Any] = {"error": error, "next": _next(request), "enrol": confirmed is None}
    if confirmed is None:
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if pending is None:
            pending = TOTPDevice.objects.create(user=user, name="动态口令", confirmed=False)
        context["secret"] = totp_secret_b32(pending)
        context["qr"] = _qr_svg_data_uri(pending.config_url)
    return render(request, "security/otp.html", context)


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        update_session_auth_hash(request, form.user)
        record(K.PASSWORD_CHANGED, request=request, user=user)
        messages.success(request, "密码已修改。")
        return HttpResponseRedirect(_next(request))
    reason = "初始密码须在首次登录时修改。" if user.must_change_password else ""
    if not reason:
        from .passwords import password_expired

        if password_expired(user):
            reason = f"密码已超过 {settings.XINFANG_PASSWORD_MAX_AGE_DAYS} 天有效期，请设置新密码。"
    return render(
        request, "security/password_change.html", {"form": form, "reason": reason, "next": _next(request)}
    )


def _forbidden(request: HttpRequest, what: str) -> HttpResponse:
    record(K.ACCESS_DENIED, request=request, user=request.user, target=what)
    return error_response(request, 403)


@login_required
def lockouts(request: HttpRequest) -> HttpResponse:
    """The security administrator's page: locked accounts (unlock) and second factors (reset)."""
    from axes.models import AccessAttempt

    if not duties.may_administer_security(request.user):
        return _forbidden(request, "lockouts")
    from .models import QueryCodeGuard

    attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
    codes = QueryCodeGuard.objects.filter(locked_at__isnull=False).order_by("-locked_at")[:200]
    return render(
        request,
        "security/lockouts.html",
        {
            "attempts": attempts,
            "codes": codes,
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": lockout_minutes(),
        },
    )


@login_required
@require_POST
def query_code_unlock_view(request: HttpRequest) -> HttpResponse:
    from .querycodes import query_code_unlock

    if not duties.may_administer_security(request.user):
        return _forbidden(request, "query_code_unlock")
    code = request.POST.get("query_code", "")[:20]
    if query_code_unlock(code):
        record(K.UNLOCKED, request=request, username="", query_code=code)
        messages.success(request, f"已解除查询码 {code} 的锁定（请先核实信访人身份）。")
    return HttpResponseRedirect(reverse("security:lockouts"))


@login_required
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    from axes.utils import reset

    if not duties.may_administer_security(request.user):
        return _forbidden(request, "unlock")
    username = request.POST.get("username", "")[:150]
    removed = reset(username=username)
    record(K.UNLOCKED, request=request, username=username, attempts=removed)
    messages.success(request, f"已解除账号 {username} 的登录锁定。")
    return HttpResponseRedirect(reverse("security:lockouts"))


@login_required
@require_POST
def otp_reset(request: HttpRequest) -> HttpResponse:
    if not duties.may_administer_security(request.user):
        return _forbidden(request, "otp_reset")
    username = request.POST.get("username", "")[:150]
    target = User.objects.filter(username=username).first()
    if target is None:
        messages.error(request, f"账号 {username} 不存在。")
    else:
        TOTPDevice.objects.filter(user=target).delete()
        record(K.OTP_RESET, request=request, user=target)
        messages.success(request, f"已重置 {username} 的动态口令，其下次登录时重新绑定。")
    return HttpResponseRedirect(reverse("security:lockouts"))


class LogFilter(forms.Form):
    kind = forms.ChoiceField(label="事件", required=False, choices=[("", "全部"), *K.choices])
    username = forms.CharField(label="账号", required=False, max_length=150)
    start = forms.DateField(label="起始日期", required=False)
    end = forms.DateField(label="截止日期", required=False)


def _log_rows(form: LogFilter) -> Any:
    events = SecurityEvent.objects.select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["username"]:
            events = events.filter(username=data["username"])
        tz = timezone.get_current_timezone()
        if data["start"]:
            events = events.filter(at__gte=datetime.combine(data["start"], time.min, tzinfo=tz))
        if data["end"]:
            events = events.filter(at__lte=datetime.combine(data["end"], time.max, tzinfo=tz))
    return events


EXPORT_HEADERS = ["时间", "事件", "账号", "操作人", "来源地址", "入口", "详情"]


def _export_row(event: SecurityEvent) -> list[Any]:
    import json

    return safe_row(
        [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.get_kind_display(),
            event.username,
            event.actor.get_username() if event.actor else "",
            event.ip or "",
            event.channel,
            json.dumps(event.detail, ensure_ascii=False) if event.detail else "",
        ]
    )


@login_required
def security_log(request: HttpRequest) -> HttpResponse:
    """Read and export the security log: the audit administrator only (三员分立)."""
    if not duties.may_read_security_log(request.user):
        return _forbidden(request, "security_log")
    form = LogFilter(request.GET or None)
    events = _log_rows(form)
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        record(K.LOG_EXPORTED, request=request, format=fmt, filters=dict(request.GET.items()))
        rows = events[:EXPORT_MAX].iterator(chunk_size=2000)
        stamp = timezone.localdate().strftime("%Y%m%d")
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(EXPORT_HEADERS)
            for event in rows:
                writer.writerow(_export_row(event))
            response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
            name = f"安全日志-{stamp}.csv"
        else:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("安全日志")
            sheet.append(EXPORT_HEADERS)
            for event in rows:
                sheet.append(_export_row(event))
            out = io.BytesIO()
            book.save(out)
            response = HttpResponse(
                out.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            name = f"安全日志-{stamp}.xlsx"
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    page = list(events[:LOG_PAGE])
    return render(request, "security/log.html", {"form": form, "events": page, "limit": LOG_PAGE})


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=12, required=False, allow_blank=True, help_text="须双因素登录的账号必填"
    )
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=ApiToken.Scope.choices), required=False, default=["read"]
    )
    days = serializers.IntegerField(
        min_value=1, max_value=90, required=False, help_text="有效天数，默认 30，最长 90"
    )
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)


TOKEN_RESPONSE = inline_serializer(
    "TokenIssued",
    {
        "token": serializers.CharField(),
        "expires_at": serializers.DateTimeField(),
        "scopes": serializers.ListField(child=serializers.CharField()),
    },
)
ERROR = inline_serializer("TokenError", {"code": serializers.CharField(), "message": serializers.CharField()})


class TokenView(APIView):
    """Issue an expiring, scoped token (POST) or revoke the token in use (DELETE)."""

    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={201: TOKEN_RESPONSE, 400: ERROR, 401: ERROR, 429: ERROR},
        auth=[],
        summary="签发接口令牌",
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        django_request = request._request
        user = authenticate(request=django_request, username=data["username"], password=data["password"])
        if getattr(django_request, "axes_locked_out", False):
            return Response(
                {"code": "locked", "message": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        if user is None or not isinstance(user, User):
            return Response({"code": "authentication_failed", "message": "用户名或密码错误"}, status=401)
        if duties.requires_otp(user):
            code = "".join(ch for ch in data.get("otp", "") if ch.isdigit())
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None or not code or not device.verify_token(code):
                record(K.TOKEN_REFUSED, request=django_request, user=user, reason="otp")
                return Response(
                    {"code": "otp_required", "message": "该账号须双因素登录：请在「otp」字段提供动态口令"},
                    status=401,
                )
        if user.must_change_password:
            record(K.TOKEN_REFUSED, request=django_request, user=user, reason="initial_password")
            return Response(
                {"code": "password_change_required", "message": "请先登录网页修改初始密码"}, status=403
            )
        raw, token = token_issue(
            user=user, scopes=data["scopes"], days=data.get("days"), name=data.get("name", "")
        )
        record(
            K.TOKEN_ISSUED,
            request=django_request,
            user=user,
            actor=user,
            scopes=token.scopes,
            prefix=token.prefix,
        )
        return Response({"token": raw, "expires_at": token.expires_at, "scopes": token.scopes}, status=201)

    @extend_schema(responses={204: OpenApiResponse(description="已吊销"), 401: ERROR}, summary="吊销当前令牌")
    def delete(self, request: Request) -> Response:
        token = request.auth
        if not isinstance(token, ApiToken):
            return Response({"code": "not_authenticated", "message": "请使用令牌调用"}, status=401)
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record(K.TOKEN_REVOKED, request=request._request, user=token.user, prefix=token.prefix)
        return Response(status=204)
