"""The outcome follows the opinion as its own sentence ("复查结论：维持原处理意见。"), not "（…）。"."""

from django.db import migrations

OLD = "{{ event.opinion }}（{{ outcome }}）"
NEW = "{{ event.opinion }}{{ conclusion }}"


def forward(apps, schema_editor):
    template = apps.get_model("documents", "DocumentTemplate")
    for row in template.objects.filter(body__contains=OLD):
        row.body = row.body.replace(OLD, NEW)
        row.save(update_fields=["body"])


def backward(apps, schema_editor):
    template = apps.get_model("documents", "DocumentTemplate")
    for row in template.objects.filter(body__contains=NEW):
        row.body = row.body.replace(NEW, OLD)
        row.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_chinese_labels")]
    operations = [migrations.RunPython(forward, backward)]
