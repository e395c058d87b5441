"""Spreadsheet cells that never become formulas (CSV / formula injection, CWE-1236).

Text from users (a title, a name, an Open311 ``first_name``) that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return would be read by Excel, WPS or LibreOffice as a formula
(``=HYPERLINK(…)``, ``=cmd|…``). Every export passes its rows through ``safe_row``: such text gets
a leading apostrophe, which spreadsheet programs treat as "this is text". Numbers, dates and
other non-text values pass unchanged. Used by every XLSX and CSV export in the project.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    out = []
    for value in values:
        inner = getattr(value, "value", None)
        if inner is not None and hasattr(value, "data_type"):  # an openpyxl cell
            value.value = safe_text(inner)
            if isinstance(inner, str) and value.data_type == "f":
                value.data_type = "s"
            out.append(value)
        else:
            out.append(safe_text(value))
    return out
