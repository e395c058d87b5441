"""State that is not the subject of a role's test, built through the real services.

Each helper leaves the case exactly where the live flow would (same event log, same clocks), so
the browser part of a test starts from a real queue.
"""

from __future__ import annotations

from tests.factories import person
from xinfang.demo.org import DemoOrg
from xinfang.orgs.models import Unit
from xinfang.petitions import services
from xinfang.petitions.constants import Channel
from xinfang.petitions.drafts import PetitionDraft
from xinfang.petitions.models import Category, Petition

from .harness import user


def community(name: str) -> Unit:
    return Unit.objects.get(name=name)


def registered(
    org: DemoOrg,
    *,
    title: str,
    category: str = "labour",
    place: str = "幸福社区",
    content: str = "",
    phone: str = "",
) -> Petition:
    """A letter registered by the bureau's registrar (dengji), not yet sent anywhere."""
    petitioner = person(phone=phone) if phone else person()
    petition, _ = services.petition_register(
        draft=PetitionDraft(
            channel=Channel.LETTER,
            category=Category.objects.get(code=category),
            title=title,
            content=content or f"{title}，请求依法处理。",
            request="依法处理",
            facts="多次反映未果",
            reasons="合法权益受损",
            petitioner=petitioner,
            location_unit=community(place),
            registered_unit=org.bureau,
            registered_by=user("dengji"),
        )
    )
    return petition


def sent(org: DemoOrg, petition: Petition, *, to: str, mode: str = "transfer") -> Petition:
    """转送 (or 交办) by the registrar to the unit whose demo login is ``to``."""
    return services.petition_dispatch(
        petition=petition,
        actor=user("dengji"),
        to_unit=user(to).unit,
        mode=mode,
        due_days=30 if mode == "assign" else None,
    )


def handling(org: DemoOrg, petition: Petition, *, by: str) -> Petition:
    """Sent to ``by``'s unit, signed, accepted and classified for an opinion (Art. 31(6))."""
    handler = user(by)
    petition = sent(org, petition, to=by)
    petition = services.petition_sign(petition=petition, actor=handler)
    petition = services.petition_accept(petition=petition, actor=handler)
    return services.petition_classify(petition=petition, actor=handler, route=6)


def answered(org: DemoOrg, petition: Petition, *, by: str) -> Petition:
    petition = handling(org, petition, by=by)
    return services.petition_reply(
        petition=petition,
        actor=user(by),
        outcome="not_support",
        opinion="经调查核实，该公司已按合同约定足额发放工资，所反映问题不属实。",
        legal_basis="《保障农民工工资支付条例》第十五条",
    )


def extension_requested(org: DemoOrg, petition: Petition, *, by: str, days: int, reason: str) -> Petition:
    petition = handling(org, petition, by=by)
    return services.petition_request_extension(petition=petition, actor=user(by), days=days, reason=reason)
