"""The official documents, each issued after the act that requires it (article in the name's note)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xinfang.petitions.lifecycle import Act


@dataclass(frozen=True)
class DocKind:
    code: str
    title: str
    act: Act
    article: str
    # Petition types the document is issued for (empty: every type).
    types: frozenset[str] = field(default_factory=frozenset)

    def applies_to(self, petition_type: str) -> bool:
        return not self.types or petition_type in self.types

    # Issued only by those events of ``act`` whose payload has this (key, value), e.g. the
    # 转送告知书 only by a dispatch of a petition received directly (Art. 23(1)).
    when: tuple[str, str] | None = None

    def issued_by(self, kind: str, payload: object) -> bool:
        if kind != self.act.value:
            return False
        if self.when is None:
            return True
        key, value = self.when
        return isinstance(payload, dict) and payload.get(key) == value


KINDS = (
    DocKind("accept_notice", "受理告知书", Act.ACCEPT, "第二十三条"),
    DocKind("decline_notice", "不予受理告知书", Act.DECLINE, "第十九条第三款、第二十条、第二十三条"),
    DocKind("refuse_notice", "不再受理告知书", Act.REFUSE_REPEAT, "第三十六条第三款"),
    DocKind("dispatch_sheet", "转送交办单", Act.DISPATCH, "第二十二条第一款"),
    DocKind(
        "transfer_notice",
        "转送告知书",
        Act.DISPATCH,
        "第二十三条第一款、第二款",
        when=("petitioner_notice", "transfer_notice"),
    ),
    DocKind("completion_report", "办结报告", Act.REPORT_COMPLETION, "第二十二条第一款第三项"),
    DocKind("extension_notice", "延期告知书", Act.EXTEND, "第三十四条"),
    DocKind("opinion", "信访处理意见书", Act.REPLY, "第三十二条", frozenset({"appeal"})),
    # Art. 30, 23(4): an accusation is answered under the disciplinary organs' rules, without 复查.
    DocKind("accusation_reply", "检举控告办理情况反馈", Act.REPLY, "第三十条", frozenset({"accusation"})),
    DocKind("duty_reply", "依法履行职责（答复）告知书", Act.PERFORM_DUTY, "第三十一条第五项"),
    DocKind("review_opinion", "复查意见书", Act.DECIDE_REVIEW, "第三十五条"),
    DocKind("recheck_opinion", "复核意见书", Act.DECIDE_RECHECK, "第三十六条"),
)
BY_CODE = {kind.code: kind for kind in KINDS}
