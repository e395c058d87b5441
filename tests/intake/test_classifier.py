"""The classifier ranks, calibrates, explains, and round-trips through its stored form."""

from __future__ import annotations

import json
import random

import pytest

from xinfang.intake.classifier import TextClassifier, baseline_choice, doc_of, family, select

WAGES = [
    "工地老板拖欠农民工工资三个月",
    "公司拖欠工资不发",
    "讨薪无门，包工头欠薪",
    "工资被克扣，劳动合同不签",
]
PROPERTY = [
    "物业公司乱收物业费",
    "小区电梯坏了物业不修",
    "物业费上涨未经业主同意",
    "业主委员会选举被物业干预",
]
SCHOOL = ["学校乱收补课费", "校外培训机构退费难", "学区划分不合理孩子上学远", "幼儿园收费过高"]


def corpus(seed: int = 1) -> tuple[list[tuple[str, str]], list[str]]:
    rng = random.Random(seed)
    docs, labels = [], []
    for label, texts in (("labour", WAGES), ("property", PROPERTY), ("education", SCHOOL)):
        for _ in range(6):
            text = rng.choice(texts)
            docs.append(doc_of(text[:8], text, "甲社区"))
            labels.append(label)
    return docs, labels


@pytest.fixture(scope="module")
def model() -> TextClassifier:
    docs, labels = corpus()
    return TextClassifier.train(docs, labels, min_examples=3)


def test_top_three_are_ranked_probabilities_with_reasons(model: TextClassifier) -> None:
    top = model.top(doc_of("包工头拖欠工资", "工地拖欠农民工工资"))
    assert top[0].label == "labour" and len(top) == 3
    assert top[0].confidence > top[1].confidence >= top[2].confidence
    assert abs(sum(p.confidence for p in top) - 1) < 1e-6
    assert any("工资" in w or "拖欠" in w for w in top[0].words)


def test_label_terms_teach_unseen_wording() -> None:
    docs, labels = corpus()
    plain = TextClassifier.train(docs, labels, min_examples=3)
    taught = TextClassifier.train(
        docs, labels, label_terms={"education": ["奖学金评定", "奖学金"]}, min_examples=3
    )
    probe = doc_of("奖学金评定不公", "奖学金评定不公")
    assert taught.top(probe)[0].label == "education"
    assert (
        taught.top(probe)[0].confidence > dict((p.label, p.confidence) for p in plain.top(probe))["education"]
    )


def test_model_survives_storage(model: TextClassifier) -> None:
    again = TextClassifier.loads(model.dumps())
    probe = [doc_of("物业费", "物业费上涨")]
    assert again.predict(probe) == model.predict(probe) == ["property"]


def test_fast_scores_equal_scikit_learns(model: TextClassifier) -> None:
    import numpy as np

    doc = doc_of("物业费上涨", "物业公司未经同意上调物业费，电梯也坏了")
    fast = {p.label: p.confidence for p in model.top(doc, k=3)}
    reference = model.pipeline.predict_proba([doc])[0]
    expected = dict(zip(model.labels, reference, strict=True))
    assert all(np.isclose(fast[label], expected[label]) for label in fast)


def test_the_calibrated_model_is_one_svm_fitted_on_all_the_documents(model: TextClassifier) -> None:
    """Inner CV scored an SVM fitted on the whole training side; that SVM is the one used, not
    an average of three fitted on two thirds each (only the sigmoids come from held-out margins)."""
    import numpy as np

    docs, labels = corpus()
    calibrated = model.pipeline.named_steps["model"]
    assert len(calibrated.calibrated_classifiers_) == 1
    assert model.choice is not None
    features = model.pipeline.named_steps["features"].transform(docs)
    alone = model.choice.svm().fit(features, labels)
    assert np.allclose(calibrated.calibrated_classifiers_[0].estimator.coef_, alone.coef_, atol=1e-4)


def test_the_report_carries_the_baseline_even_when_the_search_stops_early() -> None:
    """Separable data: the first family member is perfect and the search stops, yet the baseline
    is scored on the same folds; the report is plain JSON (PostgreSQL's JSON has no NaN)."""
    texts = {"labour": "工地拖欠农民工工资", "property": "物业公司违规停水", "education": "学校乱收补课费"}
    docs = [doc_of(text[:4], text, "甲社区") for text in texts.values() for _ in range(6)]
    labels = [label for label in texts for _ in range(6)]
    selection = select(docs, labels)
    assert selection.chosen_score == 1.0 and len(selection.scores) < len(family())  # stopped early
    assert baseline_choice().name in selection.scores
    report = TextClassifier.train(docs, labels, min_examples=3).report
    assert isinstance(report["inner_cv_baseline_macro_f1"], float)
    json.dumps(report, allow_nan=False)
    # One example of a class: nothing can be cross-validated, and the report says so with null.
    alone = TextClassifier.train(
        [*docs, doc_of("路灯不亮", "小区路灯坏了", "甲社区")], [*labels, "lights"], min_examples=1
    ).report
    assert alone["inner_cv_macro_f1"] is None and alone["inner_cv_baseline_macro_f1"] is None
    json.dumps(alone, allow_nan=False)
