"""Admin-editable calendar overrides for the statutory clocks."""

from django.db import models


class HolidayOverride(models.Model):
    """A day whose working status differs from (or is missing in) the chinese-calendar package.

    Entering any day of a year marks that year as maintained, which silences the
    "holiday data missing" warning for it.
    """

    day = models.DateField("日期", unique=True)
    is_working = models.BooleanField("是否工作日", help_text="勾选表示上班（含调休上班日），不勾选表示休息")
    note = models.CharField("说明", max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_working else '休息'}"
