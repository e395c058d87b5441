"""网上信访 (Art. 17, 18, 21): petitions and petitioners' own acts that arrive without a registrar.

Every act needs a staff actor (the event log names who acted). Acts arriving
from the citizen portal or a partner platform (Open311, 12345) are taken by the
deployment's one service account in the district petition bureau; the event
payload says which interface brought them, so the log still tells the truth.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from xinfang.common.exceptions import RuleViolation
from xinfang.orgs.constants import DataScope, Perm, UnitKind
from xinfang.orgs.models import Role, Unit, User
from xinfang.orgs.selectors import intake_bureau_for

from ..constants import Channel
from ..drafts import PersonDraft, PetitionDraft
from ..models import Category, Petition
from ..rules import RuleDecision
from .registration import petition_register

ONLINE_ROLE_KEY = "online_platform"


def online_account() -> User:
    """The service account online acts are recorded under (created on first use)."""
    username = settings.XINFANG_ONLINE_ACCOUNT
    user = User.objects.filter(username=username).select_related("unit").first()
    if user is not None:
        return user
    bureau = (
        Unit.objects.filter(kind=UnitKind.PETITION_BUREAU, is_active=True).order_by("level", "pk").first()
    )
    if bureau is None:
        raise RuleViolation("系统未配置信访部门，无法受理网上信访（第十七条）", article="第十七条")
    with transaction.atomic():
        role, _ = Role.objects.get_or_create(
            key=ONLINE_ROLE_KEY,
            defaults={
                "name": "网上信访平台（系统账号）",
                "data_scope": DataScope.SELF,
                # HANDLE only so the petitioner's own materials can be attached (Act.ATTACH);
                # the account cannot log in and acts only through the portal's code paths.
                "permissions": [Perm.REGISTER.value, Perm.EVALUATE.value, Perm.HANDLE.value],
            },
        )
        user = User.objects.create(username=username, unit=bureau, last_name="网上信访平台", is_active=False)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.roles.add(role)
    return user


def petition_register_online(
    *,
    person: PersonDraft,
    title: str,
    content: str,
    category: Category,
    location_unit: Unit,
    source: str,
    type: str = "",
    request: str = "",
    facts: str = "",
    reasons: str = "",
    people_count: int = 1,
    accused_description: str = "",
    received_at: datetime | None = None,
) -> tuple[Petition, list[RuleDecision]]:
    """Register a petition submitted online (channel 网上) through ``source`` ("portal", "open311", …).

    Same rule checks and clocks as the hall: the statutory 15 days run from receipt (Art. 22).
    It is registered into the petition bureau that serves the place (``intake_bureau_for``,
    ADR 0014 §1), whose registrars find it in their queue as 网上 and 转送/交办 it like any
    other; the event's actor stays the online service account, the payload names the interface.
    """
    account = online_account()
    bureau = intake_bureau_for(location_unit, category) or account.unit
    draft = PetitionDraft(
        channel=Channel.ONLINE,
        category=category,
        title=title,
        content=content,
        petitioner=person,
        location_unit=location_unit,
        registered_unit=bureau,  # type: ignore[arg-type]
        registered_by=account,
        type=type,
        request=request,
        facts=facts,
        reasons=reasons,
        people_count=people_count,
        accused_description=accused_description,
        received_at=received_at,
        source=source,
    )
    return petition_register(draft=draft)
