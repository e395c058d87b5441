"""承办单位 (ADR 0014 §1): Petition.handling_unit(+path), filled from the event log; the counters gain it."""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

# SQLite rebuilds the petition table to add a column, dropping the full-text triggers.
restore_fts_triggers = import_module("xinfang.petitions.migrations.0006_escalation").restore_fts_triggers

DIMENSIONS = (
    "current_unit_path, registered_unit_path, handling_unit_path, "
    "CASE WHEN type = 'accusation' THEN 'accusation' ELSE '' END, "
    "CASE WHEN type = 'accusation' THEN COALESCE(accused_unit_id, 0) ELSE 0 END, "
    "CASE WHEN type = 'accusation' THEN COALESCE(accused_person_id, 0) ELSE 0 END"
)
COLUMNS = "current_unit_path, registered_unit_path, handling_unit_path, type, accused_unit_id, accused_person_id"
REFILL = [
    "DELETE FROM petitions_petitiontally",
    "DELETE FROM petitions_petitionduetally",
    f"INSERT INTO petitions_petitiontally ({COLUMNS}, status, n) "
    f"SELECT {DIMENSIONS}, status, COUNT(*) FROM petitions_petition GROUP BY 1, 2, 3, 4, 5, 6, 7",
    f"INSERT INTO petitions_petitionduetally ({COLUMNS}, next_due_on, n) "
    f"SELECT {DIMENSIONS}, next_due_on, COUNT(*) FROM petitions_petition "
    "WHERE next_due_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7",
]


def fill_handling_unit(apps, schema_editor):
    """承办单位 of existing rows: the unit of the last 受理 / 签收 (a 同意退回 clears it again).

    The unit is the acting official's unit (acts are taken at the unit holding the matter);
    for an event without one, the unit the matter was at: the last 转送交办 target, else the
    registering unit.
    """
    Petition = apps.get_model("petitions", "Petition")
    PetitionEvent = apps.get_model("petitions", "PetitionEvent")
    Unit = apps.get_model("orgs", "Unit")
    registered = dict(Petition.objects.values_list("pk", "registered_unit_id"))
    found = {}
    at = {}
    rows = (
        PetitionEvent.objects.filter(kind__in=("dispatch", "sign", "accept", "approve_return"))
        .order_by("petition_id", "seq")
        .values_list("petition_id", "kind", "actor_unit_id", "payload")
    )
    for petition_id, kind, actor_unit_id, payload in rows.iterator(chunk_size=5000):
        if kind == "dispatch":
            at[petition_id] = (payload or {}).get("to_unit")
        elif kind == "approve_return":
            found[petition_id] = None
            at[petition_id] = None
        else:
            found[petition_id] = actor_unit_id or at.get(petition_id) or registered.get(petition_id)
    paths = dict(Unit.objects.values_list("pk", "path"))
    for petition_id, unit_id in found.items():
        if unit_id is not None and unit_id in paths:
            Petition.objects.filter(pk=petition_id).update(
                handling_unit_id=unit_id, handling_unit_path=paths[unit_id]
            )


def refill_tallies(apps, schema_editor):
    """The counters gain the handling_unit_path dimension: recount them (one grouped scan each)."""
    for sql in REFILL:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0005_review_organs'),
        ('petitions', '0011_joint_handling'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='petitionduetally',
            name='petition_due_tally_key',
        ),
        migrations.RemoveConstraint(
            model_name='petitiontally',
            name='petition_tally_key',
        ),
        migrations.AddField(
            model_name='petition',
            name='handling_unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit', verbose_name='承办单位'),
        ),
        migrations.AddField(
            model_name='petition',
            name='handling_unit_path',
            field=models.CharField(blank=True, db_index=True, default='', editable=False, max_length=255, verbose_name='承办单位路径'),
        ),
        migrations.AddField(
            model_name='petitionduetally',
            name='handling_unit_path',
            field=models.CharField(blank=True, default='', max_length=255, verbose_name='承办单位路径'),
        ),
        migrations.AddField(
            model_name='petitiontally',
            name='handling_unit_path',
            field=models.CharField(blank=True, default='', max_length=255, verbose_name='承办单位路径'),
        ),
        migrations.AddConstraint(
            model_name='petitionduetally',
            constraint=models.UniqueConstraint(fields=('current_unit_path', 'registered_unit_path', 'handling_unit_path', 'type', 'accused_unit_id', 'accused_person_id', 'next_due_on'), name='petition_due_tally_key'),
        ),
        migrations.AddConstraint(
            model_name='petitiontally',
            constraint=models.UniqueConstraint(fields=('current_unit_path', 'registered_unit_path', 'handling_unit_path', 'type', 'accused_unit_id', 'accused_person_id', 'status'), name='petition_tally_key'),
        ),
        migrations.RunPython(restore_fts_triggers, migrations.RunPython.noop),
        migrations.RunPython(fill_handling_unit, migrations.RunPython.noop),
        migrations.RunPython(refill_tallies, migrations.RunPython.noop),
    ]
