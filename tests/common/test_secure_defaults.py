"""Secure by default (#12.1, ADR 0014 §8): production settings refuse to start on missing or
public keys, never show a debug page, and send the headers a security review expects."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from xinfang.common import crypto

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "xinfang"
KEY_NAMES = ("XINFANG_SECRET_KEY", "XINFANG_SM4_KEY", "XINFANG_LOOKUP_KEY")


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("XINFANG_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env["DJANGO_SETTINGS_MODULE"] = "xinfang.settings.base"
    env.update(extra)
    return env


def run_xinfang(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "xinfang", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def good_keys() -> dict[str, str]:
    import secrets

    return {
        "XINFANG_SECRET_KEY": secrets.token_urlsafe(50),
        "XINFANG_SM4_KEY": secrets.token_hex(16),
        "XINFANG_LOOKUP_KEY": secrets.token_urlsafe(32),
    }


def test_production_settings_have_debug_off_and_no_key_defaults() -> None:
    from xinfang.settings import base

    assert base.DEBUG is False
    source = (SRC / "settings" / "base.py").read_text()
    assert "DEBUG = False" in source and "XINFANG_DEBUG" not in source
    # Keys come only from read_secret (environment or *_FILE), never a literal default.
    for name in KEY_NAMES:
        assert re.search(rf'{name} = read_secret\("{name}"\)', source) or name == "XINFANG_SECRET_KEY"
    assert 'SECRET_KEY = read_secret("XINFANG_SECRET_KEY")' in source


def test_refuses_to_start_without_keys(tmp_path: Path) -> None:
    result = run_xinfang("check", env=clean_env(), cwd=tmp_path)
    assert result.returncode != 0
    for code in ("xinfang.E001", "xinfang.E002", "xinfang.E003"):
        assert code in result.stderr
    assert "未设置个人信息加密密钥" in result.stderr and "must be 32 hex digits" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("XINFANG_SECRET_KEY", "dev-only-insecure-key-change-me-in-production"),
        ("XINFANG_SM4_KEY", "00112233445566778899aabbccddeeff"),
    ],
)
def test_refuses_values_known_from_the_source(tmp_path: Path, name: str, value: str) -> None:
    result = run_xinfang("check", env=clean_env(**{**good_keys(), name: value}), cwd=tmp_path)
    assert result.returncode != 0
    assert "xinfang.E004" in result.stderr and name in result.stderr


def test_refuses_the_sm4_key_old_versions_derived_from_the_public_secret(tmp_path: Path) -> None:
    derived = crypto.sm3_hex(b"sm4:dev-only-insecure-key-change-me-in-production")[:32]
    result = run_xinfang("check", env=clean_env(**{**good_keys(), "XINFANG_SM4_KEY": derived}), cwd=tmp_path)
    assert result.returncode != 0 and "xinfang.E004" in result.stderr


def test_keys_from_files_pass_and_deploy_check_is_clean(tmp_path: Path) -> None:
    env = clean_env()
    for name, value in good_keys().items():
        path = tmp_path / name.lower()
        path.write_text(value + "\n")
        env[f"{name}_FILE"] = str(path)
    result = run_xinfang(
        "check", "--deploy", "--fail-level", "WARNING", "--tag", "security", env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_wsgi_application_refuses_to_load_without_keys(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import xinfang.wsgi"],
        env=clean_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "xinfang.E002" in result.stderr


def test_no_key_is_derived_from_the_secret() -> None:
    crypto._ring.cache_clear()
    with override_settings(XINFANG_SM4_KEY="", XINFANG_LOOKUP_KEY=""), pytest.raises(ImproperlyConfigured):
        crypto.encrypt("13912345678")
    crypto._ring.cache_clear()


def test_ciphertext_carries_its_key_version() -> None:
    token = crypto.encrypt("13912345678")
    assert token.startswith(f"sm4g{settings.XINFANG_SM4_KEY_VERSION}:")
    assert crypto.token_version(token) == settings.XINFANG_SM4_KEY_VERSION
    assert crypto.decrypt(token) == "13912345678"


def test_dev_settings_generate_random_keys_once(tmp_path: Path) -> None:
    env = clean_env(DJANGO_SETTINGS_MODULE="xinfang.settings.dev", XINFANG_VAR_DIR=str(tmp_path / "var"))
    code = "from django.conf import settings as s; print(s.DEBUG, s.XINFANG_SM4_KEY)"
    first = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
    )
    second = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout and first.stdout.startswith("True ")
    secrets_file = tmp_path / "var" / "dev-secrets.env"
    assert oct(secrets_file.stat().st_mode & 0o777) == "0o600"
    assert first.stdout.split()[1] not in (SRC / "settings" / "dev.py").read_text()
    other = clean_env(DJANGO_SETTINGS_MODULE="xinfang.settings.dev", XINFANG_VAR_DIR=str(tmp_path / "other"))
    third = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=other,
        capture_output=True,
        text=True,
    )
    assert third.stdout != first.stdout  # random per installation, not derived from the source
    assert "var/" in (ROOT / ".gitignore").read_text()


@pytest.mark.django_db
def test_nul_in_open311_parameter_is_a_400_naming_the_field() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/open311/v2/requests.json", {"service_request_id": "XF\x00", "status": "open"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "service_request_id" in body and "控制字符" in body
    assert "DATABASE" not in body and "Traceback" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "kind"),
    [("/api/petitions/check/", "json"), ("/portal/submit/", "form"), ("/accounts/login/", "form")],
)
def test_control_characters_in_any_input_are_a_400(path: str, kind: str) -> None:
    client = Client(raise_request_exception=False, enforce_csrf_checks=False)
    if kind == "json":
        response = client.post(path, {"title": "标题\x00", "content": "ok"}, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["fields"] == {"title": "含有不允许的控制字符"}
        assert response.json()["message"].endswith("：标题") and "NUL" not in response.json()["message"]
    else:
        response = client.post(path, {"username": "a\x07b", "password": "x"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "用户名" in body and "username" not in body


def test_line_breaks_and_tabs_are_still_accepted() -> None:
    from django.test import RequestFactory

    from xinfang.common.middleware import bad_fields

    request = RequestFactory().post("/x/", {"content": "第一行\r\n第二行\t完"})
    assert bad_fields(request) == []


def boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("secret detail DATABASE_URL=postgres://user:pw@db/xinfang")


def _urls() -> list[object]:
    from django.urls import path

    from xinfang import urls

    return [path("boom/", boom), path("api/boom/", boom), *urls.urlpatterns]


@pytest.mark.django_db
def test_server_error_is_a_plain_chinese_page_with_a_request_id() -> None:
    import types

    module = types.ModuleType("boom_urls")
    module.urlpatterns = _urls()  # type: ignore[attr-defined]
    module.handler500 = "xinfang.common.errorpages.server_error"  # type: ignore[attr-defined]
    sys.modules["boom_urls"] = module
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="boom_urls"):
        page = client.get("/boom/")
        api = client.get("/api/boom/")
    assert page.status_code == 500 and "服务器内部错误" in page.content.decode()
    rid = page["X-Request-ID"]
    assert rid in page.content.decode()
    assert "DATABASE_URL" not in page.content.decode() and "Traceback" not in page.content.decode()
    assert api.status_code == 500
    assert api.json()["request_id"] == api["X-Request-ID"] and api.json()["code"] == "server_error"


@pytest.mark.django_db
def test_not_found_is_chinese_and_json_for_the_api() -> None:
    client = Client()
    assert "页面不存在" in client.get("/no-such-page/").content.decode()
    assert client.get("/api/no-such/").json()["code"] == "not_found"


@pytest.mark.django_db
def test_headers_csp_without_inline_script_and_hsts_over_https() -> None:
    response = Client().get("/accounts/login/", secure=True)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Request-ID"]
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY


def test_no_template_holds_inline_script_style_or_handlers() -> None:
    offenders = []
    for template in SRC.rglob("*.html"):
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style", r'\sstyle="', r"\son[a-z]+="):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(SRC)}: {pattern}")
    assert offenders == []


@pytest.mark.django_db
def test_health_and_readiness_endpoints() -> None:
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


@pytest.mark.django_db
def test_app_api_paths_answer_json_too() -> None:
    response = Client().post("/intake/api/analyse/", {"content": "a\x00b"})
    assert response.status_code == 400 and response.json()["fields"] == {"content": "含有不允许的控制字符"}


def test_favicon_ico_is_the_shipped_icon_for_anyone(client: Client) -> None:
    """Pages that name no icon (admin, error pages) make browsers ask for /favicon.ico: not a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg") and "web/favicon" in response["Location"]
