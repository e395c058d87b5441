"""Benchmark: near-duplicate detection precision / recall on tipdm2020c 附件3.

Labelled pairs (built here, deterministically, from message ids; no text is written out):
- duplicates: two messages by the same user whose titles share at least half of their
  character bigrams (Jaccard >= 0.5) or whose bodies are identical: the same person posting
  the same matter again, the case 附件3 is known for;
- hard non-duplicates: two messages by the same user whose titles and bodies share less
  than 15% of their bigrams (same person, different matters);
- easy non-duplicates: random pairs of messages by different users.
This is a silver standard: the labels come from user ids and titles, while the detector sees
only the text (title and body) through MinHash, so it is not scored against itself; pairs
between 0.15 and 0.5 title overlap are left out as ambiguous. A random sample of the
labelled pairs was read by hand when the rule was set.

Also reports the hot-topic check: whether messages 360100-360109 and 360110-360114 fall
into one topic each.

Usage: .venv/bin/python benchmarks/intake_duplicates.py
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")

import django

django.setup()

from openpyxl import load_workbook  # noqa: E402

from xinfang.intake.duplicates import BANDS, THRESHOLD, TITLE_THRESHOLD, all_keys, near, signature, similarity  # noqa: E402
from xinfang.intake.text import normalise  # noqa: E402
from xinfang.intake.topics import Item, topics_of  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "tipdm2020c" / "附件3.xlsx"


def bigrams(text: str) -> set[str]:
    compact = "".join(normalise(text).split())
    return {compact[i : i + 2] for i in range(len(compact) - 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    match = re.match(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", str(value))
    return date(*map(int, match.groups())) if match else date(2019, 1, 1)


def load() -> list[dict[str, object]]:
    sheet = load_workbook(DATA, read_only=True).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] is not None][1:]
    return [
        {
            "id": str(r[0]),
            "user": str(r[1]),
            "title": str(r[2] or ""),
            "day": day(r[3]),
            "body": str(r[4] or ""),
        }
        for r in rows
    ]


def labelled_pairs(rows: list[dict[str, object]], rng: random.Random) -> list[tuple[int, int, bool]]:
    by_user: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_user.setdefault(str(row["user"]), []).append(index)
    titles = [bigrams(str(r["title"])) for r in rows]
    bodies = [bigrams(str(r["body"])) for r in rows]
    positives, hard = [], []
    for members in by_user.values():
        for a, b in itertools.combinations(members, 2):
            title = jaccard(titles[a], titles[b])
            same_body = (
                normalise(str(rows[a]["body"])) == normalise(str(rows[b]["body"])) and len(bodies[a]) > 20
            )
            if title >= 0.5 or same_body:
                positives.append((a, b, True))
            elif title < 0.15 and jaccard(bodies[a], bodies[b]) < 0.15:
                hard.append((a, b, False))
    easy = []
    while len(easy) < 1000:
        a, b = rng.randrange(len(rows)), rng.randrange(len(rows))
        if rows[a]["user"] != rows[b]["user"]:
            easy.append((a, b, False))
    rng.shuffle(positives)
    rng.shuffle(hard)
    return positives[:500] + hard[:500] + easy


def main() -> None:
    if not DATA.exists():
        print(json.dumps({"skipped": f"{DATA} not found"}))
        return
    rows = load()
    pairs = labelled_pairs(rows, random.Random(2026))
    needed = {i for a, b, _ in pairs for i in (a, b)}
    sigs = {i: signature(f"{rows[i]['title']} {rows[i]['body']}") for i in needed}
    titles = {i: signature(str(rows[i]["title"])) for i in needed}
    keys = {i: set(all_keys(sigs[i], titles[i])) for i in needed}
    text_keys = {i: {k for k in keys[i] if k[0] < BANDS} for i in needed}
    result: dict[str, object] = {
        "pairs": len(pairs),
        "duplicates": sum(1 for *_, d in pairs if d),
        "bands": BANDS,
        "threshold": THRESHOLD,
        "title_threshold": TITLE_THRESHOLD,
    }

    def score(found_fn) -> dict[str, float]:  # type: ignore[no-untyped-def]
        tp = fp = fn = 0
        for a, b, duplicate in pairs:
            found = found_fn(a, b)
            tp += found and duplicate
            fp += found and not duplicate
            fn += (not found) and duplicate
        return {"precision": round(tp / max(tp + fp, 1), 3), "recall": round(tp / max(tp + fn, 1), 3)}

    # What the product does: retrieved by the index AND passing either channel's threshold.
    result["product_text_and_title"] = score(
        lambda a, b: bool(keys[a] & keys[b]) and near(sigs[a], titles[a], sigs[b], titles[b]) is not None
    )
    # Text channel alone (independent of the title-based labelling rule).
    for threshold in (0.3, 0.5):
        result[f"text_only_at_{threshold}"] = score(
            lambda a, b, t=threshold: bool(text_keys[a] & text_keys[b]) and similarity(sigs[a], sigs[b]) >= t
        )
    items = [Item(str(r["id"]), str(r["title"]), str(r["body"]), r["day"]) for r in rows]  # type: ignore[arg-type]
    topics = topics_of(items, today=max(i.day for i in items))
    for name, wanted in (
        ("topic_360100_360109", range(360100, 360110)),
        ("topic_360110_360114", range(360110, 360115)),
    ):
        ids = {str(i) for i in wanted}
        best = max(topics, key=lambda t: len(ids & set(t.members)))
        result[name] = {
            "found_together": len(ids & set(best.members)),
            "of": len(ids),
            "topic_size": best.count,
            "keywords": best.keywords[:5],
        }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
