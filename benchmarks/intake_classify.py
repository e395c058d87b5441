"""Benchmark: routing classifier on tipdm2020c 附件2 (5x5-fold CV), beside the baseline, same folds.

Runs the public command twice (with and without the label taxonomy 附件1 as label terms) and
times single-petition suggestions (top 3 with explanations) on one core. Reads the data from
../shared/datasets and exits cleanly when it is absent; nothing from it is written here.

Usage: .venv/bin/python benchmarks/intake_classify.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "tipdm2020c"
COMMON = ["--text", "留言主题,留言详情", "--label", "一级分类"]


def cli(*args: str) -> dict[str, object]:
    xinfang = str(Path(sys.executable).with_name("xinfang"))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([xinfang, *args], check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def single_item_ms() -> float:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
    import django

    django.setup()
    from xinfang.intake.classifier import TextClassifier
    from xinfang.intake.evaluation import read_label_terms, read_labelled

    data = read_labelled(DATA / "附件2.xlsx", text=["留言主题", "留言详情"], label="一级分类")
    model = TextClassifier.train(data.docs, data.labels, label_terms=read_label_terms(DATA / "附件1.xlsx"))
    timings = []
    for doc in data.docs[:200]:
        started = time.perf_counter()
        model.top(doc)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 2)


def main() -> None:
    if not (DATA / "附件2.xlsx").exists():
        print(json.dumps({"skipped": f"{DATA} not found"}))
        return
    source = DATA / "附件2.xlsx"
    cv = ["classify", "cv", "--input", str(source), *COMMON, "--folds", "5", "--repeats", "5", "--seed", "0"]
    with_terms = cli(*cv, "--label-terms", str(DATA / "附件1.xlsx"))
    without = cli(*cv)
    summary = {
        "ours_with_label_terms": {
            k: with_terms[k] for k in ("macro_f1", "macro_f1_std", "accuracy", "ms_per_item")
        },
        "ours_text_only": {k: without[k] for k in ("macro_f1", "macro_f1_std", "accuracy", "ms_per_item")},
        "baseline_same_folds": with_terms["baseline"],
        "single_petition_top3_with_reasons_ms": single_item_ms(),
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
