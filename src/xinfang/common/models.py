"""Rows shared by every app: the one-time tokens that make a creating form idempotent (#11.5)."""

from __future__ import annotations

from django.db import models


class SubmissionToken(models.Model):
    """A form's one-time token, claimed by the first submission that creates something.

    A reload, the back button or a double click re-sends the same token: the second request
    finds the row and shows the first result instead of creating a second one.
    """

    token = models.CharField("表单令牌", max_length=64, primary_key=True)
    purpose = models.CharField("表单用途", max_length=40)
    result_id = models.BigIntegerField("提交结果编号", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "表单提交令牌"
        verbose_name_plural = "表单提交令牌"

    def __str__(self) -> str:
        return f"{self.purpose} {self.token[:8]}…"
