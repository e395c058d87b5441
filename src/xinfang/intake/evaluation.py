"""One way to read a labelled file and score a classifier, so every data set is evaluated alike."""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
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

from .classifier import MIN_EXAMPLES, OTHER, Doc, TextClassifier, doc_of


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


def read_unlabelled(paths: Sequence[Path], *, text: Sequence[str]) -> list[Doc]:
    """Texts only, from files with the same text columns; any label column is never read."""
    docs: list[Doc] = []
    for path in paths:
        rows = read_rows(path)
        missing = [c for c in text if rows and c not in rows[0]]
        if missing:
            raise ValidationFailed(fields={"unlabelled": f"{path.name} 中没有列：{'、'.join(missing)}"})
        docs += [doc_of(r[text[0]], *(r[c] for c in text[1:])) for r in rows]
    return docs


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


def _text_key(doc: Doc) -> str:
    return _NOT_TEXT.sub("", doc[1])


_NOT_TEXT = re.compile(r"[\W_]+")


def pool_without(pool: Sequence[Doc], held_out: Sequence[Doc]) -> list[Doc]:
    """The unlabelled pool less every document whose text (punctuation and spaces aside) is a
    held-out document's: an outer test row never teaches the model anything, not even its words."""
    if not pool:
        return []
    held = {_text_key(doc) for doc in held_out}
    return [doc for doc in pool if _text_key(doc) not in held]


def outer_fold(
    data: Labelled,
    train: Sequence[int],
    test: Sequence[int],
    *,
    label_terms: dict[str, list[str]] | None = None,
    min_examples: int = MIN_EXAMPLES,
    small: str = "merge",
    other: str = OTHER,
    seed: int = 0,
    unlabelled: Sequence[Doc] = (),
) -> dict[str, Any]:
    """One outer fold: our model chosen and fitted on ``train`` alone, the baseline on the same split.

    The test rows are only predicted; ``unlabelled`` texts (no labels) teach the corpus axes,
    less any whose text is a test row's (``pool_without``: the tipdm pool holds 48 of 附件2's
    495 messages). Small classes are found on the training side; their test rows are scored
    against the route they were given there (merged into ``other``, or left to rules, which the
    model cannot predict).
    """
    labels = np.array(data.labels)
    train_labels = labels[list(train)].tolist()
    unlabelled = pool_without(unlabelled, [data.docs[i] for i in test])
    model = TextClassifier.train(
        [data.docs[i] for i in train],
        train_labels,
        label_terms=label_terms,
        min_examples=min_examples,
        small=small,
        other=other,
        seed=seed,
        unlabelled=unlabelled,
    )
    found = model.report.get("small_classes") or {}
    merged = str(found.get("handled", "")).startswith("merged")
    mapping = {label: other for label in found.get("classes", {})} if merged else {}
    predicted, seconds = timed_predict(model.predict, [data.docs[i] for i in test])
    baseline = baseline_pipeline().fit([data.raw[i] for i in train], train_labels)
    base, base_seconds = timed_predict(baseline.predict, [data.raw[i] for i in test])
    truth = [mapping.get(label, label) for label in labels[list(test)].tolist()]
    base = [mapping.get(label, label) for label in base]
    return {
        "truth": truth,
        "predicted": predicted,
        "baseline": base,
        "seconds": seconds,
        "baseline_seconds": base_seconds,
        "pipeline": model.report["pipeline"],
        "inner_cv_macro_f1": model.report["inner_cv_macro_f1"],
        "small_classes": model.report["small_classes"],
        "macro_f1": float(f1_score(truth, predicted, labels=sorted(set(truth)), average="macro")),
        "baseline_macro_f1": float(f1_score(truth, base, labels=sorted(set(truth)), average="macro")),
    }


def cross_validate(
    data: Labelled,
    *,
    folds: int,
    repeats: int,
    seed: int,
    label_terms: dict[str, list[str]] | None = None,
    min_examples: int = MIN_EXAMPLES,
    small: str = "merge",
    other: str = OTHER,
    progress: Callable[[int, int], None] | None = None,
    unlabelled: Sequence[Doc] = (),
) -> dict[str, Any]:
    """Nested CV: repeated stratified outer folds; the pipeline is chosen inside each training side.

    The baseline (character 1-3-gram TF-IDF + LinearSVC on the raw joined text) is trained
    and scored on the very same outer folds. Macro-F1 is the mean over outer folds.
    """
    labels = np.array(data.labels)
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    runs = []
    total = folds * repeats
    for done, (train, test) in enumerate(splitter.split(data.raw, labels), start=1):
        runs.append(
            outer_fold(
                data,
                train.tolist(),
                test.tolist(),
                label_terms=label_terms,
                min_examples=min_examples,
                small=small,
                other=other,
                seed=seed + done,
                unlabelled=unlabelled,
            )
        )
        if progress:
            progress(done, total)
    truth = [t for r in runs for t in r["truth"]]
    ours = [p for r in runs for p in r["predicted"]]
    base = [p for r in runs for p in r["baseline"]]
    fold_f1 = [r["macro_f1"] for r in runs]
    base_f1 = [r["baseline_macro_f1"] for r in runs]
    result = scores(truth, ours, sum(r["seconds"] for r in runs))
    result["macro_f1"] = round(float(np.mean(fold_f1)), 4)  # mean over outer folds, as CV reports do
    result["macro_f1_std"] = round(float(np.std(fold_f1)), 4)
    result["folds"], result["repeats"], result["seed"] = folds, repeats, seed
    result["nested"] = True
    result["unlabelled"] = len(unlabelled)
    base_scores = scores(truth, base, sum(r["baseline_seconds"] for r in runs))
    result["baseline"] = {
        "pipeline": "char 1-3-gram TF-IDF + LinearSVC (C=1) on the raw joined text",
        "macro_f1": round(float(np.mean(base_f1)), 4),
        "macro_f1_std": round(float(np.std(base_f1)), 4),
        "accuracy": base_scores["accuracy"],
        "ms_per_item": base_scores["ms_per_item"],
        "per_class": base_scores["per_class"],
    }
    result["ratio_to_baseline"] = round(result["macro_f1"] / max(result["baseline"]["macro_f1"], 1e-9), 3)
    result["folds_won"] = sum(1 for a, b in zip(fold_f1, base_f1, strict=True) if a > b + 1e-9)
    result["folds_lost"] = sum(1 for a, b in zip(fold_f1, base_f1, strict=True) if a < b - 1e-9)
    result["chosen_pipelines"] = dict(Counter(r["pipeline"] for r in runs).most_common())
    result["outer_folds"] = [
        {
            "fold": i,
            "pipeline": r["pipeline"],
            "inner_cv_macro_f1": r["inner_cv_macro_f1"],
            "macro_f1": round(r["macro_f1"], 4),
            "baseline_macro_f1": round(r["baseline_macro_f1"], 4),
        }
        for i, r in enumerate(runs, start=1)
    ]
    small_seen = [r["small_classes"] for r in runs if r["small_classes"]]
    result["small_classes"] = small_seen[0] if small_seen else {}
    return result
