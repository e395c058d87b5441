"""送达: service of a document on the petitioner, which starts the petitioner's windows (ADR 0014 §3).

Art. 35 and 36(1) count the 复查 / 复核 windows "自收到书面答复之日起": from the petitioner's
receipt, not from the day the opinion was issued. Issuing an opinion therefore opens its window
as 未送达; the ``serve`` act records when and how the document reached the petitioner and starts
it. The act is a record (no state change) and is allowed in every state: a 不予受理告知书 is served
after the matter is terminal.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.models import User

from ..constants import ServiceManner
from ..lifecycle import Act
from ..models import Attachment, Petition, PetitionEvent
from .core import apply_act, legal_act

# The documents addressed to the petitioner, by the act that issues each (documents.kinds codes).
# The 转送交办单 is internal (to the receiving organ) and is never served on the petitioner.
SERVED_DOCUMENTS: dict[str, tuple[Act, str]] = {
    "accept_notice": (Act.ACCEPT, "受理告知书"),
    "transfer_notice": (Act.DISPATCH, "转送告知书"),
    "decline_notice": (Act.DECLINE, "不予受理告知书"),
    "refuse_notice": (Act.REFUSE_REPEAT, "不再受理告知书"),
    "extension_notice": (Act.EXTEND, "延期告知书"),
    "opinion": (Act.REPLY, "信访处理意见书"),
    "review_opinion": (Act.DECIDE_REVIEW, "复查意见书"),
    "recheck_opinion": (Act.DECIDE_RECHECK, "复核意见书"),
}


def _issuing_event(petition: Petition, document: str, document_seq: int | None) -> PetitionEvent:
    act, title = SERVED_DOCUMENTS[document]
    events = petition.events.filter(kind=act.value)
    if document == "transfer_notice":
        events = events.filter(payload__petitioner_notice="transfer_notice")
    if document_seq:
        event = events.filter(seq=document_seq).first()
        if event is None:
            raise ValidationFailed(
                fields={"document_seq": f"第{document_seq}条办理记录不是{title}的出具记录"}
            )
        return event
    event = events.order_by("-seq").first()
    if event is None:
        raise ValidationFailed(fields={"document": f"尚未出具{title}，不能登记送达"})
    return event


def serve_record(
    petition: Petition,
    *,
    actor: User,
    document: str,
    served_on: date,
    manner: str,
    document_seq: int | None = None,
    attachment: int | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Validate and append one ``serve`` event; the caller runs in the act's transaction."""
    if document not in SERVED_DOCUMENTS:
        raise ValidationFailed(fields={"document": "请选择送达给信访人的文书"})
    errors: dict[str, str] = {}
    if manner not in ServiceManner.values:
        errors["manner"] = "请选择送达方式：直接送达、邮寄送达、电子送达或公告送达"
    issuing = _issuing_event(petition, document, document_seq)
    issued_on = timezone.localdate(issuing.occurred_at)
    if served_on < issued_on:
        errors["served_on"] = f"送达日期不能早于文书出具日期（{issued_on:%Y年%m月%d日}）"
    elif served_on > timezone.localdate():
        errors["served_on"] = "送达日期不能晚于今天"
    proof = None
    if attachment:
        proof = Attachment.objects.filter(petition=petition, pk=attachment).first()
        if proof is None:
            errors["attachment"] = "送达回证须为本信访事项已上传的材料"
    if errors:
        raise ValidationFailed(fields=errors)
    return apply_act(
        petition,
        actor=actor,
        act=Act.SERVE,
        expected_version=expected_version,
        payload={
            "document": document,
            "document_title": SERVED_DOCUMENTS[document][1],
            "document_seq": issuing.seq,
            "served_on": served_on.isoformat(),
            "manner": manner,
            "manner_label": ServiceManner(manner).label,
            "attachment": proof.pk if proof else None,
            "attachment_name": proof.name if proof else "",
            "note": note.strip(),
        },
    )


@legal_act(Act.SERVE)
def petition_serve(
    *,
    petition: Petition,
    actor: User,
    document: str,
    served_on: date,
    manner: str,
    document_seq: int | None = None,
    attachment: int | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """送达: record that a document reached the petitioner; its window runs from ``served_on``.

    ``served_on`` lies between the document's issue date and today (else a field error); when a
    document is served more than once, the earliest valid service counts (the clocks take it).
    """
    return serve_record(
        petition,
        actor=actor,
        document=document,
        served_on=served_on,
        manner=manner,
        document_seq=document_seq,
        attachment=attachment,
        note=note,
        expected_version=expected_version,
    )


def on_the_spot(petition: Petition, *, actor: User, document: str, served_on: date | None) -> Petition:
    """An opinion handed over when it is issued: a second ``serve`` event in the same transaction."""
    if served_on is None:
        return petition
    return serve_record(
        petition, actor=actor, document=document, served_on=served_on, manner=ServiceManner.DIRECT
    )
