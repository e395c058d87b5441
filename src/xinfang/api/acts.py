"""One input shape per lifecycle act, and the service each one calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rest_framework import serializers

from xinfang.orgs.models import Unit
from xinfang.petitions import services
from xinfang.petitions.constants import (
    DeclineGround,
    DivertTarget,
    RefuseGround,
    ReplyOutcome,
    ReturnReason,
    ReviewOutcome,
    Route,
    SuggestionOutcome,
)
from xinfang.petitions.lifecycle import Act
from xinfang.petitions.models import Petition


class ActIn(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The petition version you saw; a stale one gets 409."
    )


def _units() -> Any:
    return Unit.objects.filter(is_active=True)


class DispatchIn(ActIn):
    to_unit = serializers.PrimaryKeyRelatedField(queryset=_units())
    mode = serializers.ChoiceField(choices=[("transfer", "转送"), ("assign", "交办")])
    due_days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=90, default=None
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnRequestIn(ActIn):
    reason_code = serializers.ChoiceField(choices=ReturnReason.choices)
    reason = serializers.CharField()


class NoteIn(ActIn):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteRequiredIn(ActIn):
    note = serializers.CharField()


class ReasonIn(ActIn):
    reason = serializers.CharField()


class AcceptIn(ActIn):
    notice = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineIn(ActIn):
    ground = serializers.ChoiceField(choices=DeclineGround.choices)
    reason = serializers.CharField()


class RefuseIn(ActIn):
    ground = serializers.ChoiceField(choices=RefuseGround.choices)
    reason = serializers.CharField()
    earlier = serializers.PrimaryKeyRelatedField(
        queryset=Petition.objects.all(), required=False, allow_null=True, default=None
    )


class DivertIn(ActIn):
    target = serializers.ChoiceField(choices=[DivertTarget.POLITICAL_LEGAL, DivertTarget.DISCIPLINE])
    to_unit = serializers.PrimaryKeyRelatedField(queryset=_units())
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ClassifyIn(ActIn):
    route = serializers.ChoiceField(choices=Route.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MediationStartIn(ActIn):
    petitioner_consents = serializers.BooleanField()
    other_party_consents = serializers.BooleanField()
    other_party = serializers.CharField()


class MediationEndIn(ActIn):
    agreed = serializers.BooleanField()
    agreement_kind = serializers.ChoiceField(
        choices=[("mediation", "调解协议书"), ("settlement", "和解协议书")],
        required=False,
        allow_blank=True,
        default="",
    )
    agreement = serializers.CharField(required=False, allow_blank=True, default="")


class HearingEndIn(ActIn):
    summary = serializers.CharField()


class ExtendIn(ActIn):
    days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField()


class ReplyIn(ActIn):
    outcome = serializers.ChoiceField(choices=ReplyOutcome.choices)
    opinion = serializers.CharField()
    legal_basis = serializers.CharField()
    served_on = serializers.DateField(required=False, allow_null=True, default=None)


class SuggestionIn(ActIn):
    outcome = serializers.ChoiceField(choices=SuggestionOutcome.choices)
    reply = serializers.CharField()


class EvaluateIn(ActIn):
    option = serializers.CharField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewRequestIn(ActIn):
    unit = serializers.PrimaryKeyRelatedField(queryset=_units())
    reason = serializers.CharField()
    received_on = serializers.DateField(required=False, allow_null=True, default=None)


class DecisionIn(ActIn):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    opinion = serializers.CharField()
    served_on = serializers.DateField(required=False, allow_null=True, default=None)


class RecheckDecisionIn(DecisionIn):
    publish = serializers.BooleanField(default=False)


class CloseIn(ActIn):
    petitioner_accepts = serializers.BooleanField(default=False)


class ReportIn(ActIn):
    reported_to = serializers.CharField()
    summary = serializers.CharField()


@dataclass(frozen=True)
class ActEndpoint:
    serializer: type[ActIn]
    service: Callable[..., Petition]


ACT_ENDPOINTS: dict[Act, ActEndpoint] = {
    Act.DISPATCH: ActEndpoint(DispatchIn, services.petition_dispatch),
    Act.SIGN: ActEndpoint(ActIn, services.petition_sign),
    Act.REQUEST_RETURN: ActEndpoint(ReturnRequestIn, services.petition_request_return),
    Act.APPROVE_RETURN: ActEndpoint(NoteIn, services.petition_approve_return),
    Act.REJECT_RETURN: ActEndpoint(ReasonIn, services.petition_reject_return),
    Act.ACCEPT: ActEndpoint(AcceptIn, services.petition_accept),
    Act.DECLINE: ActEndpoint(DeclineIn, services.petition_decline),
    Act.REFUSE_REPEAT: ActEndpoint(RefuseIn, services.petition_refuse_repeat),
    Act.DIVERT: ActEndpoint(DivertIn, services.petition_divert),
    Act.CLASSIFY: ActEndpoint(ClassifyIn, services.petition_classify),
    Act.START_MEDIATION: ActEndpoint(MediationStartIn, services.petition_start_mediation),
    Act.CONCLUDE_MEDIATION: ActEndpoint(MediationEndIn, services.petition_conclude_mediation),
    Act.START_HEARING: ActEndpoint(ActIn, services.petition_start_hearing),
    Act.END_HEARING: ActEndpoint(HearingEndIn, services.petition_end_hearing),
    Act.EXTEND: ActEndpoint(ExtendIn, services.petition_extend),
    Act.REQUEST_EXTENSION: ActEndpoint(ExtendIn, services.petition_request_extension),
    Act.NOTE: ActEndpoint(NoteRequiredIn, services.petition_note),
    Act.REPLY: ActEndpoint(ReplyIn, services.petition_reply),
    Act.CONCLUDE_SUGGESTION: ActEndpoint(SuggestionIn, services.petition_conclude_suggestion),
    Act.EVALUATE: ActEndpoint(EvaluateIn, services.petition_evaluate),
    Act.REQUEST_REVIEW: ActEndpoint(ReviewRequestIn, services.petition_request_review),
    Act.DECIDE_REVIEW: ActEndpoint(DecisionIn, services.petition_decide_review),
    Act.REQUEST_RECHECK: ActEndpoint(ReviewRequestIn, services.petition_request_recheck),
    Act.DECIDE_RECHECK: ActEndpoint(RecheckDecisionIn, services.petition_decide_recheck),
    Act.CLOSE: ActEndpoint(CloseIn, services.petition_close),
    Act.REPORT_MAJOR: ActEndpoint(ReportIn, services.petition_report_major),
}
