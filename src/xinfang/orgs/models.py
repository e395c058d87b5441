"""Units (a tree with a materialised ancestors path), roles with data scopes, and staff."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from .constants import AdminLevel, DataScope, Perm, UnitKind


class Unit(models.Model):
    """A 区 / 街道 / 社区 or a functional department.

    ``path`` lists the ids from the root down to this unit ("/1/4/9/"), so
    "this unit and below" is a single indexed prefix match.
    """

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField("行政层级", choices=AdminLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("祖级路径", max_length=255, db_index=True, editable=False, default="")
    division_code = models.CharField("行政区划代码", max_length=12, blank=True)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path", "sort"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            Unit.objects.filter(pk=self.pk).update(path=path)

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including this unit."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


class Role(models.Model):
    key = models.CharField("角色标识", max_length=40, unique=True)
    name = models.CharField("角色名称", max_length=60)
    data_scope = models.CharField(
        "数据范围", max_length=20, choices=DataScope.choices, default=DataScope.UNIT
    )
    custom_units = models.ManyToManyField(Unit, verbose_name="自定义单位", blank=True, related_name="+")
    permissions = models.JSONField(
        "权限", default=list, help_text='Perm codes, e.g. ["register", "dispatch"]'
    )
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["sort", "key"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    unit = models.ForeignKey(Unit, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT)
    roles = models.ManyToManyField(Role, verbose_name="角色", blank=True, related_name="users")
    title = models.CharField("职务", max_length=60, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    @property
    def display_name(self) -> str:
        return (self.last_name + self.first_name) or self.username

    def perms_granted(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_perms_granted", None)
        if cached is None:
            codes: set[str] = set()
            for role in self.roles.all():
                codes.update(role.permissions)
            cached = frozenset(codes)
            self._perms_granted = cached
        return cached

    def may(self, perm: Perm | str) -> bool:
        return self.is_superuser or str(perm) in self.perms_granted()
