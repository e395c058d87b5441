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
from xinfang.intake.classifier import TextClassifier
from xinfang.intake.evaluation import (
    cross_validate,
    read_label_terms,
    read_labelled,
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

    def _train(self, options: dict[str, Any]) -> dict[str, Any]:
        data = self._data(options)
        model = TextClassifier.train(data.docs, data.labels, label_terms=self._terms(options))
        options["model"].write_bytes(model.dumps())
        predicted, seconds = timed_predict(model.predict, data.docs)
        result = scores(data.labels, predicted, seconds)
        result["note"] = "scores on the training data itself; use cv or evaluate for honest figures"
        result["model"] = str(options["model"])
        return result

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
                progress=lambda done, _total: bar.update(1),
            )
