"""Where units are: boundaries (GeoJSON in WGS84) and the other names people give a place."""

from __future__ import annotations

from django.db import models

from xinfang.orgs.models import Unit


class Boundary(models.Model):
    """The area a unit (街道, 社区, 区) answers for, as a GeoJSON Polygon or MultiPolygon (WGS84)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="boundary", verbose_name="单位")
    geometry = models.JSONField("边界（GeoJSON）")
    # In square degrees: only for choosing the smallest of several units that contain a point.
    area = models.FloatField("面积（平方度）", editable=False)
    source = models.CharField("来源", max_length=200, blank=True, default="")
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "辖区边界"
        verbose_name_plural = "辖区边界"
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return str(self.unit)


class Alias(models.Model):
    """Another name of a unit's place — a road, an estate, an old name — matched in addresses."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name="单位")
    name = models.CharField("别名（路名、小区名、旧称）", max_length=60)

    class Meta:
        verbose_name = "地名别名"
        verbose_name_plural = "地名别名"
        ordering = ["unit__path", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="places_alias_unique")]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit}"
