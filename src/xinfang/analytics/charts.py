"""Report charts as PNG with Chinese labels, on any machine.

A system CJK font is used when one is installed; otherwise the app's own subset of Noto Sans
CJK SC (fonts/, built by fonts/build_subset.py) is registered with matplotlib at run time.
Figures are drawn on ``matplotlib.figure.Figure`` directly (no pyplot global state), so
concurrent requests do not share a figure.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path

from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure

SHIPPED_FONT = Path(__file__).resolve().parent / "fonts" / "XinfangCJKSubset-Regular.otf"
SHIPPED_FAMILY = "Xinfang CJK Subset"
SYSTEM_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)
BLUE, GREY, RED = "#1f5fa8", "#9aa5b1", "#c0392b"


@cache
def chart_family(*, shipped_only: bool = False) -> str:
    """The CJK font family for charts: a known system font, else the shipped subset."""
    if not shipped_only:
        installed = {entry.name for entry in font_manager.fontManager.ttflist}
        for family in SYSTEM_FAMILIES:
            if family in installed:
                return family
    font_manager.fontManager.addfont(str(SHIPPED_FONT))
    return SHIPPED_FAMILY


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def _style(family: str) -> AbstractContextManager[None]:
    return rc_context({"font.family": family, "font.size": 9, "axes.unicode_minus": False})


def trend_chart(
    labels: Sequence[str], current: Sequence[int], year_before: Sequence[int], *, family: str | None = None
) -> bytes:
    """Monthly volume as bars, the same months a year earlier as a line (同比)."""
    with _style(family or chart_family()):
        figure = Figure(figsize=(7.2, 3.0))
        axes = figure.add_subplot()
        positions = range(len(labels))
        axes.bar(positions, current, color=BLUE, label="信访量")
        axes.plot(positions, year_before, color=GREY, marker="o", markersize=3, label="上年同期")
        axes.set_xticks(list(positions), labels, rotation=45, ha="right")
        axes.set_ylabel("件数")
        axes.set_title("信访总量月度走势")
        axes.legend(loc="upper left", frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)


def bar_chart(
    labels: Sequence[str], values: Sequence[int], *, title: str, family: str | None = None
) -> bytes:
    """Horizontal bars, largest on top."""
    with _style(family or chart_family()):
        figure = Figure(figsize=(6.4, 0.35 * max(len(labels), 3) + 0.8))
        axes = figure.add_subplot()
        order = list(range(len(labels)))[::-1]
        axes.barh([labels[i] for i in order], [values[i] for i in order], color=BLUE)
        for y, i in enumerate(order):
            axes.text(values[i], y, f" {values[i]}", va="center")
        axes.set_title(title)
        axes.set_xlabel("件数")
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)
