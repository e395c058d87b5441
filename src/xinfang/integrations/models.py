"""Idempotent creation and outgoing webhooks: what partner platforms need to stay in sync."""

from __future__ import annotations

from django.db import models


class IdempotencyRecord(models.Model):
    """One creation request by key: a retry with the same key gets the first answer back."""

    scope = models.CharField("接口", max_length=40)
    client = models.CharField("调用方", max_length=100)
    key = models.CharField("幂等键", max_length=255)
    fingerprint = models.CharField("请求指纹", max_length=64)
    # NULL while the first request is still being processed.
    status_code = models.PositiveSmallIntegerField("响应状态", null=True, blank=True)
    body = models.TextField("响应内容", blank=True, default="")
    content_type = models.CharField(max_length=100, blank=True, default="", verbose_name="内容类型")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="创建时间")

    class Meta:
        verbose_name = "幂等记录"
        verbose_name_plural = "幂等记录"
        constraints = [
            models.UniqueConstraint(fields=["scope", "client", "key"], name="idempotency_once_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class WebhookEndpoint(models.Model):
    """A partner URL told about petition state changes, signed with its own secret."""

    name = models.CharField("名称", max_length=100)
    url = models.URLField("地址", max_length=500)
    secret = models.CharField("签名密钥", max_length=128)
    # Event kinds (petition act codes) to send; empty means every state change.
    kinds = models.JSONField("事件类型", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    class Meta:
        verbose_name = "推送地址（Webhook）"
        verbose_name_plural = "推送地址（Webhook）"

    def __str__(self) -> str:
        return self.name

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class WebhookDelivery(models.Model):
    """The outbox: one row per endpoint and petition event, delivered at least once."""

    class State(models.TextChoices):
        PENDING = "pending", "待发送"
        DELIVERED = "delivered", "已送达"
        FAILED = "failed", "已放弃"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name="推送地址"
    )
    event_id = models.BigIntegerField("事件")
    # Receivers dedupe on this id: a redelivery after a lost acknowledgement carries the same one.
    delivery_id = models.CharField(max_length=64, unique=True, verbose_name="推送编号")
    payload = models.JSONField(verbose_name="推送内容")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, verbose_name="状态")
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name="尝试次数")
    next_attempt_at = models.DateTimeField(db_index=True, verbose_name="下次尝试时间")
    last_status = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name="最近响应码")
    last_error = models.CharField(max_length=300, blank=True, default="", verbose_name="最近错误")
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name="送达时间")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    class Meta:
        verbose_name = "推送记录"
        verbose_name_plural = "推送记录"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_once_per_event")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.delivery_id
