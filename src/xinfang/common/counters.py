"""Maintained counters of every app, checked and rebuilt through one registry (ADR 0014 §7).

An app that keeps a counter registers how to compare it with a recount (``check`` returns
one line per disagreement) and how to rebuild it from scratch. ``xinfang tally check``
prints every disagreement and exits non-zero; ``xinfang tally rebuild`` recounts after a
bulk load. A doctor command runs ``counters_check`` too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CounterSet:
    name: str
    check: Callable[[], list[str]]
    rebuild: Callable[[], int]


_REGISTRY: dict[str, CounterSet] = {}


def counters_register(*, name: str, check: Callable[[], list[str]], rebuild: Callable[[], int]) -> None:
    _REGISTRY[name] = CounterSet(name, check, rebuild)


def counters_registered() -> list[CounterSet]:
    return list(_REGISTRY.values())


def counters_check() -> list[str]:
    """Every disagreement between a maintained counter and a recount, as Chinese lines."""
    return [f"{c.name}：{line}" for c in counters_registered() for line in c.check()]


def counters_rebuild() -> dict[str, int]:
    return {c.name: c.rebuild() for c in counters_registered()}
