"""Identity and audit records (等保三级): the security log, password history and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号锁定"
    UNLOCKED = "unlocked", "解除锁定"
    LOGOUT = "logout", "退出登录"
    SESSION_EXPIRED = "session_expired", "会话超时"
    OTP_VERIFIED = "otp_verified", "动态口令验证成功"
    OTP_FAILED = "otp_failed", "动态口令验证失败"
    OTP_ENROLLED = "otp_enrolled", "绑定动态口令"
    OTP_RESET = "otp_reset", "重置动态口令"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    PASSWORD_RESET = "password_reset", "管理员重置密码"
    ROLE_CHANGED = "role_changed", "角色变更"
    PERMISSION_CHANGED = "permission_changed", "权限变更"
    ACCOUNT_CHANGED = "account_changed", "账号属性变更"
    TOKEN_ISSUED = "token_issued", "签发接口令牌"
    TOKEN_REFUSED = "token_refused", "拒绝签发接口令牌"
    TOKEN_REVOKED = "token_revoked", "吊销接口令牌"
    LOG_EXPORTED = "log_exported", "导出安全日志"
    ACCESS_DENIED = "access_denied", "越权访问被拒绝"


class SecurityEvent(models.Model):
    """Append-only: no admin, no update or delete path; read and exported only by the audit role."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("事件", max_length=30, choices=SecurityEventKind.choices, db_index=True)
    username = models.CharField("账号", max_length=150, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    channel = models.CharField("入口", max_length=20, blank=True)  # web / admin / api
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "安全日志"
        verbose_name_plural = "安全日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"


class PasswordHistory(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="用户"
    )
    password = models.CharField("密码摘要", max_length=128)
    at = models.DateTimeField(auto_now_add=True, verbose_name="设置时间")

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {timezone.localtime(self.at):%Y-%m-%d}"


class ApiToken(models.Model):
    """An API token: shown once, stored as an SM3 digest, scoped and expiring."""

    class Scope(models.TextChoices):
        READ = "read", "只读"
        WRITE = "write", "读写"

    digest = models.CharField("令牌摘要", max_length=64, unique=True)
    prefix = models.CharField("令牌前缀", max_length=8)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("用途", max_length=100, blank=True)
    scopes = models.JSONField("权限范围", default=list)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.user}"


class QueryCodeGuard(models.Model):
    """Wrong phone digits typed for one 查询码 (portal). Five lock the code until the bureau unlocks it.

    Kept for unknown codes as well, so a locked answer never tells a real code from a made-up one.
    """

    query_code = models.CharField("查询码", max_length=20, unique=True)
    failures = models.PositiveIntegerField("连续错误次数", default=0)
    last_failure_at = models.DateTimeField("最近错误", null=True, blank=True)
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)

    class Meta:
        verbose_name = "查询码锁定"
        verbose_name_plural = "查询码锁定"

    def __str__(self) -> str:
        return self.query_code
