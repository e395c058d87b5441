"""Petition.escalation (越级 / 进京).

On SQLite, adding a column with a default rebuilds petitions_petition, which
drops the FTS5 triggers of 0004; they are re-created here and the index
rebuilt. Any later migration that rebuilds this table on SQLite must do the same.
"""

from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS petitions_petition_fts_ai",
    "DROP TRIGGER IF EXISTS petitions_petition_fts_ad",
    "DROP TRIGGER IF EXISTS petitions_petition_fts_au",
    "CREATE TRIGGER petitions_petition_fts_ai AFTER INSERT ON petitions_petition BEGIN "
    "INSERT INTO petitions_petition_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER petitions_petition_fts_ad AFTER DELETE ON petitions_petition BEGIN "
    "INSERT INTO petitions_petition_fts(petitions_petition_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER petitions_petition_fts_au AFTER UPDATE OF search_text ON petitions_petition BEGIN "
    "INSERT INTO petitions_petition_fts(petitions_petition_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO petitions_petition_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO petitions_petition_fts(petitions_petition_fts) VALUES ('rebuild')",
]


def restore_fts_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0005_routing_rule")]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="escalation",
            field=models.CharField(
                blank=True,
                choices=[("", "无"), ("bypass", "越级"), ("beijing", "进京")],
                db_index=True,
                default="",
                max_length=10,
                verbose_name="越级进京",
            ),
        ),
        migrations.RunPython(restore_fts_triggers, migrations.RunPython.noop),
    ]
