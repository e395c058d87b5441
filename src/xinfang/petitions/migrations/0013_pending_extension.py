"""The approvals queue (#11.3): a 申请延期 waits for its decision; fill it from the event log.

On SQLite the new column rebuilds petitions_petition, dropping the FTS5 triggers: they are
restored as in 0006.
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Petition = apps.get_model("petitions", "Petition")
    Event = apps.get_model("petitions", "PetitionEvent")

    def last(kind):  # type: ignore[no-untyped-def]
        return Subquery(
            Event.objects.filter(petition=OuterRef("pk"), kind=kind)
            .values("petition")
            .annotate(m=Max("seq"))
            .values("m")[:1]
        )

    asked = Petition.objects.filter(status__in=("handling", "mediating")).annotate(
        asked=last("request_extension"), decided=last("extend")
    )
    ids = [
        pk
        for pk, asked_seq, decided_seq in asked.filter(asked__isnull=False).values_list("pk", "asked", "decided")
        if decided_seq is None or decided_seq < asked_seq
    ]
    Petition.objects.filter(pk__in=ids).update(pending_extension=True)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0002_identity_controls'),
        ('petitions', '0012_handling_unit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='petition',
            name='pending_extension',
            field=models.BooleanField(default=False, verbose_name='延期申请待审批'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('pending_extension', True)), fields=['current_unit'], name='petition_pending_extension'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('status', 'return_requested')), fields=['dispatcher_unit'], name='petition_return_requested'),
        ),
        migrations.RunPython(
            import_module("xinfang.petitions.migrations.0006_escalation").restore_fts_triggers,
            migrations.RunPython.noop,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
