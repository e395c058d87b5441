"""One way to read a labelled file and score a classifier, so every data set is evaluated alike."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import load_workbook
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from xinfang.common.exceptions import ValidationFailed

from .classifier import Doc, TextClassifier, doc_of


@dataclass
class Labelled:
    docs: list[Doc]
    raw: list[str]  # the joined text columns, for the baseline
    labels: list[str]


def read_rows(path: Path) -> list[dict[str, str]]:
    """CSV (UTF-8, with or without BOM) or the first sheet of an XLSX, as dicts by header."""
    if not path.exists():
        raise ValidationFailed(fields={"input": f"文件不存在：{path}"})
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [r for r in sheet.iter_rows(values_only=True) if r and any(c is not None for c in r)]
        header = [str(c).strip() if c is not None else "" for c in rows[0]] if rows else []
        return [
            {h: "" if v is None else str(v) for h, v in zip(header, row, strict=False)} for row in rows[1:]
        ]
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [{k.strip(): v or "" for k, v in row.items() if k} for row in csv.DictReader(handle)]
    raise ValidationFailed(fields={"input": "仅支持 CSV 或 XLSX 文件"})


def read_labelled(path: Path, *, text: Sequence[str], label: str) -> Labelled:
    rows = read_rows(path)
    if not rows:
        raise ValidationFailed(fields={"input": "文件没有数据行"})
    missing = [c for c in (*text, label) if c not in rows[0]]
    if missing:
        raise ValidationFailed(
            fields={"text" if label not in missing else "label": f"文件中没有列：{'、'.join(missing)}"}
        )
    kept = [r for r in rows if r[label].strip()]
    # The first text column is treated as the title: it gets features of its own.
    docs = [doc_of(r[text[0]], *(r[c] for c in text[1:])) for r in kept]
    return Labelled(docs, [" ".join(r[c] for c in text) for r in kept], [r[label].strip() for r in kept])


def read_label_terms(path: Path) -> dict[str, list[str]]:
    """A file whose first column is a label and whose other columns are words describing it."""
    terms: dict[str, set[str]] = {}
    for row in read_rows(path):
        values = list(row.values())
        if values and values[0].strip():
            bucket = terms.setdefault(values[0].strip(), set())
            bucket.update(v.strip() for v in values[1:] if v and v.strip() and v.strip() != "其他")
    return {k: sorted(v) for k, v in terms.items()}


def scores(truth: Sequence[str], predicted: Sequence[str], seconds: float) -> dict[str, Any]:
    labels = sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    return {
        "macro_f1": round(float(f1_score(truth, predicted, labels=sorted(set(truth)), average="macro")), 4),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "per_class": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(s),
            }
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        },
        "ms_per_item": round(1000 * seconds / max(len(truth), 1), 3),
        "items": len(truth),
    }


def timed_predict(predict: Callable[[list[Any]], Iterable[str]], items: list[Any]) -> tuple[list[str], float]:
    started = time.perf_counter()
    predicted = [str(p) for p in predict(items)]
    return predicted, time.perf_counter() - started


def baseline_pipeline() -> Any:
    """The reference: character 1-3-gram TF-IDF + LinearSVC on the raw joined text."""
    return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), LinearSVC())


def cross_validate(
    data: Labelled,
    *,
    folds: int,
    repeats: int,
    seed: int,
    label_terms: dict[str, list[str]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Repeated stratified k-fold; ours and the baseline on the very same folds."""
    labels = np.array(data.labels)
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    ours_truth: list[str] = []
    ours_pred: list[str] = []
    base_pred: list[str] = []
    ours_seconds = base_seconds = 0.0
    fold_f1: list[float] = []
    base_fold_f1: list[float] = []
    total = folds * repeats
    for done, (train, test) in enumerate(splitter.split(data.raw, labels), start=1):
        model = TextClassifier.train(
            [data.docs[i] for i in train], labels[train].tolist(), label_terms=label_terms
        )
        predicted, seconds = timed_predict(model.predict, [data.docs[i] for i in test])
        baseline = baseline_pipeline().fit([data.raw[i] for i in train], labels[train])
        base, base_time = timed_predict(baseline.predict, [data.raw[i] for i in test])
        truth = labels[test].tolist()
        ours_truth += truth
        ours_pred += predicted
        base_pred += base
        ours_seconds += seconds
        base_seconds += base_time
        fold_f1.append(float(f1_score(truth, predicted, average="macro")))
        base_fold_f1.append(float(f1_score(truth, base, average="macro")))
        if progress:
            progress(done, total)
    result = scores(ours_truth, ours_pred, ours_seconds)
    result["macro_f1"] = round(float(np.mean(fold_f1)), 4)  # mean over folds, as CV reports do
    result["macro_f1_std"] = round(float(np.std(fold_f1)), 4)
    result["folds"], result["repeats"], result["seed"] = folds, repeats, seed
    base_scores = scores(ours_truth, base_pred, base_seconds)
    base_scores["macro_f1"] = round(float(np.mean(base_fold_f1)), 4)
    base_scores["macro_f1_std"] = round(float(np.std(base_fold_f1)), 4)
    result["baseline"] = {k: base_scores[k] for k in ("macro_f1", "macro_f1_std", "accuracy", "ms_per_item")}
    return result
