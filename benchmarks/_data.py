"""Where the shared evaluation data lives: ``$XINFANG_DATASETS`` or ``shared/datasets`` beside any parent.

The repository and its worktrees sit at different depths, so look upward; benchmarks skip
cleanly when the data is absent (it is never copied into the repository).
"""

from __future__ import annotations

import os
from pathlib import Path


def dataset_dir(name: str = "tipdm2020c") -> Path:
    if os.environ.get("XINFANG_DATASETS"):
        return Path(os.environ["XINFANG_DATASETS"]) / name
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "datasets" / name
        if candidate.exists():
            return candidate
    return here.parents[1].parent / "shared" / "datasets" / name
