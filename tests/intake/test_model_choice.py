"""The pipeline is chosen on the training side only; small classes are reported, never dropped silently."""

from __future__ import annotations

import random

import pytest

from xinfang.intake.classifier import (
    CORPUS_FEATURES,
    OTHER,
    Choice,
    TextClassifier,
    baseline_choice,
    corpus_semantics,
    doc_of,
    family,
    select,
)
from xinfang.intake.evaluation import Labelled, outer_fold, pool_without

TOPICS = {
    "labour": ["拖欠工资", "讨薪", "劳动合同", "社保缴纳", "工伤认定"],
    "property": ["物业费", "电梯故障", "业主委员会", "维修基金", "停车收费"],
    "school": ["学区划分", "校外培训", "补课收费", "幼儿园", "奖学金"],
}
FILLER = ["小区", "街道", "反映", "多次", "情况", "居民", "希望", "尽快"]


def dataset(seed: int, per_class: int = 24) -> Labelled:
    rng = random.Random(seed)
    docs, raw, labels = [], [], []
    for label, words in TOPICS.items():
        for _ in range(per_class):
            body = "".join(rng.sample(FILLER, 3)) + rng.choice(words) + "".join(rng.sample(FILLER, 2))
            title = rng.choice(words)
            docs.append(doc_of(title, body))
            raw.append(f"{title} {body}")
            labels.append(label)
    return Labelled(docs, raw, labels)


def test_choice_ignores_the_outer_test_fold_even_when_it_leaks_the_label() -> None:
    """A leaky design scores candidates on the held-out rows; here those rows carry their label
    as a title token no training row has, and then have their labels scrambled. The choice,
    its inner scores and the fitted model's training must not move."""
    data = dataset(1)
    n = len(data.labels)
    test = list(range(0, n, 5))
    train = [i for i in range(n) if i not in set(test)]
    clean = outer_fold(data, train, test, min_examples=3, seed=3)
    leaked_docs = list(data.docs)
    leaked_labels = list(data.labels)
    rng = random.Random(9)
    scrambled = [leaked_labels[i] for i in test]
    rng.shuffle(scrambled)
    for i, label in zip(test, scrambled, strict=True):
        leaked_docs[i] = doc_of(f"标签{label}", f"标签{label} {data.raw[i]}")  # the answer, in the text
        leaked_labels[i] = label
    leaky = Labelled(leaked_docs, list(data.raw), leaked_labels)
    again = outer_fold(leaky, train, test, min_examples=3, seed=3)
    assert again["pipeline"] == clean["pipeline"]
    assert again["inner_cv_macro_f1"] == clean["inner_cv_macro_f1"]
    # the model fitted on the training side predicts the altered test rows as it would any text
    assert again["truth"] != clean["truth"]


def unlabelled_pool(seed: int, size: int = 60) -> list[tuple[str, str]]:
    """Petitions of the same bureau with no label: texts only."""
    rng = random.Random(seed)
    words = [w for group in TOPICS.values() for w in group]
    return [
        doc_of(rng.choice(words), "".join(rng.sample(FILLER, 3)) + rng.choice(words)) for _ in range(size)
    ]


def test_the_pool_loses_the_held_out_texts_before_the_model_sees_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """An outer test row's text never reaches training through the unlabelled pool, even written
    with other punctuation or spacing."""
    data = dataset(7)
    n = len(data.labels)
    test = list(range(0, n, 5))
    train = [i for i in range(n) if i not in set(test)]
    respelt = [(title, text.replace("，", ",") + " 。") for title, text in (data.docs[i] for i in test[:4])]
    others = unlabelled_pool(8)
    seen: dict[str, object] = {}
    real = TextClassifier.train

    def spy(*args: object, **kwargs: object) -> TextClassifier:
        seen["pool"] = list(kwargs["unlabelled"])  # type: ignore[call-overload]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TextClassifier, "train", staticmethod(spy))
    outer_fold(data, train, test, min_examples=3, seed=3, unlabelled=[*respelt, *others])
    assert seen["pool"] == pool_without(others, [data.docs[i] for i in test])
    assert not set(respelt) & set(seen["pool"])  # type: ignore[arg-type]
    assert pool_without(respelt, [data.docs[i] for i in test]) == []


def test_an_unlabelled_pool_holding_the_test_texts_cannot_move_the_choice_by_their_labels() -> None:
    """The corpus a bureau hands over may contain the very petitions later scored (texts, no
    labels). Scramble the held-out rows' labels: a design that let those labels reach the
    choice through the pool (or anywhere) would move; the choice, its inner scores and the
    corpus members' presence must not."""
    data = dataset(4)
    n = len(data.labels)
    test = list(range(1, n, 4))
    train = [i for i in range(n) if i not in set(test)]
    names = sorted(TOPICS)
    for i in train[::6]:  # some label noise, so no candidate is perfect and the whole family is tried
        data.labels[i] = names[(names.index(data.labels[i]) + 1) % len(names)]
    pool = [data.docs[i] for i in test] + unlabelled_pool(5)
    clean = outer_fold(data, train, test, min_examples=3, seed=3, unlabelled=pool)
    scrambled_labels = list(data.labels)
    moved = [scrambled_labels[i] for i in test]
    random.Random(11).shuffle(moved)
    for i, label in zip(test, moved, strict=True):
        scrambled_labels[i] = label
    leaky = Labelled(list(data.docs), list(data.raw), scrambled_labels)
    again = outer_fold(leaky, train, test, min_examples=3, seed=3, unlabelled=pool)
    assert again["pipeline"] == clean["pipeline"]
    assert again["inner_cv_macro_f1"] == clean["inner_cv_macro_f1"]
    assert again["predicted"] == clean["predicted"]  # the same model: nothing of the labels reached it
    assert again["truth"] != clean["truth"]
    # the corpus members were candidates (the pool was used, not ignored)
    picked = select(
        [data.docs[i] for i in train],
        [data.labels[i] for i in train],
        seed=3,
        semantics=corpus_semantics([data.docs[i] for i in train], pool),
    )
    assert any(name.startswith(CORPUS_FEATURES) for name in picked.scores)


def test_corpus_axes_are_learnt_from_texts_and_frozen_inside_the_pipeline() -> None:
    data = dataset(5)
    pool = unlabelled_pool(6)
    assert corpus_semantics(data.docs, []) is None  # no corpus, no corpus members
    assert not any(c.features == CORPUS_FEATURES for c in family())
    only = Choice(CORPUS_FEATURES, True, 0.3)
    model = TextClassifier.train(data.docs, data.labels, unlabelled=pool, candidates=[only], min_examples=3)
    assert model.choice == only and model.report["unlabelled"] == len(pool)
    fitted = dict(model.pipeline.named_steps["features"].transformer_list)["corpus_lsa"].named_steps["tfidf"]
    fresh = corpus_semantics(data.docs, pool)
    assert fresh is not None
    assert (fitted.axes_ == fresh.axes_).all()  # fitting the classifier did not refit the axes
    loaded = TextClassifier.loads(model.dumps())
    top = loaded.top(doc_of("拖欠工资", "工地拖欠工资三个月"))
    assert top[0].label == "labour"
    assert all(not word.startswith("lsa") for p in top for word in p.words)


def test_selection_sees_only_what_it_is_given_and_keeps_the_baseline_as_a_candidate() -> None:
    data = dataset(2)
    names = {c.name for c in family()}
    assert baseline_choice().name in names
    picked = select(data.docs[:60], data.labels[:60], seed=1)
    order = [c.name for c in family()]
    scored = [name for name in order if name in picked.scores]
    assert scored == order[: len(scored)]  # family order; the search stops only at a perfect score
    assert len(scored) == len(order) or picked.scores[scored[-1]] == 1.0
    assert picked.scores[picked.chosen.name] == max(picked.scores.values())
    everything = select(data.docs[:60], data.labels[:60], seed=1, candidates=[baseline_choice()])
    assert 0 <= everything.baseline_score <= 1 and everything.chosen == baseline_choice()


def test_small_classes_are_reported_and_merged_into_other() -> None:
    data = dataset(3, per_class=12)
    docs = [*data.docs, doc_of("噪音", "夜间施工噪音扰民"), doc_of("噪音", "广场舞噪音")]
    labels = [*data.labels, "noise", "noise"]
    model = TextClassifier.train(docs, labels, min_examples=10)
    assert model.report["small_classes"] == {"classes": {"noise": 2}, "handled": f"merged into {OTHER}"}
    assert OTHER in model.labels and "noise" not in model.labels
    ruled = TextClassifier.train(docs, labels, min_examples=10, small="rules")
    assert ruled.report["small_classes"]["handled"] == "left to rules (not learned)"
    assert set(ruled.labels) == set(TOPICS)


def test_too_few_classes_to_learn_is_an_error_not_a_silent_model() -> None:
    docs = [doc_of("物业费", "物业费上涨")] * 12
    with pytest.raises(ValueError, match="两个类别"):
        TextClassifier.train(docs, ["property"] * 12)
