from django.db import migrations

from xinfang.documents.defaults import DEFAULT_BODIES

NEW = {"accusation_reply": "检举控告办理情况反馈", "duty_reply": "依法履行职责（答复）告知书"}


def load(apps, schema_editor):
    template = apps.get_model("documents", "DocumentTemplate")
    for code, title in NEW.items():
        template.objects.get_or_create(kind=code, defaults={"title": title, "body": DEFAULT_BODIES[code]})


def unload(apps, schema_editor):
    apps.get_model("documents", "DocumentTemplate").objects.filter(kind__in=NEW).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_plain_conclusion")]
    operations = [migrations.RunPython(load, unload)]
