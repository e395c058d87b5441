"""``xinfang places import FILE.geojson`` and ``xinfang places locate LAT LONG``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.common.exceptions import ValidationFailed
from xinfang.places.selectors import unit_at
from xinfang.places.services import boundaries_import_file


class Command(BaseCommand):
    help = "辖区边界：导入 GeoJSON 边界（import），按坐标查找所属单位（locate）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="导入街道、社区边界（GeoJSON FeatureCollection，WGS84）")
        load.add_argument("file", type=Path)
        locate = sub.add_parser("locate", help="坐标（WGS84）所在的最小单位")
        locate.add_argument("lat", type=float)
        locate.add_argument("long", type=float)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            try:
                result = boundaries_import_file(path=options["file"])
            except ValidationFailed as error:
                raise CommandError(f"{error.message}：{error.fields.get('file', '')}") from None
            self.stdout.write(
                self.style.SUCCESS(f"已导入 {result.boundaries} 个边界、{result.aliases} 个别名")
            )
            return
        unit = unit_at(lat=options["lat"], long=options["long"])
        if unit is None:
            raise CommandError("该坐标不在任何已导入的边界内")
        self.stdout.write(
            f"{unit.name}（{unit.get_kind_display()}，行政区划代码 {unit.division_code or '无'}）"
        )
