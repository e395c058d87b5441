"""The screens of issue 14 (Smart intake X): variants of the product's model on 附件2's outer folds.

Each outer fold (``classify cv --folds 5 --repeats R --seed 0``; the pool of ``intake_classify.py
--unlabelled`` less the fold's test texts) trains the product's path — corpus axes, the family
chosen by inner CV on the training side, one calibrated SVM — and, on the same fold, one variant:

- ``fragments``: the chosen member refitted on the training documents *plus* each document's
  sentence chunks (at least ``MIN_CHUNK`` characters, cut after 。！？；, at least two chunks a
  document) with the document's label; the test documents are predicted whole;
- ``places``: every text (training, test and pool) with the data set's place and account tokens
  (西地省, A市, A1区, A0001234 …) blanked before anything is learnt; inner CV chooses again;
- ``bigrams``: the jieba word channels count word pairs too (``ngram_range=(1, 2)``, pairs and
  words seen in at least two documents); inner CV chooses again.

The bar, fixed before the first run: on repeat 1 a mean gain of at least +0.010 with at least 4 of
5 folds won. A variant is kept only if, over 5×5, its mean is at least 0.85, its gain at least
+0.010, it wins at least 17 of 25 folds and it is never below the baseline.
Prints one JSON line per fold, then the means. Nothing from the data set is written anywhere.

    nice -n 19 .venv/bin/python benchmarks/intake_screens.py fragments --repeats 1
    nice -n 19 .venv/bin/python benchmarks/intake_screens.py places --repeats 5
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake_weak import DATA, pool

from xinfang.intake import classifier
from xinfang.intake.classifier import Doc, corpus_semantics, new_pipeline, select
from xinfang.intake.evaluation import pool_without, read_labelled

SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
MIN_CHUNK = 30
PLACE = re.compile(r"西地省|[A-Z]\d*(?:市|区|县|镇|乡|街道)|[A-Z]\d{3,}")


def fragments(doc: Doc) -> list[Doc]:
    """The document's sentence chunks, each with its title; none for a document of one chunk."""
    title, body = doc
    text = body[len(title) :].strip() if body.startswith(title) else body
    chunks: list[str] = []
    current = ""
    for sentence in SENTENCE_END.split(text):
        current += sentence
        if len(current) >= MIN_CHUNK:
            chunks.append(current)
            current = ""
    if current and chunks:
        chunks[-1] += current
    return [(title, f"{title} {chunk}".strip()) for chunk in chunks] if len(chunks) >= 2 else []


def without_places(doc: Doc) -> Doc:
    return PLACE.sub(" ", doc[0]), PLACE.sub(" ", doc[1])


PRODUCT_FEATURES = classifier.features_for


def bigram_features(name: str, semantics: classifier.CorpusSemantics | None = None) -> Any:
    """The product's feature union with word pairs in its jieba word channels."""
    union = PRODUCT_FEATURES(name, semantics)
    for _, part in union.transformer_list:
        vectorizer = part.named_steps.get("tfidf")
        if isinstance(vectorizer, TfidfVectorizer) and vectorizer.analyzer is classifier.word_tokens:
            vectorizer.set_params(ngram_range=(1, 2), min_df=2)
    return union


def product_and_variant(
    variant: str, docs: list[Doc], labels: list[str], test: list[Doc], unlabelled: list[Doc], seed: int
) -> tuple[list[str], list[str]]:
    """Predictions of the product's path and of the variant for the test documents."""

    def fitted(transform: Callable[[Doc], Doc], augment: bool) -> list[str]:
        train = [transform(d) for d in docs]
        semantics = corpus_semantics(train, [transform(d) for d in unlabelled])
        chosen = select(train, labels, extra=([], []), seed=seed, semantics=semantics).chosen
        extra = (
            [(f, label) for d, label in zip(train, labels, strict=True) for f in fragments(d)]
            if augment
            else []
        )
        pipeline = new_pipeline(chosen, calibrated=True, semantics=semantics)
        pipeline.fit([*train, *(f for f, _ in extra)], [*labels, *(label for _, label in extra)])
        return [str(p) for p in pipeline.predict([transform(d) for d in test])]

    def same(doc: Doc) -> Doc:
        return doc

    ours = fitted(same, augment=False)
    if variant == "fragments":
        return ours, fitted(same, augment=True)
    if variant == "places":
        return ours, fitted(without_places, augment=False)
    classifier.features_for = bigram_features  # select() and new_pipeline() build features through it
    try:
        return ours, fitted(same, augment=False)
    finally:
        classifier.features_for = PRODUCT_FEATURES


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("variant", choices=["fragments", "places", "bigrams"])
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    missing = [
        name
        for name in ("附件2.xlsx", "测试数据.xlsx", "附件3.xlsx", "附件4.xlsx")
        if not (DATA / name).exists()
    ]
    if missing:
        print(f"skipped: {', '.join(missing)} not found under {DATA}")
        return
    data = read_labelled(DATA / "附件2.xlsx", text=["留言主题", "留言详情"], label="一级分类")
    unlabelled = pool()
    splitter = RepeatedStratifiedKFold(n_splits=5, n_repeats=args.repeats, random_state=0)
    scores = []
    for fold, (train, test) in enumerate(splitter.split(data.raw, np.array(data.labels)), start=1):
        test_docs = [data.docs[i] for i in test]
        truth = [data.labels[i] for i in test]
        ours, theirs = product_and_variant(
            args.variant,
            [data.docs[i] for i in train],
            [data.labels[i] for i in train],
            test_docs,
            pool_without(unlabelled, test_docs),
            seed=fold,
        )
        pair = (f1_score(truth, ours, average="macro"), f1_score(truth, theirs, average="macro"))
        scores.append(pair)
        print(
            json.dumps({"fold": fold, "product": round(pair[0], 4), args.variant: round(pair[1], 4)}),
            flush=True,
        )
    table = np.array(scores)
    gain = table[:, 1] - table[:, 0]
    print(
        json.dumps(
            {
                "variant": args.variant,
                "folds": len(scores),
                "product": round(float(table[:, 0].mean()), 4),
                "variant_mean": round(float(table[:, 1].mean()), 4),
                "gain": round(float(gain.mean()), 4),
                "won": int((gain > 0).sum()),
                "lost": int((gain < 0).sum()),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
