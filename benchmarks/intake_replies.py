"""Benchmark: does the reply check's relevance measure tell a message's own reply from another's?

On tipdm2020c 附件4 (2,816 messages with the official reply), with the product's function
``xinfang.intake.replies.relevance(request, reply)`` — the TF-IDF cosine of character bigrams,
weights learnt from the messages (as the product learns them from its petitions):

- swapped-reply detection: each message scored against its own reply and against the reply
  of another message (a fixed random derangement, seed 7); ROC AUC of own vs swapped, and at
  the product's warning threshold (RELEVANCE_WARN) the share of own replies warned about
  (false alarms) and of swapped replies warned about (caught);
- own-reply retrieval: every message against all 2,816 replies; recall@1 and recall@5, ties
  counted against the own reply (rank = 1 + replies scoring at least as high).

Nothing from the data set is written anywhere. Skips cleanly without the data.

    .venv/bin/python benchmarks/intake_replies.py
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

from xinfang.settings.devkeys import load_dev_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
load_dev_keys()  # this installation's random keys (var/dev-secrets.env)

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import dataset_dir  # noqa: E402

from xinfang.intake.duplicates import compact, weights_for  # noqa: E402
from xinfang.intake.replies import RELEVANCE_WARN, relevance  # noqa: E402
from xinfang.intake.text import normalise  # noqa: E402

DATA = dataset_dir() / "附件4.xlsx"


def load() -> list[tuple[str, str]]:
    sheet = load_workbook(DATA, read_only=True).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] is not None][1:]
    return [(f"{r[2] or ''} {r[4] or ''}".strip(), str(r[5] or "")) for r in rows if r[5]]


def recall_at(scores: np.ndarray, ks: tuple[int, ...]) -> dict[str, float]:
    own = np.diag(scores)
    at_least = (scores >= own[:, None]).sum(axis=1)  # includes the own reply itself
    return {f"recall@{k}": round(float(np.mean(at_least <= k)), 4) for k in ks}


def main() -> None:
    if not DATA.exists():
        print(json.dumps({"skipped": f"{DATA} not found"}))
        return
    started = time.perf_counter()
    pairs = load()
    n = len(pairs)
    # The product's weights are learnt from the bureau's petitions: here, from the messages.
    weights = weights_for([compact(message) for message, _ in pairs])
    rng = random.Random(7)
    other = list(range(n))
    while any(i == j for i, j in enumerate(other)):
        rng.shuffle(other)
    own = np.array([relevance(pairs[i][0], pairs[i][1], weights=weights)[0] for i in range(n)])
    swapped = np.array([relevance(pairs[i][0], pairs[other[i]][1], weights=weights)[0] for i in range(n)])
    labels = np.r_[np.ones(n), np.zeros(n)]
    # Retrieval: the same cosine, every message against every reply, as one sparse product.
    replies = weights.transform(["".join(normalise(reply).split()) for _, reply in pairs])
    messages = weights.transform([compact(message) for message, _ in pairs])
    matrix = (messages @ replies.T).toarray()
    assert np.allclose(np.diag(matrix), own, atol=1e-4)  # the same measure as relevance()
    result = {
        "messages": n,
        "relevance_tfidf_cosine": {
            "swapped_auc": round(float(roc_auc_score(labels, np.r_[own, swapped])), 4),
            "own_quantiles_5_10_25_50": [
                round(float(q), 3) for q in np.quantile(own, [0.05, 0.1, 0.25, 0.5])
            ],
            "swapped_quantiles_50_90_95": [
                round(float(q), 3) for q in np.quantile(swapped, [0.5, 0.9, 0.95])
            ],
            "warn_threshold": RELEVANCE_WARN,
            "own_replies_warned": round(float(np.mean(own < RELEVANCE_WARN)), 4),
            "swapped_replies_warned": round(float(np.mean(swapped < RELEVANCE_WARN)), 4),
            **recall_at(matrix, (1, 5)),
        },
        "seconds": round(time.perf_counter() - started, 1),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
