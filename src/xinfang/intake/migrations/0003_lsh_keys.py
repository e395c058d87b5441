# Signatures changed format (numpy MinHash, 32-bit values) and the band index became one
# 64-bit key per band with (key, petition) as primary key. Both tables hold derived data only:
# `xinfang intake backfill` (or `intake setup`) rebuilds them in seconds.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0002_seed_risk_rules"),
        ("petitions", "0007_clocked_recent_index"),
    ]

    operations = [
        migrations.DeleteModel(name="LshBucket"),
        migrations.DeleteModel(name="TextSignature"),
        migrations.CreateModel(
            name="TextSignature",
            fields=[
                (
                    "petition",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="signature",
                        serialize=False,
                        to="petitions.petition",
                    ),
                ),
                ("minhash", models.BinaryField()),
                ("title_minhash", models.BinaryField(default=b"")),
            ],
            options={"verbose_name": "文本指纹", "verbose_name_plural": "文本指纹"},
        ),
        migrations.CreateModel(
            name="TermWeights",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("computed_at", models.DateTimeField(auto_now_add=True, verbose_name="计算时间")),
                ("documents", models.PositiveIntegerField(verbose_name="样本数")),
                ("blob", models.BinaryField(verbose_name="权重")),
            ],
            options={"verbose_name": "查重词权重", "verbose_name_plural": "查重词权重"},
        ),
        migrations.CreateModel(
            name="LshKey",
            fields=[
                ("pk", models.CompositePrimaryKey("key", "petition", blank=True, editable=False, primary_key=True, serialize=False)),
                ("key", models.BigIntegerField()),
                (
                    "petition",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="petitions.petition",
                    ),
                ),
            ],
        ),
    ]
