"""The public wording of acts is one data file read by one module (ADR 0014 §4)."""

import json

import pytest

from xinfang.petitions import wording
from xinfang.petitions.constants import DeclineGround, ReplyOutcome, ReviewOutcome, Route
from xinfang.petitions.lifecycle import Act


def test_every_act_declares_whether_it_is_told() -> None:
    raw = json.loads(wording.WORDING_FILE.read_text(encoding="utf-8"))
    assert set(raw["acts"]) == set(Act.values), "a new act needs an entry in public_wording.json"


def test_internal_acts_are_never_told() -> None:
    for act in (Act.SIGN, Act.REQUEST_RETURN, Act.NOTE, Act.REPORT_MAJOR, Act.ATTACH, Act.REQUEST_EXTENSION):
        assert wording.public_sentence(act) is None
        assert wording.public_sentence(act, confidential=True) is None
    assert Act.NOTE not in wording.public_kinds() and Act.SIGN not in wording.public_kinds()


def test_variants_follow_the_payload() -> None:
    support = wording.public_sentence(Act.REPLY, {"outcome": ReplyOutcome.SUPPORT})
    refuse = wording.public_sentence(Act.REPLY, {"outcome": ReplyOutcome.NOT_SUPPORT})
    assert support and refuse and support != refuse and "予以支持" in support and "第三十二条" in support
    # An unknown or missing value falls back to the act's general sentence.
    assert wording.public_sentence(Act.REPLY, {"outcome": "???"}) == wording.public_sentence(Act.REPLY)
    duplicate = wording.public_sentence(Act.DECLINE, {"ground": DeclineGround.DUPLICATE_UPWARD})
    assert duplicate is not None and "同一事项" in duplicate
    revoked = wording.public_sentence(Act.DECIDE_REVIEW, {"outcome": ReviewOutcome.REVOKE})
    assert revoked is not None and "重新办理" in revoked


def test_classification_is_told_only_when_it_leaves_the_petition_chain() -> None:
    """Art. 31: routes 1–5 tell the petitioner where to go; route 6 is handling, not a notice."""
    for route in (1, 2, 3, 4, 5):
        sentence = wording.public_sentence(Act.CLASSIFY, {"route": route})
        assert sentence is not None and f"第三十一条第{'一二三四五'[route - 1]}项" in sentence
    assert wording.public_sentence(Act.CLASSIFY, {"route": Route.OPINION}) is None
    assert wording.public_sentence(Act.CLASSIFY) is None
    assert Act.CLASSIFY in wording.public_kinds()


def test_mediation_outcome_is_a_boolean_variant() -> None:
    agreed = wording.public_sentence(Act.CONCLUDE_MEDIATION, {"agreed": True})
    failed = wording.public_sentence(Act.CONCLUDE_MEDIATION, {"agreed": False})
    assert agreed and failed and "协议" in agreed and "继续办理" in failed


def test_an_accuser_is_told_little_and_never_where_it_went() -> None:
    """Art. 30: received, passed on, finished — nothing about the organ or the outcome."""
    told = wording.public_kinds(confidential=True)
    assert told == {Act.REGISTER, Act.DISPATCH, Act.DIVERT, Act.DECLINE, Act.REPLY, Act.CLOSE}
    assert wording.public_sentence(Act.DIVERT, {"target": "discipline"}, confidential=True) == (
        wording.public_sentence(Act.DISPATCH, confidential=True)
    )
    assert wording.public_sentence(Act.REPLY, {"outcome": "support"}, confidential=True) == "已办结"
    assert wording.public_sentence(Act.ACCEPT, confidential=True) is None


def test_a_malformed_file_is_refused() -> None:
    with pytest.raises(ValueError, match="'text'"):
        wording._parse({"acts": {"register": {"sentence": "x"}}})
    with pytest.raises(ValueError, match="no 'by'"):
        wording._parse({"acts": {"reply": {"text": "x", "variants": {"a": "b"}}}})
