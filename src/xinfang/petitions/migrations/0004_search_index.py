"""Full-text index over Petition.search_text: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE petitions_petition_fts USING fts5("
    "search_text, content='petitions_petition', content_rowid='id', tokenize='unicode61')",
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
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS petitions_petition_fts_ai",
    "DROP TRIGGER IF EXISTS petitions_petition_fts_ad",
    "DROP TRIGGER IF EXISTS petitions_petition_fts_au",
    "DROP TABLE IF EXISTS petitions_petition_fts",
]
# A stored tsvector (not an expression index): the planner gets real statistics, and a
# recency-ordered scan can test each row cheaply instead of re-tokenising it.
# btree_gin lets one GIN index also hold received_at, so "matches in the last month" is
# answered inside the index rather than by fetching every match in the table.
POSTGRES = [
    "ALTER TABLE petitions_petition ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX petitions_petition_search_gin ON petitions_petition USING gin (search_vector, received_at)",
    "CREATE INDEX petitions_petition_search_vector_gin ON petitions_petition USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS petitions_petition_search_vector_gin",
    "DROP INDEX IF EXISTS petitions_petition_search_gin",
    "ALTER TABLE petitions_petition DROP COLUMN IF EXISTS search_vector",
]


def fill(apps, schema_editor):
    from xinfang.petitions.search import search_text  # pure function, no models

    petition = apps.get_model("petitions", "Petition")
    for row in petition.objects.filter(search_text="").only("pk", "title", "content").iterator(chunk_size=2000):
        petition.objects.filter(pk=row.pk).update(search_text=search_text(row.title, row.content))


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_search_text")]
    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
