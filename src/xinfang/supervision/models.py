"""Supervision data: 督办 orders, 催办, 包案, the key-case ledger, 评查, notifications, audit rows.

Models hold data and invariants only; every write is in ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xinfang.orgs.constants import AdminLevel
from xinfang.orgs.models import User

from .constants import (
    Adoption,
    KeyCaseKind,
    KeyCaseStatus,
    NotificationKind,
    OrderProblem,
    OrderReason,
    OrderStatus,
    WarningLevel,
)

USER = settings.AUTH_USER_MODEL


class SupervisionOrder(models.Model):
    """督办单 (Art. 40): a petition department orders a unit to fix a problem and answer in writing.

    Without a petition the order is unit-wide (e.g. a pattern of delays). The
    state only changes through ``services.orders`` (see ``constants`` for the table).
    """

    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name="信访事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_unit = models.ForeignKey(
        "orgs.Unit", verbose_name="被督办单位", on_delete=models.PROTECT, related_name="+"
    )
    problem = models.CharField("发现的问题", max_length=20, choices=OrderProblem.choices)
    reason = models.CharField("建议类型", max_length=20, choices=OrderReason.choices)
    content = models.TextField("督办事项及建议")
    due_on = models.DateField("反馈期限", db_index=True)
    status = models.CharField(
        "状态", max_length=20, choices=OrderStatus.choices, default=OrderStatus.ISSUED, db_index=True
    )
    issued_by = models.ForeignKey(USER, verbose_name="督办人", on_delete=models.PROTECT, related_name="+")
    issuer_unit = models.ForeignKey(
        "orgs.Unit", verbose_name="督办单位", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("督办时间")
    listed = models.BooleanField("挂牌督办", default=False, db_index=True)
    listed_at = models.DateTimeField("挂牌时间", null=True, blank=True)
    feedback = models.TextField("书面反馈", blank=True, default="")
    adoption = models.CharField("采纳情况", max_length=20, choices=Adoption.choices, blank=True, default="")
    feedback_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="反馈人"
    )
    feedback_at = models.DateTimeField("反馈时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True, default="")
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="审核人"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["target_unit", "status"])]

    def __str__(self) -> str:
        return f"督办单{self.pk}"

    @property
    def number(self) -> str:
        return f"DB{timezone.localtime(self.issued_at):%Y}{self.pk:05d}"

    @property
    def answer_overdue(self) -> bool:
        """The written answer is still owed and its day has passed (local date)."""
        owed = self.status in (OrderStatus.ISSUED, OrderStatus.RETURNED)
        return owed and timezone.localdate() > self.due_on


class OrderAttachment(models.Model):
    order = models.ForeignKey(
        SupervisionOrder, on_delete=models.CASCADE, related_name="attachments", verbose_name="督办单"
    )
    file = models.FileField(upload_to="supervision/%Y/%m/", verbose_name="文件")
    name = models.CharField(max_length=200, verbose_name="文件名")
    size = models.PositiveIntegerField(default=0, verbose_name="大小（字节）")
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name="上传时间")

    class Meta:
        verbose_name = "督办附件"
        verbose_name_plural = "督办附件"

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """催办: a nudge to the unit that owes an answer, on an order or directly on a petition."""

    order = models.ForeignKey(
        SupervisionOrder,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name="督办单",
    )
    petition = models.ForeignKey(
        "petitions.Petition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="信访事项",
    )
    target_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="催办单位"
    )
    note = models.CharField("催办内容", max_length=500)
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="催办人")
    sent_at = models.DateTimeField("催办时间")

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(order__isnull=False) | Q(petition__isnull=False), name="reminder_has_subject"
            )
        ]

    def __str__(self) -> str:
        return f"催办{self.pk}"


class CaseOwnership(models.Model):
    """领导包案: one leader owns a petition until it is raised (提级) or released; rows are history."""

    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.PROTECT, related_name="+", verbose_name="信访事项"
    )
    leader = models.ForeignKey(USER, verbose_name="包案领导", on_delete=models.PROTECT, related_name="+")
    # The leader's administrative level when assigned (smaller is higher, as AdminLevel).
    level = models.PositiveSmallIntegerField("包案层级", choices=AdminLevel.choices)
    raised_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="raised_to",
        verbose_name="原级别",
    )
    note = models.CharField("说明", max_length=300, blank=True, default="")
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="指定人")
    assigned_at = models.DateTimeField("包案时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "领导包案"
        verbose_name_plural = "领导包案"
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition"], condition=Q(ended_at__isnull=True), name="one_active_ownership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.leader_id}"


class KeyCase(models.Model):
    """重点人/重点案件 ledger entry with several responsible officials; 销号 only once resolved."""

    kind = models.CharField("类别", max_length=10, choices=KeyCaseKind.choices)
    subject = models.CharField("对象", max_length=200)
    petition = models.ForeignKey(
        "petitions.Petition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="信访事项",
    )
    description = models.TextField("基本情况", blank=True, default="")
    officials = models.ManyToManyField(User, verbose_name="责任人", related_name="+")
    status = models.CharField(
        "状态", max_length=20, choices=KeyCaseStatus.choices, default=KeyCaseStatus.RESOLVING, db_index=True
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("建档时间")
    status_changed_at = models.DateTimeField("状态更新时间")
    closed_at = models.DateTimeField("销号时间", null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="销号人"
    )
    close_note = models.CharField("销号说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "重点人/重点案件"
        verbose_name_plural = "重点人/重点案件"
        ordering = ["closed_at", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(status=KeyCaseStatus.RESOLVED),
                name="key_case_closed_only_resolved",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class ReviewItem(models.Model):
    """One line of the 评查 checklist; edited in the admin (max score per item)."""

    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("评查项目", max_length=100)
    max_score = models.PositiveSmallIntegerField("满分")
    sort = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "评查项目"
        verbose_name_plural = "评查项目"
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class QualityReview(models.Model):
    """案件质量评查: one reviewer's scores for one petition."""

    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.PROTECT, related_name="+", verbose_name="信访事项"
    )
    reviewer = models.ForeignKey(USER, verbose_name="评查人", on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField("总分")
    max_total = models.PositiveIntegerField("满分")
    comment = models.TextField("评查意见", blank=True, default="")
    reviewed_at = models.DateTimeField("评查时间")

    class Meta:
        verbose_name = "案件质量评查"
        verbose_name_plural = "案件质量评查"
        ordering = ["-reviewed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.reviewer_id} {self.total}"


class ReviewScore(models.Model):
    review = models.ForeignKey(
        QualityReview, on_delete=models.CASCADE, related_name="scores", verbose_name="质量评查"
    )
    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="+", verbose_name="评查项目")
    # Copied so later edits of the checklist do not change past reviews.
    max_score = models.PositiveSmallIntegerField(verbose_name="满分")
    score = models.PositiveSmallIntegerField(verbose_name="得分")
    note = models.CharField(max_length=200, blank=True, default="", verbose_name="备注")

    class Meta:
        verbose_name = "评查得分"
        verbose_name_plural = "评查得分"
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.score}"


class Notification(models.Model):
    """An in-app message to one member of staff; read once opened or marked."""

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name="接收人")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices, verbose_name="类型")
    title = models.CharField(max_length=200, verbose_name="标题")
    body = models.TextField(blank=True, default="", verbose_name="内容")
    link = models.CharField(max_length=200, blank=True, default="", verbose_name="链接")
    petition = models.ForeignKey(
        "petitions.Petition",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="信访事项",
    )
    order = models.ForeignKey(
        SupervisionOrder,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="督办单",
    )
    created_at = models.DateTimeField(db_index=True, verbose_name="发送时间")
    read_at = models.DateTimeField(null=True, blank=True, verbose_name="阅读时间")

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # A person's notices newest first, and their unread ones: the first page is read from
            # the index, whatever the number of notices (#13: 61 ms → index walk at 1M).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recent"),
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_recent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class UnreadTally(models.Model):
    """Unread notifications per recipient, kept by the services that create and read them (ADR 0014 §7).

    The navigation badge reads one row instead of counting a recipient's unread rows.
    """

    recipient = models.OneToOneField(
        USER, verbose_name="接收人", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    unread = models.IntegerField("未读数", default=0)

    class Meta:
        verbose_name = "未读通知计数"
        verbose_name_plural = "未读通知计数"

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.unread}"


class WarningMark(models.Model):
    """The idempotency key of the warning job: one row per clock (or order) × level × recipient.

    ``subject`` names the watched duty: ``clock:<petition>:<code>:<instance>`` or
    ``order:<pk>``. Clock rows are re-derived after every event (new primary keys),
    so the key uses the clock's stable identity, not the Deadline row.
    """

    subject = models.CharField(max_length=80, verbose_name="对象")
    level = models.CharField(max_length=10, choices=WarningLevel.choices, verbose_name="等级")
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name="接收人")
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="mark", verbose_name="通知"
    )
    due_on = models.DateField(verbose_name="届满日")
    created_at = models.DateTimeField(verbose_name="创建时间")

    class Meta:
        verbose_name = "预警记录"
        verbose_name_plural = "预警记录"
        constraints = [
            models.UniqueConstraint(fields=["subject", "level", "recipient"], name="warning_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.level} {self.recipient_id}"


class SupervisionLog(models.Model):
    """Who did which supervision act, when: the app's own audit trail (the petition log stays untouched)."""

    action = models.CharField(max_length=30, db_index=True, verbose_name="操作")
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    actor_unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="操作单位",
    )
    at = models.DateTimeField(db_index=True, verbose_name="操作时间")
    petition = models.ForeignKey(
        "petitions.Petition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="信访事项",
    )
    order = models.ForeignKey(
        SupervisionOrder,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="督办单",
    )
    key_case = models.ForeignKey(
        KeyCase, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="重点案件"
    )
    from_status = models.CharField(max_length=20, blank=True, default="", verbose_name="原状态")
    to_status = models.CharField(max_length=20, blank=True, default="", verbose_name="新状态")
    payload = models.JSONField(default=dict, blank=True, verbose_name="内容")

    class Meta:
        verbose_name = "督查记录"
        verbose_name_plural = "督查记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {timezone.localtime(self.at):%Y-%m-%d}"
