"""A read of an unlinked petition's petitioner (ADR 0014 §5) has no person record to name."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_chinese_labels"),
        ("petitions", "0010_identity_snapshot"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accessrecord",
            name="petitioner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="petitions.petitioner",
                verbose_name="信访人档案",
            ),
        ),
    ]
