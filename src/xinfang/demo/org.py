"""The demo organisation: a fictional district (青溪区) with its departments, streets and communities."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from xinfang.orgs.constants import AdminLevel, DataScope, Perm, UnitKind
from xinfang.orgs.models import IntakeRoute, Role, Unit, User
from xinfang.petitions.models import Category, RoutingRule

from .texts import person_name

DEMO_PASSWORD = "Xinfang@2026"  # noqa: S105 - printed for the local demo only

DEPARTMENTS = [
    ("zhujian", "区住房和城乡建设局"),
    ("renshe", "区人力资源和社会保障局"),
    ("chengguan", "区城市管理和综合执法局"),
    ("gongan", "区公安分局"),
    ("jiaoyu", "区教育局"),
    ("weijian", "区卫生健康局"),
    ("shijian", "区市场监督管理局"),
    ("guihua", "区规划和自然资源局"),
    ("shengtai", "区生态环境分局"),
    ("sifa", "区司法局"),
    ("jiaotong", "区交通运输局"),
    ("minzheng", "区民政局"),
]
STREETS = {
    "longcheng": ("龙城街道", ["幸福社区", "和平社区", "龙泉社区"]),
    "qingshui": ("清水街道", ["清河社区", "水岸社区", "滨江社区"]),
    "donghu": ("东湖街道", ["湖滨社区", "东苑社区", "翠湖社区"]),
    "nanshan": ("南山街道", ["南园社区", "山景社区", "松林社区"]),
    "xinqiao": ("新桥街道", ["桥东社区", "桥西社区", "新村社区"]),
    "fengling": ("凤岭街道", ["凤凰社区", "岭南社区", "金岭社区"]),
}

# Which department handles each category; "street" means the street where it happened.
CATEGORY_HANDLERS = {
    "labour": "renshe",
    "property_mgmt": "street",
    "urban_renewal": "guihua",
    "housing": "zhujian",
    "environment": "shengtai",
    "traffic": "jiaotong",
    "education": "jiaoyu",
    "health": "weijian",
    "social_security": "renshe",
    "market": "shijian",
    "urban_mgmt": "street",
    "public_security": "gongan",
    "litigation": "sifa",
    "accusation": "street",
    "suggestion": "street",
}
ROLE_SPECS: dict[str, tuple[str, str, list[str]]] = {
    "registrar": (
        "登记员",
        DataScope.UNIT,
        [Perm.REGISTER, Perm.DISPATCH, Perm.ACCEPT, Perm.EVALUATE, Perm.VIEW_PII, Perm.HANDLE, Perm.APPROVE],
    ),
    "handler": ("承办人", DataScope.UNIT, [Perm.SIGN, Perm.ACCEPT, Perm.HANDLE, Perm.REPLY, Perm.EVALUATE]),
    "unit_head": (
        "单位负责人",
        DataScope.UNIT_AND_BELOW,
        [
            Perm.SIGN,
            Perm.ACCEPT,
            Perm.HANDLE,
            Perm.REPLY,
            Perm.APPROVE,
            Perm.DISPATCH,
            Perm.VIEW_PII,
            Perm.LEAD,
        ],
    ),
    # The district government reviews its departments' and streets' opinions, so it sees below itself.
    "reviewer": (
        "复查复核人员",
        DataScope.UNIT_AND_BELOW,
        [Perm.REVIEW, Perm.HANDLE, Perm.REGISTER, Perm.VIEW_PII],
    ),
    "leader": (
        "信访局领导",
        DataScope.ALL,
        [Perm.SUPERVISE, Perm.APPROVE, Perm.VIEW_PII, Perm.DISPATCH, Perm.LEAD],
    ),
    "supervisor": ("督查专员", DataScope.ALL, [Perm.SUPERVISE]),
    # 三员分立: the system administrator is the superuser `admin`; these two hold the other duties.
    "security_admin": ("安全管理员", DataScope.SELF, [Perm.SECURITY]),
    "audit_admin": ("审计管理员", DataScope.SELF, [Perm.AUDIT_LOG]),
}
# Roles whose holders sign in with a TOTP code (administrators always do).
OTP_ROLES = {"leader", "security_admin", "audit_admin"}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


@dataclass
class DemoOrg:
    city: Unit
    district: Unit
    bureau: Unit
    government: Unit
    discipline: Unit
    political_legal: Unit
    departments: dict[str, Unit]
    streets: dict[str, Unit]
    communities: list[Unit]
    logins: list[DemoLogin]


def _unit(name: str, kind: str, level: int, parent: Unit | None, code: str = "") -> Unit:
    unit, _ = Unit.objects.get_or_create(
        name=name, parent=parent, defaults={"kind": kind, "level": level, "division_code": code}
    )
    return unit


@cache
def _demo_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _user(username: str, name: str, unit: Unit, role: Role, title: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"last_name": name[0], "first_name": name[1:], "unit": unit, "title": title},
    )
    if created:
        # The demo password meets the password rules and is not an initial password. Every demo
        # login has the same published password, so one PBKDF2 hash serves them all (46 hashes
        # cost about 15 s of CPU in `make run`); a changed password gets its own salt as usual.
        user.password = _demo_hash()
        user.must_change_password = False
        user.save()
    user.roles.add(role)
    return user


def _roles() -> dict[str, Role]:
    roles = {}
    for sort, (key, (name, scope, perms)) in enumerate(ROLE_SPECS.items()):
        role, _ = Role.objects.update_or_create(
            key=key,
            defaults={
                "name": name,
                "data_scope": scope,
                "permissions": [str(p) for p in perms],
                "sort": sort,
                "requires_otp": key in OTP_ROLES,
            },
        )
        roles[key] = role
    return roles


@transaction.atomic
def demo_org_setup() -> DemoOrg:
    """Create (idempotently) the demo unit tree, roles and one login per role."""
    L = AdminLevel  # noqa: N806
    city = _unit("A市", UnitKind.GOVERNMENT, L.CITY, None, "440300")
    _unit("A市信访局", UnitKind.PETITION_BUREAU, L.CITY, city, "440300")
    # The district node is the district government: "上一级" for its departments and streets (Art. 35).
    district = _unit("青溪区人民政府", UnitKind.GOVERNMENT, L.DISTRICT, city, "440399")
    bureau = _unit("青溪区信访局", UnitKind.PETITION_BUREAU, L.DISTRICT, district, "440399")
    government = district
    discipline = _unit("区纪委监委", UnitKind.DISCIPLINE, L.DISTRICT, district, "440399")
    political_legal = _unit("区委政法委", UnitKind.POLITICAL_LEGAL, L.DISTRICT, district, "440399")
    _unit("区委组织部", UnitKind.PERSONNEL, L.DISTRICT, district, "440399")  # cadre notices (Art. 30)
    departments = {
        key: _unit(name, UnitKind.DEPARTMENT, L.DISTRICT, district, "440399") for key, name in DEPARTMENTS
    }
    streets, communities = {}, []
    for index, (key, (name, community_names)) in enumerate(STREETS.items(), start=1):
        street = _unit(name, UnitKind.STREET, L.STREET, district, f"440399{index:03d}")
        streets[key] = street
        for sub, community in enumerate(community_names, start=1):
            communities.append(
                _unit(community, UnitKind.COMMUNITY, L.COMMUNITY, street, f"440399{index:03d}{sub:03d}")
            )
    roles = _roles()
    people = [
        ("dengji", "王登记", bureau, "registrar", "接访登记员"),
        ("juzhang", "李局长", bureau, "leader", "区信访局局长"),
        ("ducha", "赵督查", bureau, "supervisor", "信访督查专员"),
        ("fucha", "孙复查", government, "reviewer", "区政府复查复核办"),
        ("shifuhe", "钱复核", city, "reviewer", "市政府复核办"),
        ("anquan", "郑安全", bureau, "security_admin", "安全管理员"),
        ("shenji", "冯审计", bureau, "audit_admin", "安全审计员"),
        ("jiwei", "周纪检", discipline, "handler", "信访室干部"),
        ("zhengfa", "吴政法", political_legal, "handler", "涉法涉诉办干部"),
    ]
    for key, unit in [*departments.items(), *streets.items()]:
        people.append((key, person_name(random.Random(key)), unit, "handler", "承办人"))
        people.append((f"{key}_head", person_name(random.Random(key + "_head")), unit, "unit_head", "负责人"))
    _routing(departments, streets)
    # Online petitions about the district are registered by its bureau (ADR 0014 §1): stated in the
    # admin table so administrators see where to change it (the default would choose the same).
    IntakeRoute.objects.get_or_create(
        area=district, category=None, defaults={"bureau": bureau, "note": "青溪区网上信访由区信访局登记"}
    )
    logins = []
    for username, name, unit, role_key, title in people:
        _user(username, name, unit, roles[role_key], title)
        logins.append(DemoLogin(username, roles[role_key].name, unit.name))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", password=DEMO_PASSWORD, last_name="系统", first_name="管理员", unit=bureau
        )
    logins.insert(0, DemoLogin("admin", "系统管理员", bureau.name))
    from .otp import demo_otp_setup

    demo_otp_setup()
    return DemoOrg(
        city,
        district,
        bureau,
        government,
        discipline,
        political_legal,
        departments,
        streets,
        communities,
        logins,
    )


def _routing(departments: dict[str, Unit], streets: dict[str, Unit]) -> None:
    """The demo routing table: department matters district-wide, local matters to their street."""
    for category in Category.objects.all():
        handler = CATEGORY_HANDLERS.get(category.code)
        if handler is None:
            continue
        if handler == "street":
            for street in streets.values():
                RoutingRule.objects.get_or_create(
                    category=category, area=street, defaults={"handling_unit": street}
                )
        else:
            RoutingRule.objects.get_or_create(
                category=category, area=None, defaults={"handling_unit": departments[handler]}
            )
