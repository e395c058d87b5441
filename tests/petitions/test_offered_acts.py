"""Only the acts a user can take now are offered (#11.3): for every state and role, each offered act
succeeds when taken with valid input, and each act not offered is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import HEARING, Org, organisation_department, petition_in, staff
from xinfang.common.exceptions import XinfangError
from xinfang.orgs.constants import Perm
from xinfang.petitions import services
from xinfang.petitions.availability import form_requirements
from xinfang.petitions.lifecycle import TRANSITIONS, Act, Status
from xinfang.petitions.models import Petition, PetitionEvent
from xinfang.petitions.permissions import IMPORTER_ONLY, acts_available


def _higher(o: Org, p: Petition) -> Any:
    return o.city if p.current_unit_id == o.government.pk else o.government


def _issued(p: Petition) -> str:
    from xinfang.petitions.services.serving import SERVED_DOCUMENTS

    kinds = set(p.events.values_list("kind", flat=True))
    for code, (act, _) in SERVED_DOCUMENTS.items():
        if act.value in kinds and code != "transfer_notice":
            return code
    return "transfer_notice"


def _close_input(o: Org, p: Petition) -> dict[str, Any]:
    # Before the window lapses the form requires the petitioner's acceptance (form_requirements).
    return {"petitioner_accepts": bool(form_requirements(p, Act.CLOSE))}


INPUT: dict[Act, Callable[[Org, Petition], dict[str, Any]]] = {
    Act.DISPATCH: lambda o, p: {
        "to_unit": o.labour if p.current_unit_id != o.labour.pk else o.housing,
        "mode": "transfer",
    },
    Act.SIGN: lambda o, p: {},
    Act.REQUEST_RETURN: lambda o, p: {"reason_code": "function", "reason": "不属本部门职能"},
    Act.APPROVE_RETURN: lambda o, p: {},
    Act.REJECT_RETURN: lambda o, p: {"reason": "属于本部门职能"},
    Act.ACCEPT: lambda o, p: {},
    Act.DECLINE: lambda o, p: {"ground": "other", "reason": "不属受理范围"},
    Act.REFUSE_REPEAT: lambda o, p: {"ground": "litigation_concluded", "reason": "已依法终结"},
    Act.DIVERT: lambda o, p: {"target": "political_legal", "to_unit": o.political_legal},
    Act.CLASSIFY: lambda o, p: {"route": 6},
    Act.START_MEDIATION: lambda o, p: {
        "petitioner_consents": True,
        "other_party_consents": True,
        "other_party": "开发商",
    },
    Act.CONCLUDE_MEDIATION: lambda o, p: {"agreed": False},
    Act.START_HEARING: lambda o, p: dict(HEARING),
    Act.END_HEARING: lambda o, p: {"summary": "听证完毕"},
    Act.EXTEND: lambda o, p: {"days": 15, "reason": "需要鉴定"},
    Act.REQUEST_EXTENSION: lambda o, p: {"days": 15, "reason": "需要鉴定"},
    Act.REFUSE_EXTENSION: lambda o, p: {"reason": "可在期限内办结"},
    Act.REPLY: lambda o, p: {"outcome": "support", "opinion": "予以支持", "legal_basis": "第三十二条"},
    Act.CONCLUDE_SUGGESTION: lambda o, p: {"outcome": "adopted", "reply": "采纳"},
    Act.EVALUATE: lambda o, p: {"option": "satisfied"},
    Act.REQUEST_REVIEW: lambda o, p: {"unit": _higher(o, p), "reason": "不服"},
    Act.DECIDE_REVIEW: lambda o, p: {"outcome": "uphold", "opinion": "维持"},
    Act.REQUEST_RECHECK: lambda o, p: {"unit": _higher(o, p), "reason": "仍不服"},
    Act.DECIDE_RECHECK: lambda o, p: {"outcome": "uphold", "opinion": "维持"},
    Act.CLOSE: _close_input,
    Act.REPORT_MAJOR: lambda o, p: {
        "recipient": "party_government",
        "reported_to": "区委",
        "summary": "重大",
    },
    Act.SERVE: lambda o, p: {"document": _issued(p), "served_on": timezone.localdate(), "manner": "direct"},
    Act.CORRECT: lambda o, p: {
        "field": "channel",
        "new": "fax" if p.channel != "fax" else "letter",
        "reason": "登记错误",
    },
    Act.REPORT_COMPLETION: lambda o, p: {"summary": "已办结"},
    Act.NOTE: lambda o, p: {"note": "已约谈"},
    Act.PERFORM_DUTY: lambda o, p: {
        "manner": "answered",
        "content": "已书面答复",
        "legal_basis": "第三十一条第五项",
    },
    Act.RECUSE: lambda o, p: {"reason": "与本事项有利害关系", "official": o.housing_handler},
    Act.NOTIFY_CADRE: lambda o, p: {
        "to_unit": organisation_department(o),
        "cadre": "某科长",
        "summary": "反映其违规收费",
    },
    Act.SET_JOINT: lambda o, p: {"lead_unit": o.housing, "co_units": [o.labour], "basis": "negotiated"},
    Act.CONTRIBUTE: lambda o, p: {"opinion": "会办意见"},
    Act.RESOLVE_IDENTITY: lambda o, p: {"outcome": "different_person", "reason": "核对证件后不是同一人"},
    Act.ATTACH: lambda o, p: {"upload": SimpleUploadedFile("a.txt", b"x")},
}


def _service(act: Act) -> Callable[..., Any]:
    from xinfang.api.acts import ACT_ENDPOINTS

    if act == Act.ATTACH:
        return services.petition_attach
    return ACT_ENDPOINTS[act].service


def _users(org: Org) -> dict[str, Any]:
    return {
        "registrar": org.registrar,
        "handler": org.housing_handler,
        "head": staff(org.housing, perms=[Perm.SIGN, Perm.ACCEPT, Perm.HANDLE, Perm.REPLY, Perm.APPROVE]),
        "signer": staff(org.housing, perms=[Perm.SIGN]),
        "reviewer": org.reviewer,
        "rechecker": org.rechecker,
        "leader": org.leader,
    }


def _prepared(org: Org, status: Status, variant: str) -> Petition:
    petition = petition_in(org, status)
    if variant == "extension_requested":
        petition = services.petition_request_extension(
            petition=petition, actor=org.housing_handler, days=10, reason="需鉴定"
        )
    if variant == "evaluated":
        petition = services.petition_evaluate(petition=petition, actor=org.registrar, option="satisfied")
    return petition


CASES = [
    *((s, "") for s in Status),
    (Status.HANDLING, "extension_requested"),
    (Status.ANSWERED, "evaluated"),
]


@pytest.mark.parametrize(
    ("status", "variant"), CASES, ids=[f"{s.value}{'-' + v if v else ''}" for s, v in CASES]
)
def test_every_offered_act_succeeds_and_every_other_is_refused(
    org: Org, status: Status, variant: str
) -> None:
    users = _users(org)
    probe = _prepared(org, status, variant)
    for role, user in users.items():
        probe = Petition.objects.get(pk=probe.pk)
        offered = set(acts_available(user, probe))
        events = PetitionEvent.objects.filter(petition=probe).count()
        for act in TRANSITIONS:
            if act in offered or act in IMPORTER_ONLY:
                # The importer's act has no form and no API endpoint: nobody can ask for it.
                continue
            with pytest.raises(XinfangError):
                _service(act)(petition=probe, actor=user, **INPUT[act](org, probe))
            assert PetitionEvent.objects.filter(petition=probe).count() == events, (role, act)
        for act in offered:
            fresh = _prepared(org, status, variant)
            assert act in acts_available(user, fresh), (role, act)
            try:
                _service(act)(petition=fresh, actor=user, **INPUT[act](org, fresh))
            except XinfangError as error:  # pragma: no cover - the assertion's message
                pytest.fail(f"{role} was offered {act.value} in {status.value} but refused: {error.message}")
