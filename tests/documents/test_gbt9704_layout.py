"""Official documents in the GB/T 9704-2012 layout, without doubled punctuation (#11.7).

Every document kind, with every outcome its act can have, is rendered from the default template
with the texts clerks really type — an opinion that already starts "经复查，" and ends with "。",
a reason ending with "。", facts ending with "。" followed by reasons — and read back.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.factories import PATHS, Org, petition_in, register
from xinfang.documents.kinds import KINDS
from xinfang.documents.render import document_docx, documents_available, tidy
from xinfang.petitions import services
from xinfang.petitions.constants import DutyManner, ReplyOutcome, ReviewOutcome, Route
from xinfang.petitions.lifecycle import Status

pytestmark = pytest.mark.django_db

DOUBLED = re.compile(r"[。；，、：]{2,}|(经[\u4e00-\u9fff]{1,4}，)\1|。（[^）]*）。")
FACTS = {"facts": "开发商逾期交房一年。", "reasons": "合同约定违约金未支付。", "request": "要求支付违约金。"}


def _reply(org: Org, p, outcome: str):  # type: ignore[no-untyped-def]
    return services.petition_reply(
        petition=p,
        actor=org.housing_handler,
        outcome=outcome,
        opinion="经调查，开发商应于三十日内支付违约金。",
        legal_basis="《信访工作条例》第三十二条。",
    )


def _to_answered(org: Org, outcome: str = ReplyOutcome.NOT_SUPPORT):  # type: ignore[no-untyped-def]
    petition = register(org, **FACTS)
    for step in PATHS[Status.HANDLING]:
        petition = step(org, petition)
    return _reply(org, petition, outcome)


def _reviewed(org: Org, outcome: str):  # type: ignore[no-untyped-def]
    petition = PATHS[Status.UNDER_REVIEW][-1](org, _to_answered(org))
    return services.petition_decide_review(
        petition=petition,
        actor=org.reviewer,
        outcome=outcome,
        opinion=f"经复查，{ReviewOutcome(outcome).label}。",
        reason="原处理意见认定事实不清" if outcome == ReviewOutcome.REVOKE else "",
    )


def _rechecked(org: Org, outcome: str):  # type: ignore[no-untyped-def]
    petition = _reviewed(org, ReviewOutcome.UPHOLD)
    petition = PATHS[Status.UNDER_RECHECK][-1](org, petition)
    return services.petition_decide_recheck(
        petition=petition,
        actor=org.rechecker,
        outcome=outcome,
        opinion=f"经复核，{ReviewOutcome(outcome).label}。",
        reason="原处理意见认定事实不清" if outcome == ReviewOutcome.REVOKE else "",
    )


def _declined(org: Org):  # type: ignore[no-untyped-def]
    return services.petition_decline(
        petition=register(org, **FACTS),
        actor=org.registrar,
        ground="other",
        reason="该事项不属本机关受理范围。",
    )


def _refused(org: Org):  # type: ignore[no-untyped-def]
    return services.petition_refuse_repeat(
        petition=register(org, **FACTS),
        actor=org.registrar,
        ground="litigation_concluded",
        reason="已依法终结。",
    )


def _extended(org: Org):  # type: ignore[no-untyped-def]
    petition = register(org, **FACTS)
    for step in PATHS[Status.HANDLING]:
        petition = step(org, petition)
    return services.petition_extend(
        petition=petition, actor=org.housing_handler, days=30, reason="需现场勘验。"
    )


def _transferred(org: Org):  # type: ignore[no-untyped-def]
    # A petition brought directly to the department, which transfers it (Art. 23(1)): 转送告知书.
    petition = register(org, registered_unit=org.housing, registered_by=org.housing_handler, **FACTS)
    return services.petition_dispatch(
        petition=petition,
        actor=org.housing_handler,
        to_unit=org.street_a,
        mode="transfer",
        note="请依法处理。",
    )


def _reported(org: Org):  # type: ignore[no-untyped-def]
    petition = services.petition_dispatch(
        petition=register(org, **FACTS), actor=org.registrar, to_unit=org.housing, mode="assign", due_days=30
    )
    return services.petition_report_completion(
        petition=petition, actor=org.housing_handler, summary="已协调开发商支付违约金，信访人表示认可。"
    )


def _duty(org: Org, manner: str):  # type: ignore[no-untyped-def]
    # Art. 31(5): performed or answered, closed with its own notice.
    petition = services.petition_classify(
        petition=petition_in(org, Status.ACCEPTED), actor=org.housing_handler, route=Route.DUTY
    )
    return services.petition_perform_duty(
        petition=petition,
        actor=org.housing_handler,
        manner=manner,
        content="已责令开发商限期整改。",
        legal_basis="《中华人民共和国城市房地产管理法》。",
    )


def _accusation(org: Org):  # type: ignore[no-untyped-def]
    # Art. 30: an accusation is answered under the disciplinary organs' rules.
    petition = register(org, category=org.categories["accusation"], accused_unit=org.community_a, **FACTS)
    petition = services.petition_dispatch(
        petition=petition, actor=org.registrar, to_unit=org.discipline, mode="transfer"
    )
    petition = services.petition_sign(petition=petition, actor=org.discipline_handler)
    petition = services.petition_accept(petition=petition, actor=org.discipline_handler)
    return services.petition_reply(
        petition=petition,
        actor=org.discipline_handler,
        outcome="support",
        opinion="经核查，反映的问题属实，已依纪依法处理。",
        legal_basis="《中国共产党纪律处分条例》。",
    )


CASES: list[tuple[str, str, Callable[[Org], object]]] = [
    *[("duty_reply", m.value, lambda org, m=m: _duty(org, m)) for m in DutyManner],
    ("accusation_reply", "", _accusation),
    ("accept_notice", "", lambda org: _to_answered(org)),
    ("dispatch_sheet", "", lambda org: _to_answered(org)),
    ("transfer_notice", "", _transferred),
    ("completion_report", "", _reported),
    ("decline_notice", "", _declined),
    ("refuse_notice", "", _refused),
    ("extension_notice", "", _extended),
    *[("opinion", o.value, lambda org, o=o: _to_answered(org, o)) for o in ReplyOutcome],
    *[("review_opinion", o.value, lambda org, o=o: _reviewed(org, o)) for o in ReviewOutcome],
    *[("recheck_opinion", o.value, lambda org, o=o: _rechecked(org, o)) for o in ReviewOutcome],
]


def test_every_kind_is_covered() -> None:
    assert {code for code, _, _ in CASES} == {kind.code for kind in KINDS}


@pytest.mark.parametrize(("code", "outcome", "make"), CASES, ids=[f"{c}-{o or 'any'}" for c, o, _ in CASES])
def test_document_layout_and_punctuation(org: Org, code: str, outcome: str, make) -> None:  # type: ignore[no-untyped-def]
    petition = make(org)
    assert code in {kind.code for kind in documents_available(petition)}
    name, content = document_docx(petition, code)
    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert not DOUBLED.search(text), DOUBLED.search(text)
    # A4 and the official margins (GB/T 9704 §5.2.1 and §5.2.2).
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    # 28 lines of 28 characters.
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    type_height = (297 - 37 - 35) / 25.4 * 72
    assert abs(int(grid.get(qn("w:linePitch"))) / 20 * 28 - type_height) < 1
    # Title 小标宋 二号, body 仿宋 三号, each with its substitute in the font table.
    title, body = doc.paragraphs[0].runs[0], doc.paragraphs[3].runs[0]
    assert title.font.size == Pt(22) and "小标宋" in title._element.rPr.rFonts.get(qn("w:eastAsia"))
    assert body.font.size == Pt(16) and "仿宋" in body._element.rPr.rFonts.get(qn("w:eastAsia"))
    font_table = next(r.target_part.blob for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert "仿宋_GB2312".encode() in font_table and 'w:val="仿宋"'.encode() in font_table
    # A page number field in the footer.
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    if outcome in DutyManner.values:
        assert "已责令开发商限期整改" in text
    elif outcome:
        label = dict(ReplyOutcome.choices + ReviewOutcome.choices)[outcome]
        assert f"结论：{label}。" in text
    assert name.endswith(".docx") and petition.number in name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("经复查，经复查，维持。", "经复查，维持。"),
        ("理由。；其他", "理由；其他"),
        ("不予支持。。", "不予支持。"),
        ("是否？。", "是否？"),
        ("一、投诉请求：\n要求", "一、投诉请求：\n要求"),
    ],
)
def test_tidy(raw: str, clean: str) -> None:
    assert tidy(raw) == clean
