"""Monthly statistics (a summary refreshed incrementally) and the activity log (接访、培训、宣传)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xinfang.orgs.models import Unit
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.models import Category


class MonthlyStat(models.Model):
    """Petition counts of one local calendar month (by received_at) for one combination of dimensions.

    The dimensions are those the dashboard groups by (unit, place, category) plus the columns the
    visibility rule reads (unit paths, type, accused unit and person), so ``petitions_visible_to``'s
    conditions apply to these rows unchanged. Measures are per-petition counts; see docs/kpi.md.
    """

    month = models.DateField("月份")  # first day of the local month
    current_unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name="当前办理单位"
    )
    current_unit_path = models.CharField(max_length=255, verbose_name="当前办理单位路径")
    registered_unit_path = models.CharField(max_length=255, verbose_name="登记单位路径")
    location_unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name="问题属地"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="+", verbose_name="问题分类"
    )
    type = models.CharField(max_length=20, choices=PetitionType.choices, verbose_name="信访类型")
    accused_unit = models.ForeignKey(
        Unit, null=True, on_delete=models.CASCADE, related_name="+", verbose_name="被举报单位"
    )
    accused_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="被举报人",
    )

    total = models.PositiveIntegerField(default=0, verbose_name="总量")
    online = models.PositiveIntegerField(default=0, verbose_name="网上信访")
    bypass = models.PositiveIntegerField(default=0, verbose_name="越级")
    beijing = models.PositiveIntegerField(default=0, verbose_name="进京")
    accept_on_time = models.PositiveIntegerField(default=0, verbose_name="按期受理")
    accept_late = models.PositiveIntegerField(default=0, verbose_name="超期受理")
    close_on_time = models.PositiveIntegerField(default=0, verbose_name="按期办结")
    close_late = models.PositiveIntegerField(default=0, verbose_name="超期办结")
    eligible = models.PositiveIntegerField(default=0, verbose_name="应评价")
    rated = models.PositiveIntegerField(default=0, verbose_name="已评价")
    satisfied = models.PositiveIntegerField(default=0, verbose_name="满意")
    basically_satisfied = models.PositiveIntegerField(default=0, verbose_name="基本满意")
    repeat = models.PositiveIntegerField(default=0, verbose_name="重复信访")
    dispatched = models.PositiveIntegerField(default=0, verbose_name="转送交办")
    returned = models.PositiveIntegerField(default=0, verbose_name="退回")
    mediation_concluded = models.PositiveIntegerField(default=0, verbose_name="调解结案")
    mediation_agreed = models.PositiveIntegerField(default=0, verbose_name="调解成功")
    open = models.PositiveIntegerField(default=0, verbose_name="在办")
    overdue = models.PositiveIntegerField(default=0, verbose_name="超期")
    litigation = models.PositiveIntegerField(default=0, verbose_name="涉法涉诉")
    diverted_political_legal = models.PositiveIntegerField(default=0, verbose_name="导入政法")
    diverted_discipline = models.PositiveIntegerField(default=0, verbose_name="导入纪检监察")
    diverted_statutory = models.PositiveIntegerField(default=0, verbose_name="导入法定途径")

    class Meta:
        verbose_name = "月度统计"
        verbose_name_plural = "月度统计"
        indexes = [models.Index(fields=["month", "current_unit"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.current_unit_id} {self.total}"


class StatMonth(models.Model):
    """When each month's rows were last rebuilt."""

    month = models.DateField(primary_key=True, verbose_name="月份")
    refreshed_at = models.DateTimeField(verbose_name="刷新时间")

    class Meta:
        verbose_name = "统计月份"
        verbose_name_plural = "统计月份"

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class StatState(models.Model):
    """Singleton: the highest event id already reflected in the statistics (the incremental watermark)."""

    last_event_id = models.BigIntegerField(default=0, verbose_name="已统计事件编号")
    refreshed_at = models.DateTimeField(null=True, verbose_name="刷新时间")
    full_refreshed_on = models.DateField(null=True, verbose_name="全量刷新日期")

    class Meta:
        verbose_name = "统计状态"
        verbose_name_plural = "统计状态"

    def __str__(self) -> str:
        return f"event {self.last_event_id}"


class ActivityKind(models.TextChoices):
    RECEPTION = "reception", "接访"
    LEADER_RECEPTION = "leader_reception", "领导接访日"
    DEPUTY_RECEPTION = "deputy_reception", "分管领导接访日"
    LEGAL_CONSULTATION = "legal_consultation", "法律咨询"
    TRAINING = "training", "业务培训"
    PUBLICITY = "publicity", "法治宣传"


class Activity(models.Model):
    """One recorded activity: a reception session, legal consultation, training or publicity event.

    The annual rule-of-law statistics quote these numbers; they are not petitions, so staff record
    them here (page 工作活动登记, or the admin).
    """

    kind = models.CharField("类型", max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField("日期", db_index=True)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("主题", max_length=200)
    batches = models.PositiveIntegerField("批次", default=1)
    person_times = models.PositiveIntegerField("人次", default=0)
    lawyers = models.PositiveIntegerField("第三方律师（人次）", default=0)
    social_workers = models.PositiveIntegerField("社会工作者（人次）", default=0)
    psychologists = models.PositiveIntegerField("心理咨询师（人次）", default=0)
    leader = models.CharField("接访领导", max_length=60, blank=True, default="")
    note = models.CharField("备注", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作活动"
        verbose_name_plural = "工作活动"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()} {self.title}"
