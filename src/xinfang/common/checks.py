"""System checks that refuse to start without the deployment's own keys (xinfang.E001–E005).

They run on every management command that checks (``migrate``, ``runserver``, ``xinfang serve``,
``xinfang worker``) and when the WSGI application loads (``xinfang.wsgi``), in every settings
module: production, the development settings (whose keys ``make run`` generates at random) and the
test settings (random throw-away keys per run). Messages are in Chinese and English.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from .secrets import known_values, parse_versioned

HINT = (
    "在环境变量或 *_FILE 指向的文件中设置本部署自己的随机密钥 / "
    "set the deployment's own random key in the environment or a *_FILE"
)


def _is_hex(value: str, length: int) -> bool:
    try:
        return len(bytes.fromhex(value)) == length
    except ValueError:
        return False


@register(Tags.security, deploy=False)
def keys_configured(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    try:
        secret = settings.SECRET_KEY or ""
    except ImproperlyConfigured:  # Django refuses an empty SECRET_KEY on first read
        secret = ""
    sm4 = settings.XINFANG_SM4_KEY or ""
    lookup = settings.XINFANG_LOOKUP_KEY or ""
    if len(secret) < 50 or len(set(secret)) < 5:
        errors.append(
            Error(
                "未设置 Django 密钥或密钥过短（至少 50 个字符） / "
                "XINFANG_SECRET_KEY is missing or shorter than 50 characters",
                hint=HINT,
                id="xinfang.E001",
            )
        )
    if not _is_hex(sm4, 16) or len(set(sm4.lower())) < 4:
        errors.append(
            Error(
                "未设置个人信息加密密钥 XINFANG_SM4_KEY（32 位十六进制） / XINFANG_SM4_KEY must be 32 hex digits",
                hint=HINT,
                id="xinfang.E002",
            )
        )
    if len(lookup) < 32 or len(set(lookup)) < 8:
        errors.append(
            Error(
                "未设置检索密钥 XINFANG_LOOKUP_KEY（至少 32 个字符） / XINFANG_LOOKUP_KEY must be at least 32 characters",
                hint=HINT,
                id="xinfang.E003",
            )
        )
    known = known_values()
    try:
        old_versions = parse_versioned(settings.XINFANG_SM4_OLD_KEYS or "")
    except ValueError:
        old_versions = {}
        errors.append(
            Error(
                "XINFANG_SM4_OLD_KEYS 格式应为 “版本:密钥,版本:密钥” / XINFANG_SM4_OLD_KEYS must read 'version:hex,…'",
                id="xinfang.E005",
            )
        )
    for name, value in [
        ("XINFANG_SECRET_KEY", secret),
        ("XINFANG_SM4_KEY", sm4),
        ("XINFANG_LOOKUP_KEY", lookup),
    ]:
        if value and (value in known or value.lower() in known):
            errors.append(
                Error(
                    f"{name} 使用了源代码中公开的值，任何人都可据此解密数据 / "
                    f"{name} is a value known from the public source",
                    hint=HINT,
                    id="xinfang.E004",
                )
            )
    if any(value.lower() in known for value in old_versions.values()):
        errors.append(
            Error(
                "XINFANG_SM4_OLD_KEYS 含源代码中公开的值 / an old SM4 key is known from the source",
                id="xinfang.E004",
            )
        )
    if int(settings.XINFANG_SM4_KEY_VERSION) in old_versions:
        errors.append(
            Error(
                "XINFANG_SM4_KEY_VERSION 与旧密钥版本重复 / the current key version is also listed as old",
                id="xinfang.E005",
            )
        )
    return errors
