"""ADR 0014 §5: the petitioner as given on each petition; representatives with their own details.

The snapshot columns are filled from the linked person record (the ciphertexts and lookup hashes
are copied as stored: same keys, same hash functions), representatives become rows of their
own, and only then are the person record's contact columns dropped. On SQLite the new
columns rebuild petitions_petition, which drops the FTS5 triggers: they are restored (0006).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

import xinfang.common.fields

SQLITE_TRIGGERS = importlib.import_module(
    "xinfang.petitions.migrations.0006_escalation"
).SQLITE_TRIGGERS


def restore_fts_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)

PERSON = "petitions_petitioner"
FILL = [
    "UPDATE petitions_petition SET "
    + ", ".join(
        f"{target} = COALESCE((SELECT {source} FROM {PERSON} WHERE {PERSON}.id = petitions_petition.petitioner_id), '')"
        for target, source in (
            ("petitioner_kind", "kind"),
            ("petitioner_name", "name"),
            ("petitioner_id_number", "id_number"),
            ("petitioner_id_number_hash", "id_number_hash"),
            ("petitioner_phone", "phone"),
            ("petitioner_phone_hash", "phone_hash"),
            ("petitioner_address", "address"),
        )
    )
    + ", identity_state = 'linked' WHERE petitioner_id IS NOT NULL",
    "INSERT INTO petitions_representative "
    "(petition_id, seq, name, id_number, id_number_hash, phone, phone_hash, address, person_id) "
    "SELECT r.petition_id, ROW_NUMBER() OVER (PARTITION BY r.petition_id ORDER BY r.id), "
    "p.name, p.id_number, p.id_number_hash, p.phone, p.phone_hash, p.address, p.id "
    f"FROM petitions_petition_representatives r JOIN {PERSON} p ON p.id = r.petitioner_id",
]


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0009_chinese_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="petitioner_kind",
            field=models.CharField(
                choices=[("person", "自然人"), ("legal_person", "法人"), ("organisation", "其他组织")],
                default="person",
                max_length=20,
                verbose_name="信访人类型",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="petitioner_name",
            field=models.CharField(db_index=True, default="", max_length=100, verbose_name="信访人姓名（名称）"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="petition",
            name="petitioner_id_number",
            field=xinfang.common.fields.EncryptedTextField(blank=True, default="", verbose_name="信访人证件号码"),
        ),
        migrations.AddField(
            model_name="petition",
            name="petitioner_id_number_hash",
            field=models.CharField(
                blank=True, db_index=True, default="", editable=False, max_length=64, verbose_name="证件号码摘要"
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="petitioner_phone",
            field=xinfang.common.fields.EncryptedTextField(blank=True, default="", verbose_name="信访人联系电话"),
        ),
        migrations.AddField(
            model_name="petition",
            name="petitioner_phone_hash",
            field=models.CharField(
                blank=True, db_index=True, default="", editable=False, max_length=64, verbose_name="联系电话摘要"
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="petitioner_email",
            field=xinfang.common.fields.EncryptedTextField(blank=True, default="", verbose_name="信访人电子邮箱"),
        ),
        migrations.AddField(
            model_name="petition",
            name="petitioner_email_hash",
            field=models.CharField(
                blank=True, db_index=True, default="", editable=False, max_length=64, verbose_name="电子邮箱摘要"
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="petitioner_address",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="信访人住址"),
        ),
        migrations.AddField(
            model_name="petition",
            name="identity_state",
            field=models.CharField(
                choices=[
                    ("unlinked", "未关联"),
                    ("linked", "已关联"),
                    ("conflict", "身份待核实（证件号码相同、姓名不同）"),
                    ("distinct", "经核实非同一人"),
                ],
                db_index=True,
                default="unlinked",
                max_length=10,
                verbose_name="身份核验",
            ),
        ),
        migrations.AlterField(
            model_name="petition",
            name="petitioner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="petitions",
                to="petitions.petitioner",
                verbose_name="信访人档案",
            ),
        ),
        migrations.CreateModel(
            name="Representative",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveSmallIntegerField(verbose_name="序号")),
                ("name", models.CharField(max_length=100, verbose_name="姓名")),
                ("id_number", xinfang.common.fields.EncryptedTextField(blank=True, default="", verbose_name="证件号码")),
                (
                    "id_number_hash",
                    models.CharField(
                        blank=True, db_index=True, default="", editable=False, max_length=64, verbose_name="证件号码摘要"
                    ),
                ),
                ("phone", xinfang.common.fields.EncryptedTextField(blank=True, default="", verbose_name="联系电话")),
                (
                    "phone_hash",
                    models.CharField(
                        blank=True, db_index=True, default="", editable=False, max_length=64, verbose_name="联系电话摘要"
                    ),
                ),
                ("address", models.CharField(blank=True, default="", max_length=200, verbose_name="住址")),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="representations",
                        to="petitions.petitioner",
                        verbose_name="信访人档案",
                    ),
                ),
                (
                    "petition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="representatives_given",
                        to="petitions.petition",
                        verbose_name="信访事项",
                    ),
                ),
            ],
            options={
                "verbose_name": "集体访代表",
                "verbose_name_plural": "集体访代表",
                "ordering": ["petition_id", "seq"],
                "constraints": [
                    models.UniqueConstraint(fields=("petition", "seq"), name="representative_seq_unique")
                ],
            },
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RemoveField(model_name="petition", name="representatives"),
        migrations.AlterField(
            model_name="representative",
            name="petition",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="representatives",
                to="petitions.petition",
                verbose_name="信访事项",
            ),
        ),
        migrations.RemoveField(model_name="petitioner", name="phone"),
        migrations.RemoveField(model_name="petitioner", name="phone_hash"),
        migrations.RemoveField(model_name="petitioner", name="address"),
        migrations.RunPython(restore_fts_triggers, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="petitioner",
            options={"verbose_name": "信访人档案", "verbose_name_plural": "信访人档案"},
        ),
        migrations.AlterField(
            model_name="petitioner",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="创建时间"),
        ),
        migrations.AlterField(
            model_name="petitioner",
            name="id_number_hash",
            field=models.CharField(
                blank=True, db_index=True, default="", editable=False, max_length=64, verbose_name="证件号码摘要"
            ),
        ),
    ]
