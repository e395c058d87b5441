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
    IdentityState,
    LinkKind,
    PetitionerKind,
    PetitionType,
    ReplyOutcome,
    Route,
    SuggestionOutcome,
)
from .lifecycle import Status


class Petitioner(models.Model):
    """信访人档案: the person record petitions link to by verified identity (ADR 0014 §5).

    It holds who the person is (kind, name, ID number), never how to reach them: contact
    details are recorded per petition as given (``Petition.petitioner_*``), so nothing a later
    petition says changes what an earlier one recorded. A record is created only from an ID
    number; the ID number is SM4-encrypted and found through its keyed SM3 hash.
    """

    kind = models.CharField(
        "信访人类型", max_length=20, choices=PetitionerKind.choices, default=PetitionerKind.PERSON
    )
    name = models.CharField("姓名（名称）", max_length=100)
    id_number = EncryptedTextField("证件号码", blank=True, default="")
    id_number_hash = models.CharField(
        max_length=64, blank=True, default="", editable=False, verbose_name="证件号码摘要"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    class Meta:
        verbose_name = "信访人档案"
        verbose_name_plural = "信访人档案"
        # Digests are looked up by equality only: plain indexes (db_index on a CharField would add a
        # second, LIKE-pattern index on PostgreSQL that no query uses and every insert maintains).
        indexes = [models.Index(fields=["id_number_hash"], name="petitioner_id_number_hash")]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """Admin-editable 问题分类 (a dictionary in RuoYi terms), with routing defaults."""

    code = models.CharField("分类代码", max_length=40, unique=True)
    name = models.CharField("分类名称", max_length=60)
    default_type = models.CharField("默认信访类型", max_length=20, choices=PetitionType.choices)
    litigation_related = models.BooleanField("涉法涉诉", default=False)
    sort = models.PositiveIntegerField(default=0, verbose_name="排序")

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

    code = models.CharField(max_length=20, unique=True, verbose_name="选项代码")
    label = models.CharField(max_length=20, verbose_name="选项名称")
    counts_as_satisfied = models.BooleanField(default=False, verbose_name="计为满意")
    sort = models.PositiveIntegerField(default=0, verbose_name="排序")
    is_active = models.BooleanField(default=True, verbose_name="启用")

    class Meta:
        verbose_name = "评价选项"
        verbose_name_plural = "评价选项"
        ordering = ["sort"]

    def __str__(self) -> str:
        return self.label


class ProtectedStatusError(RuntimeError):
    pass


# Every column an approvals count reads besides the indexed one: its own conditions, the scope
# (unit paths, the "only self" users, co-handled ids) and the accusation confidentiality rule.
APPROVAL_COVER = (
    "id",
    "status",
    "type",
    "current_unit_path",
    "registered_unit_path",
    "handling_unit_path",
    "handler",
    "registered_by",
    "accused_person",
    "accused_unit",
)


class Petition(models.Model):
    """A 信访事项. ``status`` only changes through ``petitions.services`` (see ``lifecycle``)."""

    number = models.CharField("信访件编号", max_length=20, unique=True)
    query_code = models.CharField("查询码", max_length=12, unique=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    version = models.PositiveIntegerField(default=1, verbose_name="版本号")

    channel = models.CharField("信访形式", max_length=10, choices=Channel.choices)
    type = models.CharField("信访类型", max_length=20, choices=PetitionType.choices)
    category = models.ForeignKey(Category, verbose_name="问题分类", on_delete=models.PROTECT)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("信访内容")
    request = models.TextField("投诉请求", blank=True, default="")
    facts = models.TextField("事实", blank=True, default="")
    reasons = models.TextField("理由", blank=True, default="")
    # Bigram tokens of title and content for full-text search (see petitions.search).
    search_text = models.TextField(blank=True, default="", editable=False, verbose_name="检索词")

    # The petitioner as given on this petition (ADR 0014 §5): never changed by a later petition.
    # ID number, phone and email are SM4-encrypted, each with a keyed SM3 hash for exact search.
    petitioner_kind = models.CharField(
        "信访人类型", max_length=20, choices=PetitionerKind.choices, default=PetitionerKind.PERSON
    )
    petitioner_name = models.CharField("信访人姓名（名称）", max_length=100, db_index=True)
    petitioner_id_number = EncryptedTextField("信访人证件号码", blank=True, default="")
    petitioner_id_number_hash = models.CharField(
        "证件号码摘要", max_length=64, blank=True, default="", editable=False
    )
    petitioner_phone = EncryptedTextField("信访人联系电话", blank=True, default="")
    petitioner_phone_hash = models.CharField(
        "联系电话摘要", max_length=64, blank=True, default="", editable=False
    )
    petitioner_email = EncryptedTextField("信访人电子邮箱", blank=True, default="")
    petitioner_email_hash = models.CharField(
        "电子邮箱摘要", max_length=64, blank=True, default="", editable=False
    )
    petitioner_address = models.CharField("信访人住址", max_length=200, blank=True, default="")
    # The person record, linked by verified identity only (same ID number and same name).
    petitioner = models.ForeignKey(
        Petitioner,
        verbose_name="信访人档案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    identity_state = models.CharField(
        "身份核验",
        max_length=10,
        choices=IdentityState.choices,
        default=IdentityState.UNLINKED,
        db_index=True,
    )
    people_count = models.PositiveIntegerField("人数", default=1)

    location_unit = models.ForeignKey(
        Unit, verbose_name="问题属地", on_delete=models.PROTECT, related_name="+"
    )
    registered_unit = models.ForeignKey(
        Unit, verbose_name="登记单位", on_delete=models.PROTECT, related_name="+"
    )
    registered_unit_path = models.CharField(
        max_length=255, db_index=True, editable=False, verbose_name="登记单位路径"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField("收到时间", db_index=True)
    current_unit = models.ForeignKey(
        Unit, verbose_name="当前办理单位", on_delete=models.PROTECT, related_name="+"
    )
    current_unit_path = models.CharField(
        max_length=255, db_index=True, editable=False, verbose_name="当前办理单位路径"
    )
    # 承办单位 (ADR 0014 §1): the organ that accepted the matter (受理, or 签收 of a dispatched
    # matter) and whose 处理意见书 a 复查/复核 reviews. Review requests do not change it, so the
    # unit keeps read access through review (visibility reads handling_unit_path) and a
    # "撤销，责令重新办理" decision returns the matter to it.
    handling_unit = models.ForeignKey(
        Unit, verbose_name="承办单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handling_unit_path = models.CharField(
        "承办单位路径", max_length=255, blank=True, default="", db_index=True, editable=False
    )
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
    # Art. 24: a matter involving several organs has a lead organ (牵头单位); the others are
    # JointUnit rows (会办单位). Set by the act ``set_joint``.
    lead_unit = models.ForeignKey(
        Unit, verbose_name="牵头单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    litigation_related = models.BooleanField("涉法涉诉", default=False)
    major_urgent = models.BooleanField("重大紧急", default=False)
    escalation = models.CharField(
        "越级进京", max_length=10, choices=Escalation.choices, blank=True, default="", db_index=True
    )
    name_address_unclear = models.BooleanField("姓名住址不清", default=False)
    hearing_open = models.BooleanField("听证进行中", default=False)
    # A 申请延期 waiting for the unit head (Art. 34): set by request_extension, cleared by the
    # decision (extend / refuse_extension). The approvals queue reads it through a partial index.
    pending_extension = models.BooleanField("延期申请待审批", default=False)
    # 重点案件, maintained (ADR 0014 §7): major or urgent, collective (people_count at or above the
    # practice threshold) or a repeat petition (a 重信重访 link from it). Written with the facts it
    # follows, in the same transaction (``petitions.keycase``); lists filter it through a partial index.
    is_key_case = models.BooleanField("重点案件", default=False, editable=False)

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
    event_count = models.PositiveIntegerField(default=0, editable=False, verbose_name="事件数")
    last_event_hash = models.CharField(
        max_length=64, blank=True, default="", editable=False, verbose_name="末事件摘要"
    )

    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        verbose_name = "信访事项"
        verbose_name_plural = "信访事项"
        ordering = ["-received_at", "-id"]
        indexes = [
            # Digests are looked up by equality only: plain indexes (db_index on a CharField would add a
            # second, LIKE-pattern index on PostgreSQL that no query uses and every insert maintains).
            models.Index(fields=["petitioner_id_number_hash"], name="petition_id_number_hash"),
            models.Index(fields=["petitioner_phone_hash"], name="petition_phone_hash"),
            models.Index(fields=["petitioner_email_hash"], name="petition_email_hash"),
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
            # The approvals (申请延期, 退回): each partial index also carries what the approvals count
            # and the visibility selector read (PostgreSQL INCLUDE), so the home page counts them
            # from the index alone, whatever is in the page cache (``tally.todo_counts``).
            models.Index(
                fields=["current_unit"],
                condition=models.Q(pending_extension=True),
                name="petition_pending_extension",
                include=APPROVAL_COVER,
            ),
            models.Index(
                fields=["dispatcher_unit"],
                condition=models.Q(status="return_requested"),
                name="petition_return_requested",
                include=APPROVAL_COVER,
            ),
            # Key cases (a few percent of the table) in the lists' keyset order (received_at, id):
            # the "重点案件" filter walks or bitmap-scans this small index, never the table.
            models.Index(
                fields=["-received_at", "-id"],
                condition=models.Q(is_key_case=True),
                name="petition_key_recent",
            ),
            models.Index(
                fields=["next_due_on", "-id"],
                condition=models.Q(is_key_case=True),
                name="petition_key_due",
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
        from .practice import collective_threshold

        return self.people_count >= collective_threshold()


class Representative(models.Model):
    """A representative of a collective petition (Art. 20(3)), with their own details as given."""

    petition = models.ForeignKey(
        Petition, verbose_name="信访事项", on_delete=models.CASCADE, related_name="representatives"
    )
    seq = models.PositiveSmallIntegerField("序号")
    name = models.CharField("姓名", max_length=100)
    id_number = EncryptedTextField("证件号码", blank=True, default="")
    id_number_hash = models.CharField("证件号码摘要", max_length=64, blank=True, default="", editable=False)
    phone = EncryptedTextField("联系电话", blank=True, default="")
    phone_hash = models.CharField("联系电话摘要", max_length=64, blank=True, default="", editable=False)
    address = models.CharField("住址", max_length=200, blank=True, default="")
    person = models.ForeignKey(
        Petitioner,
        verbose_name="信访人档案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representations",
    )

    class Meta:
        verbose_name = "集体访代表"
        verbose_name_plural = "集体访代表"
        ordering = ["petition_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["petition", "seq"], name="representative_seq_unique")]
        # Digests, as on the petition, are looked up by equality only: plain indexes (db_index on a CharField would add a
        # second, LIKE-pattern index on PostgreSQL that no query uses and every insert maintains).
        indexes = [
            models.Index(fields=["id_number_hash"], name="representative_id_hash"),
            models.Index(fields=["phone_hash"], name="representative_phone_hash"),
        ]

    def __str__(self) -> str:
        return self.name


class PetitionEvent(models.Model):
    """One legal act or record on a petition; SM3 hash-chained per petition (``seq`` 1, 2, …)."""

    # No index of its own: ``event_seq_unique`` (petition, seq) serves every lookup by petition.
    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="events", verbose_name="信访事项", db_index=False
    )
    seq = models.PositiveIntegerField(verbose_name="序号")
    kind = models.CharField("事件", max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="操作人",
    )
    actor_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="操作单位"
    )
    occurred_at = models.DateTimeField("发生时间", db_index=True)
    from_status = models.CharField(max_length=20, blank=True, default="", verbose_name="原状态")
    to_status = models.CharField(max_length=20, blank=True, default="", verbose_name="新状态")
    payload = models.JSONField(default=dict, verbose_name="事件内容")
    prev_hash = models.CharField(max_length=64, verbose_name="前一事件摘要")
    hash = models.CharField(max_length=64, verbose_name="事件摘要")

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["petition_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["petition", "seq"], name="event_seq_unique")]
        # "Has this petition had a 调解 / 同意退回 / 交办 …" (the KPI measures, analytics.kpi): read
        # from the index alone, per petition or for a whole kind; without it each month of the
        # summary read all events (6.7 million at 1,000,000 petitions) once per such measure.
        indexes = [models.Index(fields=["kind", "petition"], name="event_kind_petition")]

    def __str__(self) -> str:
        return f"{self.petition_id}#{self.seq} {self.kind}"

    @property
    def kind_label(self) -> str:
        from .lifecycle import Act

        return str(Act(self.kind).label) if self.kind in Act.values else self.kind


class JointUnit(models.Model):
    """会办单位 (Art. 24): an organ that handles the matter jointly with the lead organ.

    It sees the matter (``selectors.petitions_visible_to``) and records its contribution with the
    act ``contribute``; the lead organ answers. Rows are written only by ``petition_set_joint``.
    """

    petition = models.ForeignKey(
        Petition, verbose_name="信访事项", on_delete=models.CASCADE, related_name="co_units"
    )
    unit = models.ForeignKey(Unit, verbose_name="会办单位", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField("会办单位路径", max_length=255, db_index=True, editable=False)
    created_at = models.DateTimeField("确定时间", auto_now_add=True)

    class Meta:
        verbose_name = "会办单位"
        verbose_name_plural = "会办单位"
        constraints = [models.UniqueConstraint(fields=["petition", "unit"], name="joint_unit_unique")]

    def __str__(self) -> str:
        return f"{self.petition_id} 会办 {self.unit_id}"


class Deadline(models.Model):
    """A statutory clock (D-table), materialised from the event log after every event."""

    # Indexed as the first column of deadline_unique (no index of its own).
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="deadlines", verbose_name="信访事项", db_index=False
    )
    code = models.CharField("期限代码", max_length=4)
    instance = models.PositiveSmallIntegerField(default=1, verbose_name="次序")
    name = models.CharField("期限名称", max_length=60)
    article = models.CharField("依据", max_length=40)
    nature = models.CharField(max_length=10, verbose_name="性质")
    days = models.PositiveIntegerField(null=True, verbose_name="天数")
    unit = models.CharField(max_length=10, verbose_name="计算单位")
    start_on = models.DateField(verbose_name="起算日")
    due_on = models.DateField(null=True, db_index=True, verbose_name="届满日")
    state = models.CharField("状态", max_length=10)  # indexed first in deadline_state_due
    stopped_on = models.DateField(null=True, verbose_name="停止日")
    paused_days = models.PositiveIntegerField(default=0, verbose_name="中止天数")
    note = models.CharField(max_length=200, blank=True, default="", verbose_name="备注")

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"
        ordering = ["petition_id", "start_on", "code", "instance"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "code", "instance"], name="deadline_unique"),
        ]
        # Clocks by state and due date (warnings, clock refresh, the summary's stale months); the
        # code and petition ride along so the KPI measures' "late" / "still in time" clocks of a
        # kind (analytics.kpi) are read from the index alone, not from 200,000 scattered rows.
        indexes = [
            models.Index(fields=["state", "due_on"], include=["code", "petition"], name="deadline_state_due"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.code} {self.due_on}"


class PetitionLink(models.Model):
    source = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="links_out", verbose_name="信访事项"
    )
    target = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="links_in", verbose_name="关联信访事项"
    )
    kind = models.CharField(max_length=20, choices=LinkKind.choices, verbose_name="关联类型")
    similarity = models.FloatField(null=True, blank=True, verbose_name="相似度")
    note = models.CharField(max_length=200, blank=True, default="", verbose_name="备注")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="创建人",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    class Meta:
        verbose_name = "信访事项关联"
        verbose_name_plural = "信访事项关联"
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class Attachment(models.Model):
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="attachments", verbose_name="信访事项"
    )
    file = models.FileField(upload_to="attachments/%Y/%m/", verbose_name="文件")
    name = models.CharField(max_length=200, verbose_name="文件名")
    content_type = models.CharField(max_length=100, blank=True, default="", verbose_name="文件类型")
    size = models.PositiveIntegerField(default=0, verbose_name="大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="上传人",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name="上传时间")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class Sequence(models.Model):
    """Gap-free yearly counters for petition numbers (locked row per name)."""

    name = models.CharField(max_length=40, unique=True, verbose_name="序列名称")
    value = models.PositiveBigIntegerField(default=0, verbose_name="当前值")

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class AppliedPractice(models.Model):
    """The value of a practice setting (docs/practice-settings.md) that stored data was derived with.

    Practice settings come from the environment and change with a restart. Data derived from one
    records the value here, so that a change is noticed and the data re-derived at once: the
    key-case flag follows ``collective_threshold`` (``keycase.key_cases_follow_threshold``, run by
    ``xinfang migrate`` before the web service starts).
    """

    name = models.CharField("实务选项", max_length=40, unique=True)
    value = models.CharField("生效值", max_length=100)
    applied_at = models.DateTimeField("生效时间", auto_now=True)

    class Meta:
        verbose_name = "已生效的实务选项"
        verbose_name_plural = "已生效的实务选项"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class TallyDimensions(models.Model):
    """The petition columns the visibility rule reads, so pages sum counts instead of scanning.

    Field names equal the ``Petition`` fields they mirror, so the very condition
    ``petitions.selectors`` builds for petitions filters these rows too. ``type`` keeps only
    "accusation" (the one type the confidentiality rule reads; "" otherwise), and
    ``accused_unit_id`` / ``accused_person_id`` are 0 unless the petition is an accusation,
    so that unrelated petitions collapse into few rows (ADR 0014 §7).
    """

    current_unit_path = models.CharField(max_length=255, verbose_name="当前办理单位路径")
    registered_unit_path = models.CharField(max_length=255, verbose_name="登记单位路径")
    handling_unit_path = models.CharField(max_length=255, blank=True, default="", verbose_name="承办单位路径")
    type = models.CharField(max_length=20, blank=True, default="", verbose_name="信访类型")
    accused_unit_id = models.BigIntegerField(default=0, verbose_name="被举报单位编号")
    accused_person_id = models.BigIntegerField(default=0, verbose_name="被举报人编号")
    n = models.IntegerField("件数", default=0)

    DIMENSIONS: tuple[str, ...] = (
        "current_unit_path",
        "registered_unit_path",
        "handling_unit_path",
        "type",
        "accused_unit_id",
        "accused_person_id",
    )

    class Meta:
        abstract = True


class PetitionTally(TallyDimensions):
    """Petitions per visibility dimensions × status, kept by ``apply_act`` and ``petition_register``."""

    status = models.CharField("状态", max_length=20, choices=Status.choices)

    KEY = (*TallyDimensions.DIMENSIONS, "status")

    class Meta:
        verbose_name = "状态计数"
        verbose_name_plural = "状态计数"
        constraints = [
            models.UniqueConstraint(fields=[*TallyDimensions.DIMENSIONS, "status"], name="petition_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.current_unit_path} {self.status} {self.n}"


class PetitionDueTally(TallyDimensions):
    """Petitions per visibility dimensions × next due date (only those with a running duty clock).

    "Overdue" is the sum over dates before today: the cost follows units × dates, not petitions.
    """

    next_due_on = models.DateField("最近期限")

    KEY = (*TallyDimensions.DIMENSIONS, "next_due_on")

    class Meta:
        verbose_name = "期限计数"
        verbose_name_plural = "期限计数"
        constraints = [
            models.UniqueConstraint(
                fields=[*TallyDimensions.DIMENSIONS, "next_due_on"], name="petition_due_tally_key"
            )
        ]
        indexes = [models.Index(fields=["next_due_on"], name="petition_due_tally_due")]

    def __str__(self) -> str:
        return f"{self.current_unit_path} {self.next_due_on} {self.n}"
