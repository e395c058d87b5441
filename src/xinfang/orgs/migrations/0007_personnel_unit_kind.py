"""The organisation (personnel) department as a unit kind: the only addressee of a cadre notice (Art. 30)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0006_lead_permission"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="kind",
            field=models.CharField(
                choices=[
                    ("government", "党委政府"),
                    ("petition_bureau", "信访部门"),
                    ("department", "职能部门"),
                    ("street", "街道"),
                    ("community", "社区"),
                    ("political_legal", "政法部门"),
                    ("discipline", "纪检监察机关"),
                    ("personnel", "组织（人事）部门"),
                ],
                max_length=20,
                verbose_name="类型",
            ),
        ),
    ]
