"""Ledger exports built by the worker (larger than an interactive download)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class LedgerExport(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "生成失败"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("台账名称", max_length=40)
    params = models.JSONField("筛选条件", default=dict)
    conditions = models.CharField("筛选条件说明", max_length=300, blank=True, default="")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    rows = models.PositiveIntegerField("件数", default=0)
    file = models.FileField("文件", upload_to="ledgers/%Y/%m/", blank=True)
    error = models.CharField("错误", max_length=300, blank=True, default="")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "台账导出"
        verbose_name_plural = "台账导出"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def download_name(self) -> str:
        return f"{self.title}-{timezone.localtime(self.created_at):%Y%m%d}.xlsx"


class ImportedFile(models.Model):
    """A file imported into the ledger, by its SHA-256: the same file is not imported twice (#11.5)."""

    sha256 = models.CharField("文件摘要（SHA-256）", max_length=64, unique=True)
    name = models.CharField("文件名", max_length=255)
    rows = models.PositiveIntegerField("导入件数", default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "已导入文件"
        verbose_name_plural = "已导入文件"

    def __str__(self) -> str:
        return self.name
