"""Open311 settings: ``settings.XINFANG_OPEN311`` overrides these; read at call time, never at import."""

from __future__ import annotations

from django.conf import settings

DEFAULT_SETTINGS: dict[str, str] = {
    "jurisdiction_id": "qingxi.gov.cn",
    # 行政区划代码 (Unit.division_code) of the unit used when an address names no street or
    # community and no unit boundaries are loaded; blank: the lowest-level government unit.
    "fallback_unit_code": "",
    # "false": the spec's bare open/closed in `status` instead of mySociety's extended statuses.
    "extended_statuses": "true",
    # The same client sending the same content for the same place (and person) within this many
    # minutes, without an Idempotency-Key, gets the first request back instead of a second one.
    "duplicate_window_minutes": "30",
}


def open311_settings() -> dict[str, str]:
    return {**DEFAULT_SETTINGS, **{k: str(v) for k, v in getattr(settings, "XINFANG_OPEN311", {}).items()}}
