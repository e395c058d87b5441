"""A small, explainable text classifier for routing suggestions, chosen on its own training data.

``TextClassifier.train`` picks one pipeline from a small family by inner stratified
cross-validation on the documents it is given, and only those, for macro-F1:

- features: ``chars`` (character 1-3-grams of the whole text — with ``C=1`` and no class
  weights this is exactly the reference baseline, so the baseline is always a candidate);
  ``words+chars`` (jieba words with the domain dictionary, plus character 2-3-grams);
  ``words+chars+title`` (the same, plus a separate channel for the title alone);
- class weights: none or balanced (for skewed data: the choice is made for macro-F1);
- the linear SVM's C from a small grid.

The chosen pipeline is refitted on all the data — one SVM, the model inner CV scored — and
Platt-calibrated on its 3-fold out-of-fold margins so the top-3 confidences are probabilities
(on 附件2 this scored 0.840 against 0.829 for the former average of three SVMs each fitted on
two thirds; docs/benchmarks.md, Smart intake V). Classes with fewer than ``min_examples``
examples are never silently dropped: they are reported, and either merged into the ``other``
route or left to the rules (the model then never predicts them). Optional label terms (words describing a
label) join the training documents — in inner CV only the training side. Explanations are
the features with the largest weight x value for the predicted label.

Unlabelled petitions: a bureau always has its whole petition corpus, most of it without the
label being learnt. Given ``unlabelled`` documents, ``train`` learns latent semantic axes (LSA:
a truncated SVD of jieba-word TF-IDF) from the training documents' and the unlabelled
documents' *texts* — never a label — and the family gains ``words+chars+title+lsa`` members
(the richest features plus those axes). The choice among them is still inner CV on the
labelled documents, so the corpus helps only where it wins there.
"""

from __future__ import annotations

import io
import math
import pickle
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from scipy.special import expit
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, normalize
from sklearn.svm import LinearSVC

from .text import cached_words, dictionary_load, dictionary_terms, normalise

Doc = tuple[str, str]  # (title, title + body + place), both normalised

FEATURES = ("chars", "words+chars", "words+chars+title")
CORPUS_FEATURES = "words+chars+title+lsa"  # only when an unlabelled corpus is given
LSA_COMPONENTS = 300
LSA_WEIGHT = 1.0
LSA_MIN_DOCS = 50  # fewer texts than this: no semantic axes worth learning
LSA_MAX_DOCS = 20000
C_GRID = (0.1, 0.3, 1.0, 3.0)
BASELINE = ("chars", False, 1.0)
MIN_EXAMPLES = 10
OTHER = "其他"
INNER_FOLDS = 3


def doc_of(title: str, *rest: str) -> Doc:
    title = normalise(title)
    return title, " ".join([title, *(normalise(part) for part in rest)]).strip()


def word_tokens(text: str) -> list[str]:
    """The jieba analyzer, cached per text: inner CV segments each document once, not per fit."""
    return list(cached_words(text))


def _pick(docs: Sequence[Doc], index: int) -> list[str]:
    return [doc[index] for doc in docs]


def _column(index: int) -> FunctionTransformer:
    return FunctionTransformer(_pick, kw_args={"index": index})


def _channel(name: str, index: int, vectorizer: TfidfVectorizer) -> tuple[str, Pipeline]:
    return name, Pipeline([("pick", _column(index)), ("tfidf", vectorizer)])


def _chars(ngrams: tuple[int, int], min_df: int = 1) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char", ngram_range=ngrams, sublinear_tf=True, min_df=min_df)


class CorpusSemantics(BaseEstimator, TransformerMixin):
    """Latent semantic axes learnt, without labels, from a corpus of petition texts.

    ``learn`` fits a jieba-word TF-IDF and a truncated SVD on the texts; afterwards the
    transformer is frozen: ``fit`` inside a pipeline does nothing, so the classifier's
    training side never changes what the axes mean. Rows are L2-normalised and scaled by
    ``weight`` so they sit beside the sparse n-gram channels.
    """

    def __init__(self, components: int = LSA_COMPONENTS, weight: float = LSA_WEIGHT) -> None:
        self.components = components
        self.weight = weight

    def learn(self, texts: Sequence[str]) -> CorpusSemantics:
        vectorizer = TfidfVectorizer(analyzer=word_tokens, sublinear_tf=True, min_df=2, dtype=np.float32)
        matrix = vectorizer.fit_transform(list(texts))
        k = max(1, min(self.components, matrix.shape[0] - 1, matrix.shape[1] - 1))
        svd = TruncatedSVD(k, random_state=0).fit(matrix)
        self.vectorizer_ = vectorizer
        self.axes_ = svd.components_.astype(np.float32).T  # (terms, k): a projection only
        return self

    def fit(self, texts: Sequence[str], y: Any = None) -> CorpusSemantics:
        if not hasattr(self, "axes_"):
            self.learn(texts)
        return self

    def transform(self, texts: Sequence[str]) -> Any:
        projected = np.asarray(self.vectorizer_.transform(list(texts)) @ self.axes_)
        return csr_matrix(normalize(projected) * self.weight)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"lsa{i}" for i in range(self.axes_.shape[1])], dtype=object)


def corpus_semantics(docs: Sequence[Doc], unlabelled: Sequence[Doc]) -> CorpusSemantics | None:
    """Axes from the texts of the labelled and the unlabelled documents (no labels), or None."""
    texts = list(dict.fromkeys(doc[1] for doc in [*docs, *unlabelled]))[:LSA_MAX_DOCS]
    if not unlabelled or len(texts) < LSA_MIN_DOCS:
        return None
    return CorpusSemantics().learn(texts)


def features_for(name: str, semantics: CorpusSemantics | None = None) -> FeatureUnion:
    """The feature union of one family member (fresh, unfitted; the corpus axes are shared, frozen)."""
    if name == CORPUS_FEATURES:
        if semantics is None:
            raise ValueError(f"{CORPUS_FEATURES} needs axes learnt from a corpus")
        union = features_for("words+chars+title")
        union.transformer_list.append(("corpus_lsa", Pipeline([("pick", _column(1)), ("tfidf", semantics)])))
        return union
    if name == "chars":
        parts = [_channel("all_chars", 1, _chars((1, 3)))]
    else:
        parts = [
            _channel("all_words", 1, TfidfVectorizer(analyzer=word_tokens, sublinear_tf=True)),
            _channel("all_chars", 1, _chars((2, 3), min_df=2)),
        ]
        if name == "words+chars+title":
            parts += [
                _channel("title_words", 0, TfidfVectorizer(analyzer=word_tokens, sublinear_tf=True)),
                _channel("title_chars", 0, _chars((2, 3), min_df=2)),
            ]
    return FeatureUnion(parts)


@dataclass(frozen=True)
class Choice:
    """One family member: features, class weights, C."""

    features: str
    balanced: bool
    c: float

    @property
    def name(self) -> str:
        return f"{self.features}|{'balanced' if self.balanced else 'plain'}|C={self.c:g}"

    def svm(self) -> LinearSVC:
        return LinearSVC(C=self.c, class_weight="balanced" if self.balanced else None)


def family(*, corpus: bool = False) -> list[Choice]:
    """The candidates, simplest first; with an unlabelled corpus also the members using its axes."""
    features = (*FEATURES, CORPUS_FEATURES) if corpus else FEATURES
    return [Choice(f, b, c) for f in features for b in (False, True) for c in C_GRID]


def quick_family(*, corpus: bool = False) -> list[Choice]:
    """Two candidates for a first install (``xinfang intake setup``): the baseline and the
    richest member; ``xinfang intake train`` searches the whole family."""
    return [baseline_choice(), Choice(CORPUS_FEATURES if corpus else "words+chars+title", True, 0.3)]


def _finite(score: float) -> float | None:
    """A score for the report, rounded; None where it was not measured (JSON has no NaN, and
    PostgreSQL refuses it in a JSON column)."""
    return None if math.isnan(score) else round(score, 4)


def baseline_choice() -> Choice:
    return Choice(*BASELINE)


@dataclass
class Selection:
    """What inner cross-validation saw: every candidate's mean macro-F1 and the winner."""

    chosen: Choice
    scores: dict[str, float]
    folds: int

    @property
    def chosen_score(self) -> float:
        return self.scores[self.chosen.name]

    @property
    def baseline_score(self) -> float:
        return self.scores.get(baseline_choice().name, float("nan"))


def select(
    docs: Sequence[Doc],
    labels: Sequence[str],
    *,
    extra: tuple[list[Doc], list[str]] = ([], []),
    seed: int = 0,
    candidates: Sequence[Choice] | None = None,
    semantics: CorpusSemantics | None = None,
) -> Selection:
    """Inner stratified CV over ``docs`` only; ``extra`` (label terms) joins each training side.

    ``semantics`` (axes learnt from texts alone, no labels) serves the corpus members; without
    it they are left out.
    """
    candidates = [
        c
        for c in (candidates or family(corpus=semantics is not None))
        if c.features != CORPUS_FEATURES or semantics
    ]
    labels_arr = np.asarray(labels)
    smallest = min(Counter(labels).values())
    folds = max(2, min(INNER_FOLDS, smallest))
    if smallest < 2:  # too few to split: keep the baseline, scored as unknown
        return Selection(baseline_choice(), {baseline_choice().name: float("nan")}, 0)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    splits = list(splitter.split(np.zeros(len(labels_arr)), labels_arr))
    matrices: dict[tuple[str, int], tuple[Any, Any, list[str]]] = {}

    def fold_data(features: str, index: int) -> tuple[Any, Any, list[str]]:
        """Features fitted on the fold's training side only, computed once per feature set."""
        if (features, index) not in matrices:
            train, test = splits[index]
            union = features_for(features, semantics)
            x_train = union.fit_transform([docs[i] for i in train] + list(extra[0]))
            matrices[(features, index)] = (
                x_train,
                union.transform([docs[i] for i in test]),
                [*labels_arr[train].tolist(), *extra[1]],
            )
        return matrices[(features, index)]

    totals: dict[str, list[float]] = {}

    def score(choice: Choice) -> list[float]:
        totals[choice.name] = []
        for index, (_train, test) in enumerate(splits):
            x_train, x_test, y_train = fold_data(choice.features, index)
            predicted = choice.svm().fit(x_train, y_train).predict(x_test)
            totals[choice.name].append(
                float(f1_score(labels_arr[test], predicted, average="macro", zero_division=0))
            )
        return totals[choice.name]

    for choice in candidates:
        if min(score(choice)) >= 1.0:
            break  # perfect on every fold: no later candidate can win (ties go to the earlier one)
    baseline = baseline_choice()
    if baseline.name not in totals and baseline in candidates:
        score(baseline)  # the report always carries the baseline on the same folds
    scores = {name: float(np.mean(values)) for name, values in totals.items()}
    scored = [c for c in candidates if c.name in scores]
    # Best mean macro-F1; on a tie the earlier (simpler) family member.
    best = max(scored, key=lambda c: (round(scores[c.name], 4), -scored.index(c)))
    return Selection(best, scores, folds)


@dataclass
class SmallClasses:
    """Classes with too few examples to learn, and what was done with them."""

    counts: dict[str, int]
    policy: str  # "merge" (into ``other``) | "rules" (left out of the model)
    other: str = OTHER

    def mapping(self) -> dict[str, str]:
        return {label: self.other for label in self.counts} if self.policy == "merge" else {}

    def as_dict(self) -> dict[str, Any]:
        if not self.counts:
            return {}
        handled = f"merged into {self.other}" if self.policy == "merge" else "left to rules (not learned)"
        return {"classes": self.counts, "handled": handled}


def small_classes(labels: Sequence[str], *, min_examples: int, policy: str, other: str) -> SmallClasses:
    counts = Counter(labels)
    small = {label: n for label, n in sorted(counts.items()) if n < min_examples}
    if policy == "merge" and small and sum(small.values()) + counts.get(other, 0) < 2:
        policy = "rules"  # too few even together: nothing to learn
    return SmallClasses(small, policy, other)


def new_pipeline(
    choice: Choice, *, calibrated: bool = True, semantics: CorpusSemantics | None = None
) -> Pipeline:
    """``calibrated``: one SVM fitted on all the training documents (``ensemble=False``), its
    per-class sigmoids learnt from 3-fold out-of-fold margins — not the average of three SVMs
    each fitted on two thirds."""
    model: Any = (
        CalibratedClassifierCV(choice.svm(), method="sigmoid", cv=3, ensemble=False)
        if calibrated
        else choice.svm()
    )
    return Pipeline([("features", features_for(choice.features, semantics)), ("model", model)])


@dataclass
class Prediction:
    label: str
    confidence: float
    words: list[str] = field(default_factory=list)


@dataclass
class TextClassifier:
    pipeline: Pipeline
    labels: list[str]
    choice: Choice | None = None
    report: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def train(
        cls,
        docs: Sequence[Doc],
        labels: Sequence[str],
        *,
        label_terms: dict[str, list[str]] | None = None,
        min_examples: int = MIN_EXAMPLES,
        small: str = "merge",
        other: str = OTHER,
        seed: int = 0,
        candidates: Sequence[Choice] | None = None,
        unlabelled: Sequence[Doc] = (),
    ) -> TextClassifier:
        """Choose a pipeline by inner CV on these documents alone, then fit it on all of them.

        ``unlabelled``: other petitions of the same bureau (texts only). Their texts and the
        labelled documents' texts teach the corpus axes; no label of theirs exists or is used.
        """
        smalls = small_classes(labels, min_examples=min_examples, policy=small, other=other)
        mapping = smalls.mapping()
        kept = [i for i, label in enumerate(labels) if smalls.policy == "merge" or label not in smalls.counts]
        docs = [docs[i] for i in kept]
        labels = [mapping.get(labels[i], labels[i]) for i in kept]
        classes = sorted(set(labels))
        extra_docs: list[Doc] = []
        extra_labels: list[str] = []
        for label, terms in (label_terms or {}).items():
            target = mapping.get(label, label)
            if target in classes:
                for term in terms:
                    extra_docs.append((normalise(term), normalise(term)))
                    extra_labels.append(target)
        if len(classes) < 2:
            raise ValueError("至少需要两个类别才能训练")
        semantics = corpus_semantics(docs, unlabelled) if unlabelled else None
        selection = select(
            docs,
            labels,
            extra=(extra_docs, extra_labels),
            seed=seed,
            candidates=candidates,
            semantics=semantics,
        )
        calibrated = min(Counter(labels).values()) >= 3
        pipeline = new_pipeline(selection.chosen, calibrated=calibrated, semantics=semantics)
        pipeline.fit([*docs, *extra_docs], [*labels, *extra_labels])
        report = {
            "pipeline": selection.chosen.name,
            "inner_cv_folds": selection.folds,
            "inner_cv_macro_f1": _finite(selection.chosen_score),
            "inner_cv_baseline_macro_f1": _finite(selection.baseline_score),
            "small_classes": smalls.as_dict(),
            "unlabelled": len(unlabelled),
        }
        return cls(pipeline, [str(c) for c in pipeline.classes_], selection.chosen, report)

    def predict(self, docs: Sequence[Doc]) -> list[str]:
        return [str(label) for label in self.pipeline.predict(list(docs))]

    def top(self, doc: Doc, k: int = 3, explain: int = 5) -> list[Prediction]:
        model = self.pipeline.named_steps["model"]
        features = self._features_of(doc)
        fast = self._sigmoid_parts()
        if fast is not None:
            scores = _calibrated(features, fast)
        elif hasattr(model, "predict_proba"):
            scores = model.predict_proba(features)[0]
        else:  # too few examples to calibrate: a softmax over margins, marked by the caller as rough
            margins = np.atleast_1d(model.decision_function(features)[0])
            if len(self.labels) == 2 and margins.size == 1:
                margins = np.array([-margins[0], margins[0]])
            scores = np.exp(margins - margins.max()) / np.exp(margins - margins.max()).sum()
        order = np.argsort(scores)[::-1][:k]
        return [Prediction(self.labels[i], float(scores[i]), self._why(features, i, explain)) for i in order]

    def _features_of(self, doc: Doc) -> Any:
        """The union's transform for one document, without its per-call parallel machinery."""
        parts = []
        for _name, part in self.pipeline.named_steps["features"].transformer_list:
            index = part.named_steps["pick"].kw_args["index"]
            parts.append(part.named_steps["tfidf"].transform([doc[index]]))
        return hstack(parts).tocsr()

    def _sigmoid_parts(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] | None:
        """(coef, intercept, a, b) per calibrated SVM (one, fitted on all the data), multi-class sigmoid.

        One suggestion is a single sparse row: computing Platt-scaled one-vs-rest
        probabilities directly (as CalibratedClassifierCV does, then averaging over folds)
        avoids most of scikit-learn's per-call validation. Other cases use predict_proba.
        """
        if "_parts" in self.__dict__:
            known: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] | None = self.__dict__[
                "_parts"
            ]
            return known
        model = self.pipeline.named_steps["model"]
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] | None = None
        if isinstance(model, CalibratedClassifierCV) and model.method == "sigmoid" and len(self.labels) > 2:
            parts = []
            for fold in model.calibrated_classifiers_:
                if len(fold.estimator.classes_) != len(self.labels):
                    parts = None
                    break
                a = np.array([c.a_ for c in fold.calibrators])
                b = np.array([c.b_ for c in fold.calibrators])
                parts.append((fold.estimator.coef_, fold.estimator.intercept_, a, b))
        self._parts = parts
        return parts

    def _coefficients(self) -> np.ndarray:
        cached: np.ndarray | None = getattr(self, "_coef", None)
        if cached is None:
            model = self.pipeline.named_steps["model"]
            if isinstance(model, CalibratedClassifierCV):
                cached = np.mean([c.estimator.coef_ for c in model.calibrated_classifiers_], axis=0)
            else:
                cached = np.asarray(model.coef_)
            self._coef = cached
        return cached

    def _why(self, features: Any, label_index: int, count: int) -> list[str]:
        from .keywords import is_clean_keyword

        coef = self._coefficients()
        row = coef[label_index] if coef.shape[0] > 1 else (coef[0] if label_index == 1 else -coef[0])
        present = features.tocsr()
        # Only the document's own features can contribute: score those, not the whole vocabulary.
        contribution = present.data * row[present.indices]
        names = self._feature_names()
        picked: list[str] = []
        for position in np.argsort(contribution)[::-1]:
            if contribution[position] <= 0 or len(picked) >= count:
                break
            word = names[present.indices[position]].strip()
            # character n-grams count only when they are whole words ("工资", not "欠工" or "元，")
            if is_clean_keyword(word) and not any(word in p or p in word for p in picked):
                picked.append(word)
        return picked

    def _feature_names(self) -> list[str]:
        cached: list[str] | None = getattr(self, "_names", None)
        if cached is None:
            cached = []
            for _name, part in self.pipeline.named_steps["features"].transformer_list:
                cached.extend(part.named_steps["tfidf"].get_feature_names_out().tolist())
            self._names = cached
        return cached

    def dumps(self) -> bytes:
        """The pipeline and the dictionary it was trained with; caches are rebuilt after loading.

        The terms travel with the model because its word features only mean the same thing
        when another process segments text with the same dictionary.
        """
        buffer = io.BytesIO()
        pickle.dump(
            {
                "pipeline": self.pipeline,
                "labels": self.labels,
                "terms": dictionary_terms(),
                "choice": self.choice,
                "report": self.report,
            },
            buffer,
        )
        return buffer.getvalue()

    @classmethod
    def loads(cls, blob: bytes) -> TextClassifier:
        data = pickle.loads(blob)  # noqa: S301 - our own model files only
        dictionary_load(data.get("terms", []))
        return cls(data["pipeline"], data["labels"], data.get("choice"), data.get("report", {}))


def _calibrated(
    features: Any, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]
) -> np.ndarray:
    total = np.zeros(parts[0][0].shape[0])
    for coef, intercept, a, b in parts:
        margins = np.asarray(features @ coef.T).ravel() + intercept
        proba = expit(-(a * margins + b))
        norm = proba.sum()
        total += proba / norm if norm > 0 else np.full_like(proba, 1 / len(proba))
    return total / len(parts)
