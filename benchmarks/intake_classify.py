"""Benchmark: nested cross-validation of the routing classifier against the baseline, per data set.

Runs the public contract ``xinfang classify cv`` (outer repeated stratified folds; the
pipeline is chosen by inner CV on each training side only; the baseline — character 1-3-gram
TF-IDF + LinearSVC — on the same outer folds) on:

- ``a2``: tipdm2020c 附件2, 留言主题 + 留言详情 → 一级分类 (7 topics), text only, no label terms;
- ``a2terms``: the same with the taxonomy 附件1's category names as label terms;
- ``a4``: tipdm2020c 附件4, 留言主题 + 留言详情 → the *kind of organ that replied*, derived
  from the reply's self-reference (我局 / 我镇 / 我街道 / 我区 …, first one in 答复意见; replies
  without one are left out). A different label (who handled it, not the topic), heavily
  imbalanced; the message text never contains the reply;
- with ``--unlabelled``: the other files' messages join as unlabelled texts (``classify cv
  --unlabelled``; texts only, a bureau's whole corpus): for ``a2`` 测试数据 + 附件3 + 附件4
  (测试数据 carries no labels), for ``a4`` 测试数据 + 附件2 + 附件3 — never the evaluated file;
- ``demo``: the synthetic demo petitions of the database in DATABASE_URL (title + content →
  the demo's own category taxonomy).

Derived files are written to a temporary directory and deleted; nothing from the data set
enters the repository. Prints one JSON object per data set, then a summary line.

    .venv/bin/python benchmarks/intake_classify.py --datasets a2,a4 --folds 5 --repeats 5
    DATABASE_URL=postgres://…/xf_intake_10k .venv/bin/python benchmarks/intake_classify.py --datasets demo
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import dataset_dir

from xinfang.settings.devkeys import load_dev_keys

DATA = dataset_dir()
ORGAN = re.compile(r"我(局|镇|乡|街道|县|区|市|委|办|院|中心|公司|厅|所|队|处)")
ORGAN_KIND = {
    "局": "职能部门（局）",
    "厅": "职能部门（局）",
    "处": "职能部门（局）",
    "所": "职能部门（局）",
    "队": "职能部门（局）",
    "中心": "事业单位（中心）",
    "市": "市级政府",
    "县": "县区政府",
    "区": "县区政府",
    "镇": "乡镇",
    "乡": "乡镇",
    "街道": "街道",
    "办": "委办",
    "委": "委办",
    "院": "院",
    "公司": "企业",
}


def cli(*args: str) -> dict[str, object]:
    xinfang = str(Path(sys.executable).with_name("xinfang"))
    load_dev_keys()
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([xinfang, *args], check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def write_csv(
    path: Path, rows: list[tuple[str, str, str]], header: tuple[str, str, str] = ("title", "body", "label")
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def a4_rows() -> list[tuple[str, str, str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(DATA / "附件4.xlsx", read_only=True).worksheets[0]
    rows = []
    for r in list(sheet.iter_rows(values_only=True))[1:]:
        if not r or r[0] is None:
            continue
        found = ORGAN.search(str(r[5] or ""))
        if found:
            rows.append((str(r[2] or ""), str(r[4] or ""), ORGAN_KIND[found.group(1)]))
    return rows


def pool_rows(names: list[str]) -> list[tuple[str, str, str]]:
    """Title and body of every message in the named files; the label column stays empty."""
    from openpyxl import load_workbook

    rows = []
    for name in names:
        sheet = load_workbook(DATA / f"{name}.xlsx", read_only=True).worksheets[0]
        values = [r for r in sheet.iter_rows(values_only=True) if r and any(c is not None for c in r)]
        header = [str(c) for c in values[0]]
        title, body = header.index("留言主题"), header.index("留言详情")
        rows += [(str(r[title] or ""), str(r[body] or ""), "") for r in values[1:]]
    return rows


def demo_rows(limit: int = 3000) -> list[tuple[str, str, str]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
    load_dev_keys()  # this installation's random keys (var/dev-secrets.env)
    import django

    django.setup()
    from xinfang.petitions.models import Petition

    step = max(1, (Petition.objects.order_by("-pk").values_list("pk", flat=True).first() or 1) // limit)
    rows = (
        Petition.objects.filter(pk__in=range(1, step * limit + 1, step))
        .values_list("title", "content", "category__name")
        .order_by("pk")
    )
    return [(t, c, n) for t, c, n in rows]


def summary(name: str, result: dict[str, object]) -> dict[str, object]:
    base = result["baseline"]
    assert isinstance(base, dict)
    return {
        "dataset": name,
        "items": result["items"],
        "ours_macro_f1": result["macro_f1"],
        "ours_sd": result["macro_f1_std"],
        "baseline_macro_f1": base["macro_f1"],
        "baseline_sd": base["macro_f1_std"],
        "ratio": result["ratio_to_baseline"],
        "folds_won_lost": [result["folds_won"], result["folds_lost"]],
        "chosen_pipelines": result["chosen_pipelines"],
        "small_classes": result["small_classes"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", default="a2,a2terms,a4,demo")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unlabelled", action="store_true", help="a2/a4: the other files' texts, no labels")
    parser.add_argument("--out", type=Path, help="directory for the full JSON of each run")
    args = parser.parse_args()
    wanted = args.datasets.split(",")
    cv = ["--folds", str(args.folds), "--repeats", str(args.repeats), "--seed", str(args.seed)]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        jobs: list[tuple[str, list[str]]] = []
        a2 = DATA / "附件2.xlsx"
        text = ["--text", "留言主题,留言详情", "--label", "一级分类"]
        pool: dict[str, list[str]] = {"a2": [], "a4": []}
        if args.unlabelled:
            rows2 = pool_rows(["测试数据", "附件3", "附件4"])
            rows4 = pool_rows(["测试数据", "附件2", "附件3"])
            header = ("留言主题", "留言详情", "label")
            pool["a2"] = ["--unlabelled", str(write_csv(Path(tmp) / "pool2.csv", rows2, header))]
            pool["a4"] = ["--unlabelled", str(write_csv(Path(tmp) / "pool4.csv", rows4))]
        if a2.exists() and "a2" in wanted:
            jobs.append(("a2", ["--input", str(a2), *text, *pool["a2"]]))
        if a2.exists() and "a2terms" in wanted:
            jobs.append(("a2terms", ["--input", str(a2), *text, "--label-terms", str(DATA / "附件1.xlsx")]))
        if (DATA / "附件4.xlsx").exists() and "a4" in wanted:
            path = write_csv(Path(tmp) / "a4.csv", a4_rows())
            jobs.append(
                ("a4", ["--input", str(path), "--text", "title,body", "--label", "label", *pool["a4"]])
            )
        if "demo" in wanted and os.environ.get("DATABASE_URL"):
            path = write_csv(Path(tmp) / "demo.csv", demo_rows())
            jobs.append(("demo", ["--input", str(path), "--text", "title,body", "--label", "label"]))
        if not jobs:
            print(json.dumps({"skipped": f"no data: {DATA} or DATABASE_URL"}))
            return
        for name, job in jobs:
            started = time.perf_counter()
            result = cli("classify", "cv", *job, *cv)
            result["seconds"] = round(time.perf_counter() - started, 1)
            result["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
            results.append(summary(name, result))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
