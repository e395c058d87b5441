"""A small, explainable text classifier for routing suggestions.

Features: jieba words and character 2-3-grams (char_wb), each for the title alone and for
title plus body, TF-IDF weighted; a linear SVM with balanced class weights, calibrated by
Platt scaling (3-fold) so the top-3 confidences are probabilities. Optional label terms
(for each label, words that describe it: a category taxonomy, the bureau's dictionary) are
added as short training documents, which helps most when some labels have few examples.
Explanations are the features with the largest weight x value for the predicted label.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import hstack
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from .text import dictionary_load, dictionary_terms, normalise, words

Doc = tuple[str, str]  # (title, title + body + place), both normalised


def doc_of(title: str, *rest: str) -> Doc:
    title = normalise(title)
    return title, " ".join([title, *(normalise(part) for part in rest)]).strip()


def _column(index: int) -> FunctionTransformer:
    return FunctionTransformer(_pick, kw_args={"index": index})


def _pick(docs: Sequence[Doc], index: int) -> list[str]:
    return [doc[index] for doc in docs]


def _features() -> FeatureUnion:
    def pair(index: int, name: str) -> list[tuple[str, Pipeline]]:
        return [
            (
                f"{name}_words",
                Pipeline(
                    [("pick", _column(index)), ("tfidf", TfidfVectorizer(analyzer=words, sublinear_tf=True))]
                ),
            ),
            (
                f"{name}_chars",
                Pipeline(
                    [
                        ("pick", _column(index)),
                        (
                            "tfidf",
                            TfidfVectorizer(
                                analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True, min_df=2
                            ),
                        ),
                    ]
                ),
            ),
        ]

    return FeatureUnion([*pair(0, "title"), *pair(1, "all")])


def new_pipeline(*, calibrated: bool = True) -> Pipeline:
    svm = LinearSVC(C=0.3, class_weight="balanced")
    model: Any = CalibratedClassifierCV(svm, method="sigmoid", cv=3) if calibrated else svm
    return Pipeline([("features", _features()), ("model", model)])


@dataclass
class Prediction:
    label: str
    confidence: float
    words: list[str] = field(default_factory=list)


@dataclass
class TextClassifier:
    pipeline: Pipeline
    labels: list[str]

    @classmethod
    def train(
        cls, docs: Sequence[Doc], labels: Sequence[str], *, label_terms: dict[str, list[str]] | None = None
    ) -> TextClassifier:
        extra_docs: list[Doc] = []
        extra_labels: list[str] = []
        for label, terms in (label_terms or {}).items():
            if label in set(labels):
                for term in terms:
                    extra_docs.append((normalise(term), normalise(term)))
                    extra_labels.append(label)
        classes = sorted(set(labels))
        calibrated = min(list(labels).count(c) for c in classes) >= 3 and len(classes) > 1
        pipeline = new_pipeline(calibrated=calibrated)
        pipeline.fit([*docs, *extra_docs], [*labels, *extra_labels])
        return cls(pipeline, [str(c) for c in pipeline.classes_])

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
        """(coef, intercept, a, b) per calibration fold, for the multi-class sigmoid case.

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
            if len(word) >= 2 and word not in picked:
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
        pickle.dump({"pipeline": self.pipeline, "labels": self.labels, "terms": dictionary_terms()}, buffer)
        return buffer.getvalue()

    @classmethod
    def loads(cls, blob: bytes) -> TextClassifier:
        data = pickle.loads(blob)  # noqa: S301 - our own model files only
        dictionary_load(data.get("terms", []))
        return cls(data["pipeline"], data["labels"])


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
