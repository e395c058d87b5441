"""Smart intake: the bureau's dictionary, trained routing models with their feedback, the
near-duplicate index, and risk warnings with editable rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models

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

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="routing_feedback")
    target = models.CharField(max_length=20, choices=RoutingModel.Target.choices)
    suggested = models.CharField("建议值", max_length=60, blank=True, default="")
    chosen = models.CharField("采用值", max_length=60)
    accepted = models.BooleanField("采纳建议")
    model_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "分拨建议反馈"
        verbose_name_plural = "分拨建议反馈"

    def __str__(self) -> str:
        return f"{self.petition_id} {self.target}"


class TextSignature(models.Model):
    """MinHash signature of a petition's normalised text (for the similarity estimate)."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="signature")
    minhash = models.BinaryField()
    title_minhash = models.BinaryField(default=b"")

    class Meta:
        verbose_name = "文本指纹"
        verbose_name_plural = "文本指纹"

    def __str__(self) -> str:
        return str(self.petition_id)


class LshBucket(models.Model):
    """One LSH band of one petition: equal (band, bucket) means a candidate near-duplicate.

    A lookup reads a fixed number of index entries per band, so its cost follows the
    bucket sizes, not the number of petitions.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField()
    bucket = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "bucket"])]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.band}"


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
    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="risk")
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

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="risk_alerts")
    level = models.CharField(max_length=10, choices=Level.choices)
    score = models.PositiveIntegerField()
    reasons = models.JSONField(default=list)
    raised_at = models.DateTimeField(db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
