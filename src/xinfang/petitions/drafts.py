"""The input of a registration, validated before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from xinfang.common.exceptions import ValidationFailed
from xinfang.common.idcard import is_valid_id_number, is_valid_phone, normalise_id_number, normalise_phone
from xinfang.orgs.models import Unit, User

from .constants import Channel, Escalation, PetitionerKind, PetitionType
from .identity import normalise_email
from .models import Category

# One address, no spaces or display name: what a contact email needs to be (RFC 5322 addr-spec, simplified).
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+")


@dataclass
class PersonDraft:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    kind: str = PetitionerKind.PERSON
    email: str = ""

    def cleaned(self, prefix: str) -> tuple[PersonDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        name = self.name.strip()
        id_number = normalise_id_number(self.id_number) if self.id_number else ""
        phone = normalise_phone(self.phone) if self.phone else ""
        email = normalise_email(self.email) if self.email else ""
        if not name:
            errors[f"{prefix}name"] = "请填写信访人姓名（名称）（第十九条第一款）"
        if self.kind not in PetitionerKind.values:
            errors[f"{prefix}kind"] = "信访人类型无效"
        if id_number and self.kind == PetitionerKind.PERSON and not is_valid_id_number(id_number):
            errors[f"{prefix}id_number"] = "身份证号码无效（GB 11643 校验位或出生日期不符）"
        if phone and not is_valid_phone(phone):
            errors[f"{prefix}phone"] = "联系电话格式无效"
        if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
            errors[f"{prefix}email"] = "电子邮箱格式无效"
        return PersonDraft(name, id_number, phone, self.address.strip(), self.kind, email), errors


@dataclass
class PetitionDraft:
    """What a registrar records (Art. 19(1): name, address, request, facts, reasons)."""

    channel: str
    category: Category
    title: str
    content: str
    petitioner: PersonDraft
    location_unit: Unit
    registered_unit: Unit
    registered_by: User
    type: str = ""
    request: str = ""
    facts: str = ""
    reasons: str = ""
    received_at: datetime | None = None
    people_count: int = 1
    representatives: list[PersonDraft] = field(default_factory=list)
    accused_unit: Unit | None = None
    accused_person: User | None = None
    accused_description: str = ""
    litigation_related: bool = False
    major_urgent: bool = False
    escalation: str = ""
    name_address_unclear: bool = False
    competent_unit: Unit | None = None
    # Which interface brought it when no registrar typed it in ("portal", "open311"…).
    source: str = ""

    def cleaned(self) -> PetitionDraft:
        """A normalised copy, or ValidationFailed naming every bad field."""
        errors: dict[str, str] = {}
        petitioner, person_errors = self.petitioner.cleaned("petitioner.")
        errors.update(person_errors)
        representatives = []
        for index, rep in enumerate(self.representatives):
            cleaned_rep, rep_errors = rep.cleaned(f"representatives[{index}].")
            representatives.append(cleaned_rep)
            errors.update(rep_errors)
        if self.channel not in Channel.values:
            errors["channel"] = "信访形式无效（第十七条：网上、来信、来访、电话、传真）"
        kind = self.type or self.category.default_type
        if kind not in PetitionType.values:
            errors["type"] = "信访类型无效"
        if not self.title.strip():
            errors["title"] = "请填写标题"
        if not self.content.strip():
            errors["content"] = "请填写信访内容"
        if self.escalation not in Escalation.values:
            errors["escalation"] = "越级进京标记无效"
        if self.people_count < 1:
            errors["people_count"] = "人数至少为1"
        received = self.received_at or timezone.now()
        if received > timezone.now():
            errors["received_at"] = "收到时间不能晚于当前时间"
        if kind == PetitionType.ACCUSATION and not (
            self.accused_unit or self.accused_person or self.accused_description
        ):
            errors["accused_description"] = "检举控告类事项须写明被检举控告的单位或人员"
        if errors:
            raise ValidationFailed(fields=errors)
        return PetitionDraft(
            **{
                **self.__dict__,
                "petitioner": petitioner,
                "representatives": representatives,
                "type": kind,
                "title": self.title.strip(),
                "content": self.content.strip(),
                "received_at": received,
            }
        )
