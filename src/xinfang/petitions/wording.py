"""The public wording of acts (ADR 0014 §4): the one reader of ``data/public_wording.json``.

What a petitioner or the public is told about an act — on the portal's timeline, in Open311's
``status_notes`` and ``servicerequestupdates`` descriptions, in notices — comes from here and
nowhere else. An act is told or not as a whole or per variant (the value of one payload field,
e.g. a reply's outcome); a 检举控告 (Art. 30) has its own, sparser sentences.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

WORDING_FILE = Path(__file__).parent / "data" / "public_wording.json"


@dataclass(frozen=True)
class ActWording:
    text: str | None
    by: str = ""
    variants: Mapping[str, str | None] = field(default_factory=dict)
    confidential: str | None = None

    def sentence(self, payload: Mapping[str, Any] | None, *, confidential: bool) -> str | None:
        if confidential:
            return self.confidential
        if self.by and payload is not None:
            value = _key(payload.get(self.by))
            if value in self.variants:
                return self.variants[value]
        return self.text

    @property
    def ever_public(self) -> bool:
        return self.text is not None or any(v is not None for v in self.variants.values())


def _key(value: Any) -> str:
    """Payload values as the file's keys: booleans as true/false, numbers as their digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _parse(raw: Mapping[str, Any]) -> dict[str, ActWording]:
    acts: dict[str, ActWording] = {}
    for kind, entry in raw["acts"].items():
        unknown = set(entry) - {"text", "by", "variants", "confidential"}
        if unknown or "text" not in entry:
            raise ValueError(
                f"public_wording.json: act {kind!r} needs 'text' and no keys but by/variants/confidential"
            )
        variants = entry.get("variants", {})
        if variants and not entry.get("by"):
            raise ValueError(f"public_wording.json: act {kind!r} has variants but no 'by'")
        acts[kind] = ActWording(
            text=entry["text"],
            by=entry.get("by", ""),
            variants=dict(variants),
            confidential=entry.get("confidential"),
        )
    return acts


@cache
def wordings() -> dict[str, ActWording]:
    with WORDING_FILE.open(encoding="utf-8") as handle:
        return _parse(json.load(handle))


def public_sentence(
    kind: str, payload: Mapping[str, Any] | None = None, *, confidential: bool = False
) -> str | None:
    """The sentence for an event of ``kind`` with ``payload``; None when it is not told.

    ``confidential``: the petition is a 检举控告 (Art. 30), told only that it was received,
    passed on and finished.
    """
    wording = wordings().get(kind)
    return wording.sentence(payload, confidential=confidential) if wording else None


def public_kinds(*, confidential: bool = False) -> frozenset[str]:
    """Event kinds of which at least one variant is told: the filter for queries over the log."""
    return frozenset(
        kind
        for kind, wording in wordings().items()
        if (wording.confidential is not None if confidential else wording.ever_public)
    )
