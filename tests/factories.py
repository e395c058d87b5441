"""Factories: a small organisation, people, drafts, and a petition in any lifecycle state.

Petitions are driven to a state through the real services, so their event log
and clocks are exactly what production would hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import factory
from django.utils import timezone
from rest_framework.test import APIClient

from xinfang.common.idcard import id_check_digit
from xinfang.orgs.constants import AdminLevel, DataScope, Perm, UnitKind
from xinfang.orgs.models import Role, Unit, User
from xinfang.petitions import services
from xinfang.petitions.constants import Channel, PetitionType
from xinfang.petitions.drafts import PersonDraft, PetitionDraft
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Category, Petition

# Every case-handling permission; the three administrator duties (三员分立) are given explicitly.
ALL_PERMS = [str(p) for p in Perm if p not in (Perm.ADMIN, Perm.SECURITY, Perm.AUDIT_LOG)]
# Handlers see personal data masked, and are not leaders (领导包案).
HANDLER_PERMS = [p for p in ALL_PERMS if p not in (Perm.VIEW_PII, Perm.LEAD)]


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.DEPARTMENT
    level = AdminLevel.DISTRICT


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    key = factory.Sequence(lambda n: f"role{n}")
    name = factory.Sequence(lambda n: f"角色{n}")
    data_scope = DataScope.UNIT
    permissions = factory.LazyFunction(lambda: list(ALL_PERMS))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "张"
    first_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        if create and extracted:
            self.roles.set(extracted)
        if create:
            self.save()


def staff(
    unit: Unit, *, scope: str = DataScope.UNIT, perms: list[str] | None = None, **kwargs: object
) -> User:
    role = RoleFactory(data_scope=scope, permissions=perms if perms is not None else list(HANDLER_PERMS))
    return UserFactory(unit=unit, roles=[role], **kwargs)


def valid_id(seed: int) -> str:
    """A valid ID number, a different one for every seed (birth day from seed // 1000, then the
    sequence number): the factories' people and a test's own constant never share one by chance."""
    born = date(1950, 1, 1) + timedelta(days=seed // 1000)
    first17 = f"440306{born:%Y%m%d}{seed % 1000:03d}"
    return first17 + id_check_digit(first17)


@dataclass
class Org:
    city: Unit
    district: Unit
    bureau: Unit
    government: Unit
    discipline: Unit
    political_legal: Unit
    housing: Unit
    labour: Unit
    street_a: Unit
    street_b: Unit
    community_a: Unit
    community_b: Unit
    registrar: User
    housing_handler: User
    labour_handler: User
    street_a_handler: User
    street_b_handler: User
    reviewer: User
    rechecker: User
    discipline_handler: User
    leader: User
    categories: dict[str, Category] = field(default_factory=dict)


def ensure_dictionaries() -> None:
    """Transactional tests flush the data migration's rows; put the defaults back."""
    from xinfang.petitions.models import EvaluationOption
    from xinfang.petitions.seed import CATEGORIES, EVALUATION_OPTIONS

    for code, name, default_type, litigation in CATEGORIES:
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "default_type": default_type, "litigation_related": litigation}
        )
    for code, label, satisfied, sort in EVALUATION_OPTIONS:
        EvaluationOption.objects.get_or_create(
            code=code, defaults={"label": label, "counts_as_satisfied": satisfied, "sort": sort}
        )


def build_org() -> Org:
    ensure_dictionaries()
    L = AdminLevel  # noqa: N806
    city = UnitFactory(name="测试市", kind=UnitKind.GOVERNMENT, level=L.CITY)
    district = UnitFactory(name="测试区", kind=UnitKind.GOVERNMENT, level=L.DISTRICT, parent=city)
    bureau = UnitFactory(name="区信访局", kind=UnitKind.PETITION_BUREAU, parent=district)
    government = district  # the district government reviews its departments and streets (Art. 35)
    discipline = UnitFactory(name="区纪委监委", kind=UnitKind.DISCIPLINE, parent=district)
    political_legal = UnitFactory(name="区委政法委", kind=UnitKind.POLITICAL_LEGAL, parent=district)
    housing = UnitFactory(name="区住建局", parent=district)
    labour = UnitFactory(name="区人社局", parent=district)
    street_a = UnitFactory(name="甲街道", kind=UnitKind.STREET, level=L.STREET, parent=district)
    street_b = UnitFactory(name="乙街道", kind=UnitKind.STREET, level=L.STREET, parent=district)
    community_a = UnitFactory(name="甲社区", kind=UnitKind.COMMUNITY, level=L.COMMUNITY, parent=street_a)
    community_b = UnitFactory(name="乙社区", kind=UnitKind.COMMUNITY, level=L.COMMUNITY, parent=street_b)
    return Org(
        city=city,
        district=district,
        bureau=bureau,
        government=government,
        discipline=discipline,
        political_legal=political_legal,
        housing=housing,
        labour=labour,
        street_a=street_a,
        street_b=street_b,
        community_a=community_a,
        community_b=community_b,
        registrar=staff(bureau, perms=ALL_PERMS),
        housing_handler=staff(housing),
        labour_handler=staff(labour),
        street_a_handler=staff(street_a),
        street_b_handler=staff(street_b),
        reviewer=staff(government),
        rechecker=staff(city),
        discipline_handler=staff(discipline),
        leader=staff(bureau, scope=DataScope.ALL, perms=ALL_PERMS),
        categories={c.code: c for c in Category.objects.all()},
    )


_person_seq = iter(range(1, 10**9))


def organisation_department(org: Org) -> Unit:
    """The tree's 组织（人事）部门, the addressee of a cadre notice (Art. 30); ``build_org`` has none,
    so that a test can see the picker without one. Made on first use, then the same unit."""
    existing = Unit.objects.filter(kind=UnitKind.PERSONNEL, parent=org.district).order_by("pk").first()
    return existing or UnitFactory(name="区委组织部", kind=UnitKind.PERSONNEL, parent=org.district)


def person(**overrides: object) -> PersonDraft:
    n = next(_person_seq)
    values: dict[str, object] = {
        "name": f"信访人{n}",
        "id_number": valid_id(n),
        "phone": f"138{n:08d}",
        "address": "甲街道甲社区1号",
    }
    values.update(overrides)
    return PersonDraft(**values)  # type: ignore[arg-type]


def draft(org: Org, **overrides: object) -> PetitionDraft:
    values: dict[str, object] = {
        "channel": Channel.LETTER,
        "category": org.categories["housing"],
        "title": "小区逾期交房",
        "content": "开发商逾期交房一年，请求依法处理。",
        "request": "尽快交房",
        "facts": "合同约定去年交房",
        "reasons": "违约",
        "petitioner": person(),
        "location_unit": org.community_a,
        "registered_unit": org.bureau,
        "registered_by": org.registrar,
    }
    values.update(overrides)
    return PetitionDraft(**values)  # type: ignore[arg-type]


def register(org: Org, **overrides: object) -> Petition:
    petition, _ = services.petition_register(draft=draft(org, **overrides))
    return petition


# Each step takes the petition from the previous state to the next; ``petition_in`` replays them.
def _dispatch(o: Org, p: Petition) -> Petition:
    return services.petition_dispatch(petition=p, actor=o.registrar, to_unit=o.housing, mode="transfer")


def _sign(o: Org, p: Petition) -> Petition:
    return services.petition_sign(petition=p, actor=o.housing_handler)


def _accept(o: Org, p: Petition) -> Petition:
    return services.petition_accept(petition=p, actor=o.housing_handler)


def _classify(o: Org, p: Petition) -> Petition:
    return services.petition_classify(petition=p, actor=o.housing_handler, route=6)


def _reply(o: Org, p: Petition) -> Petition:
    return services.petition_reply(
        petition=p,
        actor=o.housing_handler,
        outcome="not_support",
        opinion="经调查，不予支持。",
        legal_basis="《信访工作条例》第三十二条",
        served_on=timezone.localdate(),  # handed over on the spot: the 复查 window runs (Art. 35)
    )


def _request_review(o: Org, p: Petition) -> Petition:
    return services.petition_request_review(petition=p, actor=o.reviewer, unit=o.government, reason="不服")


def _decide_review(o: Org, p: Petition) -> Petition:
    return services.petition_decide_review(
        petition=p, actor=o.reviewer, outcome="uphold", opinion="维持", served_on=timezone.localdate()
    )


def _request_recheck(o: Org, p: Petition) -> Petition:
    return services.petition_request_recheck(petition=p, actor=o.rechecker, unit=o.city, reason="仍不服")


def _decide_recheck(o: Org, p: Petition) -> Petition:
    return services.petition_decide_recheck(petition=p, actor=o.rechecker, outcome="uphold", opinion="维持")


def _request_return(o: Org, p: Petition) -> Petition:
    return services.petition_request_return(
        petition=p, actor=o.housing_handler, reason_code="function", reason="不属本部门职能"
    )


def _mediate(o: Org, p: Petition) -> Petition:
    return services.petition_start_mediation(
        petition=p,
        actor=o.housing_handler,
        petitioner_consents=True,
        other_party_consents=True,
        other_party="开发商",
    )


def _decline(o: Org, p: Petition) -> Petition:
    return services.petition_decline(petition=p, actor=o.registrar, ground="other", reason="不属受理范围")


def _refuse(o: Org, p: Petition) -> Petition:
    return services.petition_refuse_repeat(
        petition=p, actor=o.registrar, ground="litigation_concluded", reason="已依法终结"
    )


def _divert(o: Org, p: Petition) -> Petition:
    return services.petition_divert(
        petition=p, actor=o.registrar, target="political_legal", to_unit=o.political_legal
    )


PATHS: dict[str, list] = {
    Status.REGISTERED: [],
    Status.DISPATCHED: [_dispatch],
    Status.SIGNED: [_dispatch, _sign],
    Status.RETURN_REQUESTED: [_dispatch, _sign, _request_return],
    Status.ACCEPTED: [_dispatch, _sign, _accept],
    Status.HANDLING: [_dispatch, _sign, _accept, _classify],
    Status.MEDIATING: [_dispatch, _sign, _accept, _classify, _mediate],
    Status.ANSWERED: [_dispatch, _sign, _accept, _classify, _reply],
    Status.UNDER_REVIEW: [_dispatch, _sign, _accept, _classify, _reply, _request_review],
    Status.REVIEWED: [_dispatch, _sign, _accept, _classify, _reply, _request_review, _decide_review],
    Status.UNDER_RECHECK: [
        _dispatch,
        _sign,
        _accept,
        _classify,
        _reply,
        _request_review,
        _decide_review,
        _request_recheck,
    ],
    Status.CLOSED: [
        _dispatch,
        _sign,
        _accept,
        _classify,
        _reply,
        _request_review,
        _decide_review,
        _request_recheck,
        _decide_recheck,
    ],
    Status.NOT_ACCEPTED: [_decline],
    Status.NO_LONGER_ACCEPTED: [_refuse],
    Status.DIVERTED: [_divert],
}


def petition_in(org: Org, status: str, **overrides: object) -> Petition:
    petition = register(org, **overrides)
    for step in PATHS[status]:
        petition = step(org, petition)
    assert petition.status == status, (petition.status, status)
    return petition


# What 举行听证 records (place and participants are required).
HEARING = {"place": "区信访局听证室", "participants": "听证员三人、信访人、区住房和城乡建设局"}


def days_ago(n: int) -> object:
    return timezone.now() - timedelta(days=n)


__all__ = ["PetitionType"]


def client_for(user: User) -> APIClient:
    """An API client already authenticated as ``user``."""
    client = APIClient()
    client.force_authenticate(user)
    return client


def login_verified(client, user: User):  # type: ignore[no-untyped-def]
    """Sign ``user`` in and pass the second factor, as after entering a TOTP code.

    For tests whose subject is not the sign-in itself; the OTP page is tested through its form.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="测试", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def conflicted(petition: Petition) -> Petition:
    """The petition as if its ID number had arrived under another name (ADR 0014 §5): unlinked,
    ``identity_state = "conflict"``. Test set-up for acts that need a conflict in any state."""
    from xinfang.petitions.constants import IdentityState

    Petition.objects.filter(pk=petition.pk).update(identity_state=IdentityState.CONFLICT, petitioner=None)
    petition.refresh_from_db()
    return petition


def portal_form(org: Org, **overrides: object) -> dict[str, object]:
    """The public portal's petition form (/portal/submit/), filled in as a citizen would."""
    data: dict[str, object] = {
        "acknowledged": "on",
        "name": "李四",
        "id_number": valid_id(11),
        "phone": "13700001234",
        "address": "甲街道甲社区5栋",
        "category": org.categories["property_mgmt"].pk,
        "location_unit": org.community_a.pk,
        "title": "物业擅自涨价",
        "content": "物业公司未经业主大会同意上调物业费。",
        "request": "恢复原收费标准",
    }
    data.update(overrides)
    return data
