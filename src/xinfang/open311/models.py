"""Open311 GeoReport v2 clients, the service list's mapping onto categories, and the requests brought in."""

from __future__ import annotations

import hashlib

from django.db import models

from xinfang.petitions.models import Category, Petition


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiClient(models.Model):
    """A partner platform (12345 hotline, 一网通办…) allowed to POST requests. Only the key's hash is kept."""

    name = models.CharField("对接平台", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField("密钥前缀", max_length=8, editable=False)
    is_active = models.BooleanField("启用", default=True)
    # Blank: the key works for the deployment's jurisdiction_id; set: only for that one.
    jurisdiction_id = models.CharField("限定 jurisdiction_id", max_length=100, blank=True, default="")
    # Clients sharing a value share one quota (e.g. several keys of one hotline); blank: per client.
    rate_limit_identity = models.CharField("限流身份", max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

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
    group = models.CharField("分组（group）", max_length=60, blank=True, default="")
    keywords = models.CharField("关键词（keywords，逗号分隔）", max_length=200, blank=True, default="")
    description = models.CharField("说明（description）", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "Open311 服务类型"
        verbose_name_plural = "Open311 服务类型"

    def __str__(self) -> str:
        return self.category.code


class Open311Request(models.Model):
    """The Open311 side of a petition that arrived through the GeoReport API (channel 网上)."""

    petition = models.OneToOneField(Petition, on_delete=models.PROTECT, related_name="open311")
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="requests")
    token = models.CharField(max_length=32, unique=True)
    service_code = models.CharField(max_length=40)
    address_string = models.CharField(max_length=300, blank=True, default="")
    address_id = models.CharField(max_length=100, blank=True, default="")
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    media_url = models.URLField(max_length=500, blank=True, default="")
    account_id = models.CharField(max_length=100, blank=True, default="")
    requested_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "Open311 请求"
        verbose_name_plural = "Open311 请求"

    def __str__(self) -> str:
        return self.token
