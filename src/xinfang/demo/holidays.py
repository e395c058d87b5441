"""The demo's 2027 calendar: the expected statutory holidays as admin overrides (#11.8).

chinese-calendar has no 2027 data until the State Council publishes its notice, and every clock
running into 2027 would carry a "节假日数据缺失" warning. The demo enters the statutory holidays
the 放假办法 fixes, each marked 待国务院公布; an administrator corrects them in the admin
(节假日调整) once the notice is out. Existing overrides are never changed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from xinfang.statute.models import HolidayOverride

DATA = Path(__file__).with_name("data") / "holidays_2027.json"


def demo_holidays_setup() -> int:
    """Enter the expected 2027 rest days that have no override yet; the number entered."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    made = 0
    for day, name in data["rest_days"]:
        _, created = HolidayOverride.objects.get_or_create(
            day=date.fromisoformat(day),
            defaults={"is_working": False, "note": f"{name}（预计，待国务院公布）"},
        )
        made += created
    return made
