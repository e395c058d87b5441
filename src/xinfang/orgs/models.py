"""Units (a tree with a materialised ancestors path), roles with data scopes, and staff."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from .constants import AdminLevel, DataScope, Perm, UnitKind


class Unit(models.Model):
    """A 区 / 街道 / 社区 or a functional department.

    ``path`` lists the ids from the root down to this unit ("/1/4/9/"), so
    "this unit and below" is a single indexed prefix match.
    """

    name = models.CharField("名称", max_length=100)
    official_name = models.CharField(
        "全称",
        max_length=100,
        blank=True,
        default="",
        help_text="文书落款使用的机关全称，如“A市人民政府”；为空时使用名称",
    )
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
    review_organs = models.ManyToManyField(
        "self",
        verbose_name="复查（复核）机关",
        symmetrical=False,
        blank=True,
        related_name="reviews_for",
        help_text="本单位出具的信访处理意见书（复查意见）由哪个上一级机关复查（复核）（第三十五条、第三十六条第一款）；"
        "为空时默认为上一级人民政府（社区为所在街道）",
    )

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

    @property
    def document_name(self) -> str:
        """The organ's full name as documents are signed with it (ADR 0014 §2)."""
        return self.official_name or self.name

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


class Role(models.Model):
    key = models.CharField("角色标识", max_length=40, unique=True)
    name = models.CharField("角色名称", max_length=60)
    data_scope = models.CharField(
        "数据范围", max_length=20, choices=DataScope.choices, default=DataScope.UNIT
    )
    custom_units = models.ManyToManyField(Unit, verbose_name="自定义单位", blank=True, related_name="+")
    permissions = models.JSONField("权限", default=list, help_text="权限代码的 JSON 数组")
    sort = models.PositiveIntegerField("排序", default=0)
    requires_otp = models.BooleanField(
        "须双因素登录",
        default=False,
        help_text="持有此角色的账号登录时须输入动态口令（局领导等；管理员账号一律须要）",
    )

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
    password_changed_at = models.DateTimeField("密码修改时间", default=timezone.now)
    must_change_password = models.BooleanField(
        "须修改初始密码", default=False, help_text="管理员设置或重置的密码为初始密码，首次登录须修改"
    )

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    @property
    def display_name(self) -> str:
        return (self.last_name + self.first_name) or self.username

    def roles_cached(self) -> list[Role]:
        """The user's roles, read once per user object (one request)."""
        cached: list[Role] | None = getattr(self, "_roles_cached", None)
        if cached is None:
            cached = list(self.roles.all())
            self._roles_cached = cached
        return cached

    def perms_granted(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_perms_granted", None)
        if cached is None:
            codes: set[str] = set()
            for role in self.roles_cached():
                codes.update(role.permissions)
            cached = frozenset(codes)
            self._perms_granted = cached
        return cached

    def may(self, perm: Perm | str) -> bool:
        if str(perm) in SEPARATED_DUTIES:
            # Security and audit duties are never implied by superuser status (三员分立).
            return not self.is_superuser and str(perm) in self.perms_granted()
        return self.is_superuser or str(perm) in self.perms_granted()


SEPARATED_DUTIES = frozenset({str(Perm.SECURITY), str(Perm.AUDIT_LOG)})


class IntakeRoute(models.Model):
    """网上信访受理机关表: which petition bureau registers online petitions from an area (ADR 0014 §1).

    Portal, Open311 and other online petitions are registered into the bureau the most specific
    row names (the nearest area above the place; for the same area a row for the category
    wins over a row for every category). Without a row, the district bureau of the place
    serves it (``orgs.selectors.intake_bureau_for``).
    """

    area = models.ForeignKey(Unit, verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "petitions.Category",
        verbose_name="问题分类（空为全部）",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    bureau = models.ForeignKey(
        Unit,
        verbose_name="登记受理的信访部门",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.PETITION_BUREAU},
    )
    note = models.CharField("说明", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "网上信访受理机关"
        verbose_name_plural = "网上信访受理机关表"
        constraints = [
            models.UniqueConstraint(fields=["area", "category"], name="intake_route_area_category"),
            models.UniqueConstraint(
                fields=["area"], condition=models.Q(category__isnull=True), name="intake_route_area_any"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.category or '全部分类'} → {self.bureau}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.bureau_id and self.bureau.kind != UnitKind.PETITION_BUREAU:
            raise ValidationError({"bureau": "网上信访须由信访部门登记（第十七条、第二十二条）"})
