"""``xinfang classify train|evaluate|cv``: the same contract for any CSV/XLSX data set.

The last line printed is one JSON object (macro_f1, accuracy, per_class, ms_per_item, …);
progress goes to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from xinfang.common.exceptions import ValidationFailed
from xinfang.intake.classifier import MIN_EXAMPLES, OTHER, TextClassifier
from xinfang.intake.evaluation import (
    cross_validate,
    read_label_terms,
    read_labelled,
    read_unlabelled,
    scores,
    timed_predict,
)


class Command(BaseCommand):
    help = "训练、评估、交叉验证分拨分类模型（CSV 或 XLSX 第一张表）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("train", "evaluate", "cv"):
            command = sub.add_parser(name)
            command.add_argument("--input", required=True, type=Path)
            command.add_argument(
                "--text", required=True, help="one or more columns, comma-separated; the first is the title"
            )
            command.add_argument("--label", required=True)
            command.add_argument(
                "--label-terms", type=Path, help="optional file: label, then words describing it"
            )
            if name in ("train", "cv"):
                command.add_argument(
                    "--unlabelled",
                    default="",
                    help="optional files (comma-separated) with the same text columns: texts only, "
                    "their labels are never read; they teach the corpus axes",
                )
                command.add_argument(
                    "--min-examples",
                    type=int,
                    default=MIN_EXAMPLES,
                    help="classes with fewer examples are reported and merged or left to rules",
                )
                command.add_argument("--small-classes", choices=["merge", "rules"], default="merge")
                command.add_argument("--other", default=OTHER, help="the route small classes merge into")
            if name in ("train", "evaluate"):
                command.add_argument("--model", required=True, type=Path)
            if name == "cv":
                command.add_argument("--folds", type=int, default=5)
                command.add_argument("--repeats", type=int, default=5)
                command.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = getattr(self, f"_{options['action']}")(options)
        except ValidationFailed as error:
            raise CommandError(
                "；".join(f"{k}: {v}" for k, v in error.fields.items()) or error.message
            ) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _data(self, options: dict[str, Any]) -> Any:
        columns = [c.strip() for c in options["text"].split(",") if c.strip()]
        return read_labelled(options["input"], text=columns, label=options["label"])

    def _terms(self, options: dict[str, Any]) -> dict[str, list[str]] | None:
        return read_label_terms(options["label_terms"]) if options.get("label_terms") else None

    def _small(self, options: dict[str, Any]) -> dict[str, Any]:
        columns = [c.strip() for c in options["text"].split(",") if c.strip()]
        paths = [Path(p.strip()) for p in options.get("unlabelled", "").split(",") if p.strip()]
        return {
            "min_examples": options["min_examples"],
            "small": options["small_classes"],
            "other": options["other"],
            "unlabelled": read_unlabelled(paths, text=columns),
        }

    def _train(self, options: dict[str, Any]) -> dict[str, Any]:
        """Train and store; the figures printed are the inner cross-validation's, never training-set scores."""
        data = self._data(options)
        model = TextClassifier.train(
            data.docs, data.labels, label_terms=self._terms(options), **self._small(options)
        )
        options["model"].write_bytes(model.dumps())
        return {
            **model.report,
            "items": len(data.labels),
            "classes": len(model.labels),
            "note": "inner cross-validated figures of the chosen pipeline; use cv for nested figures",
            "model": str(options["model"]),
        }

    def _evaluate(self, options: dict[str, Any]) -> dict[str, Any]:
        if not options["model"].exists():
            raise CommandError(f"模型文件不存在：{options['model']}")
        model = TextClassifier.loads(options["model"].read_bytes())
        data = self._data(options)
        predicted, seconds = timed_predict(model.predict, data.docs)
        return scores(data.labels, predicted, seconds)

    def _cv(self, options: dict[str, Any]) -> dict[str, Any]:
        data = self._data(options)
        total = options["folds"] * options["repeats"]
        with tqdm(total=total, desc="cv", file=sys.stderr, disable=None) as bar:
            return cross_validate(
                data,
                folds=options["folds"],
                repeats=options["repeats"],
                seed=options["seed"],
                label_terms=self._terms(options),
                **self._small(options),
                progress=lambda done, _total: bar.update(1),
            )
