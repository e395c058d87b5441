"""Materials (Art. 19(1)): type- and size-checked, stored outside the web root, logged as an event."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from xinfang.common.crypto import sm3_hex
from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.models import User

from ..lifecycle import Act
from ..models import Attachment, Petition
from .core import apply_act, legal_act

MAX_BYTES = 20 * 1024 * 1024
# Extension -> accepted leading bytes (None: text-like, no signature to check).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".txt": None,
}


# The kinds ``SIGNATURES`` accepts, as every upload form names them to the user.
ALLOWED_KINDS = (
    "仅支持 PDF 文件、图片（.png/.jpg）、文字处理文档（.doc/.docx）、电子表格（.xls/.xlsx）和纯文本（.txt）"
)


def _checked(upload: UploadedFile) -> tuple[bytes, str]:
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in SIGNATURES:
        raise ValidationFailed(fields={"file": ALLOWED_KINDS})
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationFailed(fields={"file": "单个附件不能超过20MB"})
    content = upload.read()
    signatures = SIGNATURES[suffix]
    if signatures is not None and not content.startswith(signatures):
        raise ValidationFailed(fields={"file": "文件内容与扩展名不符"})
    if not content:
        raise ValidationFailed(fields={"file": "附件为空"})
    return content, name


@legal_act(Act.ATTACH)
def petition_attach(
    *,
    petition: Petition,
    actor: User,
    upload: UploadedFile,
    source: str = "",
    expected_version: int | None = None,
) -> tuple[Petition, Attachment]:
    """Store one material; ``source`` names the interface that brought it ("open311" …), if not staff."""
    content, name = _checked(upload)
    upload.seek(0)
    attachment = Attachment(
        petition=petition,
        name=name[:200],
        content_type=upload.content_type or "",
        size=len(content),
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=True)
    petition = apply_act(
        petition,
        actor=actor,
        act=Act.ATTACH,
        expected_version=expected_version,
        payload={
            "attachment": attachment.pk,
            "name": attachment.name,
            "size": attachment.size,
            "sm3": sm3_hex(content),
            **({"source": source} if source else {}),
        },
    )
    return petition, attachment
