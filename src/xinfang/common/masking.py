"""Masking of personal data for roles that may not see it in full."""

import re


def mask_id_number(value: str) -> str:
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str) -> str:
    """The first character of the mailbox and the whole domain: ``w***@example.cn``."""
    local, at, domain = value.partition("@")
    if not at:
        return "*" * len(value)
    return (local[:1] + "***" if local else "***") + "@" + domain


# An 18-character resident ID (17 digits and a digit or X) or a mainland mobile number,
# not glued to other digits; free text shown outside the workbench passes through this.
_ID_IN_TEXT = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9Xx])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def mask_pii_in_text(text: str) -> str:
    """Mask ID and mobile numbers written inside free text (descriptions, public summaries)."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


# Free text that is published (Open311 public reads, the portal's public list) also loses
# addresses below the street (building, unit, room, house numbers), landline numbers, vehicle
# plates and the petitioner's own names. Over-masking a figure such as "3号" in public text is
# accepted; a home address reaching the public is not.
_NUM = r"[0-9０-９一二三四五六七八九十百零〇两甲乙丙丁A-Za-z]+"
_ADDRESS_UNIT = r"(?:号楼|号院|号|栋|幢|单元|室|层|楼|座|弄|巷|组)"
# The house, building, unit and room numbers ("12号3栋2单元501室"); a road or estate name before
# them stays, as coarse as the street the public reads already show.
_ADDRESS_IN_TEXT = re.compile(
    rf"[0-9０-９]+[A-Za-z]?(?:[-－—][0-9０-９]+)?{_ADDRESS_UNIT}(?:{_NUM}(?:[-－—][0-9０-９]+)?{_ADDRESS_UNIT})*"
)
_PLATE_IN_TEXT = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·•\s]?[A-Z0-9]{4,5}[A-Z0-9挂学警]?(?![A-Za-z0-9])"
)
_LANDLINE_IN_TEXT = re.compile(r"(?<![0-9])0[0-9]{2,3}[-－\s]?[0-9]{7,8}(?![0-9])")
ADDRESS_MASK = "〔地址已隐去〕"


def mask_public_text(text: str, *, names: tuple[str, ...] | list[str] | set[str] = ()) -> str:
    """Free text fit for publication: ID, mobile and landline numbers, plates, addresses and names masked."""
    text = mask_pii_in_text(text)
    text = _LANDLINE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
    text = _PLATE_IN_TEXT.sub(lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 2), text)
    text = _ADDRESS_IN_TEXT.sub(ADDRESS_MASK, text)
    for name in sorted((n.strip() for n in names if n and len(n.strip()) >= 2), key=len, reverse=True):
        text = text.replace(name, name[0] + "*" * (len(name) - 1))
    return text
