"""领导包案 becomes a permission of its own (``lead``).

Until now any active staff member could be put in charge of a matter, and the 包案 picker listed
every handler. Existing roles that sign approvals (``approve``) over more than their own unit
(data scope 本单位及以下, 全部 or 自定义) are the leaders' roles — 单位负责人 and 局领导 — and are
granted ``lead`` so that an upgrade keeps its leaders; administrators adjust roles in 角色.
"""

from django.db import migrations

LEADING_SCOPES = ("unit_and_below", "all", "custom")


def grant(apps, schema_editor):  # type: ignore[no-untyped-def]
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(data_scope__in=LEADING_SCOPES):
        if "approve" in role.permissions and "lead" not in role.permissions:
            role.permissions = [*role.permissions, "lead"]
            role.save(update_fields=["permissions"])


def revoke(apps, schema_editor):  # type: ignore[no-untyped-def]
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.all():
        if "lead" in role.permissions:
            role.permissions = [code for code in role.permissions if code != "lead"]
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("orgs", "0005_review_organs")]

    operations = [migrations.RunPython(grant, revoke)]
