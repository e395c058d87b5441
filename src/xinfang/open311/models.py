"""Open311 GeoReport v2 clients, the service list's mapping onto categories, and the requests brought in."""

from __future__ import annotations

import hashlib

from django.db import models

from xinfang.petitions.models import Attachment, Category, Petition


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiClient(models.Model):
    """A partner platform (12345 hotline, 一网通办…) allowed to POST requests. Only the key's hash is kept."""

    name = models.CharField("对接平台", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False, verbose_name="密钥摘要")
    key_prefix = models.CharField("密钥前缀", max_length=8, editable=False)
    is_active = models.BooleanField("启用", default=True)
    # Blank: the key works for the deployment's jurisdiction_id; set: only for that one.
    jurisdiction_id = models.CharField("限定辖区标识", max_length=100, blank=True, default="")
    # Clients sharing a value share one quota (e.g. several keys of one hotline); blank: per client.
    rate_limit_identity = models.CharField("限流身份", max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    class Meta:
        verbose_name = "Open311 接入方"
        verbose_name_plural = "Open311 接入方"

    def __str__(self) -> str:
        return f"{self.name}（{self.key_prefix}…）"

    @property
    def rate_identity(self) -> str:
        return self.rate_limit_identity or f"open311-client-{self.pk}"


class Open311Service(models.Model):
    """How a category appears in the service list. A category without a row is listed with defaults."""

    category = models.OneToOneField(
        Category, on_delete=models.CASCADE, related_name="open311_service", verbose_name="问题分类"
    )
    is_listed = models.BooleanField("对外开放", default=True)
    group = models.CharField("分组", max_length=60, blank=True, default="")
    keywords = models.CharField("关键词（逗号分隔）", max_length=200, blank=True, default="")
    description = models.CharField("说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "Open311 服务类型"
        verbose_name_plural = "Open311 服务类型"

    def __str__(self) -> str:
        return self.category.code


class Open311Request(models.Model):
    """The Open311 side of a petition that arrived through the GeoReport API (channel 网上)."""

    petition = models.OneToOneField(
        Petition, on_delete=models.PROTECT, related_name="open311", verbose_name="信访事项"
    )
    client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, related_name="requests", verbose_name="接入方"
    )
    token = models.CharField(max_length=32, unique=True, verbose_name="受理令牌")
    service_code = models.CharField(max_length=40, verbose_name="服务代码")
    address_string = models.CharField(max_length=300, blank=True, default="", verbose_name="地址")
    address_id = models.CharField(max_length=100, blank=True, default="", verbose_name="地址编号")
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, verbose_name="纬度")
    long = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, verbose_name="经度")
    media_url = models.URLField(max_length=500, blank=True, default="", verbose_name="图片链接")
    account_id = models.CharField(max_length=100, blank=True, default="", verbose_name="账户编号")
    requested_at = models.DateTimeField(db_index=True, verbose_name="提交时间")
    # SHA-256 of client, service, content, place and person: a resend without an Idempotency-Key
    # inside the duplicate window finds the first request (see services.duplicate_fingerprint).
    fingerprint = models.CharField(
        max_length=64, blank=True, default="", editable=False, verbose_name="内容指纹"
    )

    class Meta:
        verbose_name = "Open311 请求"
        verbose_name_plural = "Open311 请求"
        indexes = [
            models.Index(fields=["client", "fingerprint", "requested_at"], name="open311_duplicate_lookup")
        ]

    def __str__(self) -> str:
        return self.token


class Open311Update(models.Model):
    """A petitioner's comment or new material sent by a client (mySociety's POST servicerequestupdates).

    It is stored as the petitioner's material (Act.ATTACH, a text file) and never changes the
    petition's state. ``external_id`` is the client's own update_id: a resend returns the first answer.
    """

    request = models.ForeignKey(
        Open311Request, on_delete=models.PROTECT, related_name="updates", verbose_name="服务请求"
    )
    external_id = models.CharField("对方编号（update_id）", max_length=100, blank=True, default="")
    event_seq = models.PositiveIntegerField("办理记录序号")
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="材料"
    )
    received_at = models.DateTimeField("收到时间", auto_now_add=True)

    class Meta:
        verbose_name = "Open311 补充意见"
        verbose_name_plural = "Open311 补充意见"
        constraints = [
            models.UniqueConstraint(
                fields=["request", "external_id"],
                condition=~models.Q(external_id=""),
                name="open311_update_external_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.petition_id}-{self.event_seq}"
