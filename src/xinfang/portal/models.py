"""人民建议转化运用清单 (Art. 29): what the public may read about an adopted suggestion."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xinfang.petitions.models import Petition


class SuggestionPublication(models.Model):
    """Staff write the public summary; the raw text and the suggester's identity are never shown."""

    petition = models.OneToOneField(
        Petition, on_delete=models.PROTECT, related_name="publication", verbose_name="信访事项"
    )
    title = models.CharField("公开标题", max_length=100)
    summary = models.TextField("建议摘要")
    adoption = models.CharField("采纳情况", max_length=20)
    outcome = models.TextField("转化运用情况")
    published = models.BooleanField("公开", default=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="编辑人"
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        verbose_name = "人民建议转化运用"
        verbose_name_plural = "人民建议转化运用清单"
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title
