"""Petitioners, petitions (信访事项), their event log, clocks, links and attachments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from xinfang.common.fields import EncryptedTextField
from xinfang.orgs.models import Unit

from .constants import (
    Channel,
    ClosedReason,
    DivertTarget,
    Escalation,
    LinkKind,
    PetitionerKind,
    PetitionType,
    ReplyOutcome,
    Route,
    SuggestionOutcome,
)
from .lifecycle import Status


class Petitioner(models.Model):
    """A 信访人 (Art. 17). ID and phone numbers are SM4-encrypted; the hashes allow exact lookup."""

    kind = models.CharField(
        "信访人类型", max_length=20, choices=PetitionerKind.choices, default=PetitionerKind.PERSON
    )
    name = models.CharField("姓名（名称）", max_length=100)
    id_number = EncryptedTextField("证件号码", blank=True, default="")
    id_number_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    phone = EncryptedTextField("联系电话", blank=True, default="")
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    address = models.CharField("住址", max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "信访人"
        verbose_name_plural = "信访人"

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """Admin-editable 问题分类 (a dictionary in RuoYi terms), with routing defaults."""

    code = models.CharField("分类代码", max_length=40, unique=True)
    name = models.CharField("分类名称", max_length=60)
    default_type = models.CharField("默认信访类型", max_length=20, choices=PetitionType.choices)
    litigation_related = models.BooleanField("涉法涉诉", default=False)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "问题分类"
        verbose_name_plural = "问题分类"
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """路由表 (as FixMyStreet's contacts): a category in an area goes to a handling unit.

    ``area`` empty means "anywhere"; the most specific rule (the nearest area
    above the petition's location) wins.
    """

    category = models.ForeignKey(
        Category, verbose_name="问题分类", on_delete=models.CASCADE, related_name="routes"
    )
    area = models.ForeignKey(
        Unit,
        verbose_name="区域（空为全区）",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    handling_unit = models.ForeignKey(
        Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "分拨路由"
        verbose_name_plural = "分拨路由表"
        constraints = [models.UniqueConstraint(fields=["category", "area"], name="routing_unique")]

    def __str__(self) -> str:
        return f"{self.category} @ {self.area or '全区'} → {self.handling_unit}"


class EvaluationOption(models.Model):
    """Rating options are not fixed by law (regulation §2.14 [NC]); the bureau configures them."""

    code = models.CharField(max_length=20, unique=True)
    label = models.CharField(max_length=20)
    counts_as_satisfied = models.BooleanField(default=False)
    sort = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "评价选项"
        verbose_name_plural = "评价选项"
        ordering = ["sort"]

    def __str__(self) -> str:
        return self.label


class ProtectedStatusError(RuntimeError):
    pass


class Petition(models.Model):
    """A 信访事项. ``status`` only changes through ``petitions.services`` (see ``lifecycle``)."""

    number = models.CharField("信访件编号", max_length=20, unique=True)
    query_code = models.CharField("查询码", max_length=12, unique=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    version = models.PositiveIntegerField(default=1)

    channel = models.CharField("信访形式", max_length=10, choices=Channel.choices)
    type = models.CharField("信访类型", max_length=20, choices=PetitionType.choices)
    category = models.ForeignKey(Category, verbose_name="问题分类", on_delete=models.PROTECT)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("信访内容")
    request = models.TextField("投诉请求", blank=True, default="")
    facts = models.TextField("事实", blank=True, default="")
    reasons = models.TextField("理由", blank=True, default="")
    # Bigram tokens of title and content for full-text search (see petitions.search).
    search_text = models.TextField(blank=True, default="", editable=False)

    petitioner = models.ForeignKey(
        Petitioner, verbose_name="信访人", on_delete=models.PROTECT, related_name="petitions"
    )
    representatives = models.ManyToManyField(
        Petitioner, verbose_name="代表", blank=True, related_name="represented"
    )
    people_count = models.PositiveIntegerField("人数", default=1)

    location_unit = models.ForeignKey(
        Unit, verbose_name="问题属地", on_delete=models.PROTECT, related_name="+"
    )
    registered_unit = models.ForeignKey(
        Unit, verbose_name="登记单位", on_delete=models.PROTECT, related_name="+"
    )
    registered_unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField("收到时间", db_index=True)
    current_unit = models.ForeignKey(
        Unit, verbose_name="当前办理单位", on_delete=models.PROTECT, related_name="+"
    )
    current_unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    dispatcher_unit = models.ForeignKey(
        Unit, verbose_name="转送交办单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    accused_unit = models.ForeignKey(
        Unit, verbose_name="被举报单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accused_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="被举报人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accused_description = models.CharField("被举报对象描述", max_length=200, blank=True, default="")

    litigation_related = models.BooleanField("涉法涉诉", default=False)
    major_urgent = models.BooleanField("重大紧急", default=False)
    escalation = models.CharField(
        "越级进京", max_length=10, choices=Escalation.choices, blank=True, default="", db_index=True
    )
    name_address_unclear = models.BooleanField("姓名住址不清", default=False)
    hearing_open = models.BooleanField("听证进行中", default=False)

    route = models.PositiveSmallIntegerField("分类处理途径", choices=Route.choices, null=True, blank=True)
    divert_target = models.CharField(
        "导出去向", max_length=20, choices=DivertTarget.choices, blank=True, default=""
    )
    reply_outcome = models.CharField(
        "处理意见", max_length=20, choices=ReplyOutcome.choices, blank=True, default=""
    )
    suggestion_outcome = models.CharField(
        "建议采纳情况", max_length=20, choices=SuggestionOutcome.choices, blank=True, default=""
    )
    evaluation = models.CharField("评价", max_length=20, blank=True, default="")
    closed_reason = models.CharField(
        "办结方式", max_length=20, choices=ClosedReason.choices, blank=True, default=""
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    # Earliest due date among running duty clocks, denormalised so lists sort and
    # filter "overdue" (next_due_on < today) without joining the clocks.
    next_due_on = models.DateField("最近期限", null=True, blank=True, db_index=True)

    # Head of this petition's SM3 event chain; detects a deleted last event.
    event_count = models.PositiveIntegerField(default=0, editable=False)
    last_event_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "信访事项"
        verbose_name_plural = "信访事项"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["category", "received_at"]),
            models.Index(fields=["current_unit", "status"]),
            # Only petitions with a running duty clock (a few percent of the table): the
            # overdue list walks this small index newest first instead of the whole table.
            models.Index(
                fields=["-received_at", "next_due_on"],
                condition=models.Q(next_due_on__isnull=False),
                name="petition_clocked_recent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        loaded = getattr(self, "_loaded_status", None)
        if self.pk and loaded is not None and loaded != self.status:
            raise ProtectedStatusError("status changes only through petitions.services")
        super().save(*args, **kwargs)
        self._loaded_status: str | None = self.status

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> Petition:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def is_collective(self) -> bool:
        from .constants import COLLECTIVE_THRESHOLD

        return self.people_count >= COLLECTIVE_THRESHOLD


class PetitionEvent(models.Model):
    """One legal act or record on a petition; SM3 hash-chained per petition (``seq`` 1, 2, …)."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField("事件", max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField("发生时间", db_index=True)
    from_status = models.CharField(max_length=20, blank=True, default="")
    to_status = models.CharField(max_length=20, blank=True, default="")
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["petition_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["petition", "seq"], name="event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.petition_id}#{self.seq} {self.kind}"

    @property
    def kind_label(self) -> str:
        from .lifecycle import Act

        return str(Act(self.kind).label) if self.kind in Act.values else self.kind


class Deadline(models.Model):
    """A statutory clock (D-table), materialised from the event log after every event."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="deadlines")
    code = models.CharField("期限代码", max_length=4)
    instance = models.PositiveSmallIntegerField(default=1)
    name = models.CharField("期限名称", max_length=60)
    article = models.CharField("依据", max_length=40)
    nature = models.CharField(max_length=10)
    days = models.PositiveIntegerField(null=True)
    unit = models.CharField(max_length=10)
    start_on = models.DateField()
    due_on = models.DateField(null=True, db_index=True)
    state = models.CharField("状态", max_length=10, db_index=True)
    stopped_on = models.DateField(null=True)
    paused_days = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"
        ordering = ["petition_id", "start_on", "code", "instance"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "code", "instance"], name="deadline_unique"),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.code} {self.due_on}"


class PetitionLink(models.Model):
    source = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    similarity = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class Attachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, blank=True, default="")
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Sequence(models.Model):
    """Gap-free yearly counters for petition numbers (locked row per name)."""

    name = models.CharField(max_length=40, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
