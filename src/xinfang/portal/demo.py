"""Demo entries for the public 人民建议转化运用清单: staff-style summaries for adopted demo suggestions.

Called from the demo setup after the bulk generator; idempotent (suggestions already written up
are skipped). The texts are written here, as staff would, never taken from the suggestion itself.
"""

from __future__ import annotations

from xinfang.orgs.models import User
from xinfang.petitions.constants import PetitionType, SuggestionOutcome
from xinfang.petitions.models import Petition

from .services import suggestion_publication_save

DEMO_ENTRIES = (
    (
        "社区微循环公交",
        "群众建议开通连接地铁站与老旧小区的社区公交。",
        "已开通2条微循环线路，早晚高峰加密班次。",
    ),
    (
        "老旧小区加装电梯",
        "群众建议简化老旧小区加装电梯的审批流程。",
        "已出台加装电梯联合审批办法，审批时限压缩至20个工作日。",
    ),
    (
        "学校周边交通安全",
        "群众建议在中小学周边设置上下学临时停车区。",
        "已在12所学校周边划设即停即走车位并安排护学岗。",
    ),
    ("社区养老助餐", "群众建议在社区设置老年助餐点。", "已建成社区长者食堂8个，对高龄老人给予用餐补贴。"),
    ("夜间施工噪声", "群众建议加强对夜间施工噪声的巡查。", "已建立夜间施工审批公示和联合巡查机制。"),
)


def portal_demo_setup(*, actor: User, count: int = len(DEMO_ENTRIES)) -> int:
    """Write and publish entries for up to ``count`` adopted demo suggestions; returns how many were written."""
    adopted = Petition.objects.filter(
        type=PetitionType.SUGGESTION,
        suggestion_outcome__in=[SuggestionOutcome.ADOPTED, SuggestionOutcome.PARTLY_ADOPTED],
        publication__isnull=True,
    ).order_by("-closed_at", "-pk")
    written = 0
    for petition, (title, summary, outcome) in zip(adopted[:count], DEMO_ENTRIES, strict=False):
        suggestion_publication_save(
            petition=petition, actor=actor, title=title, summary=summary, outcome=outcome, published=True
        )
        written += 1
    return written
