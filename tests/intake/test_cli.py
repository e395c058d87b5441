"""`xinfang classify train|evaluate|cv` on any CSV or XLSX: the last line is one JSON object."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tests.intake.test_classifier import PROPERTY, SCHOOL, WAGES


def write_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["主题", "详情", "分类"])
        writer.writerows(rows)
    return path


def sample_rows() -> list[tuple[str, str, str]]:
    rows = []
    for label, texts in (("劳动", WAGES), ("物业", PROPERTY), ("教育", SCHOOL)):
        for i in range(10):
            text = texts[i % len(texts)]
            rows.append((text[:6], f"{text}，第{i}次反映", label))
    return rows


def last_json(capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_train_then_evaluate_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_csv(tmp_path / "data.csv", sample_rows())
    model = tmp_path / "model.bin"
    call_command(
        "classify",
        "train",
        "--input",
        str(data),
        "--text",
        "主题,详情",
        "--label",
        "分类",
        "--model",
        str(model),
    )
    trained = last_json(capsys)
    assert model.exists() and trained["items"] == 30
    # cross-validated figures of the choice, never a score on the training data itself
    assert "per_class" not in trained and 0 <= trained["inner_cv_macro_f1"] <= 1
    assert trained["pipeline"] and "inner_cv_baseline_macro_f1" in trained
    # 10 examples per class: none is small at the default of 10
    assert trained["small_classes"] == {}
    call_command(
        "classify",
        "evaluate",
        "--input",
        str(data),
        "--text",
        "主题,详情",
        "--label",
        "分类",
        "--model",
        str(model),
    )
    result = last_json(capsys)
    assert {"macro_f1", "accuracy", "per_class", "ms_per_item"} <= set(result)
    assert set(result["per_class"]) == {"劳动", "物业", "教育"}
    assert set(result["per_class"]["劳动"]) >= {"precision", "recall", "f1"}
    assert result["macro_f1"] > 0.8


def test_cv_on_xlsx_reports_the_baseline_on_the_same_folds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["主题", "详情", "分类"])
    for row in sample_rows():
        sheet.append(list(row))
    path = tmp_path / "data.xlsx"
    book.save(path)
    call_command(
        "classify",
        "cv",
        "--input",
        str(path),
        "--text",
        "主题,详情",
        "--label",
        "分类",
        "--folds",
        "3",
        "--repeats",
        "1",
        "--seed",
        "7",
        "--min-examples",
        "3",
    )
    result = last_json(capsys)
    assert result["folds"] == 3 and result["seed"] == 7 and 0 <= result["macro_f1"] <= 1
    assert result["nested"] is True
    assert set(result["baseline"]) >= {"macro_f1", "accuracy", "ms_per_item", "per_class"}
    assert len(result["outer_folds"]) == 3
    assert all({"pipeline", "macro_f1", "baseline_macro_f1"} <= set(f) for f in result["outer_folds"])
    assert sum(result["chosen_pipelines"].values()) == 3


def test_missing_column_is_named(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "data.csv", sample_rows())
    with pytest.raises(CommandError, match="标题"):
        call_command("classify", "cv", "--input", str(data), "--text", "标题", "--label", "分类")
