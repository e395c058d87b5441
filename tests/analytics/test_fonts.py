"""The shipped CJK subset: small, licensed, and covering every label the reports draw."""

from __future__ import annotations

import warnings

from matplotlib.ft2font import FT2Font

from xinfang.analytics import charts

LABELS = "信访总量月度走势上年同期件数主要问题类别各街道信访量劳资纠纷物业管理城市更新与征收龙城街道幸福社区25年10月"


def test_shipped_font_is_small_and_licensed() -> None:
    assert charts.SHIPPED_FONT.stat().st_size < 3_000_000
    licence = (charts.SHIPPED_FONT.parent / "LICENSE-OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Version 1.1" in licence


def test_shipped_font_has_glyphs_for_report_labels() -> None:
    font = FT2Font(str(charts.SHIPPED_FONT))
    missing = [c for c in LABELS + "，。：（）％" if font.get_char_index(ord(c)) == 0]
    assert missing == []
    assert font.get_char_index(ord("鑫")) != 0  # GB2312 level 2


def test_chart_with_shipped_font_draws_every_glyph() -> None:
    family = charts.chart_family(shipped_only=True)
    assert family == charts.SHIPPED_FAMILY
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = charts.bar_chart(["劳资纠纷", "物业管理"], [12, 7], title="主要问题类别", family=family)
        charts.trend_chart(["25年10月", "25年11月"], [3, 4], [2, 5], family=family)
    assert png.startswith(b"\x89PNG")
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_tofu_would_be_reported() -> None:
    """The check above can fail: a character outside the subset does raise the warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.bar_chart(["𠀀"], [1], title="x", family=charts.chart_family(shipped_only=True))
    assert [w for w in caught if "missing from" in str(w.message)]
