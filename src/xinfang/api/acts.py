"""One input shape per lifecycle act, and the service each one calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xinfang.common.exceptions import NotFound
from xinfang.orgs.models import Unit, User
from xinfang.petitions import services
from xinfang.petitions.constants import (
    DeclineGround,
    DivertTarget,
    DutyManner,
    IdentityResolution,
    RefuseGround,
    ReplyOutcome,
    ReturnReason,
    ReviewOutcome,
    Route,
    ServiceManner,
    SuggestionOutcome,
)
from xinfang.petitions.lifecycle import Act
from xinfang.petitions.models import Petition
from xinfang.petitions.practice import review_outcome_choices
from xinfang.petitions.selectors import petition_by_reference_for, petition_get_for
from xinfang.petitions.services.conduct import JOINT_BASES
from xinfang.petitions.services.corrections import CORRECTABLE
from xinfang.petitions.services.serving import SERVED_DOCUMENTS
from xinfang.statute.dtable import ART25_RECIPIENTS


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


@extend_schema_field(OpenApiTypes.STR)
class PetitionReferenceField(serializers.Field):
    """Another petition, named as staff know it — 编号 or 查询码 (an id is still taken from API
    clients) — and found through the visibility selector for the acting user (``context["user"]``):
    a matter the user may not see is "not found", never named back in an error."""

    default_error_messages = {"not_found": "未找到该编号或查询码的信访事项，或您无权查看"}

    def run_validation(self, data: Any = serializers.empty) -> Any:
        # A form's empty box is "none given", as for DRF's relational fields.
        return super().run_validation(None if data == "" else data)

    def to_internal_value(self, data: Any) -> Petition:
        user = self.context.get("user")
        text = str(data).strip()
        if user is None or not text:
            self.fail("not_found")
        try:
            if text.isdigit() and len(text) < 12:
                return petition_get_for(user, int(text))
            return petition_by_reference_for(user, text)
        except NotFound:
            self.fail("not_found")

    def to_representation(self, value: Petition) -> str:
        return value.number


class RefuseIn(ActIn):
    ground = serializers.ChoiceField(choices=RefuseGround.choices)
    reason = serializers.CharField()
    earlier = PetitionReferenceField(
        required=False,
        allow_null=True,
        default=None,
        help_text="原信访事项（已复核终结）：编号或查询码（也接受 id）；须为本人有权查看的事项",
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


class HearingStartIn(ActIn):
    held_on = serializers.DateField(
        required=False, allow_null=True, help_text="听证日期：不晚于今天，不早于本阶段开始之日；不填为今天"
    )
    place = serializers.CharField(max_length=200, help_text="听证地点")
    participants = serializers.CharField(max_length=500, help_text="参加人员：听证员、信访人及有关单位人员")


class HearingEndIn(ActIn):
    summary = serializers.CharField(help_text="听证情况（听证记录）")
    ended_on = serializers.DateField(
        required=False, allow_null=True, help_text="听证结束日期：不早于听证日期，不晚于今天；不填为今天"
    )


class ExtendIn(ActIn):
    days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField()


SERVED_ON_SPOT = "当场送达的，填写送达日期（记为一条送达记录）；不填则期限显示“未送达”，待登记送达后起算"


class ReplyIn(ActIn):
    outcome = serializers.ChoiceField(choices=ReplyOutcome.choices)
    opinion = serializers.CharField()
    legal_basis = serializers.CharField()
    served_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=SERVED_ON_SPOT)


class ServeIn(ActIn):
    """送达 (ADR 0014 §3): the petitioner's 复查 / 复核 window runs from ``served_on``."""

    document = serializers.ChoiceField(
        choices=[(code, title) for code, (_, title) in SERVED_DOCUMENTS.items()],
        help_text="送达的文书",
    )
    served_on = serializers.DateField(help_text="送达日期：不早于文书出具日期，不晚于今天")
    manner = serializers.ChoiceField(choices=ServiceManner.choices, help_text="送达方式")
    document_seq = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        default=None,
        help_text="出具该文书的办理记录序号；不填为最近一次",
    )
    attachment = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        default=None,
        help_text="送达回证（本事项已上传材料的编号）",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionIn(ActIn):
    outcome = serializers.ChoiceField(choices=SuggestionOutcome.choices)
    reply = serializers.CharField()


class EvaluateIn(ActIn):
    option = serializers.CharField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewRequestIn(ActIn):
    # 复查（复核）机关: one of review_organs_for(the issuing unit) (Art. 35, 36(1)); omitted, the only
    # qualifying organ is chosen, and any other organ is refused (422, rule_violation).
    unit = serializers.PrimaryKeyRelatedField(
        queryset=_units(),
        required=False,
        allow_null=True,
        default=None,
        help_text="复查（复核）机关；为空时取唯一符合条件的上一级机关",
    )
    reason = serializers.CharField()
    received_on = serializers.DateField(required=False, allow_null=True, default=None)


class DecisionIn(ActIn):
    # Practice, not law (#10.11): the form, the API and its schema offer only the configured
    # outcomes (``practice.review_outcomes``); the choices are read per instance, not at import.
    outcome = serializers.ChoiceField(
        choices=ReviewOutcome.choices, help_text="复查（复核）结论；可选项由 XINFANG_REVIEW_OUTCOMES 配置"
    )
    recheck = False
    opinion = serializers.CharField()
    # Required for 撤销，责令重新办理: why the opinion is revoked (recorded in the decision).
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="撤销原处理意见、责令重新办理的理由"
    )
    served_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=SERVED_ON_SPOT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, serializers.ChoiceField)
        outcome.choices = review_outcome_choices(recheck=self.recheck)


class RecheckDecisionIn(DecisionIn):
    publish = serializers.BooleanField(default=False)
    recheck = True


class CloseIn(ActIn):
    petitioner_accepts = serializers.BooleanField(default=False)


class IdentityIn(ActIn):
    outcome = serializers.ChoiceField(choices=IdentityResolution.choices)
    reason = serializers.CharField()


class ReportIn(ActIn):
    """Art. 25: one report to one addressee; D13 is met when every required addressee is told."""

    recipient = serializers.ChoiceField(
        choices=list(ART25_RECIPIENTS.items()), help_text="报告对象（第二十五条）"
    )
    reported_to = serializers.CharField(help_text="报告对象名称，如“区委、区政府”")
    reported_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="报告时间，不填为现在"
    )
    summary = serializers.CharField()


class DutyIn(ActIn):
    manner = serializers.ChoiceField(choices=DutyManner.choices)
    content = serializers.CharField()
    legal_basis = serializers.CharField()


class RecuseIn(ActIn):
    official = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="回避的工作人员；不填为本人申请回避",
    )
    reason = serializers.CharField()


class CadreNoticeIn(ActIn):
    to_unit = serializers.PrimaryKeyRelatedField(queryset=_units(), help_text="组织（人事）部门")
    cadre = serializers.CharField(max_length=200)
    summary = serializers.CharField()


class JointIn(ActIn):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=_units())
    co_units = serializers.PrimaryKeyRelatedField(queryset=_units(), many=True)
    basis = serializers.ChoiceField(choices=list(JOINT_BASES.items()))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ContributeIn(ActIn):
    opinion = serializers.CharField()


class CompletionReportIn(ActIn):
    summary = serializers.CharField(help_text="办理结果（办结报告正文，第二十二条第一款第三项）")


class CorrectIn(ActIn):
    """更正 (ADR 0014 §6): one registered fact, its new value and why."""

    field = serializers.ChoiceField(
        choices=[(name, spec.label) for name, spec in CORRECTABLE.items()], help_text="更正的事项"
    )
    new = serializers.CharField(help_text="更正后的内容（收到日期按“年-月-日”，信访形式填代码）")
    reason = serializers.CharField(help_text="更正理由")


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
    Act.START_HEARING: ActEndpoint(HearingStartIn, services.petition_start_hearing),
    Act.END_HEARING: ActEndpoint(HearingEndIn, services.petition_end_hearing),
    Act.EXTEND: ActEndpoint(ExtendIn, services.petition_extend),
    Act.REQUEST_EXTENSION: ActEndpoint(ExtendIn, services.petition_request_extension),
    Act.REFUSE_EXTENSION: ActEndpoint(ReasonIn, services.petition_refuse_extension),
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
    Act.PERFORM_DUTY: ActEndpoint(DutyIn, services.petition_perform_duty),
    Act.RECUSE: ActEndpoint(RecuseIn, services.petition_recuse),
    Act.NOTIFY_CADRE: ActEndpoint(CadreNoticeIn, services.petition_notify_cadre),
    Act.SET_JOINT: ActEndpoint(JointIn, services.petition_set_joint),
    Act.CONTRIBUTE: ActEndpoint(ContributeIn, services.petition_contribute),
    Act.SERVE: ActEndpoint(ServeIn, services.petition_serve),
    Act.CORRECT: ActEndpoint(CorrectIn, services.petition_correct),
    Act.REPORT_COMPLETION: ActEndpoint(CompletionReportIn, services.petition_report_completion),
    Act.RESOLVE_IDENTITY: ActEndpoint(IdentityIn, services.petition_resolve_identity),
}
