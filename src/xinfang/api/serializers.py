"""Thin input/output shapes for the REST API; all decisions live in services and selectors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xinfang.orgs.models import Unit
from xinfang.petitions.constants import Channel, Escalation, IdentityState, PetitionerKind, PetitionType
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Category, Deadline, Petition, PetitionEvent
from xinfang.petitions.selectors import clock_state_today
from xinfang.statute.dtable import ClockState


class PersonIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PetitionerKind.choices, default=PetitionerKind.PERSON)
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")


class PetitionCreateIn(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    type = serializers.ChoiceField(choices=PetitionType.choices, required=False, allow_blank=True, default="")
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all())
    title = serializers.CharField(max_length=200)
    content = serializers.CharField()
    request = serializers.CharField(required=False, allow_blank=True, default="")
    facts = serializers.CharField(required=False, allow_blank=True, default="")
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    people_count = serializers.IntegerField(min_value=1, max_value=100000, default=1)
    petitioner = PersonIn()
    representatives = PersonIn(many=True, required=False, default=list)
    location_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    accused_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )
    accused_description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    litigation_related = serializers.BooleanField(default=False)
    major_urgent = serializers.BooleanField(default=False)
    escalation = serializers.ChoiceField(choices=Escalation.choices, required=False, default="")
    name_address_unclear = serializers.BooleanField(default=False)
    competent_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )


class RuleDecisionOut(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField()
    article = serializers.CharField()
    message = serializers.CharField()
    suggested_act = serializers.CharField()
    ground = serializers.CharField()
    related = serializers.ListField(child=serializers.IntegerField())


class PetitionListOut(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    channel_label = serializers.CharField(source="get_channel_display")
    type_label = serializers.CharField(source="get_type_display")
    category = serializers.CharField(source="category.name")
    current_unit = serializers.CharField(source="current_unit.name")

    class Meta:
        model = Petition
        fields = [
            "id",
            "number",
            "query_code",
            "status",
            "status_label",
            "channel",
            "channel_label",
            "type",
            "type_label",
            "category",
            "title",
            "petitioner_name",
            "people_count",
            "current_unit",
            "received_at",
            "next_due_on",
            "version",
        ]


class DeadlineOut(serializers.ModelSerializer):
    state_label = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "code",
            "instance",
            "name",
            "article",
            "nature",
            "days",
            "unit",
            "start_on",
            "due_on",
            "state",
            "state_label",
            "stopped_on",
            "paused_days",
            "note",
        ]

    def to_representation(self, instance: Deadline) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["state"] = clock_state_today(instance)
        data["state_label"] = ClockState.LABELS.get(data["state"], data["state"])
        return data

    def get_state_label(self, obj: Deadline) -> str:
        return ClockState.LABELS.get(obj.state, obj.state)


class EventOut(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    actor_unit = serializers.CharField(source="actor_unit.name", default="")
    kind_label = serializers.SerializerMethodField()

    class Meta:
        model = PetitionEvent
        fields = [
            "seq",
            "kind",
            "kind_label",
            "actor",
            "actor_unit",
            "occurred_at",
            "from_status",
            "to_status",
            "payload",
            "hash",
        ]

    def get_actor(self, obj: PetitionEvent) -> str:
        return obj.actor.display_name if obj.actor else ""

    def get_kind_label(self, obj: PetitionEvent) -> str:
        from xinfang.petitions.lifecycle import Act

        return Act(obj.kind).label if obj.kind in Act.values else obj.kind


class PetitionerOut(serializers.Serializer):
    """The petitioner as given on this petition (ADR 0014 §5), masked unless the reader may see PII."""

    id = serializers.IntegerField(allow_null=True, help_text="信访人档案 id（未关联时为 null）")
    kind = serializers.ChoiceField(choices=PetitionerKind.choices)
    name = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    identity_state = serializers.ChoiceField(
        choices=IdentityState.choices, help_text="conflict：证件号码已登记在另一姓名下，待核实"
    )
    identity_label = serializers.CharField()
    masked = serializers.BooleanField()


class PetitionCreatedOut(serializers.Serializer):
    """The answer to a registration sent with ``Prefer: return=minimal`` (RFC 7240): what the
    registrar hands the petitioner (number, query code) and where the matter stands, without
    personal data (nothing to mask or to record as an access)."""

    # Declared, not derived from the model: a ModelSerializer introspects the model on every
    # answer, about a twentieth of a registration's CPU time (docs/benchmarks.md, tenth round).
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(label="信访件编号", max_length=20)
    query_code = serializers.CharField(label="查询码", max_length=12)
    status = serializers.ChoiceField(label="状态", choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    received_at = serializers.DateTimeField(label="收到时间")
    next_due_on = serializers.DateField(label="最近期限", allow_null=True, required=False)
    current_unit = serializers.CharField(source="current_unit.name")
    rule_checks = RuleDecisionOut(many=True, read_only=True, default=list)
    # The columns the answer reads (petition_get_for(only=...)): nothing personal, no long text.
    reads = ("number", "query_code", "status", "received_at", "next_due_on", "current_unit__name")


class PetitionDetailOut(PetitionListOut):
    petitioner = serializers.SerializerMethodField()
    location_unit = serializers.CharField(source="location_unit.name")
    registered_unit = serializers.CharField(source="registered_unit.name")
    handler = serializers.CharField(source="handler.display_name", default="")
    is_collective = serializers.BooleanField()
    acts = serializers.SerializerMethodField()

    class Meta(PetitionListOut.Meta):
        fields = [
            *PetitionListOut.Meta.fields,
            "content",
            "request",
            "facts",
            "reasons",
            "petitioner",
            "location_unit",
            "registered_unit",
            "handler",
            "is_collective",
            "accused_description",
            "litigation_related",
            "major_urgent",
            "escalation",
            "route",
            "divert_target",
            "reply_outcome",
            "suggestion_outcome",
            "evaluation",
            "closed_reason",
            "closed_at",
            "acts",
        ]

    @extend_schema_field(PetitionerOut)
    def get_petitioner(self, obj: Petition) -> dict[str, Any]:
        return self.context["petitioner"]

    def get_acts(self, obj: Petition) -> list[str]:
        return [str(act) for act in self.context["acts"]]


STATUS_CHOICES = Status.choices
