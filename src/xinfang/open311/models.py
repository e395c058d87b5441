"""Open311 GeoReport v2 clients and the requests they brought in."""

from __future__ import annotations

import hashlib

from django.db import models

from xinfang.petitions.models import Petition


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiClient(models.Model):
    """A partner platform (12345 hotline, 一网通办…) allowed to POST requests. Only the key's hash is kept."""

    name = models.CharField("对接平台", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField("密钥前缀", max_length=8, editable=False)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Open311 接入方"
        verbose_name_plural = "Open311 接入方"

    def __str__(self) -> str:
        return f"{self.name}（{self.key_prefix}…）"


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
