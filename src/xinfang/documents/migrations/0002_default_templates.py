from django.db import migrations

from xinfang.documents.defaults import DEFAULT_BODIES
from xinfang.documents.kinds import KINDS


def load(apps, schema_editor):
    template = apps.get_model("documents", "DocumentTemplate")
    for kind in KINDS:
        template.objects.get_or_create(kind=kind.code, defaults={"title": kind.title, "body": DEFAULT_BODIES[kind.code]})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
