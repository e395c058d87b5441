"""Who read whose personal data, and when."""

from django.conf import settings
from django.db import models


class AccessRecord(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="用户"
    )
    # The person record, when the petition is linked to one; the petition names whose details were read.
    petitioner = models.ForeignKey(
        "petitions.Petitioner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="信访人档案",
    )
    petition = models.ForeignKey(
        "petitions.Petition", null=True, on_delete=models.PROTECT, related_name="+", verbose_name="信访事项"
    )
    purpose = models.CharField("用途", max_length=30)
    unmasked = models.BooleanField("查看完整信息", default=False)
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name="IP 地址")
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="访问时间")

    class Meta:
        verbose_name = "个人信息访问记录"
        verbose_name_plural = "个人信息访问记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} {self.petitioner_id}"
