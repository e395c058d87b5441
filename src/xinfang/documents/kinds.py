"""The official documents, each issued after the act that requires it (article in the name's note)."""

from __future__ import annotations

from dataclasses import dataclass

from xinfang.petitions.lifecycle import Act


@dataclass(frozen=True)
class DocKind:
    code: str
    title: str
    act: Act
    article: str


KINDS = (
    DocKind("accept_notice", "受理告知书", Act.ACCEPT, "第二十三条"),
    DocKind("decline_notice", "不予受理告知书", Act.DECLINE, "第十九条第三款、第二十条、第二十三条"),
    DocKind("refuse_notice", "不再受理告知书", Act.REFUSE_REPEAT, "第三十六条第三款"),
    DocKind("dispatch_sheet", "转送交办单", Act.DISPATCH, "第二十二条第一款"),
    DocKind("extension_notice", "延期告知书", Act.EXTEND, "第三十四条"),
    DocKind("opinion", "信访处理意见书", Act.REPLY, "第三十二条"),
    DocKind("review_opinion", "复查意见书", Act.DECIDE_REVIEW, "第三十五条"),
    DocKind("recheck_opinion", "复核意见书", Act.DECIDE_RECHECK, "第三十六条"),
)
BY_CODE = {kind.code: kind for kind in KINDS}
