"""重点案件 as a maintained flag with partial indexes (issue 13), filled set-based.

The fill is ``keycase.key_cases_rebuild`` on the historical models: one UPDATE of the rows the
definition makes key cases (the column starts false), and the threshold used is recorded, so a
later change of ``collective_threshold`` is noticed by ``xinfang migrate``. The indexes are built
after the fill. On SQLite the new column rebuilds petitions_petition, dropping the FTS5 triggers:
they are restored as in 0006.
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from xinfang.petitions.keycase import key_cases_rebuild

    key_cases_rebuild(
        petition_model=apps.get_model("petitions", "Petition"),
        link_model=apps.get_model("petitions", "PetitionLink"),
        applied_model=apps.get_model("petitions", "AppliedPractice"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0005_review_organs'),
        ('petitions', '0013_pending_extension'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AppliedPractice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=40, unique=True, verbose_name='实务选项')),
                ('value', models.CharField(max_length=100, verbose_name='生效值')),
                ('applied_at', models.DateTimeField(auto_now=True, verbose_name='生效时间')),
            ],
            options={
                'verbose_name': '已生效的实务选项',
                'verbose_name_plural': '已生效的实务选项',
            },
        ),
        migrations.AddField(
            model_name='petition',
            name='is_key_case',
            field=models.BooleanField(default=False, editable=False, verbose_name='重点案件'),
        ),
        migrations.RunPython(
            import_module("xinfang.petitions.migrations.0006_escalation").restore_fts_triggers,
            migrations.RunPython.noop,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('is_key_case', True)), fields=['-received_at', '-id'], name='petition_key_recent'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('is_key_case', True)), fields=['next_due_on', '-id'], name='petition_key_due'),
        ),
    ]
