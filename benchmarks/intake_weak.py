"""Weak labels from the replying organ (issue 14, Smart intake IX): a screen, not the contract.

附件4's messages carry the official reply (答复意见), which often names the organ that handled
the matter. ``benchmarks/data/organ_classes.csv`` maps organ names to 附件2's seven first-level
classes from the organs' mandates (written before any run; ``AMBIGUOUS`` marks organs whose
mandate spans two classes). A 附件4 message gets a weak label when the organs its reply names
map to exactly one class (none ambiguous). Those messages are extra *training* examples only.

- ``--diagnose``: coverage per class, and on 附件4 rows whose text is also 附件2's (exact text
  key, or character-3-gram Jaccard >= 0.8) how often the weak label equals 附件2's label;
- ``--arm product|weak``: nested CV on 附件2 (the folds of ``classify cv --folds 5 --repeats R
  --seed 0``, the pool of ``intake_classify.py --unlabelled`` less each outer fold's test texts).
  ``product`` is ``evaluation.outer_fold`` unchanged (our model and the baseline); ``weak`` trains
  the same model with the weak examples joined to every training side (inner CV's training
  sides and the final fit; inner CV still scores labelled rows only), less every weak example
  whose text is an outer test row's or a near-duplicate of one. One JSON line per outer fold.

Nothing from the data set is written to the repository.

    nice -n 19 .venv/bin/python benchmarks/intake_weak.py --diagnose
    nice -n 19 .venv/bin/python benchmarks/intake_weak.py --arm weak --repeats 5 --log /tmp/weak.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import dataset_dir

from xinfang.intake.classifier import Doc, corpus_semantics, doc_of, new_pipeline, select
from xinfang.intake.evaluation import (
    _text_key,
    outer_fold,
    pool_without,
    read_labelled,
    read_rows,
)

DATA = dataset_dir()
TABLE = Path(__file__).resolve().parent / "data" / "organ_classes.csv"
AMBIGUOUS = "AMBIGUOUS"
NEAR = 0.8  # character-3-gram Jaccard at or above which a weak example counts as a test row's copy


def table(path: Path = TABLE) -> list[tuple[re.Pattern[str], str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(re.compile(row["pattern"]), row["class"]) for row in csv.DictReader(handle)]


def weak_label(reply: str, organs: list[tuple[re.Pattern[str], str]]) -> tuple[str | None, str]:
    """(class, why): the one class the reply's mapped organs share, else None and the reason."""
    found = {cls for pattern, cls in organs if pattern.search(reply)}
    if AMBIGUOUS in found:
        return None, "ambiguous organ"
    if not found:
        return None, "no mapped organ"
    if len(found) > 1:
        return None, "organs of several classes"
    return next(iter(found)), "one class"


def a4_weak(organs: list[tuple[re.Pattern[str], str]]) -> tuple[list[Doc], list[str], Counter[str]]:
    docs: list[Doc] = []
    labels: list[str] = []
    why: Counter[str] = Counter()
    for row in read_rows(DATA / "附件4.xlsx"):
        label, reason = weak_label(row["答复意见"], organs)
        why[reason] += 1
        if label:
            docs.append(doc_of(row["留言主题"], row["留言详情"]))
            labels.append(label)
    return docs, labels, why


def shingles(doc: Doc) -> frozenset[str]:
    key = _text_key(doc)
    return frozenset(key[i : i + 3] for i in range(max(1, len(key) - 2)))


def near(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def extra_without(
    docs: Sequence[Doc], labels: Sequence[str], held_out: Sequence[Doc]
) -> tuple[list[Doc], list[str], int]:
    """The weak examples less every one whose text is a held-out row's, or a near-duplicate of one."""
    keys = {_text_key(d) for d in held_out}
    held = [shingles(d) for d in held_out]
    kept_docs, kept_labels = [], []
    for doc, label in zip(docs, labels, strict=True):
        if _text_key(doc) in keys:
            continue
        mine = shingles(doc)
        if any(near(mine, other) >= NEAR for other in held):
            continue
        kept_docs.append(doc)
        kept_labels.append(label)
    return kept_docs, kept_labels, len(docs) - len(kept_docs)


def pool() -> list[Doc]:
    docs: list[Doc] = []
    for name in ("测试数据", "附件3", "附件4"):  # as intake_classify.py --unlabelled builds a2's pool
        docs += [doc_of(r["留言主题"], r["留言详情"]) for r in read_rows(DATA / f"{name}.xlsx")]
    return docs


def diagnose() -> dict[str, Any]:
    organs = table()
    docs, labels, why = a4_weak(organs)
    a2 = read_labelled(DATA / "附件2.xlsx", text=["留言主题", "留言详情"], label="一级分类")
    by_key = {_text_key(d): lab for d, lab in zip(a2.docs, a2.labels, strict=True)}
    a2_shingles = [(shingles(d), lab) for d, lab in zip(a2.docs, a2.labels, strict=True)]
    exact = [
        (weak, by_key[_text_key(d)]) for d, weak in zip(docs, labels, strict=True) if _text_key(d) in by_key
    ]
    close = []
    for d, weak in zip(docs, labels, strict=True):
        mine = shingles(d)
        best = max(((near(mine, s), lab) for s, lab in a2_shingles), default=(0.0, ""))
        if best[0] >= NEAR:
            close.append((weak, best[1]))
    # every 附件4 row (weakly labelled or not) that is also in 附件2, for the coverage there
    all_a4 = [doc_of(r["留言主题"], r["留言详情"]) for r in read_rows(DATA / "附件4.xlsx")]
    in_a2 = sum(1 for d in all_a4 if _text_key(d) in by_key)
    return {
        "a4_rows": sum(why.values()),
        "reasons": dict(why),
        "weak_per_class": dict(Counter(labels).most_common()),
        "a4_rows_with_exact_text_in_a2": in_a2,
        "weak_rows_with_exact_text_in_a2": len(exact),
        "exact_agree": sum(1 for w, t in exact if w == t),
        "weak_rows_near_a2": len(close),
        "near_agree": sum(1 for w, t in close if w == t),
        "near_pairs": dict(Counter(f"{w}→{t}" for w, t in close).most_common()),
    }


def weak_fold(
    data: Any,
    train: list[int],
    test: list[int],
    extra: tuple[list[Doc], list[str]],
    *,
    seed: int,
    unlabelled: list[Doc],
) -> dict[str, Any]:
    """TextClassifier.train's path for 附件2 (no small classes, no label terms), plus the weak examples."""
    test_docs = [data.docs[i] for i in test]
    extra_docs, extra_labels, dropped = extra_without(*extra, test_docs)
    docs = [data.docs[i] for i in train]
    labels = [data.labels[i] for i in train]
    semantics = corpus_semantics(docs, pool_without(unlabelled, test_docs))
    selection = select(docs, labels, extra=(extra_docs, extra_labels), seed=seed, semantics=semantics)
    pipeline = new_pipeline(selection.chosen, calibrated=True, semantics=semantics)
    pipeline.fit([*docs, *extra_docs], [*labels, *extra_labels])
    predicted = [str(p) for p in pipeline.predict(test_docs)]
    truth = [data.labels[i] for i in test]
    return {
        "truth": truth,
        "predicted": predicted,
        "pipeline": selection.chosen.name,
        "inner_cv_macro_f1": round(selection.chosen_score, 4),
        "extra": dict(Counter(extra_labels).most_common()),
        "extra_dropped": dropped,
        "macro_f1": float(f1_score(truth, predicted, labels=sorted(set(truth)), average="macro")),
    }


def screen(arm: str, repeats: int, log: Path) -> None:
    data = read_labelled(DATA / "附件2.xlsx", text=["留言主题", "留言详情"], label="一级分类")
    unlabelled = pool()
    extra = a4_weak(table())[:2] if arm == "weak" else ([], [])
    splitter = RepeatedStratifiedKFold(n_splits=5, n_repeats=repeats, random_state=0)
    with log.open("a", encoding="utf-8") as out:
        for fold, (train, test) in enumerate(splitter.split(data.raw, np.array(data.labels)), start=1):
            started = time.perf_counter()
            if arm == "product":
                run = outer_fold(data, train.tolist(), test.tolist(), seed=fold, unlabelled=unlabelled)
                run = {
                    k: run[k]
                    for k in ("truth", "predicted", "baseline", "pipeline", "macro_f1", "baseline_macro_f1")
                }
            else:
                run = weak_fold(data, train.tolist(), test.tolist(), extra, seed=fold, unlabelled=unlabelled)
            run.update(arm=arm, fold=fold, seconds=round(time.perf_counter() - started, 1))
            out.write(json.dumps(run, ensure_ascii=False) + "\n")
            out.flush()
            print(
                json.dumps(
                    {
                        "arm": arm,
                        "fold": fold,
                        "macro_f1": round(run["macro_f1"], 4),
                        "pipeline": run["pipeline"],
                        "seconds": run["seconds"],
                        **({"extra_dropped": run["extra_dropped"]} if arm == "weak" else {}),
                    }
                ),
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--diagnose", action="store_true")
    parser.add_argument("--arm", choices=["product", "weak"])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--log", type=Path, help="append one JSON line per outer fold here (with --arm)")
    args = parser.parse_args()
    missing = [name for name in ("附件2.xlsx", "附件4.xlsx") if not (DATA / name).exists()]
    if missing:
        print(
            f"skipped: {', '.join(missing)} not found under {DATA} (evaluation data is never in the repository)"
        )
        return
    if args.diagnose:
        print(json.dumps(diagnose(), ensure_ascii=False))
    if args.arm:
        if not args.log:
            parser.error("--arm needs --log")
        screen(args.arm, args.repeats, args.log)


if __name__ == "__main__":
    main()
