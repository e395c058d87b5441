"""Smart intake: the bureau's dictionary, trained routing models with their feedback, the
near-duplicate index, and risk warnings with editable rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from xinfang.petitions.models import Petition


class DomainTerm(models.Model):
    """A word jieba must keep whole (拖欠工资, 物业费 …); optionally tied to a category it describes."""

    word = models.CharField("词语", max_length=30, unique=True)
    category_code = models.CharField("所属问题分类代码", max_length=40, blank=True, default="")

    class Meta:
        verbose_name = "领域词"
        verbose_name_plural = "领域词典"

    def __str__(self) -> str:
        return self.word


class RoutingModel(models.Model):
    """One trained classifier for one target, with what it was trained on and how well it did."""

    class Target(models.TextChoices):
        CATEGORY = "category", "问题分类"
        UNIT = "unit", "承办单位"
        TYPE = "type", "信访类型"
        LITIGATION = "litigation", "涉法涉诉"

    target = models.CharField("预测目标", max_length=20, choices=Target.choices)
    version = models.PositiveIntegerField("版本")
    trained_at = models.DateTimeField("训练时间")
    data_size = models.PositiveIntegerField("训练样本数")
    metrics = models.JSONField("评估指标", default=dict)
    blob = models.BinaryField("模型")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "分拨模型"
        verbose_name_plural = "分拨模型"
        constraints = [models.UniqueConstraint(fields=["target", "version"], name="routing_model_version")]

    def __str__(self) -> str:
        return f"{self.get_target_display()} v{self.version}"


class RoutingFeedback(models.Model):
    """What was suggested and what the registrar chose: corrections feed the next training."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="routing_feedback", verbose_name="信访事项"
    )
    target = models.CharField(max_length=20, choices=RoutingModel.Target.choices, verbose_name="实际承办单位")
    suggested = models.CharField("建议值", max_length=60, blank=True, default="")
    chosen = models.CharField("采用值", max_length=60)
    accepted = models.BooleanField("采纳建议")
    model_version = models.PositiveIntegerField(null=True, blank=True, verbose_name="模型版本")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    class Meta:
        verbose_name = "分拨建议反馈"
        verbose_name_plural = "分拨建议反馈"

    def __str__(self) -> str:
        return f"{self.petition_id} {self.target}"


class TextSignature(models.Model):
    """MinHash signatures (64 x uint32) of a petition's normalised text and title."""

    petition = models.OneToOneField(
        Petition,
        on_delete=models.CASCADE,
        related_name="signature",
        primary_key=True,
        verbose_name="信访事项",
    )
    minhash = models.BinaryField(verbose_name="内容指纹")
    title_minhash = models.BinaryField(default=b"", verbose_name="标题指纹")

    class Meta:
        verbose_name = "文本指纹"
        verbose_name_plural = "文本指纹"

    def __str__(self) -> str:
        return str(self.petition_id)


class TermWeights(models.Model):
    """Inverse document frequencies of character bigrams, learnt from the bureau's petitions.

    A pickled, fitted TF-IDF vectorizer: the near-duplicate score is the cosine of two texts'
    weighted bigrams, so bigrams every petition shares count for little. Refreshed by
    ``xinfang intake backfill`` and ``train``; only the newest row is kept.
    """

    computed_at = models.DateTimeField("计算时间", auto_now_add=True)
    documents = models.PositiveIntegerField("样本数")
    blob = models.BinaryField("权重")

    class Meta:
        verbose_name = "查重词权重"
        verbose_name_plural = "查重词权重"

    def __str__(self) -> str:
        return f"{timezone.localtime(self.computed_at):%Y-%m-%d} ({self.documents})"


class LshKey(models.Model):
    """One LSH band key of one petition: an equal key means a candidate near-duplicate.

    The key packs the channel, the band and its signature values into 64 bits; a lookup
    reads a bounded number of the newest rows per key through the (key, petition) index.
    """

    pk = models.CompositePrimaryKey("key", "petition", verbose_name="主键")
    key = models.BigIntegerField(verbose_name="分桶键")
    # No index and no database constraint of its own (64 rows per petition; the deferred check
    # alone doubled a bulk load): petitions with events are never deleted (PROTECT), Django's
    # cascade still removes the rows, and a re-index deletes by (key, petition), the primary key.
    petition = models.ForeignKey(
        Petition,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
        verbose_name="信访事项",
    )

    class Meta:
        verbose_name = "相似检索分桶"
        verbose_name_plural = "相似检索分桶"

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.key}"


class RiskWord(models.Model):
    """A word that raises the risk score when it appears (扬言 / 自伤 / 极端 / 越级进京 / 弱势群体)."""

    class Kind(models.TextChoices):
        THREAT = "threat", "扬言威胁"
        SELF_HARM = "self_harm", "自伤自残"
        EXTREME = "extreme", "极端言行"
        ESCALATION = "escalation", "越级进京"
        VULNERABLE = "vulnerable", "弱势群体"

    word = models.CharField("词语", max_length=30)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    weight = models.PositiveSmallIntegerField("分值", default=20)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "风险词"
        verbose_name_plural = "风险词库"
        constraints = [models.UniqueConstraint(fields=["word", "kind"], name="risk_word_once")]

    def __str__(self) -> str:
        return self.word


class RiskRule(models.Model):
    """A numeric factor of the score (collective size, repeats, overdue …) and the level thresholds."""

    code = models.CharField("规则代码", max_length=30, unique=True)
    label = models.CharField("名称", max_length=60)
    weight = models.PositiveSmallIntegerField("分值")
    threshold = models.PositiveIntegerField("阈值", default=0, help_text="人数、次数或天数，视规则而定")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "风险规则"
        verbose_name_plural = "风险规则"

    def __str__(self) -> str:
        return self.label


class Level(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class RiskAssessment(models.Model):
    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, related_name="risk", verbose_name="信访事项"
    )
    score = models.PositiveIntegerField("风险分")
    level = models.CharField("风险等级", max_length=10, choices=Level.choices, db_index=True)
    reasons = models.JSONField("原因", default=list)
    assessed_at = models.DateTimeField("评估时间")

    class Meta:
        verbose_name = "风险评估"
        verbose_name_plural = "风险评估"

    def __str__(self) -> str:
        return f"{self.petition_id} {self.level}"


class RiskAlert(models.Model):
    """A high-risk petition brought to the duty leader (值班领导); open until acknowledged."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="risk_alerts", verbose_name="信访事项"
    )
    level = models.CharField(max_length=10, choices=Level.choices, verbose_name="风险等级")
    score = models.PositiveIntegerField(verbose_name="风险分值")
    reasons = models.JSONField(default=list, verbose_name="风险因素")
    raised_at = models.DateTimeField(db_index=True, verbose_name="预警时间")
    acknowledged_at = models.DateTimeField(null=True, blank=True, verbose_name="确认时间")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="确认人",
    )

    class Meta:
        verbose_name = "风险预警"
        verbose_name_plural = "风险预警"
        constraints = [
            models.UniqueConstraint(
                fields=["petition"], condition=models.Q(acknowledged_at__isnull=True), name="one_open_alert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.level}"
